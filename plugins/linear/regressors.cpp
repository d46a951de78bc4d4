// Linear regressors and GLMs (scikit-learn 1.2 semantics).
#include "converters.hpp"

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

}  // namespace onnxconv::linear
