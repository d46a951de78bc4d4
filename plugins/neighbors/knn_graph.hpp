// The graph pieces every neighbours converter shares: distances from each
// input row to every training row, the k nearest (TopK), scikit-learn's
// distance weights. See README.md for the ops and their accuracy.
#ifndef ONNXCONV_PLUGINS_NEIGHBORS_KNN_GRAPH_HPP
#define ONNXCONV_PLUGINS_NEIGHBORS_KNN_GRAPH_HPP

#include "fitted.hpp"

#include <onnxconv/sdk/sdk.hpp>

#include <string>

namespace onnxconv::neighbors {

// Lowest ai.onnx opset of these graphs: TopK with `largest`/`sorted` and
// Clip with min/max inputs are opset 11.
constexpr int64_t kMinOpset = 11;
void check_opset(const sdk::Context& ctx, const sdk::Object& est);

// Option neighbors_distance: direct (default) or gemm (Euclidean only; the
// Gram expansion on shifted rows, for large batch x n_samples x n_features).
// Throws on another value or metric, so infer reports it.
bool gemm_distances(const sdk::Context& ctx, const Metric& metric);

// [N, n_samples] reduced distances from x [N, n_features] to every training
// row, the quantity scikit-learn ranks neighbours by (squared Euclidean,
// sum |d|^p for Minkowski, ...), computed from direct differences x - t.
std::string reduced_distances(const sdk::Context& ctx, const FittedSet& fit, const std::string& x);

struct Nearest {
  std::string reduced;  // [N, k] ascending
  std::string indices;  // [N, k] int64 training-row indices
};
// The k smallest reduced distances per row; equal values keep the lower
// training index first (TopK's tie rule).
Nearest k_nearest(const sdk::Context& ctx, const std::string& reduced, int64_t k);

// Reduced distances -> the metric's distances (sqrt, p-th root), written to
// `out` when given.
std::string true_distances(const sdk::Context& ctx, const Metric& metric, const std::string& reduced,
                           const std::string& out = "");

// scikit-learn's _get_weights(dist, 'distance'): 1 / dist, except that a row
// with a zero distance weighs its zero-distance neighbours 1, the others 0.
std::string distance_weights(const sdk::Context& ctx, const std::string& dist);

}  // namespace onnxconv::neighbors

#endif  // ONNXCONV_PLUGINS_NEIGHBORS_KNN_GRAPH_HPP
