// SVR, NuSVR and OneClassSVM: one binary model, decision = K @ coef + b.
#include "converters.hpp"

namespace onnxconv::svm {

namespace {

LibsvmModel read_single(const Context& ctx, const Object& est, bool with_values) {
  sdk::require_opset(ctx, est, kMinOpset);
  return LibsvmModel::read(est, 0, with_values);
}

// libsvm's sum_i coef_i K(x, s_i) - rho, [N, 1] (_dual_coef_ is [1, n_sv]).
// float32: ai.onnx.ml SVMRegressor (one_class=0: the value, not its sign).
std::string single_decision(const Context& ctx, const std::string& x, const LibsvmModel& m) {
  if (!ml_operators_apply(ctx, m)) return emit_decision(ctx, x, m, m.dual_coef, m.intercept);
  MlKernel kernel = ml_kernel(ctx, x, m);
  std::vector<Attr> attrs = std::move(kernel.attrs);
  attrs.push_back(Attr::floats("coefficients", m.dual_coef));
  attrs.push_back(Attr::floats("rho", m.intercept));
  attrs.push_back(Attr::i("n_supports", m.n_sv));
  attrs.push_back(Attr::i("one_class", 0));
  std::string value = ctx.op("SVMRegressor", {kernel.input}, attrs, "ai.onnx.ml");
  // onnx 1.12 has no shape inference for SVMRegressor: state its float
  // [N, 1] output with a Cast and a Reshape (both free at run time).
  std::string typed = ctx.op("Cast", {value}, {Attr::i("to", OC_ELEM_FLOAT)});
  return ctx.op("Reshape", {typed, ctx.add_int64s("shape", {-1, 1}, {2})});
}

}  // namespace

std::vector<ValueType> SvrConverter::infer(Context& ctx, const Object& est,
                                           const std::vector<ValueType>& inputs) {
  LibsvmModel m = read_single(ctx, est, false);
  onnxconv::sdk::check_matrix_input(ctx, est, inputs, m.n_features);
  return {ValueType::tensor("variable", ctx.float_type(), {-1, 1})};
}

void SvrConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                           const std::vector<std::string>& outputs) {
  LibsvmModel m = read_single(ctx, est, true);
  ctx.add_node("Identity", {single_decision(ctx, inputs[0], m)}, {outputs[0]});
}

std::vector<ValueType> OneClassSvmConverter::infer(Context& ctx, const Object& est,
                                                   const std::vector<ValueType>& inputs) {
  LibsvmModel m = read_single(ctx, est, false);
  onnxconv::sdk::check_matrix_input(ctx, est, inputs, m.n_features);
  return {ValueType::tensor("label", OC_ELEM_INT64, {-1}),
          ValueType::tensor("scores", ctx.float_type(), {-1, 1})};
}

void OneClassSvmConverter::convert(Context& ctx, const Object& est,
                                   const std::vector<std::string>& inputs,
                                   const std::vector<std::string>& outputs) {
  LibsvmModel m = read_single(ctx, est, true);
  std::string decision = single_decision(ctx, inputs[0], m);
  // libsvm: (sum > 0) ? 1 : -1, so 0 is an outlier.
  std::string inlier = ctx.op("Greater", {decision, scalar(ctx, 0.0)});
  std::string label = ctx.op("Where", {inlier, ctx.add_int64s("inlier", {1}, {}),
                                       ctx.add_int64s("outlier", {-1}, {})});
  ctx.add_node("Squeeze", {label, ctx.add_int64s("axes", {1}, {1})}, {outputs[0]});
  ctx.add_node("Identity", {decision}, {outputs[1]});
}

}  // namespace onnxconv::svm
