// The fitted state every libsvm estimator of scikit-learn shares (SVC,
// NuSVC, SVR, NuSVR, OneClassSVM), read as libsvm's own predict sees it:
// the private `_dual_coef_` / `_intercept_` (libsvm's signs; the public
// ones are negated for binary classifiers), `_n_support`, `_probA` /
// `_probB`, `_gamma`. Every size is checked against the arrays present
// before anything is allocated from it.
#ifndef ONNXCONV_PLUGINS_SVM_LIBSVM_MODEL_HPP
#define ONNXCONV_PLUGINS_SVM_LIBSVM_MODEL_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv::svm {

using sdk::Attr;
using sdk::Context;
using sdk::Object;
using sdk::ValueType;

enum class KernelType { Linear, Poly, Rbf, Sigmoid };

struct KernelParams {
  KernelType type = KernelType::Rbf;
  double gamma = 0;    // the fitted `_gamma` (after 'scale' / 'auto')
  double coef0 = 0;
  int64_t degree = 3;

  static KernelParams read(const Object& est);
};

struct LibsvmModel {
  KernelParams kernel;
  int64_t n_features = 0;
  int64_t n_sv = 0;                  // rows of support_vectors_
  int64_t coef_rows = 0;             // rows of _dual_coef_
  std::vector<double> support_vectors;  // [n_sv, n_features] (read only with values)
  std::vector<double> dual_coef;        // [coef_rows, n_sv], libsvm's signs
  std::vector<double> intercept;        // _intercept_: -rho of libsvm, one per model
  std::vector<int64_t> n_support;       // classifiers: support vectors per class

  // Shapes and sizes (cheap, for infer) or everything. `n_classes`: the
  // number of classes_ of a classifier, 0 for regressors and OneClassSVM.
  static LibsvmModel read(const Object& est, int64_t n_classes, bool with_values);
};


}  // namespace onnxconv::svm

#endif  // ONNXCONV_PLUGINS_SVM_LIBSVM_MODEL_HPP
