// Class paths of older scikit-learn releases, mapped to the current ones
// (current_class_name in onnxconv/engine.h).
//
// Before 0.22 scikit-learn pickled estimators under public module paths
// (sklearn.linear_model.logistic.LogisticRegression) that are private now
// (sklearn.linear_model._logistic); 1.0 moved PolynomialFeatures out of
// preprocessing._data. Plugin manifests list current names only, so the
// host translates a file's class path here, in this one table, before it
// asks the registry for a converter; the file's own name is kept for
// messages and `inspect`.
#include <onnxconv/engine.h>

namespace onnxconv {
namespace {

struct Rename {
  const char* module;   // as older releases pickled it
  const char* name;     // one class only, or nullptr for every class of the module
  const char* current;  // today's module
};

// Class-specific rows come before their module's row: the first match wins.
// Only renames that kept the class's meaning are listed (the removed
// preprocessing.imputation.Imputer has no current class and stays unmapped).
constexpr Rename kRenames[] = {
    // 0.2x public modules, private since 0.22 (and PolynomialFeatures since 1.0)
    {"sklearn.linear_model.base", nullptr, "sklearn.linear_model._base"},
    {"sklearn.linear_model.bayes", nullptr, "sklearn.linear_model._bayes"},
    {"sklearn.linear_model.coordinate_descent", nullptr, "sklearn.linear_model._coordinate_descent"},
    {"sklearn.linear_model.huber", nullptr, "sklearn.linear_model._huber"},
    {"sklearn.linear_model.least_angle", nullptr, "sklearn.linear_model._least_angle"},
    {"sklearn.linear_model.logistic", nullptr, "sklearn.linear_model._logistic"},
    {"sklearn.linear_model.passive_aggressive", nullptr, "sklearn.linear_model._passive_aggressive"},
    {"sklearn.linear_model.perceptron", nullptr, "sklearn.linear_model._perceptron"},
    {"sklearn.linear_model.ridge", nullptr, "sklearn.linear_model._ridge"},
    {"sklearn.linear_model.stochastic_gradient", nullptr, "sklearn.linear_model._stochastic_gradient"},
    {"sklearn.svm.classes", nullptr, "sklearn.svm._classes"},
    {"sklearn.tree.tree", nullptr, "sklearn.tree._classes"},
    {"sklearn.ensemble.bagging", nullptr, "sklearn.ensemble._bagging"},
    {"sklearn.ensemble.forest", nullptr, "sklearn.ensemble._forest"},
    // 0.20 kept GradientBoosting's loss objects beside it; 0.21-1.3 in _gb_losses.
    {"sklearn.ensemble.gradient_boosting", "LeastSquaresError", "sklearn.ensemble._gb_losses"},
    {"sklearn.ensemble.gradient_boosting", "LeastAbsoluteError", "sklearn.ensemble._gb_losses"},
    {"sklearn.ensemble.gradient_boosting", "HuberLossFunction", "sklearn.ensemble._gb_losses"},
    {"sklearn.ensemble.gradient_boosting", "QuantileLossFunction", "sklearn.ensemble._gb_losses"},
    {"sklearn.ensemble.gradient_boosting", "BinomialDeviance", "sklearn.ensemble._gb_losses"},
    {"sklearn.ensemble.gradient_boosting", "MultinomialDeviance", "sklearn.ensemble._gb_losses"},
    {"sklearn.ensemble.gradient_boosting", "ExponentialLoss", "sklearn.ensemble._gb_losses"},
    {"sklearn.ensemble.gradient_boosting", nullptr, "sklearn.ensemble._gb"},
    {"sklearn.ensemble.iforest", nullptr, "sklearn.ensemble._iforest"},
    {"sklearn.ensemble.weight_boosting", nullptr, "sklearn.ensemble._weight_boosting"},
    {"sklearn.cluster.k_means_", nullptr, "sklearn.cluster._kmeans"},
    {"sklearn.preprocessing.data", "PolynomialFeatures", "sklearn.preprocessing._polynomial"},
    {"sklearn.preprocessing._data", "PolynomialFeatures", "sklearn.preprocessing._polynomial"},
    {"sklearn.preprocessing.data", nullptr, "sklearn.preprocessing._data"},
    {"sklearn.preprocessing.label", nullptr, "sklearn.preprocessing._label"},
    {"sklearn.impute", "SimpleImputer", "sklearn.impute._base"},
    {"sklearn.impute", "MissingIndicator", "sklearn.impute._base"},
    {"sklearn.decomposition.pca", nullptr, "sklearn.decomposition._pca"},
    {"sklearn.decomposition.truncated_svd", nullptr, "sklearn.decomposition._truncated_svd"},
    {"sklearn.decomposition.incremental_pca", nullptr, "sklearn.decomposition._incremental_pca"},
    {"sklearn.decomposition.kernel_pca", nullptr, "sklearn.decomposition._kernel_pca"},
    {"sklearn.decomposition.fastica_", nullptr, "sklearn.decomposition._fastica"},
    {"sklearn.mixture.gaussian_mixture", nullptr, "sklearn.mixture._gaussian_mixture"},
    {"sklearn.mixture.bayesian_mixture", nullptr, "sklearn.mixture._bayesian_mixture"},
    {"sklearn.neural_network.multilayer_perceptron", nullptr, "sklearn.neural_network._multilayer_perceptron"},
    {"sklearn.neighbors.classification", nullptr, "sklearn.neighbors._classification"},
    {"sklearn.neighbors.regression", nullptr, "sklearn.neighbors._regression"},
    {"sklearn.neighbors.unsupervised", nullptr, "sklearn.neighbors._unsupervised"},
    {"sklearn.neighbors.lof", nullptr, "sklearn.neighbors._lof"},
    {"sklearn.feature_selection.univariate_selection", nullptr, "sklearn.feature_selection._univariate_selection"},
    {"sklearn.feature_selection.variance_threshold", nullptr, "sklearn.feature_selection._variance_threshold"},
    {"sklearn.feature_selection.from_model", nullptr, "sklearn.feature_selection._from_model"},
    {"sklearn.feature_selection.rfe", nullptr, "sklearn.feature_selection._rfe"},
};

}  // namespace

std::string current_class_name(const std::string& module, const std::string& name) {
  for (const Rename& r : kRenames)
    if (module == r.module && (r.name == nullptr || name == r.name)) return std::string(r.current) + "." + name;
  return module.empty() ? name : module + "." + name;
}

}  // namespace onnxconv
