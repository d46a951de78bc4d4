// KNNImputer: each missing value becomes the (weighted) mean of that column
// over the k nearest training rows that have it, by nan_euclidean distance.
#include "converters.hpp"
#include "fitted.hpp"
#include "knn_graph.hpp"

#include <onnxconv/sdk/reduce.hpp>

#include <cmath>
#include <limits>

namespace onnxconv::neighbors {

using sdk::Attr;
using sdk::Context;
using sdk::Kind;
using sdk::Object;
using sdk::reduce;
using sdk::ValueType;

namespace {

// _fit_X with its NaNs: values (0 where missing), the present mask, and per
// column the training rows that have a value (the donors).
struct ImputerFit {
  int64_t n_samples = 0;
  int64_t n_features = 0;
  int64_t n_neighbors = 0;
  bool keep_empty_features = false;
  std::vector<double> zero_filled;  // row-major, 0 where missing
  std::vector<double> present;      // 1 / 0, row-major

  static ImputerFit read(const Object& est, bool with_values) {
    check_options(est);
    Object fx = est.attr("_fit_X");
    if (fx.kind() != Kind::Array) fx.fail("expected a dense numpy array");
    std::vector<int64_t> shape = sdk::float_matrix_shape(fx);  // [n_samples, n_features]
    ImputerFit out;
    out.n_samples = shape[0];
    out.n_features = shape[1];
    if (auto n = est.find("n_features_in_"); n && n->to_int() != out.n_features)
      n->fail("is " + std::to_string(n->to_int()) + " but _fit_X has " + std::to_string(out.n_features) + " columns");
    Object k = est.attr("n_neighbors");
    if (k.kind() != Kind::Int || k.to_int() < 1) k.fail("expected an integer >= 1");
    out.n_neighbors = k.to_int();  // capped per column by its donors, as transform() does
    if (auto keep = est.find("keep_empty_features")) out.keep_empty_features = keep->to_bool();
    if (!with_values) return out;
    std::vector<double> v = fx.to_doubles();
    if (v.size() != size_t(out.n_samples * out.n_features)) fx.fail("holds fewer values than its shape");
    out.zero_filled.resize(v.size());
    out.present.resize(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      if (std::isinf(v[i])) fx.fail("holds an infinite value at row " + std::to_string(i / size_t(out.n_features)));
      bool here = !std::isnan(v[i]);
      out.zero_filled[i] = here ? v[i] : 0.0;
      out.present[i] = here ? 1.0 : 0.0;
    }
    return out;
  }

  std::vector<int64_t> donors(int64_t column) const {
    std::vector<int64_t> rows;
    for (int64_t r = 0; r < n_samples; ++r)
      if (present[size_t(r * n_features + column)] != 0) rows.push_back(r);
    return rows;
  }

  // The masked mean transform() falls back to when no donor shares a feature.
  double column_mean(int64_t column) const {
    double sum = 0;
    int64_t n = 0;
    for (int64_t r = 0; r < n_samples; ++r)
      if (present[size_t(r * n_features + column)] != 0) {
        sum += zero_filled[size_t(r * n_features + column)];
        ++n;
      }
    return sum / double(n);
  }

  // Output columns: those with a donor (every column with
  // keep_empty_features). Read from _fit_X's NaNs, as transform() derives
  // them from _mask_fit_X = isnan(_fit_X).
  int64_t n_outputs() const {
    if (keep_empty_features) return n_features;
    int64_t n = 0;
    for (int64_t c = 0; c < n_features; ++c) n += donors(c).empty() ? 0 : 1;
    return n;
  }

