// SplineTransformer (sklearn/preprocessing/_polynomial.py, 1.0+): per
// feature, the B-spline basis of the fitted scipy BSpline objects in
// bsplines_ (read as data: knots t, coefficient matrix c, degree k), then
// the extrapolation mode outside [t[k], t[n]]. Computed in double.
//
// The basis follows scipy's evaluation (interpolate/_bspl, _deBoor_D): the
// interval ell = the last l in [k, n-1] with t[l] <= x (k below, n-1
// above), de Boor's triangle h[0..k] on the knots t[ell-k+1 .. ell+k], and
// column j = sum over a of c[ell-k+a, j] * h[a], in that order. All
// features share k and the number of knots, so the graph works on [N, F]
// tensors at once with GatherElements on [knots, F] tables.
#include "converters.hpp"
#include "double_math.hpp"

#include <onnxconv/sdk/sklearn_version.hpp>

#include <algorithm>
#include <cmath>

namespace onnxconv::preprocessing {
namespace {

constexpr int64_t kMaxDegree = 32;
constexpr int64_t kMaxKnots = int64_t(1) << 16;
constexpr int64_t kMaxOutputs = int64_t(1) << 20;

enum class Extrapolation { Error, Constant, Linear, Continue, Periodic };

struct SplineState {
  int64_t n_features = 0, k = 0, n_knots = 0, n_basis = 0;
  int64_t n_splines = 0;  // basis columns per feature (c's columns)
  int64_t n_columns = 0;  // of them kept: without the last when not include_bias
  Extrapolation mode = Extrapolation::Constant;
  bool missing_as_zeros = false;  // handle_missing='zeros' (1.8+)
  bool zero_period_is_zeros = false;  // 1.8+: a periodic feature of period 0 evaluates x = 0
  std::vector<std::vector<double>> knots;  // per feature
  std::vector<std::vector<double>> coef;   // per feature, [n_basis, n_columns] (columns kept)

