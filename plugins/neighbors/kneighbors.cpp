// KNeighborsClassifier, KNeighborsRegressor and NearestNeighbors: the k
// nearest training rows (TopK), then votes, a mean, or the rows themselves.
#include "converters.hpp"
#include "fitted.hpp"
#include "knn_graph.hpp"

#include <onnxconv/sdk/classifier.hpp>
#include <onnxconv/sdk/reduce.hpp>

namespace onnxconv::neighbors {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Context;
using sdk::Kind;
using sdk::Object;
using sdk::reduce;
using sdk::ValueType;

namespace {

// The k neighbours of every input row, and their weights when weighted.
struct Neighbourhood {
  Nearest nearest;
  std::string weights;  // [N, k]; empty for uniform weights
};

Neighbourhood neighbourhood(const Context& ctx, const FittedSet& fit, int64_t k, Weights weights,
                            const std::string& x) {
  Neighbourhood out{k_nearest(ctx, reduced_distances(ctx, fit, x), k), ""};
  if (weights == Weights::Distance)
    out.weights = distance_weights(ctx, true_distances(ctx, fit.metric, out.nearest.reduced));
  return out;
}

// [N, k] -> [N, k, 1], to scale the rows gathered per neighbour.
std::string per_neighbour(const Context& ctx, const std::string& w, int64_t k) {
  return ctx.op("Reshape", {w, ctx.add_int64s("shape", {-1, k, 1}, {3})});
}

// sum over neighbours of `gathered` [N, k, C], weighted when weights are
// given: [N, C].
std::string sum_over_neighbours(const Context& ctx, const std::string& gathered, const Neighbourhood& nb,
                                int64_t k) {
  std::string terms = gathered;
  if (!nb.weights.empty()) terms = ctx.op("Mul", {gathered, per_neighbour(ctx, nb.weights, k)});
  return reduce(ctx, "ReduceSum", terms, {1}, false);
}

// The classifier's fitted labels: classes_ and _y (indices into classes_).
struct Labels {
  ClassLabels classes;
  std::vector<int64_t> y;

  static Labels read(const Object& est, const FittedSet& fit, bool with_y) {
    if (auto two_d = est.find("outputs_2d_"); two_d && two_d->to_bool())
      two_d->fail("is True: multi-output KNeighborsClassifier is not supported");
    Labels out{ClassLabels::read(est.attr("classes_")), {}};
    if (!with_y) return out;
    Object y = est.attr("_y");
    out.y = read_int_vector(y, fit.n_samples);
    for (int64_t v : out.y)
      if (v < 0 || v >= int64_t(out.classes.size()))
        y.fail("holds class index " + std::to_string(v) + " outside [0, " + std::to_string(out.classes.size()) + ")");
    return out;
  }
};

// Regression targets _y: [n_samples] or [n_samples, n_targets].
struct Targets {
  int64_t n_targets = 1;
  std::vector<double> values;

