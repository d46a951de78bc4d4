// Which response methods a fitted scikit-learn classifier has: the
// scikit-learn facts (hasattr rules) that meta-estimators choosing a
// member's response ('auto': predict_proba, else decision_function) need.
#ifndef ONNXCONV_PLUGINS_META_RESPONSE_METHODS_HPP
#define ONNXCONV_PLUGINS_META_RESPONSE_METHODS_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <optional>
#include <set>
#include <string>

namespace onnxconv::meta {

// Whether `est` has predict_proba, as hasattr answers it in scikit-learn;
// nullopt for a class this table does not know (the caller refuses).
// A Pipeline's (sklearn's or imblearn's) final step, skipping nothing:
// scikit-learn's `_final_estimator`.
inline sdk::Object final_step(const sdk::Object& pipeline) {
  sdk::Object steps = pipeline.attr("steps");
  if (steps.size() == 0) steps.fail("has no steps");
  sdk::Object last = steps[steps.size() - 1];
  if (last.size() != 2) last.fail("expected a (name, estimator) pair");
  return last[1];
}

inline bool is_pipeline(const sdk::Object& est) {
  return est.kind() == sdk::Kind::Instance && est.short_class_name() == "Pipeline" && est.has("steps");
}

// A classifier's classes_ (a Pipeline's is its final step's property).
inline sdk::Object fitted_classes(const sdk::Object& est) {
  if (auto classes = est.find("classes_")) return *classes;
  if (is_pipeline(est)) return fitted_classes(final_step(est));
  return est.attr("classes_");
}

inline std::optional<bool> has_predict_proba(const sdk::Object& est) {
  static const std::set<std::string> always = {
      "LogisticRegression", "LogisticRegressionCV", "GaussianNB", "MultinomialNB", "BernoulliNB",
      "ComplementNB", "CategoricalNB", "DecisionTreeClassifier", "ExtraTreeClassifier",
      "RandomForestClassifier", "ExtraTreesClassifier", "GradientBoostingClassifier",
      "HistGradientBoostingClassifier", "KNeighborsClassifier", "RadiusNeighborsClassifier", "MLPClassifier",
      "LinearDiscriminantAnalysis", "QuadraticDiscriminantAnalysis", "GaussianProcessClassifier",
      "AdaBoostClassifier", "BaggingClassifier", "CalibratedClassifierCV", "XGBClassifier", "XGBRFClassifier",
      "LGBMClassifier", "StackingClassifier"};
  static const std::set<std::string> never = {
      "LinearSVC", "RidgeClassifier", "RidgeClassifierCV", "Perceptron", "PassiveAggressiveClassifier",
      "NearestCentroid"};
  std::string name = est.short_class_name();
  if (always.count(name)) return true;
  if (never.count(name)) return false;
  if (name == "SVC" || name == "NuSVC") {  // 1.9 writes 'deprecated' (its default: no predict_proba)
    sdk::Object p = est.attr("probability");
    return p.kind() == sdk::Kind::String ? false : p.to_bool();
  }
  if (name == "SGDClassifier") {  // predict_proba is available for these losses only
    std::string loss = est.attr("loss").to_string();
    return loss == "log_loss" || loss == "log" || loss == "modified_huber";
  }
  if (name == "VotingClassifier") return est.attr("voting").to_string() == "soft";
  if (is_pipeline(est)) return has_predict_proba(final_step(est));  // available_if(_final_estimator_has)
  return std::nullopt;
}

// Options that make a classifier member's `probabilities` its
// decision_function (binary as [-d, d]) as plain tensors: raw_scores=true,
// except for a member without predict_proba, whose converters already
// give the decision function there (and need not offer raw_scores).
inline sdk::SubOptions decision_options(const sdk::Object& member) {
  if (has_predict_proba(member) == std::optional<bool>(false)) return {{"zipmap", "false"}};
  return {{"raw_scores", "true"}, {"zipmap", "false"}};
}

// Plain probability tensors whatever the model-level zipmap option says.
inline sdk::SubOptions plain_probabilities() { return {{"zipmap", "false"}}; }

}  // namespace onnxconv::meta

#endif
