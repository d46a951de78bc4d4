#include "graph.hpp"

#include <onnxconv/sdk/distances.hpp>
#include <onnxconv/sdk/reduce.hpp>

namespace onnxconv::svm {

namespace {

// x @ support_vectors_.T, [N, n_sv].
std::string dot_support_vectors(const Context& ctx, const std::string& x, const std::string& sv) {
  return ctx.op("Gemm", {x, sv}, {Attr::i("transB", 1)});
}

// gamma * x.s + coef0, in libsvm's order (product, then sum).
std::string affine_dot(const Context& ctx, const std::string& dot, const KernelParams& k) {
  return ctx.op("Add", {ctx.op("Mul", {dot, scalar(ctx, k.gamma)}), scalar(ctx, k.coef0)});
}

// libsvm's powi: base^degree by repeated squaring, with its exact sequence
// of products (so the rounding is libsvm's too); degree 0 gives 1.
std::string powi(const Context& ctx, const std::string& base, int64_t degree) {
  if (degree == 0)
    return ctx.op("Expand", {scalar(ctx, 1.0), ctx.op("Shape", {base})});
  std::string result, power = base;
  for (int64_t t = degree; t > 0; t /= 2) {
    if (t % 2 == 1) result = result.empty() ? power : ctx.op("Mul", {result, power});
    if (t / 2 > 0) power = ctx.op("Mul", {power, power});
  }
  return result;
}

// exp(-gamma |x - s|^2), the squared distances shifted and, up to 2^14
// support-vector values, as direct differences (sdk/distances.hpp): the
// expansion |x|^2 - 2 x.s + |s|^2 cancels on unscaled data.
std::string rbf(const Context& ctx, const std::string& x, const LibsvmModel& m) {
  std::string squared = sdk::squared_distances(ctx, x, m.support_vectors, m.n_sv, m.n_features, "support_vectors");
  return ctx.op("Exp", {ctx.op("Mul", {squared, scalar(ctx, -m.kernel.gamma)})});
}

std::string kernel_matrix(const Context& ctx, const std::string& x, const LibsvmModel& m) {
  if (m.kernel.type == KernelType::Rbf) return rbf(ctx, x, m);
  std::string sv = ctx.add_floats("support_vectors", m.support_vectors, {m.n_sv, m.n_features});
  switch (m.kernel.type) {
    case KernelType::Linear:
      return dot_support_vectors(ctx, x, sv);
    case KernelType::Poly:
      return powi(ctx, affine_dot(ctx, dot_support_vectors(ctx, x, sv), m.kernel), m.kernel.degree);
    case KernelType::Rbf:
      break;  // above
    case KernelType::Sigmoid:
      return ctx.op("Tanh", {affine_dot(ctx, dot_support_vectors(ctx, x, sv), m.kernel)});
  }
  throw sdk::Error("unknown kernel type");
}

}  // namespace

std::string scalar(const Context& ctx, double value) { return ctx.add_floats("c", {value}, {}); }

std::string emit_decision(const Context& ctx, const std::string& x, const LibsvmModel& m,
                          const std::vector<double>& coef, const std::vector<double>& intercept) {
  const int64_t outputs = int64_t(intercept.size());
  std::string b = ctx.add_floats("intercept", intercept, {outputs});
  if (m.n_sv == 0) {
    // No support vectors (e.g. SVR with a wide epsilon): the intercept on
    // every row. 0 x rowsum(X) gives the [N, 1] shape without an array
    // sized by n_features_in_, which nothing else backs here.
    std::string zero_column = ctx.op("Mul", {sdk::reduce(ctx, "ReduceSum", x, {1}, true), scalar(ctx, 0.0)});
    return ctx.op("Add", {zero_column, b});
  }
  std::string w = ctx.add_floats("dual_coef", coef, {m.n_sv, outputs});
  return ctx.op("Add", {ctx.op("MatMul", {kernel_matrix(ctx, x, m), w}), b});
}

bool ml_operators_apply(const Context& ctx, const LibsvmModel& m) {
  return !ctx.is_double() && ctx.opset("ai.onnx.ml") >= 1 && m.n_sv > 0;
}

MlKernel ml_kernel(const Context& ctx, const std::string& x, const LibsvmModel& m) {
  static const char* const names[] = {"LINEAR", "POLY", "RBF", "SIGMOID"};
  const KernelParams& k = m.kernel;
  MlKernel out{x, {Attr::s("kernel_type", names[int(k.type)]),
                   Attr::floats("kernel_params", {k.gamma, k.coef0, double(k.degree)})}};
  if (k.type != KernelType::Rbf) {
    out.attrs.push_back(Attr::floats("support_vectors", m.support_vectors));
    return out;
  }
  std::vector<double> offset = sdk::distance_offset(m.support_vectors, m.n_sv, m.n_features);
  std::vector<double> shifted(m.support_vectors);
  for (size_t i = 0; i < shifted.size(); ++i) shifted[i] -= offset[i % size_t(m.n_features)];
  out.input = ctx.op("Sub", {x, ctx.add_floats("support_vectors_offset", offset, {m.n_features})});
  out.attrs.push_back(Attr::floats("support_vectors", shifted));
  return out;
}

}  // namespace onnxconv::svm
