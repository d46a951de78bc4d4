// optbinning's Scorecard. score() = intercept_ + the sum over selected
// variables of the points of the bin x falls in (transform metric
// "indices" with empirical specials/missing; an unknown category gets
// index -1, i.e. Python's points[-1]: the Missing row's points).
//
// The points table (_df_scorecard) is a pandas DataFrame; it is rebuilt
// from the state with fit()'s operations in fit()'s order
// (optbinning/scorecard/scorecard.py 1.0.0): binning-table WoE (or Mean)
// times the coefficient, the special/missing overrides, pdo_odds or
// min_max scaling, intercept_based shifting, rounding by np.rint.
// min_max with rounding=True solves a MIP whose result only the DataFrame
// holds: refused.
//
// predict / predict_proba: the estimator (LogisticRegression) on the
// transform(metric woe|mean, _metric_special, _metric_missing) matrix.
#include "process.hpp"

#include <onnxconv/sdk/classifier.hpp>
#include <onnxconv/sdk/reduce.hpp>

#include <algorithm>
#include <cmath>

namespace onnxconv::optbinning {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Error;
using sdk::Kind;

namespace {

// The binning table's WoE / Mean column (BinningTable.build).
std::vector<double> table_metric(const VariableBinning& v) {
  std::vector<double> out(v.a.size(), 0.0);
  if (v.continuous) {  // a = n_records, b = sums
    for (size_t i = 0; i < out.size(); ++i)
      if (v.a[i] > 0) out[i] = v.b[i] / v.a[i];
    return out;
  }
  double t_event = 0, t_nonevent = 0;  // integer counts: exact sums
  for (size_t i = 0; i < out.size(); ++i) {
    t_event += v.a[i];
    t_nonevent += v.b[i];
  }
  const double constant = std::log(t_event / t_nonevent);
  for (size_t i = 0; i < out.size(); ++i) {
    if (!(v.a[i] > 0 && v.b[i] > 0)) continue;
    const double er = v.a[i] / (v.a[i] + v.b[i]);
    out[i] = std::log(1 / er - 1) + constant;
  }
  return out;
}

struct Card {
  Process process;
  std::vector<std::vector<double>> points;  // per selected variable, per bin id
  double intercept = 0;                     // Scorecard.intercept_
  bool continuous = false;
  std::vector<double> coef;
  double est_intercept = 0;
  bool classifier = false;
  ClassLabels classes;
  MetricSetting special, missing;
};

void scale(const Object& est, Card& c) {
  Object method = est.attr("scaling_method");
  const bool reverse = est.attr("reverse_scorecard").to_bool();
  const double sense = reverse ? -1 : 1;
  const double n = double(c.points.size());
  if (method.is_none()) return;
  Object params = est.attr("scaling_method_params");
  const std::string m = method.to_string();
  if (m == "pdo_odds") {
    const double pdo = params.attr("pdo").to_double(), odds = params.attr("odds").to_double();
    const double points0 = params.attr("scorecard_points").to_double();
    const double factor = pdo / std::log(2.0);
    const double offset = points0 - factor * std::log(odds);
    for (auto& pts : c.points)
      for (double& p : pts) p = -(sense * p + c.est_intercept / n) * factor + offset / n;
  } else if (m == "min_max") {
    const double a = params.attr("min").to_double(), b = params.attr("max").to_double();
    std::vector<double> mins, maxs;
    for (const auto& pts : c.points) {
      mins.push_back(*std::min_element(pts.begin(), pts.end()));
      maxs.push_back(*std::max_element(pts.begin(), pts.end()));
    }
    const double smin = c.est_intercept + sdk::numpy_sum(mins);
    const double smax = c.est_intercept + sdk::numpy_sum(maxs);
    const double slope = sense * (a - b) / (smax - smin);
    const double shift = reverse ? a - slope * smin : b - slope * smin;
    const double base = shift + slope * c.est_intercept;
    for (auto& pts : c.points)
      for (double& p : pts) p = base / n + slope * p;
  } else {
    method.fail("unknown scaling_method (expected None, 'pdo_odds' or 'min_max')");
  }
}

Card read_card(const Object& est) {
  Card c;
  if (auto fitted = est.find("_is_fitted"); !fitted || !fitted->to_bool())
    est.fail("is not fitted (_is_fitted is not True)");
  Object process = est.attr("binning_process_");
  c.process = Process::read(process);
  c.continuous = est.attr("_target_dtype").to_string() == "continuous";
  Object estimator = est.attr("estimator_");
  Object coef = estimator.attr("coef_");
  c.coef = coef.to_doubles();
  if (c.coef.size() != c.process.selected.size())
    coef.fail("has " + std::to_string(c.coef.size()) + " coefficients for " +
              std::to_string(c.process.selected.size()) + " selected variables");
  if (auto icpt = estimator.find("intercept_")) {
    std::vector<double> v = icpt->kind() == Kind::Array ? icpt->to_doubles() : std::vector<double>{icpt->to_double()};
    if (v.size() != 1) icpt->fail("expected one intercept");
    c.est_intercept = v[0];
  }
  c.classifier = estimator.short_class_name() == "LogisticRegression";
  if (c.classifier) {
    c.classes = ClassLabels::read(estimator.attr("classes_"));
    if (c.classes.size() != 2) estimator.attr("classes_").fail("a scorecard's logistic regression has two classes");
  }
  c.special = stored_setting(est.attr("_metric_special"));
  c.missing = stored_setting(est.attr("_metric_missing"));

  std::vector<TransformSettings> s = c.process.stored_settings(process, c.special, c.missing, c.continuous);
  for (size_t i = 0; i < c.process.variables.size(); ++i) {
    const VariableBinning& v = c.process.variables[i];
    std::vector<double> pts = table_metric(v);
    for (double& p : pts) p *= c.coef[i];
    if (!s[i].special.empirical)
      for (size_t g = 0; g < v.n_special(); ++g) pts[v.n_bins() + g] = s[i].special.value * c.coef[i];
    if (!s[i].missing.empirical) pts.back() = s[i].missing.value * c.coef[i];
    c.points.push_back(std::move(pts));
  }
  scale(est, c);
  if (est.attr("intercept_based").to_bool())
    for (auto& pts : c.points) {
      const double lowest = *std::min_element(pts.begin(), pts.end());
      for (double& p : pts) p -= lowest;
    }
  if (est.attr("rounding").to_bool()) {
    Object method = est.attr("scaling_method");
    if (!method.is_none() && method.to_string() == "min_max")
      est.attr("rounding").fail("with scaling_method 'min_max' rounds by a MIP whose points only the pickled "
                                "DataFrame _df_scorecard holds; not supported");
    for (auto& pts : c.points)
      for (double& p : pts) p = std::nearbyint(p);  // np.rint: half to even
  }
  c.intercept = est.attr("intercept_").to_double();
  return c;
}

// score: indices with empirical specials/missing -> points.
std::vector<BinValues> point_values(const Card& c) {
  std::vector<BinValues> out;
  for (const auto& pts : c.points) {
    BinValues v;
    v.numbers = pts;
    v.unknown_number = pts.back();  // points[-1]
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<BinValues> estimator_inputs(const Card& c, const Object& est) {
  std::vector<TransformSettings> s =
      c.process.stored_settings(est.attr("binning_process_"), c.special, c.missing, c.continuous);
  std::vector<BinValues> out;
  for (size_t i = 0; i < s.size(); ++i) out.push_back(bin_values(c.process.variables[i], s[i]));
  unify_value_types(out);
  for (const auto& v : out)
    if (v.is_string) throw Error(est.path() + ": binning_transform_params metric 'bins' gives the estimator strings");
  return out;
}

}  // namespace

std::vector<ValueType> ScorecardConverter::infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  Card c = read_card(est);
  check_process_inputs(ctx, est, c.process, inputs);
  std::vector<ValueType> out{ValueType::tensor("score", ctx.float_type(), {-1})};
  if (c.classifier) {
    auto cls = sdk::classifier_outputs(ctx, c.classes, false);
    out.insert(out.end(), cls.begin(), cls.end());
  }
  return out;
}

void ScorecardConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                 const std::vector<std::string>& outputs) {
  Card c = read_card(est);
  const std::string path = est.path();
  std::vector<BinnedVariable> vars = bind_inputs(ctx, c.process, point_values(c), inputs);
  std::string points = ctx.unique_name("points");
  std::string x_t = ctx.unique_name("woe");
  // One search serves both lookups: points for the score, WoE for the estimator.
  if (c.classifier)
    emit_binned_sets(ctx, vars, {point_values(c), estimator_inputs(c, est)}, path, {points, x_t});
  else
    emit_binned(ctx, vars, path, points);
  std::string total = sdk::reduce(ctx, "ReduceSum", points, {1}, false);
  ctx.add_node("Add", {total, ctx.add_floats("intercept", {c.intercept}, {})}, {outputs[0]});
  if (!c.classifier) return;
  const int64_t n = int64_t(c.coef.size());
  std::string d = ctx.op("Add", {ctx.op("MatMul", {x_t, ctx.add_floats("coef", c.coef, {n, 1})}),
                                 ctx.add_floats("est_intercept", {c.est_intercept}, {})});
  sdk::emit_label(ctx, sdk::binary_scores(ctx, d), c.classes, outputs[1]);
  std::string p1 = ctx.op("Sigmoid", {d});
  std::string p0 = ctx.op("Sub", {ctx.add_floats("one", {1.0}, {}), p1});
  sdk::emit_probabilities(ctx, ctx.op("Concat", {p0, p1}, {Attr::i("axis", 1)}), c.classes, false, outputs[2]);
}

}  // namespace onnxconv::optbinning
