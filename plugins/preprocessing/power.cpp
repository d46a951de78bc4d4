// PowerTransformer (sklearn/preprocessing/_data.py): Yeo-Johnson or Box-Cox
// with the fitted lambdas_, then the inner StandardScaler (_scaler) when
// standardize. Computed in double, as scikit-learn does, in the arithmetic
// of the release that wrote the file: up to 1.8 scikit-learn's own
// ((x + 1)^l - 1) / l; from 1.9 scipy.stats.yeojohnson's
// expm1(l * log1p(x)) / l. Box-Cox is scipy.special.boxcox in every release.
#include "converters.hpp"
#include "double_math.hpp"

#include <onnxconv/sdk/sklearn_version.hpp>

#include <cfloat>
#include <cmath>

namespace onnxconv::preprocessing {
namespace {

struct PowerState {
  bool box_cox = false;
  std::vector<double> lambdas;
  std::optional<std::vector<double>> mean, scale;  // the inner StandardScaler's
  bool scipy_yeo_johnson = false;                   // 1.9+: stats.yeojohnson

  static PowerState read(const Object& est, int64_t n) {
    PowerState s;
    Object method = est.attr("method");
    std::string m = method.to_string();
    if (m != "yeo-johnson" && m != "box-cox") method.fail("unknown method '" + m + "' (known: yeo-johnson, box-cox)");
    s.box_cox = m == "box-cox";
    s.lambdas = *column_values(est, "lambdas_", n);
    for (double l : s.lambdas)
      if (!std::isfinite(l)) est.attr("lambdas_").fail("holds a non-finite lambda");
    if (flag(est, "standardize", true)) {
      Object scaler = est.attr("_scaler");
      if (flag(scaler, "with_mean", true)) s.mean = column_values(scaler, "mean_", n);
      if (flag(scaler, "with_std", true)) s.scale = column_values(scaler, "scale_", n);
    }
    s.scipy_yeo_johnson = sdk::SklearnVersion::of(est).at_least(1, 9);
    return s;
  }
};

// ((base)^p - 1) / p as the release computes it: pow (up to 1.8) or
// expm1(p * log1p(x)) (1.9's scipy; then `base` is 1 + x).
std::string power_term(const Context& ctx, const PowerState& s, const std::string& x, const std::string& p) {
  std::string one = double_scalar(ctx, "one", 1.0);
  if (s.scipy_yeo_johnson) return ctx.op("Div", {expm1(ctx, ctx.op("Mul", {p, log1p(ctx, x)})), p});
  std::string powered = ctx.op("Pow", {ctx.op("Add", {x, one}), p});
  return ctx.op("Div", {ctx.op("Sub", {powered, one}), p});
}

// _yeo_johnson_transform: x >= 0: log1p(x) (|l| < eps) or the power term in
// l; x < 0: -log1p(-x) (|l - 2| <= eps) or -(power term in 2 - l of -x).
std::string yeo_johnson(const Context& ctx, const PowerState& s, const std::string& x) {
  const int64_t n = int64_t(s.lambdas.size());
  std::vector<bool> pos_log, neg_log;
  std::vector<double> two_minus;
  for (double l : s.lambdas) {
    pos_log.push_back(std::fabs(l) < DBL_EPSILON);
    neg_log.push_back(!(std::fabs(l - 2) > DBL_EPSILON));
    two_minus.push_back(2 - l);
  }
  std::string neg_x = ctx.op("Neg", {x});
  std::string pos = per_column_select(ctx, pos_log, log1p(ctx, x),
                                      power_term(ctx, s, x, double_constant(ctx, "lambdas", s.lambdas, {n})));
  std::string neg = ctx.op("Neg", {per_column_select(ctx, neg_log, log1p(ctx, neg_x),
                                                     power_term(ctx, s, neg_x,
                                                                double_constant(ctx, "two_minus_lambdas",
                                                                                two_minus, {n})))});
  std::string non_negative = ctx.op("Not", {ctx.op("Less", {x, double_scalar(ctx, "zero", 0.0)})});
  return ctx.op("Where", {non_negative, pos, neg});
}

// scikit-learn refuses any x <= 0 (NaN aside) with a ValueError; the
// model fails the run instead (fail_if_any).
std::string refuse_non_positive(const Context& ctx, const std::string& x) {
  std::string zero = double_scalar(ctx, "zero", 0.0);
  std::string bad = ctx.op("And", {ctx.op("Not", {ctx.op("Greater", {x, zero})}),
                                   ctx.op("Not", {ctx.op("IsNaN", {x})})});
  return ctx.op("Mul", {x, fail_if_any(ctx, bad, "box_cox_needs_strictly_positive_x")});
}

// scipy.special.boxcox: log(x) where l == 0, else expm1(l * log(x)) / l.
std::string box_cox(const Context& ctx, const PowerState& s, const std::string& x) {
  const int64_t n = int64_t(s.lambdas.size());
  std::vector<bool> is_log;
  std::vector<double> safe;  // 1 where the log is used: no 0 / 0 computed
  for (double l : s.lambdas) {
    is_log.push_back(std::fabs(l) < 1e-19);
    safe.push_back(std::fabs(l) < 1e-19 ? 1.0 : l);
  }
  std::string log_x = ctx.op("Log", {refuse_non_positive(ctx, x)});
  std::string l = double_constant(ctx, "lambdas", safe, {n});
  std::string general = ctx.op("Div", {expm1(ctx, ctx.op("Mul", {l, log_x})), l});
  return per_column_select(ctx, is_log, log_x, general);
}

}  // namespace

void PowerTransformerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                        const std::vector<std::string>& out) {
  const int64_t n = est.attr("n_features_in_").to_int();
  PowerState s = PowerState::read(est, n);
  std::string x = as_double(ctx, in[0]);
  std::string y = s.box_cox ? box_cox(ctx, s, x) : yeo_johnson(ctx, s, x);
  if (s.mean) y = ctx.op("Sub", {y, double_constant(ctx, "mean", *s.mean, {n})});
  if (s.scale) y = ctx.op("Div", {y, double_constant(ctx, "scale", *s.scale, {n})});
  double_into(ctx, y, out[0]);
}

std::vector<ValueType> PowerTransformerConverter::infer(Context& ctx, const Object& est,
                                                        const std::vector<ValueType>& inputs) {
  std::vector<ValueType> types = ColumnwiseConverter::infer(ctx, est, inputs);
  PowerState::read(est, est.attr("n_features_in_").to_int());
  return types;
}

}  // namespace onnxconv::preprocessing
