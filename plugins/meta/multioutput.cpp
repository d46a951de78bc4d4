#include "multioutput.hpp"

#include "ensemble_helpers.hpp"

#include <onnxconv/sdk/sklearn_version.hpp>

namespace onnxconv::meta {
namespace {

using sdk::Attr;
using sdk::Context;
using sdk::Kind;
using sdk::Object;
using sdk::SklearnVersion;
using sdk::ValueType;
using ensemble::fitted_members;  // estimators_: one member per target (chains: in order_)
using ensemble::member_name;
using ensemble::output_of_role;

std::vector<ValueType> planned_inputs(const Context& ctx, size_t n) {
  std::vector<ValueType> types;
  for (size_t i = 0; i < n; ++i) types.push_back(ctx.input_type(i));
  return types;
}

int64_t batch_of(const std::vector<ValueType>& inputs) { return inputs.empty() ? -1 : inputs[0].dim(0); }

// A member's one prediction per row ([N] or [N, 1]) as an [N, 1] column.
std::string as_column(const Context& ctx, const std::string& v) {
  return ctx.op("Reshape", {v, ctx.add_int64s("column", {-1, 1}, {2})});
}

// Column 1 of an [N, k] matrix as [N, 1]: predict_proba(X)[:, 1].
std::string second_column(const Context& ctx, const std::string& m) {
  return ctx.op("Slice", {m, ctx.add_int64s("from", {1}, {1}), ctx.add_int64s("to", {2}, {1}),
                          ctx.add_int64s("axis", {1}, {1})});
}

// Columns side by side into `out` (a fresh name when empty).
std::string concat_columns(const Context& ctx, const std::vector<std::string>& columns, const std::string& out = "") {
  std::string name = out.empty() ? ctx.unique_name("concat") : out;
  if (columns.size() == 1) ctx.add_node("Identity", {columns[0]}, {name});
  else ctx.add_node("Concat", columns, {name}, {Attr::i("axis", 1)});
  return name;
}

// One prediction per row of the model's float type: a member's `variable`.
void check_single_target(const Context& ctx, const Object& member, const ValueType& v) {
  if (v.kind != OC_VALUE_TENSOR || v.elem_type != ctx.float_type() || v.dims.size() > 2 ||
      (v.dims.size() == 2 && v.dim(1) != 1))
    member.fail("must predict one value per row of the model's float type (a single-target regressor)");
}

// A member classifier's probabilities as a plain [N, k] tensor; k >= 0.
int64_t probability_columns(const Context& ctx, const Object& member, const ValueType& p) {
  if (p.kind != OC_VALUE_TENSOR || p.elem_type != ctx.float_type() || p.dims.size() != 2)
    member.fail("its probabilities must be a [N, n_classes] tensor of the model's float type (is the zipmap "
                "option on?)");
  return p.dim(1);
}

// SequenceConstruct is ai.onnx opset 11.
void require_sequences(const Context& ctx, const Object& est) {
  if (ctx.opset("") < 11)
    est.unsupported("predict_proba's list of arrays is a sequence of tensors (SequenceConstruct), which needs "
                    "ai.onnx opset 11; this conversion targets opset " + std::to_string(ctx.opset("")));
}

}  // namespace

// ---------------------------------------------------------------- MultiOutputRegressor

// predict: np.asarray([e.predict(X) for e in estimators_]).T, [N, n_targets].
std::vector<ValueType> MultiOutputRegressorConverter::infer(Context& ctx, const Object& est,
                                                            const std::vector<ValueType>& inputs) {
  std::vector<Object> members = fitted_members(est);
  for (size_t i = 0; i < members.size(); ++i)
    check_single_target(ctx, members[i],
                        output_of_role(members[i], ctx.infer_sub(members[i], member_name(i), inputs), "variable"));
  return {ValueType::tensor("variable", ctx.float_type(), {batch_of(inputs), int64_t(members.size())})};
}

void MultiOutputRegressorConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                            const std::vector<std::string>& outputs) {
  std::vector<Object> members = fitted_members(est);
  std::vector<ValueType> types = planned_inputs(ctx, inputs.size());
  std::vector<std::string> columns;
  for (size_t i = 0; i < members.size(); ++i)
    columns.push_back(as_column(ctx, ctx.convert_sub(members[i], member_name(i), inputs, types)["variable"]));
  concat_columns(ctx, columns, outputs[0]);
}

