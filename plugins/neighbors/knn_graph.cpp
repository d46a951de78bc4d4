#include "knn_graph.hpp"

#include <onnxconv/sdk/distances.hpp>
#include <onnxconv/sdk/reduce.hpp>

#include <cmath>

namespace onnxconv::neighbors {

using sdk::Attr;
using sdk::Context;
using sdk::reduce;

void check_opset(const Context& ctx, const sdk::Object& est) { sdk::require_opset(ctx, est, kMinOpset); }

namespace {

// cosine_distances: 1 - (x / |x|) . (t / |t|), clipped to [0, 2]; a zero row
// stays zero (scikit-learn's normalize), so its distance to anything is 1.
std::string cosine_distances(const Context& ctx, const FittedSet& fit, const std::string& x) {
  const int64_t m = fit.n_samples, f = fit.n_features;
  std::vector<double> unit_t(size_t(m * f));  // transposed [f, m], in double
  for (int64_t i = 0; i < m; ++i) {
    double norm = 0;
    for (int64_t j = 0; j < f; ++j) norm += fit.values[size_t(i * f + j)] * fit.values[size_t(i * f + j)];
    norm = std::sqrt(norm);
    if (norm == 0) norm = 1;
    for (int64_t j = 0; j < f; ++j) unit_t[size_t(j * m + i)] = fit.values[size_t(i * f + j)] / norm;
  }
  std::string train = ctx.add_floats("fit_X_unit_T", unit_t, {f, m});
  std::string zero = ctx.add_floats("zero", {0.0}, {});
  std::string one = ctx.add_floats("one", {1.0}, {});
  std::string norm = ctx.op("Sqrt", {reduce(ctx, "ReduceSumSquare", x, {1}, true)});
  std::string safe_norm = ctx.op("Where", {ctx.op("Equal", {norm, zero}), one, norm});
  std::string similarity = ctx.op("MatMul", {ctx.op("Div", {x, safe_norm}), train});
  std::string two = ctx.add_floats("two", {2.0}, {});
  return ctx.op("Clip", {ctx.op("Sub", {one, similarity}), zero, two});
}

}  // namespace

bool gemm_distances(const Context& ctx, const Metric& metric) {
  auto v = ctx.option("neighbors_distance");
  if (!v || *v == "direct") return false;
  if (*v != "gemm")
    throw sdk::Error("option 'neighbors_distance' expects direct or gemm, got '" + *v + "'");
  if (metric.kind != MetricKind::Euclidean && metric.kind != MetricKind::SqEuclidean)
    throw sdk::Error("option neighbors_distance=gemm applies to the euclidean metric only");
  return true;
}

std::string reduced_distances(const Context& ctx, const FittedSet& fit, const std::string& x) {
  const Metric& metric = fit.metric;
  if (metric.kind == MetricKind::Cosine) return cosine_distances(ctx, fit, x);
    // Option neighbors_distance=gemm (Euclidean only): the shifted expansion
  // of sdk/distances.hpp, an [N, M] intermediate instead of [N, M, F]; the
  // price is cancellation when x is close to t (see README.md).
  if (gemm_distances(ctx, metric))
    return sdk::squared_distances(ctx, x, fit.values, fit.n_samples, fit.n_features, "fit_X",
                                  sdk::DistanceForm::Gemm);
  // [N, 1, F] - [1, M, F]: direct differences, no ||x||^2 - 2 x.t + ||t||^2
  // cancellation (exact zero for a training row, exact ties stay ties), of
  // x and t shifted by the offset of sdk/distances.hpp: the training rows are
  // shifted in double, so on unscaled data (values ~1e6, spreads ~1e3) they
  // keep the digits that rounding them to float32 first would lose.
  const int64_t m = fit.n_samples, f = fit.n_features;
  std::vector<double> offset = sdk::distance_offset(fit.values, m, f), shifted(fit.values);
  for (size_t i = 0; i < shifted.size(); ++i) shifted[i] -= offset[i % size_t(f)];
  std::string x_shifted = ctx.op("Sub", {x, ctx.add_floats("fit_X_offset", offset, {f})});
  std::string rows = ctx.op("Reshape", {x_shifted, ctx.add_int64s("shape", {-1, 1, f}, {3})});
  std::string diff = ctx.op("Sub", {rows, ctx.add_floats("fit_X_shifted", shifted, {1, m, f})});
  switch (metric.kind) {
    case MetricKind::Euclidean:
    case MetricKind::SqEuclidean:
      return reduce(ctx, "ReduceSumSquare", diff, {2}, false);
    case MetricKind::Manhattan:
      return reduce(ctx, "ReduceL1", diff, {2}, false);
    case MetricKind::Chebyshev:
      return reduce(ctx, "ReduceMax", ctx.op("Abs", {diff}), {2}, false);
    case MetricKind::Minkowski: {
      std::string p = ctx.add_floats("p", {metric.p}, {});
      return reduce(ctx, "ReduceSum", ctx.op("Pow", {ctx.op("Abs", {diff}), p}), {2}, false);
    }
    case MetricKind::Cosine:
      break;
  }
  throw sdk::Error("unreachable metric");
}

Nearest k_nearest(const Context& ctx, const std::string& reduced, int64_t k) {
  Nearest out{ctx.unique_name("neighbor_reduced"), ctx.unique_name("neighbor_index")};
  ctx.add_node("TopK", {reduced, ctx.add_int64s("k", {k}, {1})}, {out.reduced, out.indices},
               {Attr::i("axis", 1), Attr::i("largest", 0), Attr::i("sorted", 1)});
  return out;
}

std::string true_distances(const Context& ctx, const Metric& metric, const std::string& reduced,
                           const std::string& out) {
  std::string name = out.empty() ? ctx.unique_name("neighbor_distance") : out;
  switch (metric.kind) {
    case MetricKind::Euclidean:
      ctx.add_node("Sqrt", {reduced}, {name});
      break;
    case MetricKind::Minkowski:
      ctx.add_node("Pow", {reduced, ctx.add_floats("inv_p", {1.0 / metric.p}, {})}, {name});
      break;
    default:
      ctx.add_node("Identity", {reduced}, {name});
  }
  return name;
}

std::string distance_weights(const Context& ctx, const std::string& dist) {
  std::string inverse = ctx.op("Reciprocal", {dist});
  std::string at_zero = ctx.op("Cast", {ctx.op("IsInf", {inverse})}, {Attr::i("to", ctx.float_type())});
  std::string row_has_zero = ctx.op(
      "Greater", {reduce(ctx, "ReduceMax", at_zero, {1}, true), ctx.add_floats("zero", {0.0}, {})});
  return ctx.op("Where", {row_has_zero, at_zero, inverse});
}

}  // namespace onnxconv::neighbors
