#include "kmeans.hpp"

#include <onnxconv/sdk/distances.hpp>

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
};

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
  // Squared distances to the centres, shifted and (for up to 2^14 centre
  // values) as direct differences: no ||x||^2 - 2 x.C + ||C||^2
  // cancellation on unscaled data (sdk/distances.hpp). Exact ties stay ties,
  // and ArgMin keeps the first minimum as predict() does.
  std::string squared = onnxconv::sdk::squared_distances(ctx, x, c.values, c.n_clusters, c.n_features,
                                                         "cluster_centers");
  ctx.add_node("ArgMin", {squared}, {outputs[0]}, {Attr::i("axis", 1), Attr::i("keepdims", 0)});
  ctx.add_node("Sqrt", {squared}, {outputs[1]});
}

}  // namespace onnxconv::kmeans
