// sklearn.pipeline.Pipeline: each step's output feeds the next; the last
// step is used as the Pipeline is (predict or transform), the others transform.
#include "plan_builder.h"
#include "sklearn_common.h"

#include <onnxconv/engine.h>

namespace onnxconv {
namespace {

std::vector<size_t> plan_pipeline(PlanBuilder& plan, const CompositeCall& call) {
  const py::Value& steps = list_attr(call.estimator, "steps", call.path);
  std::vector<size_t> current = call.inputs;
  bool table = call.table;
  for (size_t i = 0; i < steps.items.size(); ++i) {
    std::string step_path = call.path + ".steps[" + std::to_string(i) + "]";
    const py::Value& step = named_tuple(*steps.items[i], 2, step_path);
    const std::string& name = step.items[0]->s;
    const py::Value& estimator = *step.items[1];
    if (is_passthrough(estimator)) continue;
    step_path = member_path(call.path, "steps", i, name);
    if (current.size() != 1 && !table)
      throw Error(step_path + ": the previous step has " + std::to_string(current.size()) +
                  " outputs; a pipeline step takes one");
    // Only the last step predicts, when the Pipeline does: scikit-learn's
    // predict/transform call transform on every step before it.
    Use use = i + 1 == steps.items.size() ? call.use : Use::Transform;
    current = plan.plan_estimator(estimator, step_path, join(call.prefix, name), current, table, use);
    table = false;  // only the first step sees the DataFrame's columns
  }
  if (table) return plan.merge_table(call.estimator, current, call.path, call.prefix);
  return current;
}

// Pipelines do not store their input width: the first real step does.
const py::Value* first_step(const py::Value& pipeline) {
  const py::Value* steps = pipeline.get("steps");
  if (steps == nullptr || steps->kind != py::Kind::List) return nullptr;
  for (const auto& item : steps->items) {
    if (item->kind != py::Kind::Tuple || item->items.size() != 2) return nullptr;
    const py::Value& step = *item->items[1];
    if (!is_passthrough(step) && !is_string(step, "drop")) return &step;
  }
  return nullptr;
}

}  // namespace

extern const CompositePlanner kPipelinePlanner{"sklearn.pipeline", "Pipeline", nullptr, true, plan_pipeline,
                                               first_step};

}  // namespace onnxconv
