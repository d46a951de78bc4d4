// Which prediction methods a fitted scikit-learn classifier has, decided as
// `hasattr(estimator, "decision_function")` / `hasattr(estimator,
// "predict_proba")` decides it in scikit-learn (a method that exists, an
// `available_if` / property that raises AttributeError, a Pipeline or a
// search delegating to its final / best estimator). We cannot run Python, so
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

}  // namespace onnxconv::meta

#endif
