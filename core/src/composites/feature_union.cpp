// sklearn.pipeline.FeatureUnion: every transformer sees the whole input;
// their (weighted) outputs are concatenated.
#include "branches.h"
#include "sklearn_common.h"

#include <onnxconv/engine.h>

namespace onnxconv {
namespace {

std::vector<size_t> plan_feature_union(PlanBuilder& plan, const CompositeCall& call) {
  check_one_input(call);
  const py::Value& union_ = call.estimator;
  const py::Value& list = list_attr(union_, "transformer_list", call.path);
  std::vector<size_t> parts;
  for (size_t i = 0; i < list.items.size(); ++i) {
    const py::Value& item =
        named_tuple(*list.items[i], 2, call.path + ".transformer_list[" + std::to_string(i) + "]");
    const std::string& name = item.items[0]->s;
    const py::Value& trans = *item.items[1];
    if (is_string(trans, "drop") || trans.kind == py::Kind::None) continue;  // None: drop before 0.24
    std::string branch_path = member_path(call.path, "transformer_list", i, name);
    Branch b{name, branch_path, join(call.prefix, name), branch_transformer(trans, branch_path), call.inputs,
             call.table};
    parts.push_back(plan_branch(plan, union_, b));
  }
  return {concat(plan, union_, parts, call.path, call.prefix)};
}

// FeatureUnion does not store its input width: its first live branch does.
const py::Value* first_branch(const py::Value& union_) {
  const py::Value* list = union_.get("transformer_list");
  if (list == nullptr || list->kind != py::Kind::List) return nullptr;
  for (const auto& item : list->items) {
    if (item->kind != py::Kind::Tuple || item->items.size() != 2) return nullptr;
    const py::Value& step = *item->items[1];
    if (!is_passthrough(step) && !is_string(step, "drop")) return &step;
  }
  return nullptr;
}

}  // namespace

extern const CompositePlanner kFeatureUnionPlanner{"sklearn.pipeline", "FeatureUnion", nullptr, true,
                                                   plan_feature_union, first_branch};

}  // namespace onnxconv
