// SGDOneClassSVM (scikit-learn 1.0 to 1.9): a linear outlier detector.
//   decision_function = X @ coef_ - offset_      -> scores [N, 1]
//   predict = 1 where decision_function >= 0, else -1  -> label [N]
//   score_samples = decision_function + offset_  -> score_samples [N, 1]
//                                                   (option score_samples)
// Output names as skl2onnx gives outlier detectors (label, scores).
#include "converters.hpp"

namespace onnxconv::linear {

namespace {

// coef_ (one row) with -offset_ as its intercept: X @ coef_ + (-offset_) is
// bit for bit X @ coef_ - offset_.
LinearModel one_class_model(const Object& est, bool with_values) {
  LinearModel m = with_values ? LinearModel::read_coef(est) : LinearModel::coef_shape(est);
  if (m.n_outputs != 1)
    est.attr("coef_").fail("expected one row of coefficients, got " + std::to_string(m.n_outputs));
  Object offset = est.attr("offset_");
  std::vector<double> o = offset.kind() == sdk::Kind::Array ? sdk::finite_floats(offset, {1})
                                                            : std::vector<double>{offset.to_double()};
  m.intercept = {-o[0]};
  return m;
}

bool with_score_samples(const Context& ctx) { return ctx.option_bool("score_samples", false); }

}  // namespace

std::vector<ValueType> LinearOneClassConverter::infer(Context& ctx, const Object& est,
                                                      const std::vector<ValueType>& inputs) {
  require_opset(ctx, kMinOpset, est.path());
  LinearModel m = one_class_model(est, false);
  check_input(ctx, est, inputs, m.n_features);
  std::vector<ValueType> out{ValueType::tensor("label", OC_ELEM_INT64, {-1}),
                             ValueType::tensor("scores", ctx.float_type(), {-1, 1})};
  if (with_score_samples(ctx))
    out.push_back(ValueType::tensor("score_samples", ctx.float_type(), {-1, 1}));
  return out;
}

void LinearOneClassConverter::convert(Context& ctx, const Object& est,
                                      const std::vector<std::string>& inputs,
                                      const std::vector<std::string>& outputs) {
  LinearModel m = one_class_model(est, true);
  std::string scores = emit_scores(ctx, inputs[0], m, outputs[1]);
  // -1 where scores < 0, else 1 (0 is an inlier, unlike Sign).
  std::string outlier = ctx.op("Less", {scores, scalar(ctx, 0.0)});
  std::string label = ctx.op("Where", {outlier, ctx.add_int64s("minus_one", {-1}, {}),
                                       ctx.add_int64s("one", {1}, {})});
  ctx.add_node("Reshape", {label, ctx.add_int64s("label_shape", {-1}, {1})}, {outputs[0]});
  if (with_score_samples(ctx))
    ctx.add_node("Add", {scores, ctx.add_floats("offset", {-m.intercept[0]}, {})}, {outputs[2]});
}

}  // namespace onnxconv::linear