  double lower(int64_t f) const { return knots[f][k]; }            // t[k]
  double upper(int64_t f) const { return knots[f][n_basis]; }      // t[n]
  // The constant and linear modes, per feature: they extrapolate from t[d]
  // and t[-d - 1] and continue the first / last `reach` columns.
  std::vector<int64_t> bound_index, reach;
  double xmin(int64_t f) const { return knots[f][bound_index[f]]; }
  double xmax(int64_t f) const { return knots[f][n_knots - bound_index[f] - 1]; }
  double at(int64_t f, int64_t b, int64_t j) const { return coef[f][b * n_columns + j]; }
};

Extrapolation parse_mode(const Object& attr) {
  std::string m = attr.to_string();
  if (m == "error") return Extrapolation::Error;
  if (m == "constant") return Extrapolation::Constant;
  if (m == "linear") return Extrapolation::Linear;
  if (m == "continue") return Extrapolation::Continue;
  if (m == "periodic") return Extrapolation::Periodic;
  attr.fail("unknown extrapolation '" + m + "' (known: error, constant, linear, continue, periodic)");
}

// scipy 1.17 keeps a BSpline's knots and coefficients as _t and _c (t and c
// before).
Object spline_array(const Object& spl, const char* name) {
  if (auto v = spl.find(name)) return *v;
  return spl.attr(("_" + std::string(name)).c_str());
}

// One fitted scipy BSpline: its knots and coefficients, checked against the
// sizes the first one set (every feature shares them).
void read_spline(const Object& spl, SplineState& s, bool include_bias) {
  int64_t k = spl.attr("k").to_int();
  if (k < 0 || k > kMaxDegree)
    spl.attr("k").fail("degree " + std::to_string(k) + " is outside 0.." + std::to_string(kMaxDegree));
  Object t = spline_array(spl, "t");
  std::vector<int64_t> t_shape = t.shape();
  if (t.kind() != sdk::Kind::Array || t_shape.size() != 1) t.fail("expected a 1-D array of knots");
  int64_t m = t_shape[0];
  if (m > kMaxKnots) t.fail("has " + std::to_string(m) + " knots, over the limit of " + std::to_string(kMaxKnots));
  if (m < 2 * k + 2) t.fail("has " + std::to_string(m) + " knots; degree " + std::to_string(k) + " needs at least " +
                            std::to_string(2 * k + 2));
  std::vector<double> knots = sdk::finite_floats(t, {m});
  for (int64_t i = 1; i < m; ++i)
    if (!(knots[i - 1] <= knots[i])) t.fail("is not sorted at index " + std::to_string(i));
  Object c = spline_array(spl, "c");
  std::vector<int64_t> c_shape = sdk::float_matrix_shape(c);
  if (c_shape[0] != m - k - 1)
    c.fail("has " + std::to_string(c_shape[0]) + " rows; " + std::to_string(m) + " knots of degree " +
           std::to_string(k) + " make " + std::to_string(m - k - 1) + " basis functions");
  if (s.knots.empty()) {
    s.k = k;
    s.n_knots = m;
    s.n_basis = m - k - 1;
    s.n_splines = c_shape[1];
    s.n_columns = c_shape[1] - (include_bias ? 0 : 1);
    if (s.n_columns < 1) c.fail("has no column left without the bias");
  } else if (k != s.k || m != s.n_knots || c_shape[1] - (include_bias ? 0 : 1) != s.n_columns) {
    spl.fail("differs in degree, knots or columns from bsplines_[0]");
  }
  if (s.n_features * s.n_columns > kMaxOutputs)
    c.fail("makes more than " + std::to_string(kMaxOutputs) + " output columns");
  std::vector<double> all = sdk::finite_floats(c, c_shape);
  std::vector<double> kept;
  for (int64_t b = 0; b < c_shape[0]; ++b)
    kept.insert(kept.end(), all.begin() + b * c_shape[1], all.begin() + b * c_shape[1] + s.n_columns);
  s.knots.push_back(std::move(knots));
  s.coef.push_back(std::move(kept));
}

SplineState read_state(const Object& est, int64_t n_features) {
  SplineState s;
  s.n_features = n_features;
  s.mode = parse_mode(est.attr("extrapolation"));
  bool include_bias = flag(est, "include_bias", true);
  if (auto missing = est.find("handle_missing")) {
    std::string h = missing->to_string();
    if (h != "error" && h != "zeros") missing->fail("unknown handle_missing '" + h + "' (known: error, zeros)");
    s.missing_as_zeros = h == "zeros";
  }
  s.zero_period_is_zeros = sdk::SklearnVersion::of(est).at_least(1, 8);
  Object splines = est.attr("bsplines_");
  if (splines.kind() != sdk::Kind::List && splines.kind() != sdk::Kind::Tuple) splines.fail("expected a list");
  if (int64_t(splines.size()) != n_features)
    splines.fail("holds " + std::to_string(splines.size()) + " splines; n_features_in_ is " +
                 std::to_string(n_features));
  for (size_t f = 0; f < splines.size(); ++f) read_spline(splines[f], s, include_bias);
  int64_t degree = est.attr("degree").to_int();
  if (degree != s.k) est.attr("degree").fail("is " + std::to_string(degree) + " but the splines have degree " +
                                              std::to_string(s.k));
  // transform() (1.0 to 1.9 alike) keeps one local `degree` across the
  // feature loop: d = degree for the bounds t[d], t[-d - 1], and in the
  // linear mode d += 1 whenever d <= 1, *before* the next feature reads it.
  // So with degree <= 1 later features use wider bounds and reach.
  for (int64_t f = 0, d = s.k; f < n_features; ++f) {
    s.bound_index.push_back(d);
    if (s.mode == Extrapolation::Linear && d <= 1) ++d;
    s.reach.push_back(s.mode == Extrapolation::Linear || s.mode == Extrapolation::Constant ? d : 0);
    if (s.n_knots - 2 * d - 1 < 0) splines[f].fail("has too few knots for degree " + std::to_string(s.k));
  }
  for (int64_t f = 0; f < n_features && s.mode == Extrapolation::Periodic && !s.zero_period_is_zeros; ++f)
    if (!(s.upper(f) > s.lower(f)))
      splines[f].fail("has a zero period: the release that wrote it maps every value to NaN");
  return s;
}

// ---------------------------------------------------------------------------
// scipy's evaluation in plain double, for the constants of the constant and
// linear modes (the basis and its derivative at t[k] and t[n]).

int64_t find_interval(const std::vector<double>& t, int64_t k, int64_t n, double x) {
  int64_t l = k + 1;
  while (l != n && x >= t[l]) ++l;
  return l - 1;
}

// _deBoor_D: the k+1 nonzero values of the basis (nu = 0) or of its first
// derivative (nu = 1) on interval ell.
std::vector<double> de_boor(const std::vector<double>& t, int64_t k, int64_t ell, double x, int64_t nu) {
  std::vector<double> h(k + 1, 0.0), hh(k + 1, 0.0);
  h[0] = 1.0;
  for (int64_t j = 1; j <= k - nu; ++j) {
    std::copy(h.begin(), h.begin() + j, hh.begin());
    h[0] = 0.0;
    for (int64_t n = 1; n <= j; ++n) {
      double xb = t[ell + n], xa = t[ell + n - j];
      if (xb == xa) {
        h[n] = 0.0;
        continue;
      }
      double w = hh[n - 1] / (xb - xa);
      h[n - 1] += w * (xb - x);
      h[n] = w * (x - xa);
    }
  }
  for (int64_t j = k - nu + 1; j <= k; ++j) {
    std::copy(h.begin(), h.begin() + j, hh.begin());
    h[0] = 0.0;
    for (int64_t n = 1; n <= j; ++n) {
      double xb = t[ell + n], xa = t[ell + n - j];
      if (xb == xa) {
        h[nu] = 0.0;  // as scipy writes it
        continue;
      }
      double w = double(j) * hh[n - 1] / (xb - xa);
      h[n - 1] -= w;
      h[n] = w;
    }
  }
  return h;
}

// spl(x, nu) of feature f: one value per kept column.
std::vector<double> evaluate(const SplineState& s, int64_t f, double x, int64_t nu) {
  const std::vector<double>& t = s.knots[f];
  int64_t ell = find_interval(t, s.k, s.n_basis, x);
  std::vector<double> h = de_boor(t, s.k, ell, x, nu);
  std::vector<double> out(s.n_columns, 0.0);
  for (int64_t j = 0; j < s.n_columns; ++j)
    for (int64_t a = 0; a <= s.k; ++a) out[j] = out[j] + s.at(f, ell + a - s.k, j) * h[a];
  return out;
}

// ---------------------------------------------------------------------------
// the graph

std::string unsqueeze_last(const Context& ctx, const std::string& x) {
  if (ctx.opset() >= 13) return ctx.op("Unsqueeze", {x, ctx.add_int64s("axes", {-1}, {1})});
  return ctx.op("Unsqueeze", {x}, {Attr::ints("axes", {-1})});
}

std::string sum_last_axis(const Context& ctx, const std::string& x) {
  if (ctx.opset() >= 13)
    return ctx.op("ReduceSum", {x, ctx.add_int64s("axes", {-1}, {1})}, {Attr::i("keepdims", 0)});
  return ctx.op("ReduceSum", {x}, {Attr::ints("axes", {-1}), Attr::i("keepdims", 0)});
}

// A per-feature constant [F] from f -> value.
template <class F>
std::string per_feature(const Context& ctx, const SplineState& s, const char* hint, F value) {
  std::vector<double> v;
  for (int64_t f = 0; f < s.n_features; ++f) v.push_back(value(f));
  return double_constant(ctx, hint, v, {s.n_features});
}

// A per-feature, per-column constant [F, n_columns] from (f, j) -> value.
template <class F>
std::string per_column(const Context& ctx, const SplineState& s, const char* hint, F value) {
  std::vector<double> v;
  for (int64_t f = 0; f < s.n_features; ++f)
    for (int64_t j = 0; j < s.n_columns; ++j) v.push_back(value(f, j));
  return double_constant(ctx, hint, v, {s.n_features, s.n_columns});
}

// numpy's floor modulo for a positive divisor: fmod, plus the divisor when
// the remainder is negative.
std::string floor_mod(const Context& ctx, const std::string& a, const std::string& period) {
  std::string r = ctx.op("Mod", {a, period}, {Attr::i("fmod", 1)});
  std::string negative = ctx.op("Less", {r, double_scalar(ctx, "zero", 0.0)});
  return ctx.op("Where", {negative, ctx.op("Add", {r, period}), r});
}

// x mapped into [t[k], t[n]) for periodic splines; 0 for a zero period (1.8+).
std::string periodic_x(const Context& ctx, const SplineState& s, const std::string& x) {
  std::string lower = per_feature(ctx, s, "t_k", [&](int64_t f) { return s.lower(f); });
  std::string period = per_feature(ctx, s, "period", [&](int64_t f) {
    double p = s.upper(f) - s.lower(f);
    return p > 0 ? p : 1.0;  // unused where zero
  });
  std::string mapped = ctx.op("Add", {lower, floor_mod(ctx, ctx.op("Sub", {x, lower}), period)});
  std::vector<bool> has_period;
  for (int64_t f = 0; f < s.n_features; ++f) has_period.push_back(s.upper(f) - s.lower(f) > 0);
  std::string zeros = ctx.op("Mul", {x, double_scalar(ctx, "zero", 0.0)});
  return per_column_select(ctx, has_period, mapped, zeros);
}

// The interval index ell [N, F] (int64) of every element.
std::string interval(const Context& ctx, const SplineState& s, const std::string& x) {
  std::string k = ctx.add_int64s("k", {s.k}, {});
  int64_t n_inner = s.n_basis - s.k - 1;  // t[k+1 .. n-1]
  if (n_inner == 0) return ctx.op("Add", {ctx.op("Cast", {ctx.op("IsNaN", {x})}, {Attr::i("to", OC_ELEM_INT64)}), k});
  std::vector<double> inner;
  for (int64_t f = 0; f < s.n_features; ++f)
    for (int64_t l = s.k + 1; l < s.n_basis; ++l) inner.push_back(s.knots[f][l]);
  std::string table = double_constant(ctx, "inner_knots", inner, {s.n_features, n_inner});
  std::string passed = ctx.op("Not", {ctx.op("Less", {unsqueeze_last(ctx, x), table})});
  return ctx.op("Add", {sum_last_axis(ctx, ctx.op("Cast", {passed}, {Attr::i("to", OC_ELEM_INT64)})), k});
}

// The basis columns [N, F, n_columns] at x (no NaN), as scipy computes them.
std::string basis(const Context& ctx, const SplineState& s, const std::string& x) {
  std::string ell = interval(ctx, s, x);
  std::vector<double> knots;  // [n_knots, F]
  for (int64_t i = 0; i < s.n_knots; ++i)
    for (int64_t f = 0; f < s.n_features; ++f) knots.push_back(s.knots[f][i]);
  std::string knot_table = double_constant(ctx, "knots", knots, {s.n_knots, s.n_features});
  auto knot = [&](int64_t offset) {  // t[ell + offset]
    return ctx.op("GatherElements", {knot_table, ctx.op("Add", {ell, ctx.add_int64s("offset", {offset}, {})})},
                  {Attr::i("axis", 0)});
  };
  std::vector<std::string> h(s.k + 1), hh(s.k + 1);
  h[0] = ctx.op("Add", {ctx.op("Mul", {x, double_scalar(ctx, "zero", 0.0)}), double_scalar(ctx, "one", 1.0)});
  std::string zero = double_scalar(ctx, "zero", 0.0);
  for (int64_t j = 1; j <= s.k; ++j) {
    std::copy(h.begin(), h.begin() + j, hh.begin());
    h[0] = ctx.op("Mul", {h[0], zero});
    for (int64_t n = 1; n <= j; ++n) {
      std::string xb = knot(n), xa = knot(n - j);
      std::string width = ctx.op("Sub", {xb, xa});
      std::string same = ctx.op("Equal", {xb, xa});
      std::string w = ctx.op("Div", {hh[n - 1], width});
      std::string left = ctx.op("Add", {h[n - 1], ctx.op("Mul", {w, ctx.op("Sub", {xb, x})})});
      h[n - 1] = ctx.op("Where", {same, h[n - 1], left});
      h[n] = ctx.op("Where", {same, zero, ctx.op("Mul", {w, ctx.op("Sub", {x, xa})})});
    }
  }
  // column j = sum_a c[ell - k + a, j] * h[a]: rows of the [F * n_basis,
  // n_columns] coefficient table gathered at f * n_basis + ell - k + a.
  std::vector<double> coef;
  for (int64_t f = 0; f < s.n_features; ++f) coef.insert(coef.end(), s.coef[f].begin(), s.coef[f].end());
  std::string coef_table = double_constant(ctx, "coefficients", coef, {s.n_features * s.n_basis, s.n_columns});
  std::vector<int64_t> row_base;
  for (int64_t f = 0; f < s.n_features; ++f) row_base.push_back(f * s.n_basis - s.k);
  std::string base = ctx.op("Add", {ell, ctx.add_int64s("row_base", row_base, {s.n_features})});
  std::string sum;
  for (int64_t a = 0; a <= s.k; ++a) {
    std::string rows = ctx.op("Add", {base, ctx.add_int64s("a", {a}, {})});
    std::string term = ctx.op("Mul", {ctx.op("Gather", {coef_table, rows}, {Attr::i("axis", 0)}),
                                      unsqueeze_last(ctx, h[a])});
    sum = a == 0 ? term : ctx.op("Add", {sum, term});
  }
  return sum;
}

// Rows below xmin / above xmax in the constant and linear modes: the first
// / last `reach` columns of the full basis continue from their value
// (constant) or along their slope (linear: f + (x - bound) * f'); every
// other column is 0.
std::string extrapolate(const Context& ctx, const SplineState& s, const std::string& x, const std::string& inside) {
  std::vector<std::vector<double>> f_min, f_max, fp_min, fp_max;
  for (int64_t f = 0; f < s.n_features; ++f) {
    f_min.push_back(evaluate(s, f, s.xmin(f), 0));
    f_max.push_back(evaluate(s, f, s.xmax(f), 0));
    fp_min.push_back(evaluate(s, f, s.xmin(f), 1));
    fp_max.push_back(evaluate(s, f, s.xmax(f), 1));
  }
  // (the lambdas take the feature too: reach differs per feature)
  std::string xmin = per_feature(ctx, s, "xmin", [&](int64_t f) { return s.xmin(f); });
  std::string xmax = per_feature(ctx, s, "xmax", [&](int64_t f) { return s.xmax(f); });
  std::string below_value = per_column(ctx, s, "f_min", [&](int64_t f, int64_t j) { return j < s.reach[f] ? f_min[f][j] : 0.0; });
  std::string above_value = per_column(ctx, s, "f_max", [&](int64_t f, int64_t j) { return j >= s.n_splines - s.reach[f] ? f_max[f][j] : 0.0; });
  if (s.mode == Extrapolation::Linear) {
    std::string below_slope =
        per_column(ctx, s, "fp_min", [&](int64_t f, int64_t j) { return j < s.reach[f] ? fp_min[f][j] : 0.0; });
    std::string above_slope =
        per_column(ctx, s, "fp_max", [&](int64_t f, int64_t j) { return j >= s.n_splines - s.reach[f] ? fp_max[f][j] : 0.0; });
    below_value = ctx.op("Add", {below_value, ctx.op("Mul", {unsqueeze_last(ctx, ctx.op("Sub", {x, xmin})),
                                                             below_slope})});
    above_value = ctx.op("Add", {above_value, ctx.op("Mul", {unsqueeze_last(ctx, ctx.op("Sub", {x, xmax})),
                                                             above_slope})});
  }
  std::string below = unsqueeze_last(ctx, ctx.op("Less", {x, xmin}));
  std::string above = unsqueeze_last(ctx, ctx.op("Greater", {x, xmax}));
  return ctx.op("Where", {below, below_value, ctx.op("Where", {above, above_value, inside})});
}

// extrapolation='error': scikit-learn raises for x outside [t[k], t[n]].
std::string refuse_beyond_knots(const Context& ctx, const SplineState& s, const std::string& x) {
  std::string xmin = per_feature(ctx, s, "xmin", [&](int64_t f) { return s.lower(f); });
  std::string xmax = per_feature(ctx, s, "xmax", [&](int64_t f) { return s.upper(f); });
  std::string beyond = ctx.op("Or", {ctx.op("Less", {x, xmin}), ctx.op("Greater", {x, xmax})});
  return fail_if_any(ctx, beyond, "spline_x_beyond_the_knots");
}

}  // namespace

std::vector<ValueType> SplineTransformerConverter::infer(Context& ctx, const Object& est,
                                                        const std::vector<ValueType>& inputs) {
  check_input(ctx, est, inputs);
  int64_t n = est.attr("n_features_in_").to_int();
  SplineState s = read_state(est, n);
  return transformed(ctx, inputs, n * s.n_columns);
}

void SplineTransformerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                         const std::vector<std::string>& out) {
  int64_t n = est.attr("n_features_in_").to_int();
  SplineState s = read_state(est, n);
  std::string x = as_double(ctx, in[0]);
  std::string missing = ctx.op("IsNaN", {x});
  if (s.missing_as_zeros) {
    // evaluated at t[k], then zeroed
    x = ctx.op("Where", {missing, per_feature(ctx, s, "t_k", [&](int64_t f) { return s.lower(f); }), x});
  } else {
    x = ctx.op("Mul", {x, fail_if_any(ctx, missing, "spline_x_is_missing")});
  }
  if (s.mode == Extrapolation::Error) x = ctx.op("Mul", {x, refuse_beyond_knots(ctx, s, x)});
  std::string y = basis(ctx, s, s.mode == Extrapolation::Periodic ? periodic_x(ctx, s, x) : x);
  if (s.mode == Extrapolation::Constant || s.mode == Extrapolation::Linear) y = extrapolate(ctx, s, x, y);
  if (s.missing_as_zeros)
    y = ctx.op("Where", {unsqueeze_last(ctx, missing), double_scalar(ctx, "zero", 0.0), y});
  std::string shape = ctx.add_int64s("shape", {-1, n * s.n_columns}, {2});
  double_into(ctx, ctx.op("Reshape", {y, shape}), out[0]);
}

}  // namespace onnxconv::preprocessing
