// PCA, IncrementalPCA, TruncatedSVD, FastICA (scikit-learn 0.24 to 1.9):
// one projection graph, (X - mean) @ W.
#include "decomposition.hpp"

#include <onnxconv/sdk/sklearn_version.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace onnxconv::decomposition {

using sdk::Attr;
using sdk::Kind;

namespace {

// components_ [n_out, D] -> W = components_.T [D, n_out], each column
// divided by scale[j] when given.
std::vector<double> transposed(const std::vector<double>& c, int64_t n_out, int64_t d,
                               const std::vector<double>& scale = {}) {
  std::vector<double> w(size_t(n_out * d));
  for (int64_t j = 0; j < n_out; ++j)
    for (int64_t f = 0; f < d; ++f)
      w[size_t(f * n_out + j)] = c[size_t(j * d + f)] / (scale.empty() ? 1.0 : scale[size_t(j)]);
  return w;
}

// components_ and its shape, checked against the fitted width.
struct Components {
  int64_t n_out = 0, n_features = 0;
  std::vector<double> values;

  static Components read(const Object& est, bool with_values) {
    Object c = est.attr("components_");
    std::vector<int64_t> shape = sdk::matrix_shape(c);
    Components out{shape[0], shape[1], {}};
    check_n_features(est, out.n_features, c);
    out.values = sdk::finite_floats(c, shape, with_values);
    return out;
  }
};

}  // namespace

// ------------------------------------------------------------------ helpers

void check_n_features(const Object& est, int64_t n_features, const Object& where) {
  for (const char* name : {"n_features_in_", "n_features_"}) {
    auto n = est.find(name);
    if (n && (n->kind() == Kind::Int) && n->to_int() != n_features)
      where.fail("has " + std::to_string(n_features) + " features but " + name + " is " +
                 std::to_string(n->to_int()));
  }
}

std::string Projection::emit(const Context& ctx, const std::string& x, const std::string& out) const {
  std::string centred = mean.empty() ? x : ctx.op("Sub", {x, ctx.add_floats("mean", mean, {n_features})});
  std::string w_name = ctx.add_floats("projection", w, {n_features, n_out});
  if (out.empty()) return ctx.op("MatMul", {centred, w_name});
  ctx.add_node("MatMul", {centred, w_name}, {out});
  return out;
}

// ------------------------------------------------------------ transformers

std::vector<ValueType> ProjectionConverter::infer(Context& ctx, const Object& est,
                                                  const std::vector<ValueType>& inputs) {
  Projection p = read(est, false);
  onnxconv::sdk::check_matrix_input(ctx, est, inputs, p.n_features);
  return {ValueType::tensor("variable", ctx.float_type(), {inputs[0].dim(0), p.n_out})};
}

void ProjectionConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                  const std::vector<std::string>& outputs) {
  read(est, true).emit(ctx, inputs[0], outputs[0]);
}

// _BasePCA.transform: whitening divides by sqrt(explained_variance_); from
// 1.5 on scale values below double epsilon are raised to it first (before,
// a zero variance divided by zero: refused).
Projection PcaConverter::read(const Object& est, bool with_values) const {
  Components c = Components::read(est, with_values);
  Projection p{c.n_features, c.n_out, sdk::finite_floats(est.attr("mean_"), {c.n_features}, with_values), {}};
  if (!with_values) return p;
  std::vector<double> scale;
  if (est.attr("whiten").to_bool()) {
    Object variance = est.attr("explained_variance_");
    scale = sdk::finite_floats(variance, {c.n_out}, true);
    bool clamps = sdk::SklearnVersion::of(est).at_least(1, 5);
    for (double& s : scale) {
      if (s < 0.0) variance.fail("holds a negative variance");
      s = std::sqrt(s);
      if (clamps && s < DBL_EPSILON) s = DBL_EPSILON;
      if (s == 0.0)
        variance.fail("holds a zero variance: whitening divides by zero in " +
                      sdk::SklearnVersion::of(est).describe());
    }
  }
  p.w = transposed(c.values, c.n_out, c.n_features, scale);
  return p;
}

Projection TruncatedSvdConverter::read(const Object& est, bool with_values) const {
  Components c = Components::read(est, with_values);
  return {c.n_features, c.n_out, {}, with_values ? transposed(c.values, c.n_out, c.n_features) : std::vector<double>{}};
}

// FastICA subtracts mean_ when it whitened: `_whiten` (1.1+: False or a
// string; 'warn' became 'arbitrary-variance' at fit) or `whiten` (before).
Projection FastIcaConverter::read(const Object& est, bool with_values) const {
  Components c = Components::read(est, with_values);
  Object whiten = est.has("_whiten") ? est.attr("_whiten") : est.attr("whiten");
  bool centred = whiten.kind() == Kind::String ? !whiten.to_string().empty() : whiten.to_bool();
  Projection p{c.n_features, c.n_out, {}, {}};
  if (centred) p.mean = sdk::finite_floats(est.attr("mean_"), {c.n_features}, with_values);
  if (with_values) p.w = transposed(c.values, c.n_out, c.n_features);
  return p;
}

}  // namespace onnxconv::decomposition
