#include "multiclass.hpp"

#include "binary_member.hpp"

#include <onnxconv/sdk/classifier.hpp>
#include <onnxconv/sdk/reduce.hpp>
#include <onnxconv/sdk/sklearn_version.hpp>

namespace onnxconv::meta {
namespace {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Context;
using sdk::Object;
using sdk::SklearnVersion;
using sdk::ValueType;

std::vector<BinaryMember> read_members(const Object& est) {
  Object fitted = est.attr("estimators_");
  std::vector<BinaryMember> members;
  for (size_t i = 0; i < fitted.size(); ++i) members.emplace_back(fitted[i], "estimators_[" + std::to_string(i) + "]");
  return members;
}

int64_t rows_of(const std::vector<ValueType>& inputs) { return inputs.empty() ? -1 : inputs[0].dim(0); }

std::string concat_columns(const Context& ctx, const std::vector<std::string>& columns) {
  return columns.size() == 1 ? columns[0] : ctx.op("Concat", columns, {Attr::i("axis", 1)});
}

// _threshold_for_binary_predict (inlined in predict before 1.1): 0 for a
// classifier with decision_function, else predict_proba's 0.5.
double binary_threshold(const ResponseMethods& first) {
  return first.decision_function && first.classifier ? 0.0 : 0.5;
}

// [N, 1] scores -> [N] int64: scores > threshold.
std::string above(const Context& ctx, const std::string& scores, double threshold) {
  std::string gt = ctx.op("Greater", {scores, ctx.add_floats("threshold", {threshold}, {})});
  return ctx.op("Cast", {gt}, {Attr::i("to", OC_ELEM_INT64)});
}

std::string flatten(const Context& ctx, const std::string& column) {
  return ctx.op("Reshape", {column, ctx.add_int64s("flat", {-1}, {1})});
}

// ---------------------------------------------------------------- OvR

// What OneVsRestClassifier.predict_proba-or-else gives as `probabilities`:
// predict_proba when estimators_[0] has it (scikit-learn's available_if on
// the first estimator), else decision_function, else nothing.
enum class OvrScores { PredictProba, DecisionFunction, None };

struct OneVsRest {
  ClassLabels classes;
  std::string target;  // label_binarizer_.y_type_
  std::vector<BinaryMember> members;
  SklearnVersion version;

  static OneVsRest read(const Object& est) {
    OneVsRest o{ClassLabels::read(est.attr("classes_")), est.attr("label_binarizer_").attr("y_type_").to_string(),
                read_members(est), SklearnVersion::of(est)};
    if (o.target != "binary" && o.target != "multiclass" && o.target != "multilabel-indicator")
      est.attr("label_binarizer_").attr("y_type_").unsupported("target type '" + o.target + "' is not converted");
    size_t k = o.classes.size();
    if (k < 2) est.attr("classes_").unsupported("a single class is not converted");
    size_t expected = o.target == "binary" ? 1 : k;
    if (o.members.size() != expected)
      est.attr("estimators_").fail("has " + std::to_string(o.members.size()) + " estimators; a " + o.target +
                                   " target with " + std::to_string(k) + " classes has " + std::to_string(expected));
    return o;
  }
  bool multilabel() const { return target == "multilabel-indicator"; }
  bool binary() const { return target == "binary"; }
  int64_t width() const { return static_cast<int64_t>(classes.size()); }
  // raw_scores=true asks for decision_function even where predict_proba
  // exists (the option reaches the members' plain conversions too, so
  // their probabilities must not be read then).
  OvrScores scores(const Context& ctx) const {
    const ResponseMethods& first = members[0].methods();
    if (ctx.option_bool("raw_scores", false)) {
      if (!first.decision_function)
        members[0].estimator().unsupported(
            "raw_scores=true asks for OneVsRestClassifier.decision_function, which exists only when estimators_[0] "
            "has decision_function");
      return OvrScores::DecisionFunction;
    }
    if (first.predict_proba) return OvrScores::PredictProba;
    return first.decision_function ? OvrScores::DecisionFunction : OvrScores::None;
  }
};

// Multiclass predict: the member with the largest _predict_binary score.
// Before 1.8 the loop `argmaxima[maxima == pred] = i` keeps the last
// member of a tie; 1.8 iterates in reverse so the first wins, as
// np.argmax. The last maximum is the first one of the columns reversed.
void ovr_multiclass_label(const Context& ctx, const OneVsRest& o, std::vector<std::string> scores,
                          const std::string& out) {
  if (o.version.at_least(1, 8)) {
    sdk::emit_label(ctx, concat_columns(ctx, scores), o.classes, out);
    return;
  }
  std::vector<std::string> reversed(scores.rbegin(), scores.rend());
  ClassLabels labels = o.classes;
  if (labels.is_string()) {
    std::vector<std::string> v(labels.strings().rbegin(), labels.strings().rend());
    labels = ClassLabels::from_strings(v);
  } else {
    std::vector<int64_t> v(labels.ints().rbegin(), labels.ints().rend());
    labels = ClassLabels::from_ints(v);
  }
  sdk::emit_label(ctx, concat_columns(ctx, reversed), labels, out);
}

// predict_proba's `Y /= Y.sum(axis=1)`; from 1.7 rows summing to zero stay
// as they are (np.divide(..., where=row_sums != 0)), before they are 0/0.
std::string normalise_rows(const Context& ctx, const OneVsRest& o, const std::string& y) {
  std::string sums = sdk::reduce(ctx, "ReduceSum", y, {1}, true);
  std::string quotient = ctx.op("Div", {y, sums});
  if (!o.version.at_least(1, 7)) return quotient;
  std::string zero = ctx.op("Equal", {sums, ctx.add_floats("zero", {0.0}, {})});
  return ctx.op("Where", {zero, y, quotient});
}

}  // namespace

std::vector<ValueType> OneVsRestConverter::infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  OneVsRest o = OneVsRest::read(est);
  OvrScores scores = o.scores(ctx);
  for (const BinaryMember& m : o.members) {
    if (scores == OvrScores::DecisionFunction && !m.methods().decision_function)
      m.estimator().unsupported("has no decision_function, which scikit-learn calls on every member here");
    m.check(ctx, inputs, scores == OvrScores::PredictProba, false);
  }
  int64_t rows = rows_of(inputs);
  std::vector<ValueType> out;
  if (o.multilabel()) out.push_back(ValueType::tensor("label", OC_ELEM_INT64, {rows, o.width()}));
  else out.push_back(ValueType::tensor("label", o.classes.elem_type(), {rows}));
  if (scores != OvrScores::None) out.push_back(ValueType::tensor("probabilities", ctx.float_type(), {rows, o.width()}));
  return out;
}

void OneVsRestConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                 const std::vector<std::string>& outputs) {
  OneVsRest o = OneVsRest::read(est);
  std::vector<std::string> scores, probabilities;
  for (BinaryMember& m : o.members) scores.push_back(m.predict_binary(ctx, inputs));
  OvrScores kind = o.scores(ctx);
  if (kind == OvrScores::PredictProba)
    for (BinaryMember& m : o.members) probabilities.push_back(m.positive_proba(ctx, inputs));
  else
    probabilities = scores;  // decision_function: the same values

  // predict
  if (o.binary() || o.multilabel()) {
    double threshold = binary_threshold(o.members[0].methods());
    std::string indicator = above(ctx, concat_columns(ctx, scores), threshold);
    if (o.multilabel()) ctx.add_node("Identity", {indicator}, {outputs[0]});
    else ctx.add_node("Gather", {o.classes.add_initializer(ctx), flatten(ctx, indicator)}, {outputs[0]},
                      {Attr::i("axis", 0)});
  } else {
    ovr_multiclass_label(ctx, o, scores, outputs[0]);
  }
  if (kind == OvrScores::None) return;

  // predict_proba (raw for multilabel), or decision_function
  std::string y = concat_columns(ctx, probabilities);
  if (kind == OvrScores::DecisionFunction) {
    if (o.binary()) y = sdk::binary_scores(ctx, y);
  } else if (!o.multilabel()) {
    if (o.binary())  // one estimator: the two columns [1 - p, p]
      y = ctx.op("Concat", {ctx.op("Sub", {ctx.add_floats("one", {1.0}, {}), y}), y}, {Attr::i("axis", 1)});
    y = normalise_rows(ctx, o, y);
  }
  ctx.add_node("Identity", {y}, {outputs[1]});
}

// ---------------------------------------------------------------- OvO

namespace {

struct OneVsOne {
  ClassLabels classes;
  std::vector<BinaryMember> members;
  SklearnVersion version;

