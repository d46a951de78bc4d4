#include "voting.hpp"

#include <onnxconv/sdk/classifier.hpp>

#include <cmath>

namespace onnxconv::meta {
namespace {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Context;
using sdk::Object;
using sdk::SubOutputs;
using sdk::ValueType;

// The fitted members (estimators_, which skips the 'drop'ped ones) and the
// weight of each, as _weights_not_none pairs them: `weights` has one entry
// per entry of `estimators`, dropped ones included.
struct Members {
  std::vector<Object> fitted;
  std::vector<double> weights;  // empty: unweighted (np.average's plain mean)

  static Members read(const Object& est) {
    Members m;
    Object fitted = est.attr("estimators_");
    Object declared = est.attr("estimators");
    size_t live = 0;
    std::vector<bool> dropped;
    for (size_t i = 0; i < declared.size(); ++i) {
      Object member = declared[i];
      Object value = member.size() == 2 ? member[1] : member;
      bool drop = value.is_none() || value.is_string("drop");  // None: dropped before 0.24
      dropped.push_back(drop);
      live += drop ? 0 : 1;
    }
    if (fitted.size() != live || live == 0)
      fitted.fail("has " + std::to_string(fitted.size()) + " fitted estimators; `estimators` names " +
                  std::to_string(live) + " that are not 'drop' (is it fitted?)");
    for (size_t i = 0; i < fitted.size(); ++i) m.fitted.push_back(fitted[i]);
    auto w = est.find("weights");
    if (!w || w->is_none()) return m;
    std::vector<double> all = w->kind() == sdk::Kind::Array ? w->to_doubles() : list_of_numbers(*w);
    if (all.size() != dropped.size())
      w->fail("has " + std::to_string(all.size()) + " weights for " + std::to_string(dropped.size()) + " estimators");
    for (size_t i = 0; i < all.size(); ++i) {
      if (!std::isfinite(all[i])) w->fail("weight " + std::to_string(i) + " is not finite");
      if (!dropped[i]) m.weights.push_back(all[i]);
    }
    return m;
  }

  std::string member(size_t i) const { return "estimators_[" + std::to_string(i) + "]"; }
  double weight(size_t i) const { return weights.empty() ? 1.0 : weights[i]; }
  // np.average's divisor: the weights' sum, or the count.
  double divisor(const Object& est) const {
    if (weights.empty()) return static_cast<double>(fitted.size());
    double sum = 0;
    for (double w : weights) sum += w;
    if (sum == 0) est.attr("weights").fail("weights sum to zero");
    return sum;
  }

