#include "kmeans.hpp"

#include <cmath>
#include <cstdint>

namespace onnxconv::kmeans {

using sdk::Attr;
using sdk::Context;
using sdk::Kind;
using sdk::Object;
using sdk::ValueType;

namespace {

// Gemm broadcasts its C input from opset 7 on.
constexpr int64_t kMinOpset = 7;

// cluster_centers_ [n_clusters, n_features], checked against n_features_in_.
struct Centers {
  int64_t n_clusters = 0;
  int64_t n_features = 0;
  std::vector<double> values;  // row-major; only when read with values

  static Centers read(const Object& est, bool with_values) {
    Object c = est.attr("cluster_centers_");
    std::vector<int64_t> shape = onnxconv::sdk::float_matrix_shape(c);  // [n_clusters, n_features]
    Centers out;
    out.n_clusters = shape[0];
    out.n_features = shape[1];
    if (auto n_in = est.find("n_features_in_"); n_in && n_in->to_int() != out.n_features)
      c.fail("has " + std::to_string(out.n_features) + " columns but n_features_in_ is " +
             std::to_string(n_in->to_int()));
    if (!with_values) return out;
    out.values = c.to_doubles();
    for (size_t i = 0; i < out.values.size(); ++i)
      if (!std::isfinite(out.values[i]))
        c.fail("holds a non-finite value at [" + std::to_string(i / size_t(out.n_features)) + ", " +
               std::to_string(i % size_t(out.n_features)) + "]");
    return out;
  }

  // ||C_j||^2 in double, as scikit-learn's row_norms computes them.
  std::vector<double> squared_norms() const {
    std::vector<double> out(size_t(n_clusters), 0.0);
    for (int64_t j = 0; j < n_clusters; ++j)
      for (int64_t f = 0; f < n_features; ++f) {
        double v = values[size_t(j * n_features + f)];
        out[size_t(j)] += v * v;
      }
    return out;
  }
};

// sum_f x[:, f]^2 as [N, 1]; ReduceSumSquare takes its axes as an input
// from opset 18 on.
std::string row_squared_norms(const Context& ctx, const std::string& x) {
  if (ctx.opset("") >= 18)
    return ctx.op("ReduceSumSquare", {x, ctx.add_int64s("axes", {1}, {1})}, {Attr::i("keepdims", 1)});
  return ctx.op("ReduceSumSquare", {x}, {Attr::ints("axes", {1}), Attr::i("keepdims", 1)});
}

}  // namespace

std::vector<ValueType> KMeansConverter::infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  onnxconv::sdk::require_opset(ctx, est, kMinOpset);
  Centers c = Centers::read(est, false);
  onnxconv::sdk::check_matrix_input(ctx, est, inputs, c.n_features);
  return {ValueType::tensor("label", OC_ELEM_INT64, {-1}),
          ValueType::tensor("scores", ctx.float_type(), {-1, c.n_clusters})};
}

void KMeansConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                              const std::vector<std::string>& outputs) {
  Centers c = Centers::read(est, true);
  const std::string& x = inputs[0];
  std::string centers = ctx.add_floats("cluster_centers", c.values, {c.n_clusters, c.n_features});
  std::string norms = ctx.add_floats("centers_sq_norms", c.squared_norms(), {c.n_clusters});
  // predict() (Lloyd's E-step) compares ||C_j||^2 - 2 x.C_j without ||x||^2
  // and keeps the first strict minimum: ArgMin's default (first index).
  std::string partial = ctx.op("Gemm", {x, centers, norms}, {Attr::f("alpha", -2.0), Attr::i("transB", 1)});
  ctx.add_node("ArgMin", {partial}, {outputs[0]}, {Attr::i("axis", 1), Attr::i("keepdims", 0)});
  // transform(): adding ||x||^2 can round to a tiny negative value when x
  // sits on a centre; clamp before Sqrt (as euclidean_distances does).
  std::string squared = ctx.op("Add", {partial, row_squared_norms(ctx, x)});
  ctx.add_node("Sqrt", {ctx.op("Relu", {squared})}, {outputs[1]});
}

}  // namespace onnxconv::kmeans
