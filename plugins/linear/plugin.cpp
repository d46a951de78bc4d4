// The linear plugin's one export: which converter handles which
// scikit-learn class (paths as scikit-learn 0.24 to 1.9 pickle them). Keep this
// list and plugin.yaml in step.
#include "converters.hpp"

using onnxconv::sdk::converter_for;
using namespace onnxconv::linear;

ONNXCONV_PLUGIN(
    "linear", "0.1.0",
    // regressors
    converter_for<PlainRegressorConverter>("sklearn.linear_model._base.LinearRegression"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._ridge.Ridge"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._coordinate_descent.Lasso"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._coordinate_descent.ElasticNet"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._least_angle.Lars"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._least_angle.LassoLars"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._stochastic_gradient.SGDRegressor"),
    converter_for<PlainRegressorConverter>("sklearn.svm._classes.LinearSVR"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._huber.HuberRegressor"),
    // CV, information-criterion, multi-task, Bayesian and robust variants
    converter_for<PlainRegressorConverter>("sklearn.linear_model._ridge.RidgeCV"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._coordinate_descent.LassoCV"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._coordinate_descent.ElasticNetCV"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._coordinate_descent.MultiTaskLasso"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._coordinate_descent.MultiTaskElasticNet"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._coordinate_descent.MultiTaskLassoCV"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._coordinate_descent.MultiTaskElasticNetCV"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._least_angle.LarsCV"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._least_angle.LassoLarsCV"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._least_angle.LassoLarsIC"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._bayes.ARDRegression"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._omp.OrthogonalMatchingPursuit"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._omp.OrthogonalMatchingPursuitCV"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._quantile.QuantileRegressor"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._theil_sen.TheilSenRegressor"),
    converter_for<PlainRegressorConverter>("sklearn.linear_model._passive_aggressive.PassiveAggressiveRegressor"),
    converter_for<BayesianRidgeConverter>("sklearn.linear_model._bayes.BayesianRidge"),
    converter_for<PlsRegressionConverter>("sklearn.cross_decomposition._pls.PLSRegression"),
    // GLMs
    converter_for<GlmRegressorConverter>("sklearn.linear_model._glm.glm.PoissonRegressor"),
    converter_for<GlmRegressorConverter>("sklearn.linear_model._glm.glm.GammaRegressor"),
    converter_for<GlmRegressorConverter>("sklearn.linear_model._glm.glm.TweedieRegressor"),
    // classifiers
    converter_for<LogisticRegressionConverter>("sklearn.linear_model._logistic.LogisticRegression"),
    converter_for<SgdClassifierConverter>("sklearn.linear_model._stochastic_gradient.SGDClassifier"),
    converter_for<DecisionClassifierConverter>("sklearn.svm._classes.LinearSVC"),
    converter_for<DecisionClassifierConverter>("sklearn.linear_model._perceptron.Perceptron"),
    converter_for<DecisionClassifierConverter>(
        "sklearn.linear_model._passive_aggressive.PassiveAggressiveClassifier"),
    converter_for<RidgeClassifierConverter>("sklearn.linear_model._ridge.RidgeClassifier"),
    converter_for<LogisticRegressionConverter>("sklearn.linear_model._logistic.LogisticRegressionCV"),
    converter_for<RidgeClassifierConverter>("sklearn.linear_model._ridge.RidgeClassifierCV"),
    // outlier detector
    converter_for<LinearOneClassConverter>("sklearn.linear_model._stochastic_gradient.SGDOneClassSVM"))
