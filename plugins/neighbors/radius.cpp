// RadiusNeighborsClassifier and RadiusNeighborsRegressor: every training row
// within `radius` votes (or is averaged), as a [N, n_samples] weight matrix
// times the one-hot labels or the targets. No TopK: the neighbour count
// varies per row.
#include "converters.hpp"
#include "fitted.hpp"
#include "knn_graph.hpp"

#include <onnxconv/sdk/classifier.hpp>
#include <onnxconv/sdk/reduce.hpp>

#include <cmath>
#include <optional>

namespace onnxconv::neighbors {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Context;
using sdk::Kind;
using sdk::Object;
using sdk::reduce;
using sdk::ValueType;

namespace {

double read_radius(const Object& est) {
  Object r = est.attr("radius");
  double v = r.to_double();
  if (!(v >= 0) || !std::isfinite(v)) r.fail("must be finite and >= 0, got " + std::to_string(v));
  return v;
}

// The radius on the scale of the reduced distances (r^2, r^p, r).
double reduced_radius(const Metric& m, double r) {
  switch (m.kind) {
    case MetricKind::Euclidean: return r * r;
    case MetricKind::Minkowski: return std::pow(r, m.p);
    default: return r;
  }
}

// [N, n_samples]: the weight of every training row for every input row,
// 0 outside the radius (radius_neighbors keeps d <= radius).
std::string radius_weights(const Context& ctx, const FittedSet& fit, double radius, Weights weights,
                           const std::string& x) {
  std::string reduced = reduced_distances(ctx, fit, x);
  std::string limit = ctx.add_floats("reduced_radius", {reduced_radius(fit.metric, radius)}, {});
  std::string inside = ctx.op("Not", {ctx.op("Greater", {reduced, limit})});  // LessOrEqual is opset 12
  std::string zero = ctx.add_floats("zero", {0.0}, {});
  if (weights == Weights::Uniform) return ctx.op("Cast", {inside}, {Attr::i("to", ctx.float_type())});
  // _get_weights over the row's neighbours: a zero distance (always inside)
  // makes the row 0/1; rows outside weigh 0 (Where, as 0 * inf is NaN).
  std::string w = distance_weights(ctx, true_distances(ctx, fit.metric, reduced));
  return ctx.op("Where", {inside, w, zero});
}

// outlier_label_: None, or a list holding one label (single output).
std::optional<Object> read_outlier_label(const Object& est) {
  Object o = est.attr("outlier_label_");
  if (o.is_none()) return std::nullopt;
  if (o.kind() == Kind::List || o.kind() == Kind::Tuple) {
    if (o.size() != 1) o.fail("expected one label (multi-output is not supported)");
    return o[0];
  }
  return o;
}

// Where the outlier label sits among the labels the model can output:
// its index in classes_, or classes_.size() when appended after them.
struct OutlierLabel {
  bool present = false;
  bool in_classes = false;
  int64_t index = 0;
  ClassLabels labels;  // classes_, plus the outlier label when not among them
};

OutlierLabel outlier_label(const Object& est, const ClassLabels& classes) {
  OutlierLabel out{false, false, 0, classes};
  std::optional<Object> label = read_outlier_label(est);
  if (!label) return out;
  out.present = true;
  if (classes.is_string()) {
    if (label->kind() != Kind::String) label->fail("expected a string label like classes_");
    std::vector<std::string> s = classes.strings();
    for (size_t i = 0; i < s.size() && !out.in_classes; ++i)
      if (s[i] == label->to_string()) out.in_classes = true, out.index = int64_t(i);
    if (!out.in_classes) s.push_back(label->to_string()), out.index = int64_t(classes.size());
    out.labels = ClassLabels::from_strings(s);
  } else {
    if (label->kind() != Kind::Int) label->fail("expected an integer label like classes_");
    std::vector<int64_t> v = classes.ints();
    for (size_t i = 0; i < v.size() && !out.in_classes; ++i)
      if (v[i] == label->to_int()) out.in_classes = true, out.index = int64_t(i);
    if (!out.in_classes) v.push_back(label->to_int()), out.index = int64_t(classes.size());
    out.labels = ClassLabels::from_ints(v);
  }
  return out;
}

ClassLabels read_classes(const Object& est) {
  if (auto two_d = est.find("outputs_2d_"); two_d && two_d->to_bool())
    two_d->fail("is True: multi-output RadiusNeighborsClassifier is not supported");
  return ClassLabels::read(est.attr("classes_"));
}

}  // namespace

std::vector<ValueType> RadiusNeighborsClassifierConverter::infer(Context& ctx, const Object& est,
                                                                 const std::vector<ValueType>& inputs) {
  check_opset(ctx, est);
  FittedSet fit = FittedSet::read(est, false);
  gemm_distances(ctx, fit.metric);  // a bad option value fails here
  read_radius(est);
  read_weights(est);
  check_input(ctx, est, inputs, fit.n_features);
  ClassLabels classes = read_classes(est);
  outlier_label(est, classes);
  std::vector<ValueType> out = sdk::classifier_outputs(ctx, classes, sdk::zipmap_option(ctx));
  return out;
}

void RadiusNeighborsClassifierConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                                 const std::vector<std::string>& outputs) {
  FittedSet fit = FittedSet::read(est, true);
  ClassLabels classes = read_classes(est);
  OutlierLabel outlier = outlier_label(est, classes);
  const int64_t n_classes = int64_t(classes.size());
  std::vector<int64_t> y = read_int_vector(est.attr("_y"), fit.n_samples);
  std::vector<double> one_hot(size_t(fit.n_samples * n_classes), 0.0);
  for (int64_t i = 0; i < fit.n_samples; ++i) {
    if (y[size_t(i)] < 0 || y[size_t(i)] >= n_classes)
      est.attr("_y").fail("holds class index " + std::to_string(y[size_t(i)]) + " outside [0, " +
                          std::to_string(n_classes) + ")");
    one_hot[size_t(i * n_classes + y[size_t(i)])] = 1.0;
  }
  std::string w = radius_weights(ctx, fit, read_radius(est), read_weights(est), inputs[0]);
  std::string votes = ctx.op("MatMul", {w, ctx.add_floats("fit_y_one_hot", one_hot, {fit.n_samples, n_classes})});
  std::string total = reduce(ctx, "ReduceSum", votes, {1}, true);
  std::string zero = ctx.add_floats("zero", {0.0}, {});
  std::string no_neighbour = ctx.op("Equal", {total, zero});  // [N, 1]
  if (outlier.present && outlier.in_classes) {
    // predict_proba gives rows without neighbours all to the outlier class.
    std::vector<double> e(size_t(n_classes), 0.0);
    e[size_t(outlier.index)] = 1.0;
    votes = ctx.op("Where", {no_neighbour, ctx.add_floats("outlier_one_hot", e, {n_classes}), votes});
    total = reduce(ctx, "ReduceSum", votes, {1}, true);
  }
  // normalizer == 0 -> 1: all-zero probabilities stay zero.
  std::string one = ctx.add_floats("one", {1.0}, {});
  std::string probabilities = ctx.op("Div", {votes, ctx.op("Where", {ctx.op("Equal", {total, zero}), one, total})});
  std::string best = ctx.op("ArgMax", {votes}, {Attr::i("axis", 1), Attr::i("keepdims", 0)});
  if (outlier.present && !outlier.in_classes) {
    // predict(): rows whose probabilities are all zero get outlier_label_.
    std::string flat = ctx.op("Reshape", {no_neighbour, ctx.add_int64s("shape", {-1}, {1})});
    best = ctx.op("Where", {flat, ctx.add_int64s("outlier_index", {outlier.index}, {}), best});
  }
  ctx.add_node("Gather", {outlier.labels.add_initializer(ctx), best}, {outputs[0]}, {Attr::i("axis", 0)});
  sdk::emit_probabilities(ctx, probabilities, classes, sdk::zipmap_option(ctx), outputs[1]);
}

