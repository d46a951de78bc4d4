// sklearn.pipeline.Pipeline: each step's output feeds the next; the last
// step is used as the Pipeline is (predict or transform), the others transform.
// imblearn.pipeline.Pipeline is the same at predict time, where its samplers
// (steps with fit_resample and no transform) do nothing.
#include "plan_builder.h"
#include "sklearn_common.h"

#include <onnxconv/engine.h>

#include <set>

namespace onnxconv {
namespace {

// imbalanced-learn's samplers (every class with fit_resample, none with
// transform), by class name: a file only names its classes, so an
// imblearn class not listed here cannot be told from a transformer or an
// estimator and is refused rather than skipped or converted.
bool is_imblearn_sampler(const py::Value& step, const std::string& path) {
  if (step.kind != py::Kind::Instance || step.module.rfind("imblearn.", 0) != 0) return false;
  static const std::set<std::string> samplers = {
      // over-sampling
      "RandomOverSampler", "SMOTE", "SMOTENC", "SMOTEN", "ADASYN", "BorderlineSMOTE", "SVMSMOTE", "KMeansSMOTE",
      // under-sampling
      "RandomUnderSampler", "ClusterCentroids", "NearMiss", "TomekLinks", "EditedNearestNeighbours",
      "RepeatedEditedNearestNeighbours", "AllKNN", "CondensedNearestNeighbour", "OneSidedSelection",
      "NeighbourhoodCleaningRule", "InstanceHardnessThreshold",
      // combined, and a user function applied at fit time only
      "SMOTEENN", "SMOTETomek", "FunctionSampler"};
  if (samplers.count(step.name) != 0) return true;
  throw Error(path + ": " + step.module + "." + step.name +
                  " is an imbalanced-learn class that is not a known sampler (only samplers, which do nothing "
                  "at predict time, are converted from imbalanced-learn)",
              ErrorKind::Unsupported);
}

std::vector<size_t> plan_steps(PlanBuilder& plan, const CompositeCall& call, bool skip_samplers) {
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
    if (skip_samplers && is_imblearn_sampler(estimator, step_path)) continue;
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

std::vector<size_t> plan_pipeline(PlanBuilder& plan, const CompositeCall& call) {
  return plan_steps(plan, call, false);
}

std::vector<size_t> plan_imblearn_pipeline(PlanBuilder& plan, const CompositeCall& call) {
  return plan_steps(plan, call, true);
}

// Pipelines do not store their input width: the first real step does
// (samplers keep the columns they are given, so one of them would do too).
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
extern const CompositePlanner kImblearnPipelinePlanner{"imblearn.pipeline", "Pipeline", nullptr, true,
                                                       plan_imblearn_pipeline, first_step};

}  // namespace onnxconv
