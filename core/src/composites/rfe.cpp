// sklearn.feature_selection RFE and RFECV: selectors that also predict.
// scikit-learn's RFE.predict(X) is estimator_.predict(transform(X)) (and
// predict_proba, decision_function the same way), with estimator_ refitted
// on the selected columns. So where the caller uses its predictions (Use:
// the model itself, a Pipeline's last step, a member converted for a
// composite) it is planned as the feature_selection plugin's transform
// followed by estimator_ on the selected columns; where it transforms (a
// Pipeline's earlier steps, FeatureUnion / ColumnTransformer branches) as
// that transform alone.
#include "plan_builder.h"
#include "sklearn_common.h"

#include <onnxconv/engine.h>

namespace onnxconv {
namespace {

std::vector<size_t> plan_rfe(PlanBuilder& plan, const CompositeCall& call) {
  std::vector<size_t> selected = plan.plan_converter(call.estimator, call.path, call.prefix, call.inputs);
  if (call.use == Use::Transform) return selected;
  const py::Value* fitted = call.estimator.get("estimator_");
  if (fitted == nullptr || fitted->kind != py::Kind::Instance)
    throw Error(call.path + ": " + call.estimator.name + " has no fitted estimator_ to predict with (is it fitted?)");
  std::string own = call.prefix.empty() ? call.estimator.name : call.prefix;
  return plan.plan_estimator(*fitted, call.path + ".estimator_", join(own, "estimator_"), selected, false,
                             Use::Predict);
}

constexpr const char* kRfe = "sklearn.feature_selection._rfe";

}  // namespace

// Inputs are merged first (takes_columns false): the selection gathers from
// one tensor. n_features_in_ is stored, so no first member is needed.
extern const CompositePlanner kRfePlanner{kRfe, "RFE", nullptr, false, plan_rfe, nullptr};
extern const CompositePlanner kRfecvPlanner{kRfe, "RFECV", nullptr, false, plan_rfe, nullptr};

}  // namespace onnxconv
