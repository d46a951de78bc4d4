// LocalOutlierFactor(novelty=True): score_samples is minus the mean ratio of
// the neighbours' local reachability densities to the row's own.
#include "converters.hpp"
#include "fitted.hpp"
#include "knn_graph.hpp"

#include <onnxconv/sdk/reduce.hpp>

#include <cmath>

namespace onnxconv::neighbors {

using sdk::Attr;
using sdk::Context;
using sdk::Kind;
using sdk::Object;
using sdk::reduce;
using sdk::ValueType;

namespace {

// scikit-learn's _local_reachability_density adds this to the mean
// reachability distance (duplicates would otherwise divide by zero).
constexpr double kLrdEpsilon = 1e-10;

struct LofState {
  FittedSet fit;
  int64_t k = 0;                  // n_neighbors_
  std::vector<double> k_distance;  // _distances_fit_X_[:, k - 1]
  std::vector<double> lrd;         // _lrd
  double offset = 0;

  static LofState read(const Object& est, bool with_values) {
    if (auto novelty = est.find("novelty"); !novelty || !novelty->to_bool())
      est.fail("novelty is False: only LocalOutlierFactor(novelty=True) predicts new rows");
    LofState s;
    s.fit = FittedSet::read(est, with_values);
    s.k = read_n_neighbors(est, s.fit, "n_neighbors_");
    Object offset = est.attr("offset_");
    s.offset = offset.to_double();
    if (!std::isfinite(s.offset)) offset.fail("is not finite");
    Object dist = est.attr("_distances_fit_X_");
    check_shape(dist, {s.fit.n_samples, s.k});
    Object lrd = est.attr("_lrd");
    check_shape(lrd, {s.fit.n_samples});
    if (!with_values) return s;
    std::vector<double> d = dist.to_doubles();
    for (int64_t i = 0; i < s.fit.n_samples; ++i) s.k_distance.push_back(d[size_t(i * s.k + s.k - 1)]);
    s.lrd = lrd.to_doubles();
    for (double v : s.lrd)
      if (!std::isfinite(v)) lrd.fail("holds a non-finite value");
    return s;
  }

 private:
  static void check_shape(const Object& array, const std::vector<int64_t>& shape) {
    if (array.kind() != Kind::Array || array.array_info().dtype_kind != 'f' || array.shape() != shape) {
      std::string want;
      for (int64_t d : shape) want += (want.empty() ? "" : ", ") + std::to_string(d);
      array.fail("expected a float array [" + want + "] (n_samples_fit_, n_neighbors_)");
    }
  }
};

bool with_score_samples(const Context& ctx) { return ctx.option_bool("score_samples", false); }

}  // namespace

std::vector<ValueType> LocalOutlierFactorConverter::infer(Context& ctx, const Object& est,
                                                          const std::vector<ValueType>& inputs) {
  check_opset(ctx, est);
  LofState s = LofState::read(est, false);
  gemm_distances(ctx, s.fit.metric);  // a bad option value fails here
  check_input(ctx, est, inputs, s.fit.n_features);
  std::vector<ValueType> out{ValueType::tensor("label", OC_ELEM_INT64, {-1}),
                             ValueType::tensor("scores", ctx.float_type(), {-1, 1})};
  if (with_score_samples(ctx)) out.push_back(ValueType::tensor("score_samples", ctx.float_type(), {-1, 1}));
  return out;
}

void LocalOutlierFactorConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                          const std::vector<std::string>& outputs) {
  LofState s = LofState::read(est, true);
  Nearest nearest = k_nearest(ctx, reduced_distances(ctx, s.fit, inputs[0]), s.k);
  std::string dist = true_distances(ctx, s.fit.metric, nearest.reduced);
  auto per_neighbour = [&](const char* hint, const std::vector<double>& values) {
    std::string table = ctx.add_floats(hint, values, {s.fit.n_samples});
    return ctx.op("Gather", {table, nearest.indices}, {Attr::i("axis", 0)});
  };
  // reach-dist(x, o) = max(d(x, o), k-distance(o)); lrd(x) = 1 / (mean + 1e-10)
  std::string reach = ctx.op("Max", {dist, per_neighbour("k_distance", s.k_distance)});
  std::string mean_reach = reduce(ctx, "ReduceMean", reach, {1}, true);
  std::string lrd_x = ctx.op("Reciprocal", {ctx.op("Add", {mean_reach, ctx.add_floats("epsilon", {kLrdEpsilon}, {})})});
  std::string ratios = ctx.op("Div", {per_neighbour("lrd", s.lrd), lrd_x});
  std::string score_samples = ctx.op("Neg", {reduce(ctx, "ReduceMean", ratios, {1}, true)});
  ctx.add_node("Sub", {score_samples, ctx.add_floats("offset", {s.offset}, {})}, {outputs[1]});
  // predict(): -1 where decision_function < 0, else 1.
  std::string outlier = ctx.op("Less", {outputs[1], ctx.add_floats("zero", {0.0}, {})});
  std::string label = ctx.op("Where", {outlier, ctx.add_int64s("minus_one", {-1}, {}), ctx.add_int64s("one", {1}, {})});
  ctx.add_node("Reshape", {label, ctx.add_int64s("shape", {-1}, {1})}, {outputs[0]});
  if (outputs.size() > 2) ctx.add_node("Identity", {score_samples}, {outputs[2]});
}

}  // namespace onnxconv::neighbors
