// numpy's arithmetic where a selection depends on its exact rounding:
// np.mean (over the SDK's pairwise np.sum), np.median, np.percentile, and the
// stable (mergesort) argsort. Written from numpy's documented algorithms so
// that a threshold compared with the scores is the very value numpy gets.
#ifndef ONNXCONV_PLUGINS_FEATURE_SELECTION_NUMPY_LIKE_HPP
#define ONNXCONV_PLUGINS_FEATURE_SELECTION_NUMPY_LIKE_HPP

#include <onnxconv/sdk/numpy_sum.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace onnxconv::feature_selection {

using sdk::numpy_sum;
using sdk::pairwise_sum;

// np.mean(v): the sum divided by the count, in T.
template <class T>
T numpy_mean(const std::vector<T>& v) {
  return numpy_sum(v) / static_cast<T>(v.size());
}

// np.median(v): the middle value, or the mean of the two middle values;
// NaN when any value is NaN.
template <class T>
T numpy_median(std::vector<T> v);

// Indices of v in ascending order, ties in index order, NaN last (numpy's
// argsort(kind="mergesort")).
std::vector<size_t> stable_argsort(const std::vector<double>& v);

// Every value np.percentile(v, q) (linear interpolation) can take in the
// numpy releases scikit-learn runs on: numpy >= 1.22 interpolates with
// _lerp (a + (b - a) t, or b - (b - a)(1 - t) for t >= 0.5), earlier ones
// with a (1 - t) + b t; for float32 arrays, each in float32 and float64
// arithmetic. v must hold no NaN. When the virtual index is whole, all are
// that value.
std::vector<double> numpy_percentile_candidates(const std::vector<double>& v, double q, bool f32);

}  // namespace onnxconv::feature_selection

#endif
