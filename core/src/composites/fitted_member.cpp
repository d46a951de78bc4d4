// Estimators that predict through one fitted member, converted as that
// member: a search's best_estimator_ (GridSearchCV, RandomizedSearchCV,
// HalvingGridSearchCV, HalvingRandomSearchCV) and RANSACRegressor's
// estimator_. No glue at all: the member's plan is theirs.
#include "plan_builder.h"
#include "sklearn_common.h"

#include <onnxconv/engine.h>

namespace onnxconv {
namespace {

std::vector<size_t> plan_member(PlanBuilder& plan, const CompositeCall& call, const char* member,
                                const char* why_missing) {
  const py::Value* fitted = call.estimator.get(member);
  if (fitted == nullptr || fitted->kind != py::Kind::Instance)
    throw Error(call.path + ": " + call.estimator.name + " has no fitted " + member + " (" + why_missing + ")");
  return plan.plan_estimator(*fitted, call.path + "." + member, call.prefix, call.inputs, call.table,
                             call.use);
}

std::vector<size_t> plan_search(PlanBuilder& plan, const CompositeCall& call) {
  return plan_member(plan, call, "best_estimator_",
                     "searches fitted with refit=False keep no model to convert; refit it, or convert one "
                     "of its candidates");
}

std::vector<size_t> plan_ransac(PlanBuilder& plan, const CompositeCall& call) {
  return plan_member(plan, call, "estimator_", "is it fitted?");
}

const py::Value* best_estimator(const py::Value& est) { return est.get("best_estimator_"); }
const py::Value* fitted_estimator(const py::Value& est) { return est.get("estimator_"); }

constexpr const char* kSearch = "sklearn.model_selection._search";
constexpr const char* kHalving = "sklearn.model_selection._search_successive_halving";

}  // namespace

extern const CompositePlanner kGridSearchPlanner{kSearch, "GridSearchCV", nullptr, true, plan_search,
                                                 best_estimator};
extern const CompositePlanner kRandomizedSearchPlanner{kSearch, "RandomizedSearchCV", nullptr, true, plan_search,
                                                       best_estimator};
extern const CompositePlanner kHalvingGridSearchPlanner{kHalving, "HalvingGridSearchCV", nullptr, true,
                                                        plan_search, best_estimator};
extern const CompositePlanner kHalvingRandomSearchPlanner{kHalving, "HalvingRandomSearchCV", nullptr, true,
                                                          plan_search, best_estimator};
extern const CompositePlanner kRansacPlanner{"sklearn.linear_model._ransac", "RANSACRegressor", nullptr, true,
                                             plan_ransac, fitted_estimator};

}  // namespace onnxconv
