// onnxconv converter SDK: squared Euclidean distances from the rows of an
// input x [N, F] to points known at conversion time (cluster centres,
// training rows, support vectors), accurate on unscaled data. Header-only.
//
// The textbook expansion ||x||^2 - 2 x.p + ||p||^2 cancels: with features in
// the thousands float32 keeps ~7 digits of ||x||^2 ~ 1e7 while the distances
// are ~1e3, so they come out 1e-3 relative off (issue 19). Two remedies, both
// applied here:
//   1. shift x and the points by one offset o (per feature, near the points'
//      mean; the points are shifted in double at conversion time), so the
//      values that meet in the arithmetic are the spread of the data, not
//      its location;
//   2. direct differences ((x - o) - (p - o))^2 summed over features, no
//      expansion at all, whenever the [N, M, F] intermediate is small enough
//      (M * F <= kDirectDistanceLimit per row); above that the shifted
//      expansion as one Gemm.
// Measured on KMeans of wine / breast-cancer / 1e5..1e6-offset data (float32,
// relative to max(d, 1), see plugins/kmeans/README.md): expansion 3.4e-4 ..
// 3.4e-1, shifted Gemm 9.5e-7 .. 7.1e-1 (a row on a centre: sqrt of the
// rounding noise), direct 1.3e-6 .. 2.3e-5 (the points rounded to float32),
// shifted direct 1.4e-7 .. 7.8e-6.
#ifndef ONNXCONV_SDK_DISTANCES_HPP
#define ONNXCONV_SDK_DISTANCES_HPP

#include <onnxconv/sdk/reduce.hpp>
#include <onnxconv/sdk/sdk.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv::sdk {

// Largest M * F (points x features) for which the direct form is chosen:
// its intermediate holds M * F values per input row (64 KiB in float32).
constexpr int64_t kDirectDistanceLimit = int64_t(1) << 14;

enum class DistanceForm {
  Auto,    // Direct up to kDirectDistanceLimit, else ShiftedGemm
  Direct,  // sum_f ((x - o) - (p - o))^2: [N, M, F] intermediate
  Gemm,    // ||x - o||^2 - 2 (x - o).(p - o) + ||p - o||^2, clamped at 0
};

// Per feature: the points' mean, rounded to a multiple of q = 2^(e - 8),
// 2^e <= the points' largest distance from the mean along that feature, then
// to float32. So o is the same value in a float32 and a float64 model, the
// shift leaves data that is exact in binary (integer data, dyadic centres:
// exact ties) exact, and o is off the mean by at most 1/512 of the spread.
inline std::vector<double> distance_offset(const std::vector<double>& points, int64_t m, int64_t f) {
  std::vector<double> offset(size_t(f), 0.0);
  if (m == 0) return offset;
  for (int64_t j = 0; j < f; ++j) {
    double mean = 0, spread = 0;
    for (int64_t i = 0; i < m; ++i) mean += points[size_t(i * f + j)] / double(m);
    for (int64_t i = 0; i < m; ++i) spread = std::fmax(spread, std::fabs(points[size_t(i * f + j)] - mean));
    if (spread > 0 && std::isfinite(spread)) {
      double q = std::ldexp(1.0, std::ilogb(spread) - 8);
      mean = std::nearbyint(mean / q) * q;
    }
    offset[size_t(j)] = double(float(mean));
  }
  return offset;
}

inline DistanceForm choose_distance_form(DistanceForm form, int64_t m, int64_t f) {
  if (form != DistanceForm::Auto) return form;
  return m * f <= kDirectDistanceLimit ? DistanceForm::Direct : DistanceForm::Gemm;
}

// Squared distances [N, M] from x [N, F] (model float type) to the M points
// (row-major [M, F], double); `hint` names the initializers. Returns the
// value's name.
inline std::string squared_distances(const Context& ctx, const std::string& x, const std::vector<double>& points,
                                     int64_t m, int64_t f, const std::string& hint,
                                     DistanceForm form = DistanceForm::Auto) {
  std::vector<double> offset = distance_offset(points, m, f);
  std::vector<double> shifted(points.size());
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < f; ++j)
      shifted[size_t(i * f + j)] = points[size_t(i * f + j)] - offset[size_t(j)];
  std::string x_shifted = ctx.op("Sub", {x, ctx.add_floats(hint + "_offset", offset, {f})});
  if (choose_distance_form(form, m, f) == DistanceForm::Direct) {
    std::string rows = ctx.op("Reshape", {x_shifted, ctx.add_int64s("shape", {-1, 1, f}, {3})});
    std::string diff = ctx.op("Sub", {rows, ctx.add_floats(hint + "_shifted", shifted, {1, m, f})});
    return reduce(ctx, "ReduceSumSquare", diff, {2}, false);
  }
  std::vector<double> norms(size_t(m), 0.0);  // in double, rounded once
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < f; ++j) norms[size_t(i)] += shifted[size_t(i * f + j)] * shifted[size_t(i * f + j)];
  std::string partial = ctx.op("Gemm",
                               {x_shifted, ctx.add_floats(hint + "_shifted", shifted, {m, f}),
                                ctx.add_floats(hint + "_sq_norms", norms, {m})},
                               {Attr::f("alpha", -2.0), Attr::i("transB", 1)});
  // Next to a point the sum is rounding noise and may be a tiny negative.
  return ctx.op("Relu", {ctx.op("Add", {partial, reduce(ctx, "ReduceSumSquare", x_shifted, {1}, true)})});
}

}  // namespace onnxconv::sdk

#endif  // ONNXCONV_SDK_DISTANCES_HPP
