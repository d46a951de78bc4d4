// numpy's arithmetic where a selection depends on its exact rounding: the
// pairwise summation of np.sum / np.mean, np.median, np.percentile, and the
// stable (mergesort) argsort. Written from numpy's documented algorithms so
// that a threshold compared with the scores is the very value numpy gets.
#ifndef ONNXCONV_PLUGINS_FEATURE_SELECTION_NUMPY_LIKE_HPP
#define ONNXCONV_PLUGINS_FEATURE_SELECTION_NUMPY_LIKE_HPP

#include <cstddef>
#include <cstdint>
#include <vector>

namespace onnxconv::feature_selection {

// np.add.reduce of a contiguous 1-D array: fewer than 8 values in order;
// up to 128 with eight interleaved accumulators; above, the two halves
// (split at a multiple of 8) summed recursively. T is the array's dtype.
template <class T>
T pairwise_sum(const T* a, size_t n) {
  if (n < 8) {
    T res = -0.0;
    for (size_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= 128) {
    T r[8];
    for (size_t j = 0; j < 8; ++j) r[j] = a[j];
    size_t i = 8;
    for (; i < n - n % 8; i += 8)
      for (size_t j = 0; j < 8; ++j) r[j] += a[i + j];
    T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  size_t half = n / 2;
  half -= half % 8;
  return pairwise_sum(a, half) + pairwise_sum(a + half, n - half);
}

// np.sum(v) in the dtype T.
template <class T>
T numpy_sum(const std::vector<T>& v) {
  return T(0) + pairwise_sum(v.data(), v.size());
}

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
