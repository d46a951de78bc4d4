// The part every linear estimator shares: scores = X @ coef_.T + intercept_,
// plus the few opset-dependent ONNX helpers the converters use.
//
// Every scikit-learn estimator this plugin converts predicts from that one
// matrix product; the per-family converters (regressors.cpp,
// classifiers.cpp) only add what comes after it (a link function,
// probabilities, labels).
#ifndef ONNXCONV_PLUGINS_LINEAR_LINEAR_SCORES_HPP
#define ONNXCONV_PLUGINS_LINEAR_LINEAR_SCORES_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv::linear {

using sdk::Attr;
using sdk::Context;
using sdk::Object;
using sdk::ValueType;

// Lowest ai.onnx opset the plugin emits for: Add/Sub/Div broadcast the numpy
// way from 7 on, Min and Max from 8, Where exists from 9. (modified_huber
// multiclass also needs Equal on floats: 11.)
constexpr int64_t kMinOpset = 9;

// Refuses a target opset below `min`, saying what needs it.
void require_opset(const Context& ctx, int64_t min, const std::string& what);

// coef_ and intercept_ of a fitted linear model, as the matrix product
// X @ coef_.T + intercept_ sees them.
struct LinearModel {
  int64_t n_outputs = 0;   // rows of coef_: targets, classes, or 1
  int64_t n_features = 0;  // columns of coef_
  std::vector<double> coef;       // [n_outputs, n_features], row-major (read)
  std::vector<double> intercept;  // [n_outputs]

  // Everything but the coef_ values (cheap: for infer). Checks coef_ is a
  // dense 1-D or 2-D numeric array that agrees with n_features_in_, and
  // reads intercept_ (a number, or one value per row of coef_).
  static LinearModel shape_of(const Object& est);
  // shape_of plus the values of coef_.
  static LinearModel read(const Object& est);
  // coef_ alone, checked as shape_of does (coef_shape: without its values),
  // for estimators whose offset is not intercept_ (the caller sets
  // `intercept`, one value per output).
  static LinearModel coef_shape(const Object& est);
  static LinearModel read_coef(const Object& est);
};

// Checks that the converter got one [N, n_features] tensor of the model
// float type; errors name the estimator's path.
void check_input(const Context& ctx, const Object& est,
                 const std::vector<ValueType>& inputs, int64_t n_features);

// X @ coef_.T + intercept_ as [N, n_outputs] in the model float type
// (MatMul, then Add unless every intercept is 0). Written to `out`, or to a
// fresh name when `out` is empty; returns the name.
std::string emit_scores(const Context& ctx, const std::string& x,
                        const LinearModel& model, const std::string& out = "");

// ---- small ONNX helpers (the model float type, any supported opset) ----

// A scalar (rank 0) constant of the model float type.
std::string scalar(const Context& ctx, double value);
// ReduceSum over axis 1 with keepdims: [N, K] -> [N, 1].
std::string row_sum(const Context& ctx, const std::string& x);
// numpy's clip(x, lo, hi), as Max(Min(x, hi), lo).
std::string clip(const Context& ctx, const std::string& x, double lo, double hi);
// One node writing to `out`, or to a fresh name when `out` is empty;
// returns the name.
std::string named(const Context& ctx, const std::string& op_type,
                  const std::vector<std::string>& inputs,
                  const std::vector<Attr>& attrs, const std::string& out);

}  // namespace onnxconv::linear

#endif  // ONNXCONV_PLUGINS_LINEAR_LINEAR_SCORES_HPP
