#include "branches.h"

#include "sklearn_common.h"
#include "../topology.h"

#include <onnxconv/engine.h>

#include <algorithm>
#include <optional>

namespace onnxconv {
namespace {

// transformer_weights[name], when given.
std::optional<double> weight_of(const py::Value& composite, const std::string& name, const std::string& path) {
  const py::Value* weights = composite.get("transformer_weights");
  if (weights == nullptr || weights->kind == py::Kind::None) return std::nullopt;
  if (weights->kind != py::Kind::Dict) throw Error(path + ": transformer_weights is not a dict");
  for (size_t i = 0; i < weights->items.size(); ++i) {
    if (!is_string(*weights->items[i], name.c_str())) continue;
    const py::Value& w = *weights->values[i];
    if (w.kind == py::Kind::Float) return w.f;
    if (w.kind == py::Kind::Int) return static_cast<double>(w.i);
    throw Error(path + ": transformer_weights['" + name + "'] is " + w.type_name() + ", not a number");
  }
  return std::nullopt;
}

}  // namespace

const py::Value* branch_transformer(const py::Value& trans, const std::string& path) {
  if (is_passthrough(trans)) return nullptr;
  if (trans.kind == py::Kind::String)
    throw Error(path + ": unknown transformer '" + trans.s + "' (expected 'drop', 'passthrough' or an estimator)");
  return &trans;
}

void check_one_input(const CompositeCall& call) {
  if (call.inputs.size() != 1 && !call.table)
    throw Error(call.path + ": " + call.estimator.name + " takes one input, got " +
                std::to_string(call.inputs.size()));
}

size_t plan_branch(PlanBuilder& plan, const py::Value& composite, const Branch& b) {
  size_t v = 0;
  if (b.transformer != nullptr) {
    std::vector<size_t> out = plan.plan_estimator(*b.transformer, b.path, b.prefix, b.inputs, b.table,
                                                  Use::Transform);
    if (out.size() != 1)
      throw Error(b.path + ": a " + composite.name + " transformer must give one output; " +
                  class_of(*b.transformer) + " gives " + std::to_string(out.size()));
    v = out[0];
  } else {
    // passthrough: numpy hstack of the columns (numbers cast to the float type)
    std::vector<size_t> merged = b.table ? plan.merge_table(composite, b.inputs, b.path, b.prefix) : b.inputs;
    v = merged.size() == 1 ? merged[0] : concat(plan, composite, merged, b.path, b.prefix);
  }
  // x * 1.0 == x exactly: a weight of one needs no node.
  if (auto w = weight_of(composite, b.name, b.path); w && *w != 1.0)
    v = plan.plan_core(multiply_by(*w), composite, b.path + " (weight)", b.prefix, {v});
  return v;
}

size_t concat(PlanBuilder& plan, const py::Value& composite, const std::vector<size_t>& parts,
              const std::string& path, const std::string& prefix) {
  // Lenient plans: parts of unknown width cannot be dropped or cast.
  if (plan.has_unknown(parts))
    return parts.size() == 1 ? parts[0] : plan.plan_core(concat_columns(), composite, path + " (concat)", prefix, parts);
  std::vector<size_t> kept;
  for (size_t v : parts) {
    const oc_value_type& t = plan.variable(v).type;
    if (t.kind != OC_VALUE_TENSOR || t.rank != 2)
      throw Error(path + ": " + composite.name + " can only concatenate [N, k] tensors, got " + describe_type(t));
    if (t.dims[1] != 0) kept.push_back(v);
  }
  if (kept.empty()) throw Error(path + ": every transformer is dropped or selects no columns: no output columns");
  if (kept.size() == 1) return kept[0];
  int32_t first = plan.variable(kept[0]).type.elem_type;
  bool mixed = std::any_of(kept.begin(), kept.end(),
                           [&](size_t v) { return plan.variable(v).type.elem_type != first; });
  if (mixed)
    for (size_t& v : kept)
      if (plan.variable(v).type.elem_type != plan.float_type())
        v = plan.plan_core(cast_to(plan.float_type()), composite, path + " (cast)", prefix, {v});
  return plan.plan_core(concat_columns(), composite, path + " (concat)", prefix, kept);
}

}  // namespace onnxconv
