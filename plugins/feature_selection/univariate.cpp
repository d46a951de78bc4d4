// SelectKBest, SelectPercentile, SelectFpr, SelectFdr, SelectFwe and
// GenericUnivariateSelect (sklearn/feature_selection/_univariate_selection.py,
// the same _get_support_mask from 0.24 to 1.9).
#include "numpy_like.hpp"
#include "selector.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace onnxconv::feature_selection {
namespace {

// _clean_nans: NaN scores become the lowest value of the scores' dtype.
Values clean_nans(Values s) {
  double lowest = s.f32 ? -static_cast<double>(FLT_MAX) : -DBL_MAX;
  for (double& x : s.v)
    if (std::isnan(x)) x = lowest;
  return s;
}

// Python's ties[:stop] for a list of `size` items: how many it keeps.
size_t python_prefix(int64_t stop, size_t size) {
  int64_t n = static_cast<int64_t>(size);
  if (stop < 0) stop = std::max<int64_t>(n + stop, 0);
  return static_cast<size_t>(std::min(stop, n));
}

// The k highest scores, ties to the later column: mask[argsort(scores,
// kind="mergesort")[-k:]] = True.
Mask k_best(const Object& k, const Values& raw_scores) {
  size_t n = raw_scores.v.size();
  if (k.is_string("all")) return Mask(n, true);
  if (k.kind() != sdk::Kind::Int && k.kind() != sdk::Kind::Bool)
    k.fail("expected an int or 'all' (scikit-learn's own transform slices with it)");
  int64_t count = k.to_int();
  if (count < 0) k.fail("is " + std::to_string(count) + "; a negative k is not a fitted selector");
  Mask m(n, false);
  if (count == 0) return m;
  std::vector<size_t> order = stable_argsort(clean_nans(raw_scores).v);
  size_t keep = static_cast<size_t>(std::min<int64_t>(count, static_cast<int64_t>(n)));  // [-k:], k > n: all
  for (size_t i = n - keep; i < n; ++i) m[order[i]] = true;
  return m;
}

// scores > np.percentile(scores, 100 - percentile), then ties at the
// threshold while fewer than int(n * percentile / 100) are kept.
Mask percentile_mask(const Object& est, const Object& p_attr, const Values& raw_scores) {
  size_t n = raw_scores.v.size();
  double p = p_attr.to_double();
  if (p == 100) return Mask(n, true);
  if (p == 0) return Mask(n, false);
  if (!(p > 0 && p < 100)) p_attr.fail("is " + std::to_string(p) + "; expected a value in [0, 100]");
  Values s = clean_nans(raw_scores);
  int64_t max_feats = static_cast<int64_t>(std::trunc(static_cast<double>(n) * p / 100.0));
  auto make = [&](double threshold) {
    Mask m(n, false);
    int64_t above = 0;
    std::vector<size_t> ties;
    for (size_t i = 0; i < n; ++i) {
      if (s.v[i] > threshold) m[i] = true, ++above;
      else if (s.v[i] == threshold) ties.push_back(i);
    }
    size_t kept = python_prefix(max_feats - above, ties.size());
    for (size_t j = 0; j < kept; ++j) m[ties[j]] = true;
    return m;
  };
  std::vector<double> candidates;
  for (double t : numpy_percentile_candidates(s.v, 100.0 - p, s.f32))
    for (double c : thresholds_for(t, s.f32)) candidates.push_back(c);
  return agreed_mask(est, "SelectPercentile's threshold np.percentile(scores_, " + std::to_string(100 - p) + ")",
                     candidates, make);
}

Mask below(const Object& est, const std::string& what, const Values& pv, double limit) {
  return agreed_mask(est, what, thresholds_for(limit, pv.f32), [&](double t) {
    Mask m(pv.v.size());
    for (size_t i = 0; i < m.size(); ++i) m[i] = pv.v[i] < t;  // NaN p-value: dropped
    return m;
  });
}

// Benjamini-Hochberg: the largest sorted p-value under alpha / n * rank,
// then every p-value up to it.
Mask fdr(const Values& pv, double alpha) {
  size_t n = pv.v.size();
  std::vector<double> sorted = pv.v;
  std::stable_sort(sorted.begin(), sorted.end(), [](double a, double b) {
    return std::isnan(a) || std::isnan(b) ? !std::isnan(a) && std::isnan(b) : a < b;
  });
  double step = alpha / static_cast<double>(n);
  bool any = false;
  double largest = 0;
  for (size_t i = 0; i < n; ++i)
    if (sorted[i] <= step * static_cast<double>(i + 1)) {
      largest = any ? std::max(largest, sorted[i]) : sorted[i];
      any = true;
    }
  Mask m(n, false);
  if (!any) return m;
  for (size_t i = 0; i < n; ++i) m[i] = pv.v[i] <= largest;  // same dtype: exact
  return m;
}

Values p_values(const Object& est, size_t n) {
  Object pv = est.attr("pvalues_");
  if (pv.is_none()) pv.fail("is None: the score function gave no p-values, which this selection needs");
  return read_values(pv, static_cast<int64_t>(n));
}

// The mask of mode `mode` with its parameter `param` (the selector's own
// k / percentile / alpha, or GenericUnivariateSelect's param).
Mask univariate(const Object& est, const std::string& mode, const Object& param) {
  Values scores = read_values(est.attr("scores_"));
  size_t n = scores.v.size();
  if (n == 0) return {};  // refused by the caller (no column), before any percentile
  if (mode == "k_best") return k_best(param, scores);
  if (mode == "percentile") return percentile_mask(est, param, scores);
  double alpha = param.to_double();
  Values pv = p_values(est, n);
  if (mode == "fpr") return below(est, "pvalues_ < alpha", pv, alpha);
  if (mode == "fwe") return below(est, "pvalues_ < alpha / n_features", pv, alpha / static_cast<double>(n));
  if (mode == "fdr") return fdr(pv, alpha);
  param.fail("unknown mode '" + mode + "'");
}

}  // namespace

Mask UnivariateConverter::mask(const Object& est) const {
  std::string cls = est.short_class_name();
  if (cls == "SelectKBest") return univariate(est, "k_best", est.attr("k"));
  if (cls == "SelectPercentile") return univariate(est, "percentile", est.attr("percentile"));
  if (cls == "SelectFpr") return univariate(est, "fpr", est.attr("alpha"));
  if (cls == "SelectFdr") return univariate(est, "fdr", est.attr("alpha"));
  if (cls == "SelectFwe") return univariate(est, "fwe", est.attr("alpha"));
  Object mode = est.attr("mode");
  if (mode.kind() != sdk::Kind::String) mode.fail("expected a string");
  std::string m = mode.to_string();
  if (m != "k_best" && m != "percentile" && m != "fpr" && m != "fdr" && m != "fwe")
    mode.fail("is '" + m + "'; known: percentile, k_best, fpr, fdr, fwe");
  return univariate(est, m, est.attr("param"));
}

}  // namespace onnxconv::feature_selection