// ---------------------------------------------------------------- MultiOutputClassifier

namespace {

// label: np.asarray([e.predict(X) ...]).T. numpy gives one array: integer
// labels stay integers, all-string labels strings; integers next to strings
// (an object Y) make an object array ONNX has no tensor for.
int32_t common_label_type(const std::vector<Object>& members, const std::vector<ValueType>& labels) {
  for (size_t i = 1; i < labels.size(); ++i)
    if (labels[i].elem_type != labels[0].elem_type)
      members[i].unsupported("its labels are " + std::string(labels[i].elem_type == OC_ELEM_STRING ? "strings" : "integers") +
                             " but estimators_[0]'s are " + (labels[0].elem_type == OC_ELEM_STRING ? "strings" : "integers") +
                             ": scikit-learn returns them as one object array, which no ONNX tensor holds");
  if (labels[0].elem_type != OC_ELEM_INT64 && labels[0].elem_type != OC_ELEM_STRING)
    members[0].fail("its labels must be integers or strings");
  return labels[0].elem_type;
}

}  // namespace

// label [N, n_outputs]; probabilities: predict_proba's list of n_outputs
// [N, n_classes_i] arrays as a sequence of tensors (skl2onnx's form).
std::vector<ValueType> MultiOutputClassifierConverter::infer(Context& ctx, const Object& est,
                                                             const std::vector<ValueType>& inputs) {
  std::vector<Object> members = fitted_members(est);
  require_sequences(ctx, est);
  std::vector<ValueType> labels;
  for (size_t i = 0; i < members.size(); ++i) {
    std::vector<ValueType> outs = ctx.infer_sub(members[i], member_name(i), inputs);
    labels.push_back(output_of_role(members[i], outs, "label"));
    probability_columns(ctx, members[i], output_of_role(members[i], outs, "probabilities"));
  }
  int64_t rows = batch_of(inputs);
  return {ValueType::tensor("label", common_label_type(members, labels), {rows, int64_t(members.size())}),
          ValueType::sequence_of_tensors("probabilities", ctx.float_type())};
}

void MultiOutputClassifierConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                             const std::vector<std::string>& outputs) {
  std::vector<Object> members = fitted_members(est);
  std::vector<ValueType> types = planned_inputs(ctx, inputs.size());
  std::vector<std::string> labels, probabilities;
  for (size_t i = 0; i < members.size(); ++i) {
    sdk::SubOutputs outs = ctx.convert_sub(members[i], member_name(i), inputs, types);
    labels.push_back(as_column(ctx, outs["label"]));
    probabilities.push_back(outs["probabilities"]);
  }
  concat_columns(ctx, labels, outputs[0]);
  ctx.add_node("SequenceConstruct", probabilities, {outputs[1]});
}

// ---------------------------------------------------------------- chains

namespace {

// What a ClassifierChain member appends to the next members' input.
enum class ChainFeature { Label, Probability, Decision };

struct Chain {
  bool classifier = false;
  std::vector<Object> members;  // members[p] predicts target order[p]
  std::vector<int64_t> order;
  ChainFeature feature = ChainFeature::Label;
  SklearnVersion version;

  static Chain read(const Object& est) {
    Chain c;
    c.classifier = est.has("classes_");
    c.members = fitted_members(est);
    c.version = SklearnVersion::of(est);
    c.order = permutation(est.attr("order_"), c.members.size());
    if (c.classifier) c.feature = chain_feature(est, c.version);
    return c;
  }

