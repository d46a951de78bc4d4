// What every selector converter shares: the mask of kept columns comes from
// the fitted state (each class computes it as its _get_support_mask does),
// and transform() is X[:, mask]: one Gather along the columns.
#ifndef ONNXCONV_PLUGINS_FEATURE_SELECTION_SELECTOR_HPP
#define ONNXCONV_PLUGINS_FEATURE_SELECTION_SELECTOR_HPP

#include <onnxconv/sdk/sdk.hpp>
#include <onnxconv/sdk/sklearn_version.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace onnxconv::feature_selection {

using sdk::Context;
using sdk::Object;
using sdk::ValueType;
using Mask = std::vector<bool>;

// Gather with an int64 index initializer: ai.onnx opset 1; 11 for the same
// limit the other transformer plugins use (negative indices never emitted).
constexpr int64_t kMinOpset = 11;

// A selector: mask() says which input columns transform() keeps.
class SelectorConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;

 protected:
  // One entry per input column, true where the column is kept.
  virtual Mask mask(const Object& est) const = 0;
  // The number of columns the selector was fitted on, or -1 if its state
  // does not say (the mask's size then decides).
  virtual int64_t fitted_width(const Object& est) const;

 private:
  Mask checked_mask(const Object& est) const;
};

// VarianceThreshold: variances_ > threshold.
class VarianceThresholdConverter : public SelectorConverter {
 protected:
  Mask mask(const Object& est) const override;
};

// RFE, RFECV, SequentialFeatureSelector: the fitted support_.
class SupportConverter : public SelectorConverter {
 protected:
  Mask mask(const Object& est) const override;
};

// SelectKBest, SelectPercentile, SelectFpr, SelectFdr, SelectFwe and
// GenericUnivariateSelect, from scores_ / pvalues_ (univariate.cpp).
class UnivariateConverter : public SelectorConverter {
 protected:
  Mask mask(const Object& est) const override;
};

// SelectFromModel, from the importances of its estimator (from_model.cpp).
class SelectFromModelConverter : public SelectorConverter {
 protected:
  Mask mask(const Object& est) const override;
  int64_t fitted_width(const Object& est) const override;
};

// ---------------------------------------------------------------- helpers

// A 1-D numeric array as numpy holds it: its values, and whether numpy
// computes with them in float32 (a float32 array) or in float64.
struct Values {
  std::vector<double> v;
  bool f32 = false;
};

// A 1-D int, uint, bool or float (32/64-bit) array of `size` values (size
// < 0: any size); refused otherwise, naming the attribute.
Values read_values(const Object& array, int64_t size = -1);

// The thresholds numpy may compare a `values` array with when the scalar is
// `t`: t itself, and for a float32 array also t rounded to float32 (numpy
// before 2.0 casts a float scalar to the array's float32; 2.0 keeps a
// numpy float64 scalar as it is).
std::vector<double> thresholds_for(double t, bool f32);

// The mask make(t) gives for every candidate threshold; they must agree,
// else the selection depends on numpy's casting and is refused naming
// `what` at `where`.
Mask agreed_mask(const Object& where, const std::string& what, const std::vector<double>& candidates,
                 const std::function<Mask(double)>& make);

// est.<name> as a number (Python or numpy int/float), naming it if it is not.
double number_attr(const Object& est, const char* name);

}  // namespace onnxconv::feature_selection

#endif
