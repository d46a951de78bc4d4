// FunctionTransformer() without a func is the identity (FeatureUnion stores
// its fitted 'passthrough' branches as one): no step at all. One with a func
// is a plugin's business.
#include "plan_builder.h"
#include "sklearn_common.h"

namespace onnxconv {
namespace {

bool is_identity(const py::Value& est) {
  const py::Value* func = est.get("func");
  return func != nullptr && func->kind == py::Kind::None;
}

std::vector<size_t> plan_identity(PlanBuilder& plan, const CompositeCall& call) {
  if (call.inputs.size() == 1) return call.inputs;
  // Columns of several element types: the converter decides.
  return plan.plan_converter(call.estimator, call.path, call.prefix, call.inputs);
}

}  // namespace

extern const CompositePlanner kIdentityFunctionPlanner{"sklearn.preprocessing._function_transformer",
                                                       "FunctionTransformer", is_identity, false, plan_identity,
                                                       nullptr};

}  // namespace onnxconv
