#include "numpy_like.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace onnxconv::feature_selection {
namespace {

// _lerp of numpy >= 1.22, in T.
template <class T>
T lerp_new(T a, T b, T t) {
  T diff = b - a;
  return t >= T(0.5) ? b - diff * (T(1) - t) : a + diff * t;
}

// numpy < 1.22: x1 = a * (1 - t), x2 = b * t, then x1 + x2, in T.
template <class T>
T lerp_old(T a, T b, T t) {
  return a * (T(1) - t) + b * t;
}

}  // namespace

template <class T>
T numpy_median(std::vector<T> v) {
  for (T x : v)
    if (std::isnan(x)) return x;
  size_t n = v.size();
  std::sort(v.begin(), v.end());
  if (n % 2 == 1) return v[n / 2];
  std::vector<T> middle = {v[n / 2 - 1], v[n / 2]};
  return numpy_mean(middle);
}

template float numpy_median<float>(std::vector<float>);
template double numpy_median<double>(std::vector<double>);

std::vector<size_t> stable_argsort(const std::vector<double>& v) {
  std::vector<size_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), size_t{0});
  std::stable_sort(idx.begin(), idx.end(), [&](size_t i, size_t j) {
    bool ni = std::isnan(v[i]), nj = std::isnan(v[j]);
    if (ni || nj) return !ni && nj;
    return v[i] < v[j];
  });
  return idx;
}

std::vector<double> numpy_percentile_candidates(const std::vector<double>& values, double q, bool f32) {
  std::vector<double> v = values;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  double virtual_index = static_cast<double>(n - 1) * (q / 100.0);
  double below = std::floor(virtual_index);
  size_t lo = static_cast<size_t>(std::max(0.0, std::min(below, static_cast<double>(n - 1))));
  size_t hi = std::min(lo + 1, n - 1);
  double t = virtual_index - below;
  double a = v[lo], b = v[hi];
  std::vector<double> out = {lerp_new(a, b, t), lerp_old(a, b, t)};
  if (f32) {
    float af = static_cast<float>(a), bf = static_cast<float>(b), tf = static_cast<float>(t);
    out.push_back(lerp_new(af, bf, tf));
    out.push_back(lerp_old(af, bf, tf));
    out.push_back(static_cast<float>(lerp_new(a, b, t)));
    out.push_back(static_cast<float>(lerp_old(a, b, t)));
  }
  return out;
}

}  // namespace onnxconv::feature_selection