std::vector<ValueType> RadiusNeighborsRegressorConverter::infer(Context& ctx, const Object& est,
                                                                const std::vector<ValueType>& inputs) {
  check_opset(ctx, est);
  FittedSet fit = FittedSet::read(est, false);
  gemm_distances(ctx, fit.metric);  // a bad option value fails here
  read_radius(est);
  read_weights(est);
  check_input(ctx, est, inputs, fit.n_features);
  Object y = est.attr("_y");
  if (y.kind() != Kind::Array || y.array_info().ndim < 1 || y.array_info().ndim > 2 ||
      y.shape()[0] != fit.n_samples || (y.array_info().ndim == 2 && y.shape()[1] < 1))
    y.fail("expected " + std::to_string(fit.n_samples) + " rows of targets");
  int64_t n_targets = y.array_info().ndim == 2 ? y.shape()[1] : 1;
  return {ValueType::tensor("variable", ctx.float_type(), {-1, n_targets})};
}

void RadiusNeighborsRegressorConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                                const std::vector<std::string>& outputs) {
  FittedSet fit = FittedSet::read(est, true);
  Object y = est.attr("_y");
  if (y.array_info().dtype_kind != 'f' && y.array_info().dtype_kind != 'i')
    y.fail("expected numeric targets");
  int64_t n_targets = y.array_info().ndim == 2 ? y.shape()[1] : 1;
  std::string w = radius_weights(ctx, fit, read_radius(est), read_weights(est), inputs[0]);
  std::string sum = ctx.op("MatMul", {w, ctx.add_floats("fit_y", y.to_doubles(), {fit.n_samples, n_targets})});
  // No neighbour: 0 / 0 = NaN, scikit-learn's empty_obs.
  ctx.add_node("Div", {sum, reduce(ctx, "ReduceSum", w, {1}, true)}, {outputs[0]});
}

}  // namespace onnxconv::neighbors
