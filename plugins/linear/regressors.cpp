// Linear regressors and GLMs (scikit-learn 0.24 to 1.9 semantics).
#include "converters.hpp"
#include <onnxconv/sdk/sklearn_version.hpp>

#include <cmath>

namespace onnxconv::linear {

std::vector<ValueType> LinearRegressorConverter::infer(
    Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  require_opset(ctx, kMinOpset, est.path());
  LinearModel m = LinearModel::shape_of(est);
  check_input(ctx, est, inputs, m.n_features);
  link(est);  // refuse an unknown link now rather than at convert
  return {ValueType::tensor("variable", ctx.float_type(), {-1, m.n_outputs})};
}

void LinearRegressorConverter::convert(Context& ctx, const Object& est,
                                       const std::vector<std::string>& inputs,
                                       const std::vector<std::string>& outputs) {
  LinearModel m = LinearModel::read(est);
  if (link(est) == Link::Identity) {
    emit_scores(ctx, inputs[0], m, outputs[0]);
  } else {
    ctx.add_node("Exp", {emit_scores(ctx, inputs[0], m)}, {outputs[0]});
  }
}

// predict() is _base_loss.link.inverse(eta). The fitted _base_loss names the
// link; models pickled without it fall back to the documented rules:
// Poisson and Gamma use log, Tweedie its `link` ('auto': identity for
// power <= 0, log otherwise).
LinearRegressorConverter::Link GlmRegressorConverter::link(const Object& est) const {
  if (auto loss = est.find("_base_loss"); loss && loss->kind() == sdk::Kind::Instance) {
    std::string name = loss->short_class_name();
    if (name == "HalfSquaredError" || name == "HalfTweedieLossIdentity")
      return Link::Identity;
    if (name == "HalfPoissonLoss" || name == "HalfGammaLoss" || name == "HalfTweedieLoss")
      return Link::Log;
    loss->fail("unsupported GLM loss " + loss->class_name() +
               " (known: HalfSquaredError, HalfPoissonLoss, HalfGammaLoss, "
               "HalfTweedieLoss, HalfTweedieLossIdentity)");
  }
  std::string cls = est.short_class_name();
  if (cls == "PoissonRegressor" || cls == "GammaRegressor") return Link::Log;
  if (cls == "TweedieRegressor") {
    Object link = est.attr("link");
    std::string name = link.to_string();
    if (name == "identity") return Link::Identity;
    if (name == "log") return Link::Log;
    if (name == "auto")
      return est.attr("power").to_double() <= 0 ? Link::Identity : Link::Log;
    link.fail("unsupported link '" + name + "' (known: auto, identity, log)");
  }
  est.fail("is not a GLM this converter knows (PoissonRegressor, GammaRegressor, "
           "TweedieRegressor) and has no _base_loss");
}

// ------------------------------------------------------- BayesianRidge std

namespace {

// What BayesianRidge.predict(X, return_std=True) multiplies sigma_ with:
// - before 1.2, with normalize=True (`normalize` in 0.24, `_normalize` from
//   1.0 when the parameter was deprecated): (X - X_offset_) / X_scale_;
// - 1.2 to 1.8: X itself;
// - from 1.9: X - X_offset_ (scikit-learn centres X as fit did).
struct StdInput {
  bool centre = false;  // subtract X_offset_
  bool scale = false;   // then divide by X_scale_
  std::vector<double> offset, scale_by;  // their values (when read)
};

bool normalized_before_1_2(const Object& est, const sdk::SklearnVersion& version) {
  const char* name = version.at_least(1, 0) ? "_normalize" : "normalize";
  auto flag = est.find(name);
  if (!flag)
    est.fail(std::string("missing attribute '") + name + "', which " + version.describe() +
             " (the release the file names) writes and return_std needs");
  return flag->kind() != sdk::Kind::None && flag->to_bool();
}

StdInput bayesian_std_input(const Object& est, int64_t n_features, bool with_values) {
  auto version = sdk::SklearnVersion::of(est);
  StdInput in;
  in.scale = !version.at_least(1, 2) && normalized_before_1_2(est, version);
  in.centre = in.scale || version.at_least(1, 9);
  if (in.centre) in.offset = sdk::finite_floats(est.attr("X_offset_"), {n_features}, with_values);
  if (in.scale) in.scale_by = sdk::finite_floats(est.attr("X_scale_"), {n_features}, with_values);
  return in;
}

// 1 / alpha_, the noise variance the standard deviation adds.
double noise_variance(const Object& est) {
  Object alpha = est.attr("alpha_");
  double a = alpha.to_double();
  if (!(std::isfinite(a) && a > 0)) alpha.fail("must be a finite number > 0, got " + std::to_string(a));
  return 1.0 / a;
}

bool return_std(const Context& ctx) { return ctx.option_bool("return_std", false); }

}  // namespace

std::vector<ValueType> BayesianRidgeConverter::infer(Context& ctx, const Object& est,
                                                     const std::vector<ValueType>& inputs) {
  std::vector<ValueType> out = LinearRegressorConverter::infer(ctx, est, inputs);
  if (!return_std(ctx)) return out;
  int64_t n = LinearModel::coef_shape(est).n_features;
  sdk::finite_floats(est.attr("sigma_"), {n, n}, false);
  bayesian_std_input(est, n, false);
  noise_variance(est);
  out.push_back(ValueType::tensor("std", ctx.float_type(), {-1, 1}));
  return out;
}

void BayesianRidgeConverter::convert(Context& ctx, const Object& est,
                                     const std::vector<std::string>& inputs,
                                     const std::vector<std::string>& outputs) {
  LinearRegressorConverter::convert(ctx, est, inputs, outputs);
  if (!return_std(ctx)) return;
  int64_t n = LinearModel::coef_shape(est).n_features;
  std::vector<double> sigma = sdk::finite_floats(est.attr("sigma_"), {n, n});
  StdInput prep = bayesian_std_input(est, n, true);
  std::string x = inputs[0];
  if (prep.centre) x = ctx.op("Sub", {x, ctx.add_floats("X_offset", prep.offset, {n})});
  if (prep.scale) x = ctx.op("Div", {x, ctx.add_floats("X_scale", prep.scale_by, {n})});
  // sum((X' @ sigma_) * X', axis=1): the quadratic form X' sigma_ X'^T per row.
  std::string projected = ctx.op("MatMul", {x, ctx.add_floats("sigma", sigma, {n, n})});
  std::string quadratic = row_sum(ctx, ctx.op("Mul", {projected, x}));
  std::string variance = ctx.op("Add", {quadratic, scalar(ctx, noise_variance(est))});
  ctx.add_node("Sqrt", {variance}, {outputs[1]});
}

}  // namespace onnxconv::linear