 private:
  static std::vector<double> list_of_numbers(const Object& list) {
    std::vector<double> out;
    for (size_t i = 0; i < list.size(); ++i) out.push_back(list[i].to_double());
    return out;
  }
};

const ValueType& output_of_role(const Object& member, const std::vector<ValueType>& outs, const std::string& role) {
  for (const auto& t : outs)
    if (t.name == role) return t;
  member.fail("its conversion gives no '" + role + "' output");
}

std::vector<ValueType> input_types(const Context& ctx, size_t n) {
  std::vector<ValueType> types;
  for (size_t i = 0; i < n; ++i) types.push_back(ctx.input_type(i));
  return types;
}

// sum_i w_i * values_i, in the members' order (as numpy sums over axis 0),
// in element type `elem`; a weight of one needs no Mul.
std::string weighted_sum(const Context& ctx, const std::vector<std::string>& values,
                         const std::vector<double>& weights, int32_t elem) {
  std::string acc;
  for (size_t i = 0; i < values.size(); ++i) {
    std::string term = values[i];
    double w = weights.empty() ? 1.0 : weights[i];
    if (!weights.empty() && w != 1.0) {
      std::string wt = elem == OC_ELEM_DOUBLE ? ctx.add_initializer("weight", OC_ELEM_DOUBLE, {}, &w)
                                              : ctx.add_floats("weight", {w}, {});
      term = ctx.op("Mul", {term, wt});
    }
    acc = acc.empty() ? term : ctx.op("Add", {acc, term});
  }
  return acc;
}

bool is_soft(const Object& est) {
  std::string voting = est.attr("voting").to_string();
  if (voting != "soft" && voting != "hard") est.attr("voting").fail("expected 'soft' or 'hard', got '" + voting + "'");
  return voting == "soft";
}

}  // namespace

// Soft voting: label = classes_[argmax(probabilities)], probabilities the
// weighted mean of the members' predict_proba. Hard voting: each member
// predicts an index into classes_ (VotingClassifier fits them on
// le_.transform(y)); the label is the class with the largest sum of weights
// of its votes, the first such class on a tie (np.argmax of np.bincount).
// Hard voting has no predict_proba in scikit-learn: label only.
std::vector<ValueType> VotingClassifierConverter::infer(Context& ctx, const Object& est,
                                                        const std::vector<ValueType>& inputs) {
  ClassLabels classes = ClassLabels::read(est.attr("classes_"));
  Members m = Members::read(est);
  bool soft = is_soft(est);
  const int64_t k = static_cast<int64_t>(classes.size());
  int64_t rows = inputs.empty() ? -1 : inputs[0].dim(0);
  for (size_t i = 0; i < m.fitted.size(); ++i) {
    std::vector<ValueType> outs = ctx.infer_sub(m.fitted[i], m.member(i), inputs);
    if (soft) {
      const ValueType& p = output_of_role(m.fitted[i], outs, "probabilities");
      if (p.kind != OC_VALUE_TENSOR || p.elem_type != ctx.float_type() || p.dims.size() != 2 || p.dim(1) != k)
        m.fitted[i].fail("soft voting needs its probabilities as a [N, " + std::to_string(k) +
                         "] tensor of the model's float type (is the zipmap option on?)");
    } else {
      const ValueType& l = output_of_role(m.fitted[i], outs, "label");
      if (l.elem_type != OC_ELEM_INT64)
        m.fitted[i].fail("hard voting needs integer labels (indices into classes_)");
    }
  }
  std::vector<ValueType> out = {ValueType::tensor("label", classes.elem_type(), {rows})};
  if (soft) out.push_back(ValueType::tensor("probabilities", ctx.float_type(), {rows, k}));
  return out;
}

void VotingClassifierConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                        const std::vector<std::string>& outputs) {
  ClassLabels classes = ClassLabels::read(est.attr("classes_"));
  Members m = Members::read(est);
  std::vector<ValueType> types = input_types(ctx, inputs.size());
  const int64_t k = static_cast<int64_t>(classes.size());
  std::vector<std::string> parts;
  if (is_soft(est)) {
    for (size_t i = 0; i < m.fitted.size(); ++i)
      parts.push_back(ctx.convert_sub(m.fitted[i], m.member(i), inputs, types)["probabilities"]);
    std::string sum = weighted_sum(ctx, parts, m.weights, ctx.float_type());
    ctx.add_node("Div", {sum, ctx.add_floats("divisor", {m.divisor(est)}, {})}, {outputs[1]});
    sdk::emit_label(ctx, outputs[1], classes, outputs[0]);
    return;
  }
  // Votes are counted in double, as np.bincount sums weights in float64.
  std::vector<int64_t> indices(static_cast<size_t>(k));
  for (int64_t c = 0; c < k; ++c) indices[static_cast<size_t>(c)] = c;
  std::string class_row = ctx.add_int64s("class_indices", indices, {1, k});
  std::string column = ctx.add_int64s("column", {-1, 1}, {2});
  for (size_t i = 0; i < m.fitted.size(); ++i) {
    std::string label = ctx.convert_sub(m.fitted[i], m.member(i), inputs, types)["label"];
    std::string vote = ctx.op("Equal", {ctx.op("Reshape", {label, column}), class_row});
    parts.push_back(ctx.op("Cast", {vote}, {Attr::i("to", OC_ELEM_DOUBLE)}));
  }
  sdk::emit_label(ctx, weighted_sum(ctx, parts, m.weights, OC_ELEM_DOUBLE), classes, outputs[0]);
}

// predict: the weighted mean of the members' predictions (np.average).
std::vector<ValueType> VotingRegressorConverter::infer(Context& ctx, const Object& est,
                                                       const std::vector<ValueType>& inputs) {
  Members m = Members::read(est);
  int64_t rows = inputs.empty() ? -1 : inputs[0].dim(0);
  for (size_t i = 0; i < m.fitted.size(); ++i) {
    std::vector<ValueType> outs = ctx.infer_sub(m.fitted[i], m.member(i), inputs);
    const ValueType& v = output_of_role(m.fitted[i], outs, "variable");
    if (v.elem_type != ctx.float_type() || v.dims.size() != 2 || v.dim(1) != 1)
      m.fitted[i].fail("must predict one value per row of the model's float type");
  }
  return {ValueType::tensor("variable", ctx.float_type(), {rows, 1})};
}

void VotingRegressorConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                       const std::vector<std::string>& outputs) {
  Members m = Members::read(est);
  std::vector<ValueType> types = input_types(ctx, inputs.size());
  std::vector<std::string> parts;
  for (size_t i = 0; i < m.fitted.size(); ++i)
    parts.push_back(ctx.convert_sub(m.fitted[i], m.member(i), inputs, types)["variable"]);
  std::string sum = weighted_sum(ctx, parts, m.weights, ctx.float_type());
  ctx.add_node("Div", {sum, ctx.add_floats("divisor", {m.divisor(est)}, {})}, {outputs[0]});
}

}  // namespace onnxconv::meta
