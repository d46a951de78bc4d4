// QuantileTransformer (sklearn/preprocessing/_data.py, _transform_col):
// per column, the mean of np.interp forward and np.interp on the negated,
// reversed quantiles (so repeated quantiles map to the middle of their
// references), rows on the end quantiles set to 0 / 1, then for normal
// output norm.ppf clipped to ppf(1e-7 - eps) and ppf(1 - (1e-7 - eps)).
// Every release from 0.24 to 1.9 computes this the same way, in double.
//
// np.interp(x, xp, fp) (numpy's compiled_base.c): fp[0] below xp[0],
// fp[-1] at or above xp[-1], else with j the last index where xp[j] <= x,
// slope_j * (x - xp[j]) + fp[j], slope_j = (fp[j+1] - fp[j]) / (xp[j+1] -
// xp[j]). The graph finds j by a binary search unrolled over the columns
// at once (GatherElements on a [2^k, n_features] table), so memory stays
// O(N x n_features) whatever the number of quantiles, and uses the same
// slopes, computed here in double exactly as numpy computes them.
#include "converters.hpp"
#include "double_math.hpp"

#include <cfloat>
#include <cmath>
#include <limits>

namespace onnxconv::preprocessing {
namespace {

constexpr double kBoundsThreshold = 1e-7;  // sklearn's BOUNDS_THRESHOLD
// More quantiles than this are refused before any table is built.
constexpr int64_t kMaxQuantiles = int64_t(1) << 20;

struct QuantileState {
  int64_t n_quantiles = 0, n_features = 0;
  bool normal = false;
  std::vector<double> quantiles;   // [n_quantiles, n_features], row-major
  std::vector<double> references;  // [n_quantiles]

