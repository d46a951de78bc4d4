#include "stacking.hpp"

#include "response_methods.hpp"

#include <onnxconv/sdk/classifier.hpp>

namespace onnxconv::meta {
namespace {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Context;
using sdk::Object;
using sdk::ValueType;

// One member's column block in the meta features.
enum class Method { PredictProba, DecisionFunction, Predict };

struct Stack {
  bool classifier = false;
  std::vector<Object> members;   // estimators_ ('drop' already left out)
  std::vector<Method> methods;   // stack_method_, one per member
  bool passthrough = false;
  int64_t n_classes = 0;         // classifiers

  static Stack read(const Object& est) {
    Stack s;
    s.classifier = est.has("classes_");
    Object fitted = est.attr("estimators_");
    for (size_t i = 0; i < fitted.size(); ++i) s.members.push_back(fitted[i]);
    if (s.members.empty()) fitted.fail("no fitted estimators (every one is 'drop'?)");
    if (s.classifier) {
      s.n_classes = static_cast<int64_t>(ClassLabels::read(est.attr("classes_")).size());
      Object methods = est.attr("stack_method_");
      if (methods.size() != s.members.size())
        methods.fail("has " + std::to_string(methods.size()) + " entries for " + std::to_string(s.members.size()) +
                     " fitted estimators");
      for (size_t i = 0; i < methods.size(); ++i) {
        std::string m = methods[i].to_string();
        if (m == "predict_proba") s.methods.push_back(Method::PredictProba);
        else if (m == "decision_function") s.methods.push_back(Method::DecisionFunction);
        else if (m == "predict") s.methods.push_back(Method::Predict);
        else
          methods[i].unsupported("stack method '" + m +
                                 "' is not converted (predict_proba, decision_function and predict are)");
      }
    } else {
      s.methods.assign(s.members.size(), Method::Predict);
    }
    auto p = est.find("passthrough");
    s.passthrough = p && !p->is_none() && p->to_bool();
    return s;
  }

  std::string member(size_t i) const { return "estimators_[" + std::to_string(i) + "]"; }
  // The columns member i adds (_concatenate_predictions): predict gives
  // one; predict_proba all the classes, or the second only for a binary
  // problem; decision_function its columns, or one (d, 1-D in scikit-learn)
  // for a binary problem: the second of the converter's [-d, d].
  int64_t width(size_t i, int64_t columns) const {
    if (methods[i] == Method::Predict) return 1;
    return n_classes == 2 ? 1 : columns;
  }
  bool second_column_only(size_t i) const { return methods[i] != Method::Predict && n_classes == 2; }
  const char* role(size_t i) const {
    if (methods[i] != Method::Predict) return "probabilities";
    return classifier ? "label" : "variable";
  }
  // A member's probabilities are its decision function where that is what
  // is stacked.
  sdk::SubOptions options(size_t i) const {
    if (methods[i] == Method::DecisionFunction) return decision_options(members[i]);
    return {};
  }
};

const ValueType& find_role(const Object& where, const std::vector<ValueType>& outs, const std::string& role) {
  for (const auto& t : outs)
    if (t.name == role) return t;
  where.fail("its conversion gives no '" + role + "' output");
}

// The meta features' type after checking each member's output.
ValueType meta_type(Context& ctx, const Stack& s, const std::vector<ValueType>& inputs) {
  int64_t width = 0;
  for (size_t i = 0; i < s.members.size(); ++i) {
    std::vector<ValueType> outs = ctx.infer_sub(s.members[i], s.member(i), inputs, s.options(i));
    const ValueType& t = find_role(s.members[i], outs, s.role(i));
    if (t.kind != OC_VALUE_TENSOR) s.members[i].fail("its " + std::string(s.role(i)) + " is not a tensor (zipmap?)");
    if (s.methods[i] == Method::PredictProba && (t.dims.size() != 2 || t.dim(1) != s.n_classes))
      s.members[i].fail("predict_proba must give [N, " + std::to_string(s.n_classes) + "]");
    if (s.methods[i] == Method::DecisionFunction &&
        (t.dims.size() != 2 || t.dim(1) <= 0 || (s.n_classes == 2 && t.dim(1) != 2)))
      s.members[i].fail("decision_function must give [N, columns] (binary: [-d, d])");
    width += s.width(i, t.dims.size() == 2 ? t.dim(1) : 1);
  }
  if (s.passthrough) {
    if (inputs.size() != 1 || inputs[0].dims.size() != 2)
      s.members[0].unsupported("passthrough=True needs the model's one [N, k] input");
    width = inputs[0].dim(1) < 0 ? -1 : width + inputs[0].dim(1);
  }
  return ValueType::tensor("meta_features", ctx.float_type(), {inputs.empty() ? -1 : inputs[0].dim(0), width});
}

}  // namespace

std::vector<ValueType> StackingConverter::infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  Stack s = Stack::read(est);
  ValueType meta = meta_type(ctx, s, inputs);
  std::vector<ValueType> final_outs = ctx.infer_sub(est.attr("final_estimator_"), "final_estimator_", {meta});
  int64_t rows = meta.dim(0);
  if (!s.classifier) {
    const ValueType& v = find_role(est.attr("final_estimator_"), final_outs, "variable");
    return {ValueType::tensor("variable", ctx.float_type(), v.dims.empty() ? std::vector<int64_t>{rows, 1} : v.dims)};
  }
  ClassLabels classes = ClassLabels::read(est.attr("classes_"));
  const ValueType& label = find_role(est.attr("final_estimator_"), final_outs, "label");
  if (label.elem_type != OC_ELEM_INT64) est.attr("final_estimator_").fail("its labels must be indices into classes_");
  const ValueType& p = find_role(est.attr("final_estimator_"), final_outs, "probabilities");
  if (p.kind != OC_VALUE_TENSOR || p.dim(1) != s.n_classes)
    est.attr("final_estimator_").fail("its probabilities must be a [N, " + std::to_string(s.n_classes) + "] tensor");
  return {ValueType::tensor("label", classes.elem_type(), {rows}),
          ValueType::tensor("probabilities", ctx.float_type(), {rows, s.n_classes})};
}

void StackingConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                const std::vector<std::string>& outputs) {
  Stack s = Stack::read(est);
  std::vector<ValueType> types;
  for (size_t i = 0; i < inputs.size(); ++i) types.push_back(ctx.input_type(i));
  ValueType meta = meta_type(ctx, s, types);
  std::string column = ctx.add_int64s("column", {-1, 1}, {2});
  std::vector<std::string> parts;
  for (size_t i = 0; i < s.members.size(); ++i) {
    std::string v = ctx.convert_sub(s.members[i], s.member(i), inputs, types, s.options(i))[s.role(i)];
    if (s.second_column_only(i))  // preds[:, 1:], or d of [-d, d]
      v = ctx.op("Slice", {v, ctx.add_int64s("from", {1}, {1}), ctx.add_int64s("to", {2}, {1}),
                           ctx.add_int64s("axis", {1}, {1})});
    else if (s.methods[i] == Method::Predict)  // a 1-D prediction becomes a column
      v = ctx.op("Reshape", {v, column});
    if (s.methods[i] == Method::Predict && s.classifier)  // class indices as numbers
      v = ctx.op("Cast", {v}, {Attr::i("to", ctx.float_type())});
    parts.push_back(v);
  }
  if (s.passthrough) parts.push_back(inputs[0]);
  std::string features = parts.size() == 1 ? parts[0] : ctx.op("Concat", parts, {Attr::i("axis", 1)});
  auto final_outs = ctx.convert_sub(est.attr("final_estimator_"), "final_estimator_", {features}, {meta});
  if (!s.classifier) {
    ctx.add_node("Identity", {final_outs["variable"]}, {outputs[0]});
    return;
  }
  // The final estimator was fitted on encoded labels: map back to classes_.
  ClassLabels classes = ClassLabels::read(est.attr("classes_"));
  ctx.add_node("Gather", {classes.add_initializer(ctx), final_outs["label"]}, {outputs[0]}, {Attr::i("axis", 0)});
  ctx.add_node("Identity", {final_outs["probabilities"]}, {outputs[1]});
}

}  // namespace onnxconv::meta