  static Targets read(const Object& est, const FittedSet& fit, bool with_values) {
    Object y = est.attr("_y");
    if (y.kind() != Kind::Array) y.fail("expected a numpy array");
    oc_array_info info = y.array_info();
    if (info.dtype_kind != 'f' && info.dtype_kind != 'i' && info.dtype_kind != 'u')
      y.fail(std::string("expected a numeric array, got dtype kind '") + info.dtype_kind + "'");
    if (info.ndim < 1 || info.ndim > 2 || int64_t(info.shape[0]) != fit.n_samples ||
        (info.ndim == 2 && info.shape[1] < 1))
      y.fail("expected " + std::to_string(fit.n_samples) + " rows of targets");
    Targets out;
    out.n_targets = info.ndim == 2 ? int64_t(info.shape[1]) : 1;
    if (with_values) out.values = y.to_doubles();
    return out;
  }
};

}  // namespace

std::vector<ValueType> KNeighborsClassifierConverter::infer(Context& ctx, const Object& est,
                                                            const std::vector<ValueType>& inputs) {
  check_opset(ctx, est);
  FittedSet fit = FittedSet::read(est, false);
  gemm_distances(ctx, fit.metric);  // a bad option value fails here
  read_n_neighbors(est, fit);
  read_weights(est);
  check_input(ctx, est, inputs, fit.n_features);
  return sdk::classifier_outputs(ctx, Labels::read(est, fit, false).classes, sdk::zipmap_option(ctx));
}

void KNeighborsClassifierConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                            const std::vector<std::string>& outputs) {
  FittedSet fit = FittedSet::read(est, true);
  int64_t k = read_n_neighbors(est, fit);
  Labels labels = Labels::read(est, fit, true);
  Neighbourhood nb = neighbourhood(ctx, fit, k, read_weights(est), inputs[0]);
  const int64_t n_classes = int64_t(labels.classes.size());
  // votes[i, c] = sum of the weights of the neighbours of class c
  std::string y = ctx.add_int64s("fit_y", labels.y, {fit.n_samples});
  std::string neighbour_class = ctx.op("Gather", {y, nb.nearest.indices}, {Attr::i("axis", 0)});
  // One-hot [N, k, n_classes] by Equal against 0..n_classes-1 (ONNX
  // Runtime's OneHot has no double output).
  std::vector<int64_t> class_range(size_t(n_classes), 0);
  for (int64_t c = 0; c < n_classes; ++c) class_range[size_t(c)] = c;
  std::string is_class = ctx.op("Equal", {per_neighbour(ctx, neighbour_class, k),
                                          ctx.add_int64s("class_range", class_range, {n_classes})});
  std::string one_hot = ctx.op("Cast", {is_class}, {Attr::i("to", ctx.float_type())});
  std::string votes = sum_over_neighbours(ctx, one_hot, nb, k);
  // predict(): the first class with the most votes (scipy's mode and
  // weighted_mode keep the smallest class index on ties, as ArgMax does).
  sdk::emit_label(ctx, votes, labels.classes, outputs[0]);
  std::string total = reduce(ctx, "ReduceSum", votes, {1}, true);
  std::string probabilities = ctx.op("Div", {votes, total});
  sdk::emit_probabilities(ctx, probabilities, labels.classes, sdk::zipmap_option(ctx), outputs[1]);
}

std::vector<ValueType> KNeighborsRegressorConverter::infer(Context& ctx, const Object& est,
                                                           const std::vector<ValueType>& inputs) {
  check_opset(ctx, est);
  FittedSet fit = FittedSet::read(est, false);
  gemm_distances(ctx, fit.metric);  // a bad option value fails here
  read_n_neighbors(est, fit);
  read_weights(est);
  check_input(ctx, est, inputs, fit.n_features);
  Targets t = Targets::read(est, fit, false);
  return {ValueType::tensor("variable", ctx.float_type(), {-1, t.n_targets})};
}

void KNeighborsRegressorConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                           const std::vector<std::string>& outputs) {
  FittedSet fit = FittedSet::read(est, true);
  int64_t k = read_n_neighbors(est, fit);
  Targets t = Targets::read(est, fit, true);
  Weights weights = read_weights(est);
  Neighbourhood nb = neighbourhood(ctx, fit, k, weights, inputs[0]);
  std::string y = ctx.add_floats("fit_y", t.values, {fit.n_samples, t.n_targets});
  std::string gathered = ctx.op("Gather", {y, nb.nearest.indices}, {Attr::i("axis", 0)});  // [N, k, T]
  if (weights == Weights::Uniform) {
    ctx.add_node("Div", {sum_over_neighbours(ctx, gathered, nb, k), ctx.add_floats("k", {double(k)}, {})},
                 {outputs[0]});
    return;
  }
  std::string total = reduce(ctx, "ReduceSum", nb.weights, {1}, true);  // [N, 1]
  ctx.add_node("Div", {sum_over_neighbours(ctx, gathered, nb, k), total}, {outputs[0]});
}

std::vector<ValueType> NearestNeighborsConverter::infer(Context& ctx, const Object& est,
                                                        const std::vector<ValueType>& inputs) {
  check_opset(ctx, est);
  FittedSet fit = FittedSet::read(est, false);
  gemm_distances(ctx, fit.metric);  // a bad option value fails here
  int64_t k = read_n_neighbors(est, fit);
  check_input(ctx, est, inputs, fit.n_features);
  return {ValueType::tensor("index", OC_ELEM_INT64, {-1, k}),
          ValueType::tensor("distance", ctx.float_type(), {-1, k})};
}

void NearestNeighborsConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                        const std::vector<std::string>& outputs) {
  FittedSet fit = FittedSet::read(est, true);
  int64_t k = read_n_neighbors(est, fit);
  Nearest nearest = k_nearest(ctx, reduced_distances(ctx, fit, inputs[0]), k);
  ctx.add_node("Identity", {nearest.indices}, {outputs[0]});
  true_distances(ctx, fit.metric, nearest.reduced, outputs[1]);
}

}  // namespace onnxconv::neighbors