  // Target j is predicted at chain position inverse[j] (inv_order).
  std::vector<size_t> inverse() const {
    std::vector<size_t> inv(order.size());
    for (size_t p = 0; p < order.size(); ++p) inv[size_t(order[p])] = p;
    return inv;
  }

  // 1.5 computes predict_proba through _get_response_values, which gives
  // a binary member's positive column and refuses a multiclass member's
  // matrix; before, every member's predict_proba(X_aug)[:, 1].
  bool proba_needs_binary() const { return version.at_least(1, 5); }

 private:
  static std::vector<int64_t> permutation(const Object& order, size_t n) {
    std::vector<int64_t> values;
    if (order.kind() == Kind::Array) {
      values = order.to_int64s();
    } else if (order.kind() == Kind::List || order.kind() == Kind::Tuple) {
      for (size_t i = 0; i < order.size(); ++i) values.push_back(order[i].to_int());
    } else {
      order.fail("expected an array of target indices");
    }
    if (values.size() != n)
      order.fail("has " + std::to_string(values.size()) + " entries for " + std::to_string(n) + " fitted estimators");
    std::vector<bool> seen(n, false);
    for (int64_t v : values) {
      if (v < 0 || v >= int64_t(n) || seen[size_t(v)])
        order.fail("is not a permutation of 0.." + std::to_string(n - 1) + " (entry " + std::to_string(v) + ")");
      seen[size_t(v)] = true;
    }
    return values;
  }

  // chain_method_ (1.5+): what each member hands on. Before 1.5 the chain
  // always carried predicted labels.
  static ChainFeature chain_feature(const Object& est, const SklearnVersion& version) {
    auto method = est.find("chain_method_");
    if (!version.at_least(1, 5) || !method || method->is_none()) return ChainFeature::Label;
    std::string m = method->to_string();
    if (m == "predict") return ChainFeature::Label;
    if (m == "predict_proba") return ChainFeature::Probability;
    if (m == "decision_function") return ChainFeature::Decision;
    method->unsupported("chain_method '" + m + "' is not converted (predict, predict_proba and decision_function are)");
  }
};

// The width of a classifier member's probabilities (or of raw_scores'
// decision columns), -1 when it gives none.
int64_t probability_width(const Context& ctx, const Object& member, const std::vector<ValueType>& outs) {
  for (const auto& t : outs)
    if (t.name == "probabilities") return probability_columns(ctx, member, t);
  return -1;
}

// chain_method predict_proba / decision_function: _get_response_values
// hands on a binary member's one column and refuses a multiclass matrix.
void require_binary(const Object& member, int64_t width, const std::string& method, const std::string& what) {
  if (width != 2)
    member.unsupported("chain_method='" + method + "' hands on a binary classifier's " + what + "; this member gives " +
                       (width < 0 ? std::string("none") : std::to_string(width) + " columns"));
}

ValueType chain_input(const Context& ctx, const std::vector<ValueType>& inputs, size_t position) {
  int64_t features = inputs[0].dim(1);
  return ValueType::tensor("X", ctx.float_type(),
                           {inputs[0].dim(0), features < 0 ? -1 : features + int64_t(position)});
}

// The chain's members see X, then each earlier member's prediction as a
// column (np.hstack((X, previous_predictions))): one 2-D input only.
void check_chain_input(const Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  if (inputs.size() != 1 || inputs[0].kind != OC_VALUE_TENSOR || inputs[0].elem_type != ctx.float_type() ||
      inputs[0].dims.size() != 2)
    est.unsupported("a chain appends predictions to X: it needs the model's one [N, n_features] input of the "
                    "model's float type");
}

}  // namespace

