// onnxconv converter SDK: numpy's float sum, bit for bit. np.sum / np.add.reduce
// over a contiguous 1-D array adds pairwise: fewer than 8 values in order; up
// to 128 with eight interleaved accumulators; above, the two halves (split at
// a multiple of 8) summed recursively. A converter that compares with, or
// divides by, a total scikit-learn computed (weights, importances, bin
// counts) needs the very same double. Written from numpy's documented
// algorithm. Header-only.
#ifndef ONNXCONV_SDK_NUMPY_SUM_HPP
#define ONNXCONV_SDK_NUMPY_SUM_HPP

#include <cstddef>
#include <vector>

namespace onnxconv::sdk {

// np.add.reduce of a[0..n) in the dtype T (a sum of only -0.0 stays -0.0).
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

}  // namespace onnxconv::sdk

#endif  // ONNXCONV_SDK_NUMPY_SUM_HPP
