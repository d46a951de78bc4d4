#include "response_methods.hpp"

#include <set>
#include <string>

namespace onnxconv::meta {
namespace {

using sdk::Object;

bool from_known_library(const Object& est) {
  std::string name = est.class_name();
  for (const char* prefix : {"sklearn.", "xgboost.", "lightgbm."})
    if (name.rfind(prefix, 0) == 0) return true;
  return false;
}

// Classifiers with predict_proba and no decision_function.
const std::set<std::string>& probability_only() {
  static const std::set<std::string> names = {
      "DecisionTreeClassifier", "ExtraTreeClassifier", "RandomForestClassifier", "ExtraTreesClassifier",
      "GaussianNB", "MultinomialNB", "ComplementNB", "BernoulliNB", "CategoricalNB",
      "KNeighborsClassifier", "RadiusNeighborsClassifier", "MLPClassifier", "CalibratedClassifierCV",
      "XGBClassifier", "XGBRFClassifier", "LGBMClassifier"};
  return names;
}

// Classifiers with both.
const std::set<std::string>& both_methods() {
  static const std::set<std::string> names = {
      "LogisticRegression", "LogisticRegressionCV", "GradientBoostingClassifier",
      "HistGradientBoostingClassifier", "AdaBoostClassifier", "LinearDiscriminantAnalysis",
      "QuadraticDiscriminantAnalysis"};
  return names;
}

// Classifiers with decision_function only (LinearClassifierMixin without a
// probability model).
const std::set<std::string>& decision_only() {
  static const std::set<std::string> names = {"Perceptron", "PassiveAggressiveClassifier", "RidgeClassifier",
                                              "RidgeClassifierCV", "LinearSVC"};
  return names;
}

bool flag(const Object& est, const char* name) {
  auto v = est.find(name);
  return v && (v->kind() == sdk::Kind::Bool || v->kind() == sdk::Kind::Int) && v->to_bool();
}

// SGDClassifier: predict_proba only for the log and modified_huber losses
// (an available_if, a property raising AttributeError before 1.0).
bool sgd_has_proba(const Object& est) {
  std::string loss = est.attr("loss").to_string();
  return loss == "log_loss" || loss == "log" || loss == "modified_huber";
}

ResponseMethods of_final(const Object& est, int depth);

// Pipeline: hasattr delegates to the last step; searches to best_estimator_.
ResponseMethods delegate(const Object& est, int depth) {
  std::string name = est.short_class_name();
  if (name == "Pipeline") {
    Object steps = est.attr("steps");
    if (steps.size() == 0) steps.fail("has no steps");
    Object last = steps[steps.size() - 1];
    if (last.size() != 2) last.fail("expected a (name, estimator) pair");
    return of_final(last[1], depth + 1);
  }
  auto best = est.find("best_estimator_");
  if (!best) est.unsupported("has no best_estimator_ (refit=False?): it has no decision_function or predict_proba");
  return of_final(*best, depth + 1);
}

ResponseMethods of_final(const Object& est, int depth) {
  if (depth > 32) est.fail("nests deeper than 32 levels");
  if (est.kind() != sdk::Kind::Instance)
    est.unsupported("is not a fitted estimator, so it has no decision_function or predict_proba");
  std::string name = est.short_class_name();
  ResponseMethods m;
  if (!from_known_library(est))
    est.unsupported("whether " + est.class_name() +
                    " has decision_function / predict_proba is not known to this converter");
  if (name == "Pipeline" || name == "GridSearchCV" || name == "RandomizedSearchCV" || name == "HalvingGridSearchCV" ||
      name == "HalvingRandomSearchCV")
    return delegate(est, depth);
  if (probability_only().count(name)) {
    m.predict_proba = true;
  } else if (both_methods().count(name)) {
    m.decision_function = m.predict_proba = true;
  } else if (decision_only().count(name)) {
    m.decision_function = true;
  } else if (name == "SGDClassifier") {
    m.decision_function = true;
    m.predict_proba = sgd_has_proba(est);
  } else if (name == "SVC" || name == "NuSVC") {
    m.decision_function = true;
    m.predict_proba = flag(est, "probability");  // 1.9 pickles 'deprecated', meaning False
  } else if (name == "VotingClassifier") {
    m.predict_proba = est.attr("voting").is_string("soft");
  } else if (name == "_ConstantPredictor") {  // sklearn.multiclass: both methods, not a classifier
    m.decision_function = m.predict_proba = true;
    m.classifier = false;
  } else {
    est.unsupported("whether " + est.class_name() +
                    " has decision_function / predict_proba is not known to this converter");
  }
  return m;
}

}  // namespace

ResponseMethods ResponseMethods::of(const Object& est) { return of_final(est, 0); }

}  // namespace onnxconv::meta