// RegressorChain: variable [N, n_targets]. ClassifierChain: label
// [N, n_outputs] (scikit-learn returns the labels in a float64 array: only
// numeric classes fit there; they are given as int64) and, when every
// member has probabilities, predict_proba's [N, n_outputs] of each member's
// positive-class probability.
std::vector<ValueType> ChainConverter::infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  Chain c = Chain::read(est);
  check_chain_input(ctx, est, inputs);
  const int64_t rows = inputs[0].dim(0), n = int64_t(c.members.size());
  bool probabilities = c.classifier;
  for (size_t p = 0; p < c.members.size(); ++p) {
    const Object& m = c.members[p];
    const ValueType x_aug = chain_input(ctx, inputs, p);
    if (!c.classifier) {
      check_single_target(ctx, m, output_of_role(m, ctx.infer_sub(m, member_name(p), {x_aug}), "variable"));
      continue;
    }
    std::vector<ValueType> outs = ctx.infer_sub(m, member_name(p), {x_aug});
    if (output_of_role(m, outs, "label").elem_type != OC_ELEM_INT64)
      m.unsupported("ClassifierChain keeps predictions in a float array: its classes must be numbers");
    int64_t k = probability_width(ctx, m, outs);
    if (c.feature == ChainFeature::Probability) require_binary(m, k, "predict_proba", "positive-class probability");
    if (c.feature == ChainFeature::Decision)
      require_binary(m, probability_width(ctx, m, ctx.infer_sub(m, member_name(p), {x_aug}, decision_options(m))),
                     "decision_function", "decision value");
    probabilities = probabilities && k >= 2 && (k == 2 || !c.proba_needs_binary());
  }
  if (!c.classifier) return {ValueType::tensor("variable", ctx.float_type(), {rows, n})};
  std::vector<ValueType> out = {ValueType::tensor("label", OC_ELEM_INT64, {rows, n})};
  if (probabilities) out.push_back(ValueType::tensor("probabilities", ctx.float_type(), {rows, n}));
  return out;
}

void ChainConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                             const std::vector<std::string>& outputs) {
  Chain c = Chain::read(est);
  std::vector<ValueType> types = planned_inputs(ctx, inputs.size());
  std::vector<std::string> predictions, probabilities;  // per chain position, [N, 1]
  std::string x_aug = inputs[0];
  for (size_t p = 0; p < c.members.size(); ++p) {
    const Object& m = c.members[p];
    const ValueType x_aug_type = chain_input(ctx, types, p);
    std::string handed_on;
    if (!c.classifier) {
      predictions.push_back(as_column(ctx, ctx.convert_sub(m, member_name(p), {x_aug}, {x_aug_type})["variable"]));
      handed_on = predictions.back();
    } else {
      sdk::SubOutputs outs = ctx.convert_sub(m, member_name(p), {x_aug}, {x_aug_type});
      predictions.push_back(as_column(ctx, outs["label"]));
      if (outputs.size() > 1 || c.feature == ChainFeature::Probability)
        probabilities.push_back(second_column(ctx, outs["probabilities"]));
      if (c.feature == ChainFeature::Label)  // the class as a number
        handed_on = ctx.op("Cast", {predictions.back()}, {Attr::i("to", ctx.float_type())});
      else if (c.feature == ChainFeature::Probability)
        handed_on = probabilities.back();
      else  // raw_scores' binary [-d, d]: d
        handed_on = second_column(
            ctx, ctx.convert_sub(m, member_name(p), {x_aug}, {x_aug_type}, decision_options(m))["probabilities"]);
    }
    if (p + 1 < c.members.size()) x_aug = concat_columns(ctx, {x_aug, handed_on});
  }
  // Back to target order: Y_chain[:, inv_order].
  std::vector<std::string> by_target_label, by_target_proba;
  for (size_t p : c.inverse()) {
    by_target_label.push_back(predictions[p]);
    if (outputs.size() > 1) by_target_proba.push_back(probabilities[p]);
  }
  concat_columns(ctx, by_target_label, outputs[0]);
  if (outputs.size() > 1) concat_columns(ctx, by_target_proba, outputs[1]);
}

}  // namespace onnxconv::meta
