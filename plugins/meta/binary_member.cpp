#include "binary_member.hpp"

namespace onnxconv::meta {
namespace {

using sdk::Attr;
using sdk::Context;
using sdk::Object;
using sdk::SubOutputs;
using sdk::ValueType;

const ValueType* find_role(const std::vector<ValueType>& outs, const std::string& role) {
  for (const auto& t : outs)
    if (t.name == role) return &t;
  return nullptr;
}

bool is_constant_predictor(const Object& est) {
  return est.kind() == sdk::Kind::Instance && est.class_name() == "sklearn.multiclass._ConstantPredictor";
}

// _ConstantPredictor.y_: np.unique of a 0/1 column, one value.
double constant_value(const Object& est) {
  Object y = est.attr("y_");
  std::vector<double> v = y.kind() == sdk::Kind::Array ? y.to_doubles() : std::vector<double>{y.to_double()};
  if (v.size() != 1 || (v[0] != 0.0 && v[0] != 1.0))
    y.fail("expected the one target value 0 or 1 of a _ConstantPredictor, got " + std::to_string(v.size()) +
           " values");
  return v[0];
}

// raw_scores puts the decision function in `probabilities` (binary
// [-d, d]). Members get no model-level option (zipmap...), so no option
// gives plain predict_proba.
sdk::SubOptions member_options(bool raw) {
  if (raw) return {{"raw_scores", "true"}};
  return {};
}

}  // namespace

std::vector<ValueType> planned_input_types(const Context& ctx, size_t n) {
  std::vector<ValueType> types;
  for (size_t i = 0; i < n; ++i) types.push_back(ctx.input_type(i));
  return types;
}

BinaryMember::BinaryMember(const Object& est, std::string path)
    : est_(est), path_(std::move(path)), methods_(ResponseMethods::of(est)) {
  if (is_constant_predictor(est)) constant_ = constant_value(est);
}

std::vector<ValueType> BinaryMember::infer_conversion(Context& ctx, const std::vector<ValueType>& inputs,
                                                      bool raw) const {
  try {
    return ctx.infer_sub(est_, member_path(raw), inputs, member_options(raw));
  } catch (const sdk::Error& e) {
    if (!raw || e.kind() != OC_ERROR_BAD_OPTION) throw;
    // e.g. AdaBoostClassifier: scikit-learn scores it by decision_function,
    // which its converter does not offer (no raw_scores).
    est_.unsupported("scikit-learn scores this member by its decision_function (it has both decision_function and "
                     "predict_proba), which its converter does not output (" + std::string(e.what()) + ")");
  }
}

void BinaryMember::check(Context& ctx, const std::vector<ValueType>& inputs, bool positive_proba, bool label) const {
  if (constant()) {
    if (label) est_.unsupported("a _ConstantPredictor's labels are not converted here");
    return;
  }
  if (!methods_.classifier) est_.unsupported("is not a classifier (regressor members are not converted)");
  if (positive_proba && !methods_.predict_proba)
    est_.unsupported("has no predict_proba, which scikit-learn calls on every member here");
  std::vector<bool> conversions = {scores_raw()};  // the raw_scores flag of each conversion needed
  if (positive_proba && scores_raw()) conversions.push_back(false);
  for (bool raw : conversions) {
    std::vector<ValueType> outs = infer_conversion(ctx, inputs, raw);
    const ValueType* p = find_role(outs, "probabilities");
    if (p == nullptr || p->kind != OC_VALUE_TENSOR || p->elem_type != ctx.float_type() || p->dims.size() != 2 ||
        p->dim(1) != 2)
      est_.fail(std::string("its conversion must give ") + (raw ? "decision scores" : "probabilities") +
                " as a [N, 2] tensor of the model's float type (a binary member fitted on 0/1 targets)");
    const ValueType* l = find_role(outs, "label");
    if (label && raw == scores_raw() && (l == nullptr || l->elem_type != OC_ELEM_INT64))
      est_.fail("its conversion must give integer labels (0 or 1)");
  }
}

const SubOutputs& BinaryMember::converted(Context& ctx, const std::vector<std::string>& inputs, bool raw) {
  std::optional<SubOutputs>& slot = raw ? raw_ : plain_;
  if (!slot) {
    std::vector<ValueType> types = planned_input_types(ctx, inputs.size());
    slot = ctx.convert_sub(est_, member_path(raw), inputs, types, member_options(raw));
  }
  return *slot;
}

std::string BinaryMember::second_column(Context& ctx, const std::string& probabilities) const {
  return ctx.op("Slice", {probabilities, ctx.add_int64s("from", {1}, {1}), ctx.add_int64s("to", {2}, {1}),
                          ctx.add_int64s("axis", {1}, {1})});
}

// [N, 1] filled with y_: N from the first input's first dimension.
std::string BinaryMember::constant_column(Context& ctx, const std::vector<std::string>& inputs) const {
  std::string rows = ctx.op("Slice", {ctx.op("Shape", {inputs.at(0)}), ctx.add_int64s("from", {0}, {1}),
                                      ctx.add_int64s("to", {1}, {1})});
  std::string shape = ctx.op("Concat", {rows, ctx.add_int64s("one", {1}, {1})}, {Attr::i("axis", 0)});
  return ctx.op("Expand", {ctx.add_floats("constant_y", {*constant_}, {1, 1}), shape});
}

// The second column of the member's probabilities in the conversion with
// (raw) or without the raw_scores option; a _ConstantPredictor's y_ (its
// decision_function and predict_proba[:, 1] alike). Made once each.
std::string BinaryMember::second_column_of(Context& ctx, const std::vector<std::string>& inputs, bool raw) {
  std::string& column = constant() ? constant_column_ : (raw ? raw_column_ : plain_column_);
  if (column.empty())
    column = constant() ? constant_column(ctx, inputs) : second_column(ctx, converted(ctx, inputs, raw)["probabilities"]);
  return column;
}

std::string BinaryMember::predict_binary(Context& ctx, const std::vector<std::string>& inputs) {
  return second_column_of(ctx, inputs, scores_raw());
}

std::string BinaryMember::positive_proba(Context& ctx, const std::vector<std::string>& inputs) {
  return second_column_of(ctx, inputs, false);
}

std::string BinaryMember::label(Context& ctx, const std::vector<std::string>& inputs) {
  return converted(ctx, inputs, scores_raw())["label"];  // raw_scores leaves the label as it is
}

}  // namespace onnxconv::meta
