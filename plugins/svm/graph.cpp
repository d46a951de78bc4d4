#include "graph.hpp"

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

std::vector<double> squared_row_norms(const LibsvmModel& m) {
  std::vector<double> out(size_t(m.n_sv), 0.0);
  for (int64_t i = 0; i < m.n_sv; ++i)
    for (int64_t f = 0; f < m.n_features; ++f) {
      double v = m.support_vectors[size_t(i * m.n_features + f)];
      out[size_t(i)] += v * v;
    }
  return out;
}

// exp(-gamma |x - s|^2) with |x - s|^2 = |x|^2 - 2 x.s + |s|^2 (a matrix
// product instead of an [N, n_sv, n_features] difference), clamped at 0:
// the expansion can round to a tiny negative value next to a vector.
std::string rbf(const Context& ctx, const std::string& x, const std::string& sv, const LibsvmModel& m) {
  std::string norms = ctx.add_floats("sv_sq_norms", squared_row_norms(m), {m.n_sv});
  std::string partial = ctx.op("Gemm", {x, sv, norms}, {Attr::f("alpha", -2.0), Attr::i("transB", 1)});
  std::string x_norms = reduce(ctx, "ReduceSumSquare", x, 1);
  std::string squared = ctx.op("Relu", {ctx.op("Add", {partial, x_norms})});
  return ctx.op("Exp", {ctx.op("Mul", {squared, scalar(ctx, -m.kernel.gamma)})});
}

std::string kernel_matrix(const Context& ctx, const std::string& x, const LibsvmModel& m) {
  std::string sv = ctx.add_floats("support_vectors", m.support_vectors, {m.n_sv, m.n_features});
  switch (m.kernel.type) {
    case KernelType::Linear:
      return dot_support_vectors(ctx, x, sv);
    case KernelType::Poly:
      return powi(ctx, affine_dot(ctx, dot_support_vectors(ctx, x, sv), m.kernel), m.kernel.degree);
    case KernelType::Rbf:
      return rbf(ctx, x, sv, m);
    case KernelType::Sigmoid:
      return ctx.op("Tanh", {affine_dot(ctx, dot_support_vectors(ctx, x, sv), m.kernel)});
  }
  throw sdk::Error("unknown kernel type");
}

}  // namespace

std::string scalar(const Context& ctx, double value) { return ctx.add_floats("c", {value}, {}); }

std::string reduce(const Context& ctx, const std::string& op, const std::string& x, int64_t axis) {
  bool axes_input = ctx.opset("") >= 18 || (op == "ReduceSum" && ctx.opset("") >= 13);
  if (axes_input)
    return ctx.op(op, {x, ctx.add_int64s("axes", {axis}, {1})}, {Attr::i("keepdims", 1)});
  return ctx.op(op, {x}, {Attr::ints("axes", {axis}), Attr::i("keepdims", 1)});
}

std::string emit_decision(const Context& ctx, const std::string& x, const LibsvmModel& m,
                          const std::vector<double>& coef, const std::vector<double>& intercept) {
  const int64_t outputs = int64_t(intercept.size());
  std::string b = ctx.add_floats("intercept", intercept, {outputs});
  if (m.n_sv == 0) {
    // No support vectors (e.g. SVR with a wide epsilon): the intercept on
    // every row. 0 x rowsum(X) gives the [N, 1] shape without an array
    // sized by n_features_in_, which nothing else backs here.
    std::string zero_column = ctx.op("Mul", {reduce(ctx, "ReduceSum", x, 1), scalar(ctx, 0.0)});
    return ctx.op("Add", {zero_column, b});
  }
  std::string w = ctx.add_floats("dual_coef", coef, {m.n_sv, outputs});
  return ctx.op("Add", {ctx.op("MatMul", {kernel_matrix(ctx, x, m), w}), b});
}

bool ml_operators_apply(const Context& ctx, const LibsvmModel& m) {
  return !ctx.is_double() && ctx.opset("ai.onnx.ml") >= 1 && m.n_sv > 0;
}

std::vector<Attr> ml_kernel_attributes(const LibsvmModel& m) {
  static const char* const names[] = {"LINEAR", "POLY", "RBF", "SIGMOID"};
  const KernelParams& k = m.kernel;
  return {Attr::s("kernel_type", names[int(k.type)]),
          Attr::floats("kernel_params", {k.gamma, k.coef0, double(k.degree)}),
          Attr::floats("support_vectors", m.support_vectors)};
}

}  // namespace onnxconv::svm