  static QuantileState read(const Object& est, int64_t n_features) {
    QuantileState s;
    s.n_features = n_features;
    Object dist = est.attr("output_distribution");
    std::string d = dist.to_string();
    if (d != "uniform" && d != "normal") dist.fail("unknown output_distribution '" + d + "' (known: uniform, normal)");
    s.normal = d == "normal";
    Object q = est.attr("quantiles_");
    std::vector<int64_t> shape = sdk::float_matrix_shape(q);
    if (shape[1] != n_features)
      q.fail("has " + std::to_string(shape[1]) + " columns; n_features_in_ is " + std::to_string(n_features));
    if (shape[0] > kMaxQuantiles)
      q.fail("has " + std::to_string(shape[0]) + " quantiles, over the limit of " + std::to_string(kMaxQuantiles));
    s.n_quantiles = shape[0];
    s.quantiles = sdk::finite_floats(q, shape);
    s.references = sdk::finite_floats(est.attr("references_"), {s.n_quantiles});
    for (int64_t k = 1; k < s.n_quantiles; ++k) {
      if (!(s.references[k - 1] <= s.references[k])) est.attr("references_").fail("is not sorted");
      for (int64_t f = 0; f < n_features; ++f)
        if (!(s.at(k - 1, f) <= s.at(k, f)))
          q.fail("column " + std::to_string(f) + " is not sorted at row " + std::to_string(k) +
                 " (np.interp needs increasing quantiles)");
    }
    return s;
  }
  double at(int64_t k, int64_t f) const { return quantiles[k * n_features + f]; }
};

// One np.interp(x, xp, fp) per column: xp[k][f] = xp_at(k, f), fp[k].
struct InterpTable {
  int64_t n = 0, n_features = 0;
  std::vector<double> xp, fp;  // xp [n, n_features]; fp [n]
};

// The forward table and the backward one (-xp reversed, -fp reversed).
InterpTable forward(const QuantileState& s) {
  return {s.n_quantiles, s.n_features, s.quantiles, s.references};
}

InterpTable backward(const QuantileState& s) {
  InterpTable t{s.n_quantiles, s.n_features, {}, {}};
  for (int64_t k = s.n_quantiles - 1; k >= 0; --k) {
    for (int64_t f = 0; f < s.n_features; ++f) t.xp.push_back(-s.at(k, f));
    t.fp.push_back(-s.references[k]);
  }
  return t;
}

// xp as a [2^k, n_features] table padded with +inf, for the binary search
// (and for xp[j], the rows below n).
std::string padded_table(const Context& ctx, const InterpTable& t) {
  int64_t size = 1;
  while (size < t.n) size *= 2;
  std::vector<double> padded(t.xp);
  padded.resize(size * t.n_features, std::numeric_limits<double>::infinity());
  return double_constant(ctx, "quantile_table", padded, {size, t.n_features});
}

// #{k : xp[k][f] <= x[., f]} for every element, by binary search over the
// padded table (x = +inf counts every row; x holds no NaN).
std::string count_not_above(const Context& ctx, const InterpTable& t, const std::string& table,
                            const std::string& x) {
  int64_t size = 1;
  while (size < t.n) size *= 2;
  // zeros shaped like x (which holds no NaN)
  std::string pos = ctx.op("Cast", {ctx.op("IsNaN", {x})}, {Attr::i("to", OC_ELEM_INT64)});
  for (int64_t step = size / 2; step >= 1; step /= 2) {
    std::string probe = ctx.op("Add", {pos, ctx.add_int64s("step", {step - 1}, {})});
    std::string value = ctx.op("GatherElements", {table, probe}, {Attr::i("axis", 0)});
    std::string take = ctx.op("Not", {ctx.op("Less", {x, value})});
    pos = ctx.op("Add", {pos, ctx.op("Mul", {ctx.op("Cast", {take}, {Attr::i("to", OC_ELEM_INT64)}),
                                             ctx.add_int64s("step", {step}, {})})});
  }
  if (size == 1) {  // one quantile: the count is x >= xp[0]
    std::string take = ctx.op("Not", {ctx.op("Less", {x, ctx.op("GatherElements", {table, pos},
                                                                  {Attr::i("axis", 0)})})});
    pos = ctx.op("Cast", {take}, {Attr::i("to", OC_ELEM_INT64)});
  }
  return ctx.op("Min", {pos, ctx.add_int64s("n", {t.n}, {})});
}

// np.interp(x, xp, fp) per column, x without NaN.
std::string interp(const Context& ctx, const InterpTable& t, const std::string& x) {
  const int64_t nf = t.n_features;
  std::string left = double_scalar(ctx, "left", t.fp.front());
  std::string right = double_scalar(ctx, "right", t.fp.back());
  std::string table = padded_table(ctx, t);
  std::string count = count_not_above(ctx, t, table, x);
  std::string value;
  if (t.n == 1) {
    value = left;
  } else {
    std::vector<double> slope;
    for (int64_t j = 0; j + 1 < t.n; ++j)
      for (int64_t f = 0; f < nf; ++f) {
        double x0 = t.xp[j * nf + f], x1 = t.xp[(j + 1) * nf + f];
        double s = x1 > x0 ? (t.fp[j + 1] - t.fp[j]) / (x1 - x0) : 0.0;  // equal: never selected
        if (!std::isfinite(s))
          throw sdk::Error("quantiles_ rows " + std::to_string(j) + " and " + std::to_string(j + 1) +
                           " of column " + std::to_string(f) + " are too close: np.interp's slope overflows");
        slope.push_back(s);
      }
    const std::vector<int64_t> dims = {t.n - 1, nf};
    std::string j = ctx.op("Max", {ctx.op("Sub", {count, ctx.add_int64s("one", {1}, {})}),
                                  ctx.add_int64s("zero", {0}, {})});
    j = ctx.op("Min", {j, ctx.add_int64s("last_segment", {t.n - 2}, {})});
    auto gather = [&](const char* hint, const std::vector<double>& v) {
      return ctx.op("GatherElements", {double_constant(ctx, hint, v, dims), j}, {Attr::i("axis", 0)});
    };
    std::string offset = ctx.op("Sub", {x, ctx.op("GatherElements", {table, j}, {Attr::i("axis", 0)})});
    // fp[j]: one value per row of the table, the same for every column
    std::string fp = double_constant(ctx, "fp", std::vector<double>(t.fp.begin(), t.fp.end() - 1), {t.n - 1});
    value = ctx.op("Add", {ctx.op("Mul", {gather("slope", slope), offset}), ctx.op("Gather", {fp, j})});
  }
  std::string zero = ctx.add_int64s("zero", {0}, {});
  value = ctx.op("Where", {ctx.op("Equal", {count, ctx.add_int64s("n", {t.n}, {})}), right, value});
  return ctx.op("Where", {ctx.op("Equal", {count, zero}), left, value});
}

std::vector<double> row(const QuantileState& s, int64_t k) {
  return std::vector<double>(s.quantiles.begin() + k * s.n_features, s.quantiles.begin() + (k + 1) * s.n_features);
}

}  // namespace

std::vector<ValueType> QuantileTransformerConverter::infer(Context& ctx, const Object& est,
                                                          const std::vector<ValueType>& inputs) {
  std::vector<ValueType> types = ColumnwiseConverter::infer(ctx, est, inputs);
  QuantileState::read(est, est.attr("n_features_in_").to_int());
  return types;
}

void QuantileTransformerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                           const std::vector<std::string>& out) {
  const int64_t nf = est.attr("n_features_in_").to_int();
  QuantileState s = QuantileState::read(est, nf);
  std::string x = as_double(ctx, in[0]);
  std::string is_nan = ctx.op("IsNaN", {x});
  std::string zero = double_scalar(ctx, "zero", 0.0);
  std::string clean = ctx.op("Where", {is_nan, zero, x});  // NaN rows come back at the end
  std::string half = double_scalar(ctx, "half", 0.5);
  std::string v = ctx.op("Mul", {half, ctx.op("Sub", {interp(ctx, forward(s), clean),
                                                      interp(ctx, backward(s), ctx.op("Neg", {clean}))})});
  std::string lowest = double_constant(ctx, "lowest_quantile", row(s, 0), {nf});
  std::string highest = double_constant(ctx, "highest_quantile", row(s, s.n_quantiles - 1), {nf});
  std::string at_low, at_high;
  if (s.normal) {
    std::string threshold = double_scalar(ctx, "bounds_threshold", kBoundsThreshold);
    at_low = ctx.op("Less", {ctx.op("Sub", {x, threshold}), lowest});
    at_high = ctx.op("Greater", {ctx.op("Add", {x, threshold}), highest});
  } else {
    at_low = ctx.op("Equal", {x, lowest});
    at_high = ctx.op("Equal", {x, highest});
  }
  std::string one = double_scalar(ctx, "one", 1.0);
  v = ctx.op("Where", {at_low, zero, ctx.op("Where", {at_high, one, v})});
  if (s.normal) {
    double eps = DBL_EPSILON;  // np.spacing(1)
    std::string lo = double_scalar(ctx, "clip_min", normal_quantile(kBoundsThreshold - eps));
    std::string hi = double_scalar(ctx, "clip_max", normal_quantile(1 - (kBoundsThreshold - eps)));
    std::string y = normal_quantile(ctx, v);
    y = ctx.op("Where", {ctx.op("Less", {y, lo}), lo, ctx.op("Where", {ctx.op("Greater", {y, hi}), hi, y})});
    // ppf(0) = -inf and ppf(1) = inf, clipped
    y = ctx.op("Where", {ctx.op("Not", {ctx.op("Greater", {v, zero})}), lo, y});
    v = ctx.op("Where", {ctx.op("Not", {ctx.op("Less", {v, one})}), hi, y});
  }
  double_into(ctx, ctx.op("Where", {is_nan, x, v}), out[0]);
}

}  // namespace onnxconv::preprocessing
