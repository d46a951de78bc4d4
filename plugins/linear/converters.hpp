// The converters of the linear plugin. Each is a thin layer over
// linear_scores.hpp; see README.md for what each one emits.
#ifndef ONNXCONV_PLUGINS_LINEAR_CONVERTERS_HPP
#define ONNXCONV_PLUGINS_LINEAR_CONVERTERS_HPP

#include "linear_scores.hpp"

#include <onnxconv/sdk/classifier.hpp>

namespace onnxconv::linear {

// ---------------------------------------------------------------- regressors

// variable [N, n_targets] = inverse_link(X @ coef_.T + intercept_).
class LinearRegressorConverter : public sdk::Converter {
 public:
  enum class Link { Identity, Log };

  std::vector<ValueType> infer(Context& ctx, const Object& est,
                               const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est,
               const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;

 protected:
  // The link whose inverse predict() applies to the linear predictor.
  virtual Link link(const Object&) const { return Link::Identity; }
};

// LinearRegression, Ridge, Lasso, ElasticNet, Lars, LassoLars, SGDRegressor,
// LinearSVR, HuberRegressor, and their CV / IC / multi-task variants,
// ARDRegression, OrthogonalMatchingPursuit(CV), QuantileRegressor,
// TheilSenRegressor, PassiveAggressiveRegressor: predict = X @ coef_.T +
// intercept_.
using PlainRegressorConverter = LinearRegressorConverter;

// PoissonRegressor, GammaRegressor, TweedieRegressor: predict =
// _base_loss.link.inverse(X @ coef_ + intercept_), identity or exp.
class GlmRegressorConverter : public LinearRegressorConverter {
 protected:
  Link link(const Object& est) const override;
};

// BayesianRidge: predict, and with option return_std=true its posterior
// standard deviation as a second output `std` [N, 1] (skl2onnx's option and
// name): sqrt(sum((X' @ sigma_) * X', axis=1) + 1 / alpha_), X' being X as
// the release that wrote the file prepares it (see bayesian_std_input).
class BayesianRidgeConverter : public LinearRegressorConverter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est,
                               const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est,
               const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// PLSRegression: variable [N, n_targets] = ((X - x_mean) [/ x_std]) @ coef
// + intercept, with the layout and the scaling of the release that wrote
// the file (pls.cpp).
class PlsRegressionConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est,
                               const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est,
               const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// ---------------------------------------------------------- outlier detector

// SGDOneClassSVM: scores [N, 1] = decision_function = X @ coef_ - offset_,
// label [N] = predict (1 where scores >= 0, else -1), and with option
// score_samples=true score_samples [N, 1] = X @ coef_.
class LinearOneClassConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est,
                               const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est,
               const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// --------------------------------------------------------------- classifiers

// What predict_proba makes of the decision scores.
enum class Proba {
  DecisionScores,  // no predict_proba: output decision_function
  OvrLogistic,     // expit, binary [1-p, p], multiclass p / sum(p)
  Softmax,         // softmax over the classes, binary over [-d, d]
  ModifiedHuber,   // (clip(d, -1, 1) + 1) / 2, normalised like OvR
};

// label [N] = classes_[argmax(decision)] (binary: classes_[d > 0]);
// probabilities [N, n_classes] = predict_proba, or the decision scores
// (binary: [-d, d]) when the estimator has none or raw_scores=true.
// Options: zipmap, raw_scores.
class LinearClassifierConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est,
                               const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est,
               const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;

 protected:
  // The estimator family's predict_proba, for `n_classes` classes.
  virtual Proba proba(const Object& est, size_t n_classes) const = 0;
  // The array of class labels.
  virtual Object classes(const Object& est) const { return est.attr("classes_"); }

 private:
  struct Plan;
  Plan plan(const Context& ctx, const Object& est, bool with_data) const;
};

// LogisticRegression and LogisticRegressionCV (which inherits its
// predict_proba): softmax or OvR by multi_class, solver and n_classes.
class LogisticRegressionConverter : public LinearClassifierConverter {
 protected:
  Proba proba(const Object& est, size_t n_classes) const override;
};

// SGDClassifier: by loss (log_loss, modified_huber, or none).
class SgdClassifierConverter : public LinearClassifierConverter {
 protected:
  Proba proba(const Object& est, size_t n_classes) const override;
};

// LinearSVC, Perceptron, PassiveAggressiveClassifier: no predict_proba.
class DecisionClassifierConverter : public LinearClassifierConverter {
 protected:
  Proba proba(const Object&, size_t) const override { return Proba::DecisionScores; }
};

// RidgeClassifier, RidgeClassifierCV: no predict_proba; classes_ is a property over
// _label_binarizer, and multilabel models are refused.
class RidgeClassifierConverter : public DecisionClassifierConverter {
 protected:
  Object classes(const Object& est) const override;
};

}  // namespace onnxconv::linear

#endif  // ONNXCONV_PLUGINS_LINEAR_CONVERTERS_HPP