  static OneVsOne read(const Object& est) {
    OneVsOne o{ClassLabels::read(est.attr("classes_")), read_members(est), SklearnVersion::of(est)};
    auto indices = est.find("pairwise_indices_");
    if (indices && !indices->is_none())
      indices->unsupported("a pairwise (precomputed kernel) estimator is not converted");
    size_t k = o.classes.size();
    if (k < 2) est.attr("classes_").unsupported("a single class is not converted");
    if (o.members.size() != k * (k - 1) / 2)
      est.attr("estimators_").fail("has " + std::to_string(o.members.size()) + " estimators; " +
                                   std::to_string(k) + " classes make " + std::to_string(k * (k - 1) / 2) + " pairs");
    for (const BinaryMember& m : o.members)
      if (m.constant()) m.estimator().unsupported("a _ConstantPredictor pair member is not converted");
    return o;
  }
  int64_t k() const { return static_cast<int64_t>(classes.size()); }
};

// _ovr_decision_function's sum_of_confidences[:, c], summed in its order:
// pair k = (i, j) subtracts confidence k from class i, adds it to class j.
std::string confidence_sum(const Context& ctx, int64_t c, int64_t k, const std::vector<std::string>& confidences) {
  std::string acc;
  size_t pair = 0;
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = i + 1; j < k; ++j, ++pair) {
      if (c == i) acc = acc.empty() ? ctx.op("Neg", {confidences[pair]}) : ctx.op("Sub", {acc, confidences[pair]});
      if (c == j) acc = acc.empty() ? confidences[pair] : ctx.op("Add", {acc, confidences[pair]});
    }
  return acc;
}

// votes[:, c]: pairs (c, j) whose member predicted 0 plus pairs (i, c)
// whose member predicted 1, as Cast(predictions == v) @ [pair -> class].
std::string votes(const Context& ctx, int64_t k, const std::vector<std::string>& labels) {
  int64_t pairs = static_cast<int64_t>(labels.size());
  std::vector<double> to_first(static_cast<size_t>(pairs * k), 0.0), to_second(to_first.size(), 0.0);
  int64_t pair = 0;
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = i + 1; j < k; ++j, ++pair) {
      to_first[static_cast<size_t>(pair * k + i)] = 1.0;
      to_second[static_cast<size_t>(pair * k + j)] = 1.0;
    }
  std::vector<std::string> columns;
  for (const auto& l : labels) columns.push_back(ctx.op("Reshape", {l, ctx.add_int64s("column", {-1, 1}, {2})}));
  std::string predictions = concat_columns(ctx, columns);
  auto count = [&](int64_t value, const std::vector<double>& routing) {
    std::string hit = ctx.op("Equal", {predictions, ctx.add_int64s("prediction", {value}, {})});
    std::string as_float = ctx.op("Cast", {hit}, {Attr::i("to", ctx.float_type())});
    return ctx.op("MatMul", {as_float, ctx.add_floats("pair_to_class", routing, {pairs, k})});
  };
  return ctx.op("Add", {count(0, to_first), count(1, to_second)});
}

}  // namespace

std::vector<ValueType> OneVsOneConverter::infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  OneVsOne o = OneVsOne::read(est);
  for (const BinaryMember& m : o.members) m.check(ctx, inputs, false, true);
  int64_t rows = rows_of(inputs);
  return {ValueType::tensor("label", o.classes.elem_type(), {rows}),
          ValueType::tensor("probabilities", ctx.float_type(), {rows, o.k()})};
}

// decision = votes + s / (3 * (|s| + 1)), s the signed sum of confidences
// (_ovr_decision_function); predict = classes_[argmax] (first maximum), or
// for two classes decision[:, 1] > 0 (before 1.1) / > the first member's
// _threshold_for_binary_predict. `probabilities` is the whole [N, k]
// decision (skl2onnx's layout; scikit-learn returns only column 1 for two
// classes).
void OneVsOneConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                const std::vector<std::string>& outputs) {
  OneVsOne o = OneVsOne::read(est);
  std::vector<std::string> confidences, labels;
  for (BinaryMember& m : o.members) {
    confidences.push_back(m.predict_binary(ctx, inputs));
    labels.push_back(m.label(ctx, inputs));
  }
  std::vector<std::string> sums;
  for (int64_t c = 0; c < o.k(); ++c) sums.push_back(confidence_sum(ctx, c, o.k(), confidences));
  std::string s = concat_columns(ctx, sums);
  std::string scale = ctx.op("Mul", {ctx.add_floats("three", {3.0}, {}),
                                     ctx.op("Add", {ctx.op("Abs", {s}), ctx.add_floats("one", {1.0}, {})})});
  std::string decision = ctx.op("Add", {votes(ctx, o.k(), labels), ctx.op("Div", {s, scale})});
  ctx.add_node("Identity", {decision}, {outputs[1]});
  if (o.k() > 2) {
    sdk::emit_label(ctx, decision, o.classes, outputs[0]);
    return;
  }
  double threshold = o.version.at_least(1, 1) ? binary_threshold(o.members[0].methods()) : 0.0;
  std::string second = ctx.op("Slice", {decision, ctx.add_int64s("from", {1}, {1}), ctx.add_int64s("to", {2}, {1}),
                                        ctx.add_int64s("axis", {1}, {1})});
  ctx.add_node("Gather", {o.classes.add_initializer(ctx), flatten(ctx, above(ctx, second, threshold))}, {outputs[0]},
               {Attr::i("axis", 0)});
}

}  // namespace onnxconv::meta
