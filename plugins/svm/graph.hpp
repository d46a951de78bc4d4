// The ONNX pieces every libsvm estimator shares: the kernel matrix between
// the input rows and the support vectors, the decision values built on it,
// and a few opset-aware helpers.
#ifndef ONNXCONV_PLUGINS_SVM_GRAPH_HPP
#define ONNXCONV_PLUGINS_SVM_GRAPH_HPP

#include "libsvm_model.hpp"

namespace onnxconv::svm {

// Lowest ai.onnx opset the plugin emits for: Squeeze/Unsqueeze and
// ReduceSum take their axes as an input from 13 on.
constexpr int64_t kMinOpset = 13;

// A rank-0 constant of the model float type.
std::string scalar(const Context& ctx, double value);


// The decision values of `outputs` binary SVMs sharing the support vectors:
//   D = K(X, support_vectors_) @ coef + intercept,   [N, outputs]
// coef: [n_sv, outputs] row-major, intercept: [outputs]. K is libsvm's
// kernel (k_function): linear x.s, poly (gamma x.s + coef0)^degree by
// libsvm's repeated squaring, rbf exp(-gamma |x - s|^2), sigmoid
// tanh(gamma x.s + coef0).
std::string emit_decision(const Context& ctx, const std::string& x, const LibsvmModel& m,
                          const std::vector<double>& coef, const std::vector<double>& intercept);

// ---- ai.onnx.ml SVMRegressor / SVMClassifier (float32 models only) ----

// True when the ai.onnx.ml operators serve this conversion: a float32
// model (ONNX Runtime computes them in float and has no double
// SVMRegressor kernel), the ai.onnx.ml domain targeted, and support
// vectors present.
bool ml_operators_apply(const Context& ctx, const LibsvmModel& m);

// kernel_type, kernel_params and support_vectors of either operator, and
// the input to feed it. The rbf kernel only sees differences, so there x and
// the support vectors are shifted by sdk::distance_offset (the vectors in
// double): rounded to float32 unshifted, vectors around 1e6 lose the digits
// their distances are made of (issue 19).
struct MlKernel {
  std::string input;
  std::vector<Attr> attrs;
};
MlKernel ml_kernel(const Context& ctx, const std::string& x, const LibsvmModel& m);

}  // namespace onnxconv::svm

#endif  // ONNXCONV_PLUGINS_SVM_GRAPH_HPP
