// Which prediction methods a fitted scikit-learn classifier has, decided as
// `hasattr(estimator, "decision_function")` / `hasattr(estimator,
// "predict_proba")` decides it in scikit-learn (a method that exists, an
// `available_if` / property that raises AttributeError, a Pipeline or a
// search or a FrozenEstimator delegating to the estimator it wraps). We cannot run Python, so
// this is a table of the classifiers we convert; any other class is refused
// as unsupported, naming its path.
#ifndef ONNXCONV_PLUGINS_META_RESPONSE_METHODS_HPP
#define ONNXCONV_PLUGINS_META_RESPONSE_METHODS_HPP

#include <onnxconv/sdk/sdk.hpp>

namespace onnxconv::meta {

struct ResponseMethods {
  bool decision_function = false;
  bool predict_proba = false;
  bool classifier = true;  // scikit-learn's is_classifier

  static ResponseMethods of(const sdk::Object& est);
};

// The estimator a wrapper delegates its prediction methods and classes_ to
// (a Pipeline's last step, a search's best_estimator_, a FrozenEstimator's
// estimator), followed to the end; `est` itself when it wraps nothing.
sdk::Object delegated_estimator(const sdk::Object& est);

// classes_ of `est`, or of the estimator it delegates to.
sdk::Object classes_of(const sdk::Object& est);

// The member options (host ABI 1.4) that make a classifier member's
// `probabilities` its decision_function (binary [-d, d]): raw_scores=true,
// except for a member without predict_proba, whose converter gives the
// decision function there already (and need not offer raw_scores).
sdk::SubOptions decision_options(const sdk::Object& member);

}  // namespace onnxconv::meta

#endif
