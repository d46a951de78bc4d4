// Converters of the decomposition plugin; README.md says what each emits.
#ifndef ONNXCONV_PLUGINS_DECOMPOSITION_DECOMPOSITION_HPP
#define ONNXCONV_PLUGINS_DECOMPOSITION_DECOMPOSITION_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace onnxconv::decomposition {

using sdk::Context;
using sdk::Object;
using sdk::ValueType;

// variable [N, n_out] = (X - mean) @ W, mean optional: what every
// transformer here computes (W folds whitening in, in double).
struct Projection {
  int64_t n_features = 0, n_out = 0;
  std::vector<double> mean;  // [n_features] or empty
  std::vector<double> w;     // [n_features, n_out], row-major

  std::string emit(const Context& ctx, const std::string& x, const std::string& out = "") const;
};

// Shared by the transformers: infer checks the input and declares
// `variable`; convert emits the projection `read` gives.
class ProjectionConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;

 protected:
  // The projection; with_values false only needs the sizes right.
  virtual Projection read(const Object& est, bool with_values) const = 0;
};

// PCA and IncrementalPCA: (X - mean_) @ components_.T, divided by
// sqrt(explained_variance_) when whiten (clamped at double epsilon from 1.5).
class PcaConverter : public ProjectionConverter {
 protected:
  Projection read(const Object& est, bool with_values) const override;
};

// TruncatedSVD: X @ components_.T.
class TruncatedSvdConverter : public ProjectionConverter {
 protected:
  Projection read(const Object& est, bool with_values) const override;
};

// FastICA: (X - mean_) @ components_.T when whitening, else X @ components_.T.
class FastIcaConverter : public ProjectionConverter {
 protected:
  Projection read(const Object& est, bool with_values) const override;
};

// LinearDiscriminantAnalysis: classifier (label, probabilities: expit for
// two classes, softmax else; with option raw_scores=true decision_function,
// binary [-d, d]), or with option lda_transform=true its transform() as
// `variable`.
class LdaConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// QuadraticDiscriminantAnalysis: label and probabilities from the Gaussian
// log-densities with P_k = rotations_[k] * scalings_[k] ** -0.5; with option
// raw_scores=true probabilities is decision_function (binary [-d, d]).
class QdaConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// KernelPCA: transform() with kernels linear, poly, rbf, sigmoid, cosine;
// X_fit_ is an initializer (kernel_pca.cpp).
class KernelPcaConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// Helpers shared by the sources.
// n_features_in_ (1.0+) or n_features_ (older), when present, must match.
void check_n_features(const Object& est, int64_t n_features, const Object& where);

}  // namespace onnxconv::decomposition

#endif  // ONNXCONV_PLUGINS_DECOMPOSITION_DECOMPOSITION_HPP
