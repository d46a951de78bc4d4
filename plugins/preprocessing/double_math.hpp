// Double-precision helpers for the nonlinear transformers (PowerTransformer,
// QuantileTransformer, FunctionTransformer): scikit-learn computes them in
// float64 whatever the input, so the graph does too and a float32 model only
// rounds its result. ONNX has no log1p, expm1 or inverse normal CDF; these
// emit accurate forms of them from ordinary ops.
#ifndef ONNXCONV_PLUGINS_PREPROCESSING_DOUBLE_MATH_HPP
#define ONNXCONV_PLUGINS_PREPROCESSING_DOUBLE_MATH_HPP

#include "common.hpp"

namespace onnxconv::preprocessing {

// x as tensor(double) (a Cast for float32 models).
std::string as_double(const Context& ctx, const std::string& x);
// Writes double x into `out` in the model float type.
void double_into(const Context& ctx, const std::string& x, const std::string& out);
// A tensor(double) constant.
std::string double_constant(const Context& ctx, const std::string& hint, const std::vector<double>& values,
                            const std::vector<int64_t>& dims);
std::string double_scalar(const Context& ctx, const std::string& hint, double value);

// log1p(x) to a few ulps: with u = 1 + x, x where u == 1, else
// log(u) * x / (u - 1) (the rounding of u cancels out).
std::string log1p(const Context& ctx, const std::string& x);
// expm1(y) to a few ulps: with u = exp(y), y where u == 1, -1 where
// u - 1 == -1, else (u - 1) * y / log(u).
std::string expm1(const Context& ctx, const std::string& y);
// The standard normal quantile (scipy.stats.norm.ppf) of p in (0, 1):
// Wichura's AS 241 (PPND16), relative error about 1e-16. 0 and 1 give
// NaN or infinities: callers select those rows themselves.
std::string normal_quantile(const Context& ctx, const std::string& p);
// The same in plain double arithmetic, for constants the graph needs.
double normal_quantile(double p);

// Where(mask, a, b) with a per-column mask known when converting; no node
// when the mask is all true or all false.
std::string per_column_select(const Context& ctx, const std::vector<bool>& mask, const std::string& a,
                              const std::string& b);

// Where scikit-learn raises a ValueError on some rows (Box-Cox on x <= 0,
// a spline beyond its knots), the model fails the run: the result is a
// double scalar 1.0 to multiply into the output, taken by a Gather from a
// one-element table whose index becomes 1 when any element of the bool
// tensor `bad` is true. ONNX Runtime then fails naming the node,
// `node_name` (e.g. "box_cox_needs_strictly_positive_x").
std::string fail_if_any(const Context& ctx, const std::string& bad, const std::string& node_name);

}  // namespace onnxconv::preprocessing

#endif
