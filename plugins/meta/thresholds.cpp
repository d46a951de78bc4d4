#include "thresholds.hpp"

#include "response_methods.hpp"

#include <onnxconv/sdk/classifier.hpp>

#include <cmath>
#include <optional>

namespace onnxconv::meta {
namespace {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Context;
using sdk::Kind;
using sdk::Object;
using sdk::ValueType;

// The positive class's index in `classes`, for a pos_label value read from
// the file (a Python int, str, float or a numpy scalar).
size_t class_index(const ClassLabels& classes, const Object& label) {
  if (label.kind() == Kind::String && classes.is_string()) {
    std::string v = label.to_string();
    for (size_t i = 0; i < classes.size(); ++i)
      if (classes.strings()[i] == v) return i;
    label.fail("pos_label '" + v + "' is not one of classes_");
  }
  bool number = label.kind() == Kind::Int || label.kind() == Kind::Bool || label.kind() == Kind::Float ||
                (label.kind() == Kind::Array && label.array_info().size == 1);
  if (number && !classes.is_string()) {
    double v = label.kind() == Kind::Array ? label.to_doubles()[0] : label.to_double();
    for (size_t i = 0; i < classes.size(); ++i)
      if (static_cast<double>(classes.ints()[i]) == v) return i;
    std::string shown = v == std::floor(v) && std::fabs(v) < 1e15 ? std::to_string(static_cast<int64_t>(v))
                                                                 : std::to_string(v);
    label.fail("pos_label " + shown + " is not one of classes_");
  }
  label.fail("pos_label is not a label of classes_' type");
}

// pos_label of f1_score-like metrics whose default is 1 (signature default,
// as _CurveScorer._get_pos_label reads it); metrics without the parameter
// give None.
std::optional<Object> scorer_pos_label(const Object& scorer, bool& default_one) {
  default_one = false;
  Object kwargs = scorer.attr("_kwargs");
  for (size_t i = 0; i < kwargs.size(); ++i) {
    auto [key, value] = kwargs.dict_item(i);
    if (key.is_string("pos_label")) return value;
  }
  Object func = scorer.attr("_score_func");
  std::string name = func.short_class_name();
  static const char* with_default_one[] = {"f1_score", "fbeta_score", "precision_score", "recall_score",
                                           "jaccard_score", "average_precision_score"};
  static const char* without[] = {"balanced_accuracy_score", "accuracy_score", "matthews_corrcoef",
                                  "cohen_kappa_score", "roc_auc_score", "log_loss", "hinge_loss",
                                  "zero_one_loss", "hamming_loss"};
  for (const char* n : with_default_one)
    if (name == n) {
      default_one = true;
      return std::nullopt;
    }
  for (const char* n : without)
    if (name == n) return std::nullopt;
  func.unsupported("cannot tell the pos_label of score function '" + func.class_name() + "'");
}

// What predict does: score >= threshold gives classes[positive], else
// classes[negative]; the score is predict_proba's column of the positive
// class or the decision function (negated when the positive class is
// classes_[0], _process_decision_function).
struct ThresholdRule {
  Object member;
  ClassLabels classes;
  size_t positive = 1;
  bool decision = false;       // the response is decision_function
  bool member_has_proba = true;
  double threshold = 0;

  static ThresholdRule read(const Object& est) {
    auto fitted = est.find("estimator_");
    ThresholdRule r{fitted ? *fitted : est.attr("estimator"), {}, 1, false, true, 0};
    r.classes = ClassLabels::read(classes_of(r.member));
    if (r.classes.size() != 2)
      r.member.unsupported("its classes_ has " + std::to_string(r.classes.size()) +
                           " classes; threshold classifiers are binary");
    r.read_response(est);
    r.read_positive(est);
    r.read_threshold(est);
    return r;
  }

 private:
  void read_response(const Object& est) {
    std::string method = est.attr("response_method").to_string();
    member_has_proba = ResponseMethods::of(member).predict_proba;
    if (method == "auto") {
      decision = !member_has_proba;
    } else if (method == "decision_function" || method == "predict_proba") {
      decision = method == "decision_function";
    } else {
      est.attr("response_method").fail("unknown response_method '" + method + "'");
    }
  }

  void read_positive(const Object& est) {
    std::optional<Object> label;
    if (est.has("best_threshold_")) {
      bool default_one = false;
      label = scorer_pos_label(est.attr("_curve_scorer"), default_one);
      if (default_one) {  // pos_label=1, which must be a class
        if (classes.is_string()) est.attr("_curve_scorer").fail("its default pos_label 1 is not one of classes_");
        for (size_t i = 0; i < 2; ++i)
          if (classes.ints()[i] == 1) positive = i;
        if (classes.ints()[positive] != 1) est.attr("_curve_scorer").fail("its default pos_label 1 is not one of classes_");
        return;
      }
    } else {
      label = est.attr("pos_label");
    }
    positive = label && !label->is_none() ? class_index(classes, *label) : 1;  // None: classes_[-1]
  }

