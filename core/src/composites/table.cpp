// The composite planners, by class. To add a composite: a file beside this
// one defining its CompositePlanner, and one line in kPlanners.
#include "plan_builder.h"
#include "sklearn_common.h"

#include <onnxconv/engine.h>

namespace onnxconv {

extern const CompositePlanner kPipelinePlanner;
extern const CompositePlanner kFeatureUnionPlanner;
extern const CompositePlanner kColumnTransformerPlanner;
extern const CompositePlanner kIdentityFunctionPlanner;
extern const CompositePlanner kGridSearchPlanner;
extern const CompositePlanner kRandomizedSearchPlanner;
extern const CompositePlanner kHalvingGridSearchPlanner;
extern const CompositePlanner kHalvingRandomSearchPlanner;
extern const CompositePlanner kRansacPlanner;
extern const CompositePlanner kRfePlanner;
extern const CompositePlanner kRfecvPlanner;

namespace {

const CompositePlanner* const kPlanners[] = {
    &kPipelinePlanner,
    &kFeatureUnionPlanner,
    &kColumnTransformerPlanner,
    &kIdentityFunctionPlanner,
    &kGridSearchPlanner,
    &kRandomizedSearchPlanner,
    &kHalvingGridSearchPlanner,
    &kHalvingRandomSearchPlanner,
    &kRansacPlanner,
    &kRfePlanner,
    &kRfecvPlanner,
};

// Files older than 0.24 have no n_features_in_: the width their own state
// implies (n_features_ of 0.2x trees and forests, coef_, cluster_centers_),
// or -1.
int64_t width_before_0_24(const py::Value& est) {
  if (int64_t n = int_attr(est, "n_features_"); n >= 0) return n;
  for (const char* name : {"coef_", "cluster_centers_"}) {
    const py::Value* a = est.get(name);
    if (a != nullptr && a->kind == py::Kind::Array && !a->array->shape.empty() && a->array->shape.size() <= 2)
      return a->array->shape.back();
  }
  return -1;
}

}  // namespace

// Matched by the current class path, so files from releases that pickled
// the class under an older module (legacy_classes.cpp) are planned alike.
const CompositePlanner* find_composite(const py::Value& est) {
  if (est.kind != py::Kind::Instance) return nullptr;
  std::string cls = current_class_name(est.module, est.name);
  for (const CompositePlanner* p : kPlanners)
    if (cls == std::string(p->module) + "." + p->name && (p->claims == nullptr || p->claims(est))) return p;
  return nullptr;
}

int64_t declared_width(const py::Value& est) {
  if (est.kind != py::Kind::Instance) return -1;
  if (int64_t n = int_attr(est, "n_features_in_"); n >= 0) return n;
  if (int64_t n = width_before_0_24(est); n >= 0) return n;
  const CompositePlanner* planner = find_composite(est);
  const py::Value* first = planner && planner->first_member ? planner->first_member(est) : nullptr;
  if (first != nullptr) return declared_width(*first);
  // Meta-estimators whose n_features_in_ is a property of a fitted member
  // (VotingRegressor, a search's best_estimator_...): that member's.
  for (const char* name : {"estimators_", "best_estimator_", "estimator_"}) {
    const py::Value* member = est.get(name);
    if (member != nullptr && (member->kind == py::Kind::List || member->kind == py::Kind::Tuple))
      member = member->items.empty() ? nullptr : member->items[0].get();
    if (member != nullptr && member->kind == py::Kind::Instance) return declared_width(*member);
  }
  return -1;
}

}  // namespace onnxconv
