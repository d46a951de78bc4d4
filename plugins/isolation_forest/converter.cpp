#include "converter.hpp"

#include "forest.hpp"

#include <onnxconv/sdk/reduce.hpp>

#include <cmath>
#include <cstdint>

namespace onnxconv::isolation_forest {

using sdk::Context;
using sdk::TreeEnsemble;
using sdk::ValueType;

namespace {

// Where exists from opset 9 (Pow, Less and Sub broadcast from 7).
constexpr int64_t kMinOpset = 9;
constexpr int64_t kMinMlOpset = 3;

// Splits a leaf's path length w >= 0 into hi + lo, hi = floor(w / q) * q,
// with q the power of two that makes any sum of hi parts, one per tree (so
// at most `max_total`, the sum of every tree's longest path), a multiple of
// q below 2^24 q: exact in float32. The ensemble then adds the hi parts
// exactly whatever its accumulator and order, and its float32 output holds
// them exactly; only the lo parts (each < q) are rounded, so the total keeps
// about 24 more bits than a float32 sum (README.md, "Accuracy").
class PathLengthSplit {
 public:
  explicit PathLengthSplit(double max_total) {
    int e = 0;
    std::frexp(max_total, &e);  // max_total < 2^e
    step_ = std::ldexp(1.0, e - 24);
  }
  double hi(double w) const { return std::floor(w / step_) * step_; }

 private:
  double step_ = 1;
};

std::string scalar(const Context& ctx, double v) { return ctx.add_floats("const", {v}, {}); }
std::string scalar_int(const Context& ctx, int64_t v) { return ctx.add_int64s("const", {v}, {}); }

std::string row_sum(const Context& ctx, const std::string& x) {
  return sdk::reduce(ctx, "ReduceSum", x, {1}, true);
}

// Sum over all trees of the path length of the leaf x reaches, [N, 1] in the
// model float type: ONE TreeEnsembleRegressor whatever the number of trees.
// Float models: targets 0 and 1 carry the hi and lo parts of
// PathLengthSplit, added in float. Double models: the SDK's exact double
// sums (emit_exact_sums splits every weight the same way, in three levels).
std::string total_path_length(const Context& ctx, const sdk::Object& est, const Forest& forest,
                              const std::string& x) {
  TreeEnsemble::Options o;
  o.estimator = est.path();
  o.n_features = forest.header.n_features;
  const bool dbl = ctx.is_double();
  o.n_targets = dbl ? 1 : 2;
  o.float_type = ctx.float_type();
  o.compare = sdk::Compare::LessOrEqual;
  o.source_input = sdk::SourceInput::RoundedToFloat32;  // sklearn.tree casts X to float32
  TreeEnsemble ens(o);
  size_t nodes = 0;
  double max_total = 0;
  for (const auto& t : forest.trees) {
    nodes += t.left.size();
    max_total += t.max_path_length;
  }
  ens.reserve(nodes, 2 * nodes);
  PathLengthSplit split(max_total);
  for (const auto& t : forest.trees) {
    ens.add_tree(t.view(), [&](int64_t node, auto&& emit) {
      const double w = t.path_length[size_t(node)];
      if (dbl) return emit(0, w);  // even 0 (see below)
      const double hi = split.hi(w);
      emit(0, hi);  // even 0: the node needs at least one weight (max_samples_ == 1)
      if (w != hi) emit(1, w - hi);  // exact: both are multiples of ulp(w)
    }, t.where);
  }
  if (dbl) return ens.emit_exact_sums(ctx, x);  // double [N, 1]
  return row_sum(ctx, ens.emit_regressor(ctx, x));  // float [N, 2] -> [N, 1]
}

// -total / (n_trees * c(max_samples_)), the exponent of score_samples.
// scikit-learn takes the ratio as 1 when that norm is 0 (max_samples_ == 1:
// every tree is one leaf of path length 0, so total is 0 and total - 1 is it).
std::string exponent(const Context& ctx, const sdk::Object& est, const Forest& forest, const std::string& total) {
  const double norm = forest.header.path_length_norm();
  if (norm != 0) return ctx.op("Div", {total, scalar(ctx, -norm)});  // == -(total / norm) exactly
  for (const auto& t : forest.trees)
    if (t.max_path_length != 0)
      est.fail("max_samples_ is " + std::to_string(forest.header.max_samples) + " but " + t.where +
               " has a leaf with path length " + std::to_string(t.max_path_length));
  return ctx.op("Sub", {total, scalar(ctx, 1.0)});
}

}  // namespace

std::vector<ValueType> IsolationForestConverter::infer(Context& ctx, const sdk::Object& est,
                                                       const std::vector<ValueType>& inputs) {
  if (ctx.opset("") < kMinOpset || ctx.opset("ai.onnx.ml") < kMinMlOpset)
    est.fail("needs ai.onnx opset " + std::to_string(kMinOpset) + " and ai.onnx.ml opset " +
             std::to_string(kMinMlOpset) + " or later; the targets are " + std::to_string(ctx.opset("")) +
             " and " + std::to_string(ctx.opset("ai.onnx.ml")));
  ForestHeader h = ForestHeader::read(est);
  onnxconv::sdk::check_matrix_input(ctx, est, inputs, h.n_features);
  std::vector<ValueType> out{ValueType::tensor("label", OC_ELEM_INT64, {-1}),
                             ValueType::tensor("scores", ctx.float_type(), {-1, 1})};
  if (ctx.option_bool("score_samples", false))
    out.push_back(ValueType::tensor("score_samples", ctx.float_type(), {-1, 1}));
  return out;
}

void IsolationForestConverter::convert(Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
                                       const std::vector<std::string>& outputs) {
  Forest forest = Forest::read(est);
  std::string total = total_path_length(ctx, est, forest, inputs[0]);
  // |score_samples| = 2^exponent, as numpy's 2 ** (-ratio).
  std::string power = ctx.op("Pow", {scalar(ctx, 2.0), exponent(ctx, est, forest, total)});
  // decision_function = -power - offset_, computed as (-offset_) - power:
  // the same rounding, since negation is exact.
  const std::string& decision = outputs[1];
  ctx.add_node("Sub", {scalar(ctx, -forest.header.offset), power}, {decision});
  if (outputs.size() > 2) ctx.add_node("Neg", {power}, {outputs[2]});
  // predict: -1 where decision_function < 0, else 1; label is [N].
  std::string label = ctx.op("Where", {ctx.op("Less", {decision, scalar(ctx, 0.0)}), scalar_int(ctx, -1),
                                       scalar_int(ctx, 1)});
  ctx.add_node("Reshape", {label, ctx.add_int64s("shape", {-1}, {1})}, {outputs[0]});
}

}  // namespace onnxconv::isolation_forest