  void read_threshold(const Object& est) {
    if (est.has("best_threshold_")) {
      threshold = est.attr("best_threshold_").to_double();
    } else {
      Object t = est.attr("threshold");
      if (t.kind() == Kind::String) {
        if (!t.is_string("auto")) t.fail("expected 'auto' or a number");
        threshold = decision ? 0.0 : 0.5;
      } else {
        threshold = t.kind() == Kind::Array ? t.to_doubles().at(0) : t.to_double();
      }
    }
    if (std::isnan(threshold)) est.fail("the decision threshold is NaN");
  }
};

const ValueType* find_role(const std::vector<ValueType>& outs, const std::string& role) {
  for (const auto& t : outs)
    if (t.name == role) return &t;
  return nullptr;
}

// The member's probabilities: a [N, 2] tensor of the model's float type.
void check_two_columns(const Context& ctx, const Object& member, const std::vector<ValueType>& outs,
                       const char* what) {
  const ValueType* p = find_role(outs, "probabilities");
  if (p == nullptr) member.fail("its conversion gives no 'probabilities' output");
  if (p->kind != OC_VALUE_TENSOR || p->elem_type != ctx.float_type() || p->dims.size() != 2 || p->dim(1) != 2)
    member.fail(std::string("its ") + what + " must be a [N, 2] tensor of the model's float type (zipmap?)");
}

}  // namespace

std::vector<ValueType> ThresholdClassifierConverter::infer(Context& ctx, const Object& est,
                                                           const std::vector<ValueType>& inputs) {
  ThresholdRule r = ThresholdRule::read(est);
  sdk::require_opset(ctx, est, 12);  // GreaterOrEqual
  check_two_columns(ctx, r.member, ctx.infer_sub(r.member, "estimator_", inputs),
                    "probabilities");
  if (r.decision && r.member_has_proba)
    check_two_columns(ctx, r.member, ctx.infer_sub(r.member, "estimator_", inputs, decision_options(r.member)),
                      "decision function (raw_scores)");
  int64_t rows = inputs.empty() ? -1 : inputs[0].dim(0);
  return {ValueType::tensor("label", r.classes.elem_type(), {rows}),
          ValueType::tensor("probabilities", ctx.float_type(), {rows, 2})};
}

// label = [negative, positive][score >= threshold]; probabilities = the
// member's (predict_proba, or its decision as [-d, d] when it has none).
void ThresholdClassifierConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                           const std::vector<std::string>& outputs) {
  ThresholdRule r = ThresholdRule::read(est);
  std::vector<ValueType> types;
  for (size_t i = 0; i < inputs.size(); ++i) types.push_back(ctx.input_type(i));
  std::string probabilities =
      ctx.convert_sub(r.member, "estimator_", inputs, types)["probabilities"];
  // A member with predict_proba is converted a second time for its
  // decision function (the host gives each conversion its own names).
  std::string response = r.decision && r.member_has_proba
                             ? ctx.convert_sub(r.member, "estimator_", inputs, types,
                                               decision_options(r.member))["probabilities"]
                             : probabilities;
  // Column `positive` of [p0, p1] or of [-d, d]: the score as scikit-learn
  // orients it for the positive class.
  std::string column = ctx.add_int64s("positive_column", {static_cast<int64_t>(r.positive)}, {1});
  std::string score = ctx.op("Gather", {response, column}, {Attr::i("axis", 1)});
  std::string above = ctx.op("GreaterOrEqual", {score, ctx.add_floats("threshold", {r.threshold}, {})});
  std::string index = ctx.op("Cast", {above}, {Attr::i("to", OC_ELEM_INT64)});
  std::string flat = ctx.op("Reshape", {index, ctx.add_int64s("rows", {-1}, {1})});
  ClassLabels ordered = r.classes.is_string()
                            ? ClassLabels::from_strings({r.classes.strings()[1 - r.positive],
                                                         r.classes.strings()[r.positive]})
                            : ClassLabels::from_ints({r.classes.ints()[1 - r.positive], r.classes.ints()[r.positive]});
  ctx.add_node("Gather", {ordered.add_initializer(ctx, "negative_positive"), flat}, {outputs[0]}, {Attr::i("axis", 0)});
  ctx.add_node("Identity", {probabilities}, {outputs[1]});
}

}  // namespace onnxconv::meta
