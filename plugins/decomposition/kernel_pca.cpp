// KernelPCA.transform (scikit-learn 0.24 to 1.9):
//   K  = kernel(X, X_fit_)                                   [N, M]
//   Kc = K - K_fit_rows_ - rowmean(K) + K_fit_all_           (KernelCenterer)
//   out = Kc @ S,  S = eigenvectors_ / sqrt(eigenvalues_) (0 where eigenvalue 0)
// Centred as KernelCenterer does it, before the product: folding the centring
// into S (K @ W + b) cancels badly where K is large (poly kernels far out).
#include "decomposition.hpp"

#include <onnxconv/sdk/reduce.hpp>
#include <onnxconv/sdk/sklearn_version.hpp>

#include <cfloat>
#include <cmath>

namespace onnxconv::decomposition {

using sdk::Kind;

namespace {

enum class Kernel { Linear, Poly, Rbf, Sigmoid, Cosine };

Kernel kernel_of(const Object& est) {
  Object k = est.attr("kernel");
  if (k.kind() != Kind::String) k.fail("a callable kernel cannot be converted (only named kernels)");
  std::string s = k.to_string();
  if (s == "linear") return Kernel::Linear;
  if (s == "poly") return Kernel::Poly;
  if (s == "rbf") return Kernel::Rbf;
  if (s == "sigmoid") return Kernel::Sigmoid;
  if (s == "cosine") return Kernel::Cosine;
  k.fail("kernel '" + s + "' is not supported (linear, poly, rbf, sigmoid, cosine)");
}

// Attribute renamed in 1.0 (lambdas_ / alphas_ before).
Object first_of(const Object& est, const char* name, const char* old_name) {
  if (auto v = est.find(name)) return *v;
  if (auto v = est.find(old_name)) return *v;
  est.fail(std::string("has neither ") + name + " nor " + old_name);
}

struct KernelPca {
  Kernel kernel = Kernel::Linear;
  int64_t n_fit = 0, n_features = 0, n_out = 0;
  std::vector<double> x_fit;  // [M, D]
  std::vector<double> s;           // scaled eigenvectors [M, C]
  std::vector<double> fit_rows;    // K_fit_rows_ [M]
  double fit_all = 0.0;            // K_fit_all_
  double gamma = 0.0, degree = 3.0, coef0 = 1.0;

  static KernelPca read(const Object& est, bool with_values) {
    KernelPca k;
    k.kernel = kernel_of(est);
    if (auto p = est.find("kernel_params"); p && !p->is_none())
      p->fail("kernel_params is not supported (the kernel's own gamma, degree, coef0 are)");
    Object x_fit = est.attr("X_fit_");
    std::vector<int64_t> shape = sdk::matrix_shape(x_fit);
    k.n_fit = shape[0];
    k.n_features = shape[1];
    check_n_features(est, k.n_features, x_fit);
    Object vectors = first_of(est, "eigenvectors_", "alphas_");
    std::vector<int64_t> v_shape = sdk::matrix_shape(vectors);
    if (v_shape[0] != k.n_fit)
      vectors.fail("has " + std::to_string(v_shape[0]) + " rows; X_fit_ has " + std::to_string(k.n_fit));
    k.n_out = v_shape[1];
    Object values = first_of(est, "eigenvalues_", "lambdas_");
    std::vector<double> lambda = sdk::finite_floats(values, {k.n_out}, with_values);
    k.x_fit = sdk::finite_floats(x_fit, shape, with_values);
    std::vector<double> s = sdk::finite_floats(vectors, v_shape, with_values);
    Object centerer = est.attr("_centerer");
    k.fit_rows = sdk::finite_floats(centerer.attr("K_fit_rows_"), {k.n_fit}, with_values);
    k.read_parameters(est);
    if (!with_values) return k;
    for (int64_t c = 0; c < k.n_out; ++c) {
      double l = lambda[size_t(c)];
      if (l < 0.0) values.fail("holds a negative eigenvalue: sqrt is not defined");
      for (int64_t m = 0; m < k.n_fit; ++m) s[size_t(m * k.n_out + c)] = l == 0.0 ? 0.0 : s[size_t(m * k.n_out + c)] / std::sqrt(l);
    }
    k.s = std::move(s);
    k.fit_all = centerer.attr("K_fit_all_").to_double();
    return k;
  }

