// The graph GaussianMixture, BayesianGaussianMixture (this plugin) and
// QuadraticDiscriminantAnalysis (plugins/decomposition, which compiles this
// header in) share: per component k
//   l[n, k] = -0.5 * ||(x_n - mean_k) P_k||^2 + constant_k
// from means [K, D], factors P_k and constants computed by the caller.
#ifndef ONNXCONV_PLUGINS_MIXTURE_GAUSSIAN_LOG_PROB_HPP
#define ONNXCONV_PLUGINS_MIXTURE_GAUSSIAN_LOG_PROB_HPP

#include <onnxconv/sdk/distances.hpp>
#include <onnxconv/sdk/reduce.hpp>
#include <onnxconv/sdk/sdk.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv::gaussian {

// P_k as the graph multiplies (x - mean_k) [K, N, D] by it.
struct Factors {
  enum class Form {
    Matrices,     // [K, D, R] per component (MatMul)
    SharedMatrix, // [D, D] for every component (MatMul)
    Diagonal,     // [K, 1, D] (broadcast Mul)
    Scalar,       // [K, 1, 1] (broadcast Mul)
  };
  Form form = Form::Matrices;
  std::vector<int64_t> dims;  // as above
  std::vector<double> values; // row-major
};

// Returns the name of l [N, K] in the model float type. x: [N, D].
inline std::string emit_log_prob(const sdk::Context& ctx, const std::string& x, int64_t n_features,
                                 const std::vector<double>& means, const Factors& factors,
                                 const std::vector<double>& constants) {
  using sdk::Attr;
  const int64_t k = int64_t(constants.size()), d = n_features;
  // (x - mean_k) first, then P: no cancellation between x P and mean_k P
  // (scikit-learn's form), which float32 would pay for near the means. Both
  // shifted by one offset near the means' mean (sdk/distances.hpp; the means
  // in double): means around 1e6 rounded to float32 would lose the digits
  // that x - mean_k is made of (issue 19).
  std::vector<double> offset = sdk::distance_offset(means, k, d), shifted(means);
  for (size_t i = 0; i < shifted.size(); ++i) shifted[i] -= offset[i % size_t(d)];
  std::string x_shifted = ctx.op("Sub", {x, ctx.add_floats("means_offset", offset, {d})});
  std::string x3 = ctx.op("Reshape", {x_shifted, ctx.add_int64s("shape_1_n_d", {1, -1, d}, {3})});
  std::string diff = ctx.op("Sub", {x3, ctx.add_floats("means_shifted", shifted, {k, 1, d})});  // [K, N, D]
  std::string p = ctx.add_floats("precision_factors", factors.values, factors.dims);
  bool matmul = factors.form == Factors::Form::Matrices || factors.form == Factors::Form::SharedMatrix;
  std::string y = ctx.op(matmul ? "MatMul" : "Mul", {diff, p});
  std::string squared = sdk::reduce(ctx, "ReduceSumSquare", y, {2}, false);  // over the features
  squared = ctx.op("Transpose", {squared}, {Attr::ints("perm", {1, 0})});  // [N, K]
  return ctx.op("Add", {ctx.op("Mul", {squared, ctx.add_floats("minus_half", {-0.5}, {})}),
                        ctx.add_floats("log_constant", constants, {k})});
}

}  // namespace onnxconv::gaussian

#endif  // ONNXCONV_PLUGINS_MIXTURE_GAUSSIAN_LOG_PROB_HPP
