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

// ---- string columns (a DataFrame's object columns, most_frequent or
// constant): statistics_ holds strings, the input is tensor(string), and a
// missing string is fed as "" (missing_values NaN or None), or equals the
// string missing_values.

bool has_string_statistics(const Object& est) {
  auto stats = est.find("statistics_");
  if (!stats || stats->kind() != sdk::Kind::Array || stats->array_info().dtype_kind != 'O') return false;
  for (size_t i = 0; i < stats->size(); ++i)
    if ((*stats)[i].kind() == sdk::Kind::String) return true;
  return false;
}

struct StringImputerPlan {
  std::string missing;
  std::vector<int64_t> kept;
  std::vector<std::string> statistics;
  int64_t n_features = 0;
};

StringImputerPlan read_string_plan(const Object& est) {
  StringImputerPlan p;
  Object mv = est.attr("missing_values");
  bool nan = mv.kind() == sdk::Kind::None || (mv.kind() == sdk::Kind::Float && std::isnan(mv.to_double()));
  if (!nan && mv.kind() != sdk::Kind::String)
    mv.fail("a string column's missing value must be NaN, None or a string");
  p.missing = nan ? "" : mv.to_string();
  if (flag(est, "add_indicator", false))
    est.fail("add_indicator on string columns gives an object array of strings and numbers: not one ONNX tensor");
  Object stats = est.attr("statistics_");
  p.n_features = static_cast<int64_t>(stats.size());
  for (int64_t j = 0; j < p.n_features; ++j) {
    Object v = stats[static_cast<size_t>(j)];
    if (v.kind() != sdk::Kind::String) {
      if (flag(est, "keep_empty_features", false) || constant_keeps_every_column(est))
        v.fail("a kept string column without a string statistic");
      continue;  // all missing at fit: dropped, as scikit-learn drops it
    }
    p.kept.push_back(j);
    p.statistics.push_back(v.to_string());
  }
  return p;
}

std::vector<ValueType> infer_strings(const Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  if (inputs.size() != 1 || inputs[0].elem_type != OC_ELEM_STRING || inputs[0].dims.size() != 2)
    est.fail("fitted on strings (statistics_): expects one tensor(string) input [N, k]");
  if (ctx.opset("ai.onnx.ml") < 2) est.fail("string columns need ai.onnx.ml opset 2 (LabelEncoder)");
  StringImputerPlan p = read_string_plan(est);
  if (inputs[0].dim(1) >= 0 && inputs[0].dim(1) != p.n_features)
    est.fail("input has " + std::to_string(inputs[0].dim(1)) + " columns, statistics_ " + std::to_string(p.n_features));
  return {ValueType::tensor("variable", OC_ELEM_STRING, {inputs[0].dim(0), int64_t(p.kept.size())})};
}

// Where(x == missing, statistic, x); string equality as a LabelEncoder
// (Equal takes strings only from opset 19).
void convert_strings(const Context& ctx, const Object& est, const std::string& in, const std::string& out) {
  StringImputerPlan p = read_string_plan(est);
  std::string x = all_columns(p.kept, p.n_features) ? in : gather_columns(ctx, in, p.kept);
  std::string flagged = ctx.op("LabelEncoder", {x},
                               {Attr::strings("keys_strings", {p.missing}), Attr::ints("values_int64s", {1}),
                                Attr::i("default_int64", 0)},
                               "ai.onnx.ml");
  std::string mask = ctx.op("Cast", {flagged}, {Attr::i("to", OC_ELEM_BOOL)});
  std::string stats = ctx.add_strings("statistics", p.statistics, {1, int64_t(p.statistics.size())});
  ctx.add_node("Where", {mask, stats, x}, {out});
}

}  // namespace

std::vector<ValueType> SimpleImputerConverter::infer(Context& ctx, const Object& est,
                                                     const std::vector<ValueType>& inputs) {
  if (has_string_statistics(est)) return infer_strings(ctx, est, inputs);
  ImputerPlan p = read_plan(est, check_input(ctx, est, inputs));
  return transformed(ctx, inputs, int64_t(p.kept.size() + p.indicator.size()));
}

void SimpleImputerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                     const std::vector<std::string>& out) {
  if (has_string_statistics(est)) return convert_strings(ctx, est, in[0], out[0]);
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
