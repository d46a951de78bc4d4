// SimpleImputer (sklearn/impute/_base.py): every strategy (mean, median,
// most_frequent, constant) is a fitted statistics_ row, so the transform is
// one Where per missing entry. What differs is which columns survive: a
// column all missing at fit has a NaN statistic and is dropped, unless
// keep_empty_features (new in 1.2; its statistic is then 0, or fill_value
// for 'constant'). Before 1.8 'constant' kept every column whatever its
// statistic (even fill_value=NaN); from 1.8 it stores NaN for a column all
// missing at fit and drops it like the other strategies (statistics_ is then
// an object array, which reads as numbers all the same).
#include "converters.hpp"

#include <onnxconv/sdk/sklearn_version.hpp>

#include <cmath>

namespace onnxconv::preprocessing {
namespace {

struct ImputerPlan {
  int64_t n_features = 0;
  std::vector<int64_t> kept;        // input columns in the output, in order
  std::vector<double> statistics;   // one per kept column
  std::optional<double> missing;    // the missing value; nullopt: NaN
  std::vector<int64_t> indicator;   // add_indicator: input columns flagged
};

std::optional<double> missing_value(const Object& est) {
  Object mv = est.attr("missing_values");
  if (mv.kind() != sdk::Kind::Float && mv.kind() != sdk::Kind::Int)
    mv.fail("only numeric missing values (NaN or a number) convert to a float tensor input");
  double v = mv.to_double();
  if (std::isnan(v)) return std::nullopt;
  return v;
}

// MissingIndicator.features_: the columns it reports (all of them, or those
// with missing values at fit).
std::vector<int64_t> indicator_features(const Object& est) {
  if (!flag(est, "add_indicator", false)) return {};
  Object indicator = est.attr("indicator_");
  if (indicator.is_none()) indicator.fail("add_indicator is set but indicator_ is None");
  return indicator.attr("features_").to_int64s();
}

// 'constant' before 1.8 never dropped a column (1.6 and 1.7 warn that 1.8
// will); the release that wrote the file decides.
bool constant_keeps_every_column(const Object& est) {
  return est.attr("strategy").is_string("constant") && !sdk::SklearnVersion::of(est).at_least(1, 8);
}

ImputerPlan read_plan(const Object& est, int64_t n_features) {
  ImputerPlan p;
  p.missing = missing_value(est);
  std::vector<double> statistics = *column_values(est, "statistics_", n_features);
  p.n_features = static_cast<int64_t>(statistics.size());
  bool keep_all = flag(est, "keep_empty_features", false) || constant_keeps_every_column(est);
  for (int64_t j = 0; j < p.n_features; ++j) {
    if (!keep_all && std::isnan(statistics[size_t(j)])) continue;
    p.kept.push_back(j);
    p.statistics.push_back(statistics[size_t(j)]);
  }
  p.indicator = indicator_features(est);
  for (int64_t j : p.indicator)
    if (j < 0 || j >= p.n_features) est.fail("indicator_.features_ holds column " + std::to_string(j));
  return p;
}

bool all_columns(const std::vector<int64_t>& columns, int64_t n) {
  if (int64_t(columns.size()) != n) return false;
  for (int64_t j = 0; j < n; ++j)
    if (columns[size_t(j)] != j) return false;
  return true;
}

// Where x is missing: NaN test, or equality with the missing value.
std::string missing_mask(const Context& ctx, const ImputerPlan& p, const std::string& x) {
  if (!p.missing) return ctx.op("IsNaN", {x});
  return ctx.op("Equal", {x, ctx.add_floats("missing_value", {*p.missing}, {})});
}

}  // namespace

std::vector<ValueType> SimpleImputerConverter::infer(Context& ctx, const Object& est,
                                                     const std::vector<ValueType>& inputs) {
  ImputerPlan p = read_plan(est, check_input(ctx, est, inputs));
  return transformed(ctx, inputs, int64_t(p.kept.size() + p.indicator.size()));
}

void SimpleImputerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                     const std::vector<std::string>& out) {
  ImputerPlan p = read_plan(est, est.attr("n_features_in_").to_int());
  bool every_column = all_columns(p.kept, p.n_features);
  std::string x = every_column ? in[0] : gather_columns(ctx, in[0], p.kept);
  std::string mask = missing_mask(ctx, p, x);
  std::string stats = ctx.add_floats("statistics", p.statistics, {int64_t(p.statistics.size())});
  if (p.indicator.empty()) {
    ctx.add_node("Where", {mask, stats, x}, {out[0]});
    return;
  }
  std::string imputed = ctx.op("Where", {mask, stats, x});
  // The indicator looks at every input column, dropped ones included.
  std::string full_mask = every_column ? mask : missing_mask(ctx, p, in[0]);
  std::string flagged = all_columns(p.indicator, p.n_features) ? full_mask : gather_columns(ctx, full_mask, p.indicator);
  std::string indicator = ctx.op("Cast", {flagged}, {Attr::i("to", ctx.float_type())});
  ctx.add_node("Concat", {imputed, indicator}, {out[0]}, {Attr::i("axis", 1)});
}

}  // namespace onnxconv::preprocessing