 private:
  static void check_options(const Object& est) {
    Object metric = est.attr("metric");
    if (!metric.is_string("nan_euclidean")) metric.fail("only metric 'nan_euclidean' is supported");
    Object missing = est.attr("missing_values");
    if (missing.kind() != Kind::Float || !std::isnan(missing.to_double()))
      missing.fail("only missing_values=np.nan is supported");
    if (auto ind = est.find("add_indicator"); ind && ind->to_bool())
      ind->fail("is True: the missing-value indicator columns are not supported");
  }
};

// nan_euclidean_distances: sqrt(n_features / n_common * sum over the
// features both rows have of (x - t)^2); +inf (scikit-learn: NaN) when they
// share none, so TopK ranks such donors last and their weight is 0.
std::string nan_euclidean(const Context& ctx, const ImputerFit& fit, const std::string& x_zero,
                          const std::string& x_present) {
  const int64_t f = fit.n_features;
  std::string shape = ctx.add_int64s("shape", {-1, 1, f}, {3});
  std::string train = ctx.add_floats("fit_X_zero_filled", fit.zero_filled, {1, fit.n_samples, f});
  std::string train_present = ctx.add_floats("fit_X_present", fit.present, {1, fit.n_samples, f});
  std::string diff = ctx.op("Sub", {ctx.op("Reshape", {x_zero, shape}), train});
  std::string both = ctx.op("Mul", {ctx.op("Reshape", {x_present, shape}), train_present});
  std::string squared = reduce(ctx, "ReduceSum", ctx.op("Mul", {ctx.op("Mul", {diff, diff}), both}), {2}, false);
  std::string common = reduce(ctx, "ReduceSum", both, {2}, false);
  std::string one = ctx.add_floats("one", {1.0}, {});
  std::string scaled = ctx.op("Mul", {ctx.op("Div", {squared, ctx.op("Max", {common, one})}),
                                      ctx.add_floats("n_features", {double(f)}, {})});
  std::string none_shared = ctx.op("Equal", {common, ctx.add_floats("zero", {0.0}, {})});
  std::string inf = ctx.add_floats("inf", {std::numeric_limits<double>::infinity()}, {});
  return ctx.op("Where", {none_shared, inf, ctx.op("Sqrt", {scaled})});
}

// [N, 1] the imputed value of column c for every row (used where x is NaN).
std::string impute_column(const Context& ctx, const ImputerFit& fit, Weights weights, const std::string& dist,
                          int64_t c) {
  std::vector<int64_t> donors = fit.donors(c);
  const int64_t n_donors = int64_t(donors.size());
  const int64_t k = std::min(fit.n_neighbors, n_donors);
  std::string donor_dist = ctx.op("Gather", {dist, ctx.add_int64s("donors", donors, {n_donors})}, {Attr::i("axis", 1)});
  Nearest nearest = k_nearest(ctx, donor_dist, k);
  std::vector<double> values;
  for (int64_t r : donors) values.push_back(fit.zero_filled[size_t(r * fit.n_features + c)]);
  std::string donor_values = ctx.op("Gather", {ctx.add_floats("donor_values", values, {n_donors}), nearest.indices},
                                    {Attr::i("axis", 0)});
  std::string w = weights == Weights::Distance
                      ? distance_weights(ctx, nearest.reduced)
                      : ctx.op("Cast", {ctx.op("Not", {ctx.op("IsInf", {nearest.reduced})})},
                               {Attr::i("to", ctx.float_type())});
  std::string total = reduce(ctx, "ReduceSum", w, {1}, true);
  std::string mean = ctx.op("Div", {reduce(ctx, "ReduceSum", ctx.op("Mul", {w, donor_values}), {1}, true), total});
  std::string no_donor = ctx.op("Equal", {total, ctx.add_floats("zero", {0.0}, {})});
  return ctx.op("Where", {no_donor, ctx.add_floats("column_mean", {fit.column_mean(c)}, {}), mean});
}

}  // namespace

std::vector<ValueType> KNNImputerConverter::infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  check_opset(ctx, est);
  ImputerFit fit = ImputerFit::read(est, true);
  read_weights(est);
  onnxconv::sdk::check_matrix_input(ctx, est, inputs, fit.n_features);
  if (fit.n_outputs() == 0) est.fail("_fit_X has no value in any column: nothing to output");
  return {ValueType::tensor("variable", ctx.float_type(), {-1, fit.n_outputs()})};
}

void KNNImputerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                  const std::vector<std::string>& outputs) {
  ImputerFit fit = ImputerFit::read(est, true);
  Weights weights = read_weights(est);
  const std::string& x = inputs[0];
  std::string missing = ctx.op("IsNaN", {x});
  std::string zero = ctx.add_floats("zero", {0.0}, {});
  std::string x_zero = ctx.op("Where", {missing, zero, x});
  std::string x_present = ctx.op("Cast", {ctx.op("Not", {missing})}, {Attr::i("to", ctx.float_type())});
  std::string dist = nan_euclidean(ctx, fit, x_zero, x_present);
  std::vector<std::string> columns;
  for (int64_t c = 0; c < fit.n_features; ++c) {
    std::string index = ctx.add_int64s("column", {c}, {1});
    if (fit.donors(c).empty()) {
      // keep_empty_features: scikit-learn writes 0 over the whole column.
      if (fit.keep_empty_features)
        columns.push_back(ctx.op("Mul", {ctx.op("Gather", {x_present, index}, {Attr::i("axis", 1)}), zero}));
      continue;
    }
    std::string column = ctx.op("Gather", {x, index}, {Attr::i("axis", 1)});
    std::string column_missing = ctx.op("Gather", {missing, index}, {Attr::i("axis", 1)});
    columns.push_back(ctx.op("Where", {column_missing, impute_column(ctx, fit, weights, dist, c), column}));
  }
  ctx.add_node("Concat", columns, {outputs[0]}, {Attr::i("axis", 1)});
}

}  // namespace onnxconv::neighbors