 private:
  // gamma_ (fitted, 1.x) or gamma; None means 1 / n_features, the kernel
  // functions' default.
  void read_parameters(const Object& est) {
    auto g = est.find("gamma_");
    if (!g || g->is_none()) g = est.find("gamma");
    gamma = (!g || g->is_none()) ? 1.0 / double(n_features) : g->to_double();
    if (auto d = est.find("degree")) degree = d->to_double();
    if (auto c = est.find("coef0")) coef0 = c->to_double();
  }
};

std::string reduce_sum_square_rows(const Context& ctx, const std::string& x) {
  return sdk::reduce(ctx, "ReduceSumSquare", x, {1}, true);
}

std::string scalar(const Context& ctx, const char* hint, double v) { return ctx.add_floats(hint, {v}, {}); }

// Y.T [D, M] of rows transformed by `row_fn` (in double).
template <typename RowFn>
std::string fit_rows_transposed(const Context& ctx, const KernelPca& k, RowFn row_fn) {
  std::vector<double> t(size_t(k.n_features * k.n_fit));
  for (int64_t m = 0; m < k.n_fit; ++m) {
    std::vector<double> row(k.x_fit.begin() + m * k.n_features, k.x_fit.begin() + (m + 1) * k.n_features);
    row_fn(row);
    for (int64_t f = 0; f < k.n_features; ++f) t[size_t(f * k.n_fit + m)] = row[size_t(f)];
  }
  return ctx.add_floats("x_fit_t", t, {k.n_features, k.n_fit});
}

// The kernel matrix [N, M].
std::string emit_kernel(const Context& ctx, const KernelPca& k, const std::string& x) {
  auto identity = [](std::vector<double>&) {};
  switch (k.kernel) {
    case Kernel::Linear:
      return ctx.op("MatMul", {x, fit_rows_transposed(ctx, k, identity)});
    case Kernel::Poly:
    case Kernel::Sigmoid: {
      // gamma goes into X_fit_.T (in double), not into a Mul after the
      // MatMul: ONNX Runtime fuses MatMul + Mul by a scalar into FusedMatMul,
      // whose float `alpha` attribute rounds gamma to float32 even in a
      // double model (the kpca_poly / kpca_sigmoid float64 fixtures were
      // 3e-6 / 1e-8 relative off that way).
      double gamma = k.gamma;
      auto scaled = [gamma](std::vector<double>& row) { for (double& v : row) v *= gamma; };
      std::string dot = ctx.op("MatMul", {x, fit_rows_transposed(ctx, k, scaled)});
      std::string affine = ctx.op("Add", {dot, scalar(ctx, "coef0", k.coef0)});
      if (k.kernel == Kernel::Sigmoid) return ctx.op("Tanh", {affine});
      return ctx.op("Pow", {affine, scalar(ctx, "degree", k.degree)});
    }
    case Kernel::Rbf: {
      // ||x - y||^2 = ||x||^2 - 2 x.y + ||y||^2 (euclidean_distances, clamped
      // at 0), after moving both to the mean of X_fit_: distances do not
      // change, and the cancellation float32 suffers shrinks with the norms.
      std::vector<double> mu(size_t(k.n_features), 0.0);
      for (int64_t m = 0; m < k.n_fit; ++m)
        for (int64_t f = 0; f < k.n_features; ++f) mu[size_t(f)] += k.x_fit[size_t(m * k.n_features + f)] / double(k.n_fit);
      std::vector<double> yy(size_t(k.n_fit), 0.0);
      for (int64_t m = 0; m < k.n_fit; ++m)
        for (int64_t f = 0; f < k.n_features; ++f) {
          double v = k.x_fit[size_t(m * k.n_features + f)] - mu[size_t(f)];
          yy[size_t(m)] += v * v;
        }
      auto centre = [&](std::vector<double>& row) { for (size_t f = 0; f < row.size(); ++f) row[f] -= mu[f]; };
      std::string xc = ctx.op("Sub", {x, ctx.add_floats("fit_mean", mu, {k.n_features})});
      std::string xy = ctx.op("MatMul", {xc, fit_rows_transposed(ctx, k, centre)});
      std::string d2 = ctx.op("Add", {ctx.op("Add", {ctx.op("Mul", {xy, scalar(ctx, "minus_two", -2.0)}),
                                                     reduce_sum_square_rows(ctx, xc)}),
                                      ctx.add_floats("fit_sq_norms", yy, {k.n_fit})});
      return ctx.op("Exp", {ctx.op("Mul", {ctx.op("Relu", {d2}), scalar(ctx, "minus_gamma", -k.gamma)})});
    }
    case Kernel::Cosine: {
      // normalize(X) @ normalize(X_fit_).T; zero rows stay zero (scikit-learn
      // divides them by 1, here by the smallest normal number).
      auto unit = [](std::vector<double>& row) {
        double n = 0.0;
        for (double v : row) n += v * v;
        n = std::sqrt(n);
        if (n > 0.0) for (double& v : row) v /= n;
      };
      double tiny = ctx.is_double() ? DBL_MIN : double(FLT_MIN);
      std::string norm = ctx.op("Max", {ctx.op("Sqrt", {reduce_sum_square_rows(ctx, x)}), scalar(ctx, "tiny", tiny)});
      return ctx.op("MatMul", {ctx.op("Div", {x, norm}), fit_rows_transposed(ctx, k, unit)});
    }
  }
  throw sdk::Error("unknown kernel");
}

}  // namespace

std::vector<ValueType> KernelPcaConverter::infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  if (ctx.opset("") < 9) est.fail("needs ai.onnx opset 9 or later");
  KernelPca k = KernelPca::read(est, false);
  onnxconv::sdk::check_matrix_input(ctx, est, inputs, k.n_features);
  return {ValueType::tensor("variable", ctx.float_type(), {inputs[0].dim(0), k.n_out})};
}

void KernelPcaConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                 const std::vector<std::string>& outputs) {
  KernelPca k = KernelPca::read(est, true);
  std::string kernel = emit_kernel(ctx, k, inputs[0]);
  // KernelCenterer.transform: K - K_fit_rows_ - rowmean(K) + K_fit_all_.
  std::string row_mean = sdk::reduce(ctx, "ReduceMean", kernel, {1}, true);
  std::string centred = ctx.op("Sub", {kernel, ctx.add_floats("k_fit_rows", k.fit_rows, {k.n_fit})});
  centred = ctx.op("Add", {ctx.op("Sub", {centred, row_mean}), scalar(ctx, "k_fit_all", k.fit_all)});
  ctx.add_node("MatMul", {centred, ctx.add_floats("scaled_alphas", k.s, {k.n_fit, k.n_out})}, {outputs[0]});
}

}  // namespace onnxconv::decomposition
