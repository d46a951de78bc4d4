// PLSRegression (sklearn/cross_decomposition/_pls.py), whose fitted state
// and predict changed three times:
//
//   release    coefficients                         predict
//   < 1.1      coef_  [n_features, n_targets]       (X - _x_mean) / _x_std @ coef_ + _y_mean
//   1.1, 1.2   _coef_ [n_targets, n_features]       (X - _x_mean) / _x_std @ _coef_.T + intercept_
//   1.3, 1.4   coef_  [n_targets, n_features]       (X - _x_mean) / _x_std @ coef_.T + intercept_
//   >= 1.5     coef_  [n_targets, n_features]       (X - _x_mean) @ coef_.T + intercept_
//                     (already divided by _x_std)
//
// A square coef_ reads either way, so the file's `_sklearn_version` decides.
// The graph follows predict's order of operations (no folding of the mean
// into the intercept: X - _x_mean can cancel, folding would change the
// rounding).
#include "converters.hpp"
#include <onnxconv/sdk/sklearn_version.hpp>

namespace onnxconv::linear {

namespace {

struct PlsLayout {
  const char* coef;       // attribute holding the coefficients
  bool features_first;    // coef is [n_features, n_targets]
  const char* intercept;  // attribute added after the product
  bool divides_by_std;    // predict divides the centred X by _x_std
};

PlsLayout pls_layout(const Object& est) {
  auto v = sdk::SklearnVersion::of(est);
  if (!v.at_least(1, 1)) return {"coef_", true, "_y_mean", true};
  if (!v.at_least(1, 3)) return {"_coef_", false, "intercept_", true};
  return {"coef_", false, "intercept_", !v.at_least(1, 5)};
}

Object pls_attr(const Object& est, const char* name) {
  auto found = est.find(name);
  if (!found)
    est.fail(std::string("missing attribute '") + name + "', which " +
             sdk::SklearnVersion::of(est).describe() +
             " (the release the file names) writes for PLSRegression");
  return *found;
}

// The fitted PLS model as predict uses it; values only when with_values.
struct PlsModel {
  PlsLayout layout;
  LinearModel linear;  // coef [n_targets, n_features], intercept [n_targets]
  std::vector<double> x_mean, x_std;
};

PlsModel read_pls(const Object& est, bool with_values) {
  PlsModel m{pls_layout(est), {}, {}, {}};
  Object coef = pls_attr(est, m.layout.coef);
  std::vector<int64_t> shape = sdk::float_matrix_shape(coef);
  int64_t n_features = m.layout.features_first ? shape[0] : shape[1];
  int64_t n_targets = m.layout.features_first ? shape[1] : shape[0];
  if (auto n_in = est.find("n_features_in_"); n_in && n_in->to_int() != n_features)
    coef.fail("has " + std::to_string(n_features) + " features but n_features_in_ is " +
              std::to_string(n_in->to_int()));
  m.linear.n_features = n_features;
  m.linear.n_outputs = n_targets;
  m.linear.intercept = sdk::finite_floats(pls_attr(est, m.layout.intercept), {n_targets});
  m.x_mean = sdk::finite_floats(pls_attr(est, "_x_mean"), {n_features}, with_values);
  if (m.layout.divides_by_std)
    m.x_std = sdk::finite_floats(pls_attr(est, "_x_std"), {n_features}, with_values);
  if (!with_values) return m;
  std::vector<double> c = sdk::finite_floats(coef, shape);
  if (!m.layout.features_first) {
    m.linear.coef = std::move(c);
  } else {  // transpose to [n_targets, n_features]
    m.linear.coef.resize(c.size());
    for (int64_t f = 0; f < n_features; ++f)
      for (int64_t t = 0; t < n_targets; ++t)
        m.linear.coef[size_t(t * n_features + f)] = c[size_t(f * n_targets + t)];
  }
  return m;
}

}  // namespace

std::vector<ValueType> PlsRegressionConverter::infer(Context& ctx, const Object& est,
                                                     const std::vector<ValueType>& inputs) {
  require_opset(ctx, kMinOpset, est.path());
  PlsModel m = read_pls(est, false);
  check_input(ctx, est, inputs, m.linear.n_features);
  return {ValueType::tensor("variable", ctx.float_type(), {-1, m.linear.n_outputs})};
}

void PlsRegressionConverter::convert(Context& ctx, const Object& est,
                                     const std::vector<std::string>& inputs,
                                     const std::vector<std::string>& outputs) {
  PlsModel m = read_pls(est, true);
  int64_t n = m.linear.n_features;
  std::string x = ctx.op("Sub", {inputs[0], ctx.add_floats("x_mean", m.x_mean, {n})});
  if (m.layout.divides_by_std) x = ctx.op("Div", {x, ctx.add_floats("x_std", m.x_std, {n})});
  emit_scores(ctx, x, m.linear, outputs[0]);
}

}  // namespace onnxconv::linear
