// The converters of the preprocessing plugin: scikit-learn 1.2 transformers,
// each giving one output `variable` [N, columns] in the model float type.
#ifndef ONNXCONV_PLUGINS_PREPROCESSING_CONVERTERS_HPP
#define ONNXCONV_PLUGINS_PREPROCESSING_CONVERTERS_HPP

#include "common.hpp"

namespace onnxconv::preprocessing {

// Transformers whose output has as many columns as their input.
class ColumnwiseConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
};

// (X - mean_) / scale_, each part only when with_mean / with_std.
class StandardScalerConverter : public ColumnwiseConverter {
 public:
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// X * scale_ + min_, clipped to feature_range when clip.
class MinMaxScalerConverter : public ColumnwiseConverter {
 public:
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// X / scale_.
class MaxAbsScalerConverter : public ColumnwiseConverter {
 public:
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// (X - center_) / scale_, each part only when with_centering / with_scaling.
class RobustScalerConverter : public ColumnwiseConverter {
 public:
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// Each row divided by its l1, l2 or max norm (norms near zero count as 1).
class NormalizerConverter : public ColumnwiseConverter {
 public:
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// 1 where X > threshold, else 0.
class BinarizerConverter : public ColumnwiseConverter {
 public:
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// Missing values replaced by statistics_; columns without statistics are
// dropped (unless keep_empty_features or strategy 'constant'); with
// add_indicator, the missing-value indicator columns follow.
class SimpleImputerConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// Products of input columns, in the order of scikit-learn's powers_.
class PolynomialFeaturesConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// Yeo-Johnson or Box-Cox with lambdas_, then the inner StandardScaler
// (_scaler) when standardize; computed in double. Box-Cox on x <= 0 fails
// the run, as scikit-learn raises.
class PowerTransformerConverter : public ColumnwiseConverter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// np.interp on quantiles_ / references_ both ways (uniform), then the
// normal quantile function (normal); computed in double.
class QuantileTransformerConverter : public ColumnwiseConverter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// The B-spline basis of each feature from bsplines_ (scipy BSpline objects
// read as data), with the extrapolation modes; computed in double.
class SplineTransformerConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// func a numpy ufunc named in the file (ufunc.hpp); anything else refused.
class FunctionTransformerConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::preprocessing

#endif
