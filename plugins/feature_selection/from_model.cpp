// SelectFromModel (sklearn/feature_selection/_from_model.py and
// _base._get_feature_importances): importances from the estimator's coef_ or
// feature_importances_, a threshold ("mean", "median", "1.25*mean", a
// number, or the default that depends on the estimator and the release),
// and optionally the max_features largest.
#include "numpy_like.hpp"
#include "selector.hpp"
#include "tree_importances.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace onnxconv::feature_selection {
namespace {

using sdk::Kind;
using sdk::SklearnVersion;

// The fitted estimator the mask reads. 1.1+: estimator_ when present, else
// the estimator given with prefit=True; before: estimator when prefit, else
// estimator_.
Object importance_model(const Object& est, const SklearnVersion& v) {
  bool prefit = est.has("prefit") && est.attr("prefit").to_bool();
  bool fitted = est.has("estimator_");
  if (v.at_least(1, 1) ? fitted : (fitted && !prefit)) return est.attr("estimator_");
  if (!prefit) est.fail("has no estimator_ (is it fitted?)");
  return est.attr("estimator");
}

// getter(estimator): "auto" is coef_ when the estimator has it, else
// feature_importances_; a dotted name is followed attribute by attribute.
// A feature_importances_ the file does not store is computed for tree models.
Object or_computed(const Object& owner, const std::string& name, std::vector<double>& computed, bool& used) {
  if (auto stored = owner.find(name.c_str())) return *stored;
  // Pipeline.named_steps is a property over `steps`: the list itself, which
  // named_step() then searches by name.
  if (name == "named_steps" && owner.short_class_name() == "Pipeline") return owner.attr("steps");
  if (name == "feature_importances_") {
    if (auto imp = tree_model_importances(owner)) {
      computed = std::move(*imp);
      used = true;
      return owner;
    }
    owner.fail("has no stored feature_importances_, and it is not a tree model whose importances onnxconv "
               "computes (DecisionTree, ExtraTree, RandomForest, ExtraTrees, GradientBoosting)");
  }
  if (name == "coef_")
    owner.fail("has no stored coef_ (a property of " + owner.short_class_name() +
               " computed from other state, e.g. SVC's from dual_coef_; not computed here)");
  return owner.attr(name.c_str());
}

// The estimator of the step called `name` in a Pipeline's steps list.
Object named_step(const Object& steps, const std::string& name) {
  for (size_t i = 0; i < steps.size(); ++i) {
    Object step = steps[i];
    if (step.size() == 2 && step[0].kind() == Kind::String && step[0].to_string() == name) return step[1];
  }
  steps.fail("has no step named '" + name + "'");
}

// The raw importances (1-D or 2-D) as read or computed; `f32` when numpy
// holds them as float32.
struct RawImportances {
  std::vector<double> v;
  std::vector<int64_t> shape;
  bool f32 = false;
  std::string where;
};

// 1.1 and 1.2 read the PLS models' coefficients from the private _coef_
// (their coef_ was a deprecated property).
bool reads_private_pls_coef(const Object& model, const SklearnVersion& v) {
  std::string name = model.short_class_name();
  bool pls = name == "PLSRegression" || name == "PLSCanonical" || name == "CCA";
  return pls && v.at_least(1, 1) && !v.at_least(1, 3);
}

RawImportances raw_importances(const Object& est, const Object& model, const SklearnVersion& v) {
  std::string getter = "auto";
  if (auto g = est.find("importance_getter")) {
    if (g->kind() != Kind::String)
      g->fail("is a callable; onnxconv runs no code from the file (use 'auto' or an attribute name)");
    getter = g->to_string();
  }
  std::vector<std::string> names;
  if (getter == "auto" && reads_private_pls_coef(model, v)) {
    names = {"_coef_"};
  } else if (getter == "auto") {
    names = {model.has("coef_") ? "coef_" : "feature_importances_"};
  } else {
    for (size_t start = 0;;) {
      size_t dot = getter.find('.', start);
      names.push_back(getter.substr(start, dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
  }
  Object owner = model;
  std::vector<double> computed;
  bool used = false;
  bool steps = false;
  for (const auto& name : names) {
    if (used) owner.fail("computed feature_importances_ has no attribute '" + name + "'");
    owner = steps ? named_step(owner, name) : or_computed(owner, name, computed, used);
    steps = name == "named_steps" && owner.kind() == Kind::List;
  }
  RawImportances r;
  r.where = owner.path() + (used ? " (feature_importances_, computed)" : "");
  if (used) {
    r.v = std::move(computed);
    r.shape = {static_cast<int64_t>(r.v.size())};
    return r;
  }
  if (owner.kind() != Kind::Array) owner.fail("expected a numpy array of importances");
  oc_array_info info = owner.array_info();
  if (info.dtype_kind != 'f' || (info.itemsize != 4 && info.itemsize != 8))
    owner.fail("expected a float32 or float64 array of importances");
  r.shape = owner.shape();
  if (r.shape.size() != 1 && r.shape.size() != 2)
    owner.fail("has " + std::to_string(r.shape.size()) + " dimensions; importances have 1 or 2");
  r.v = owner.to_doubles();
  r.f32 = info.itemsize == 4;
  return r;
}

// np.linalg.norm(x, axis=0, ord=norm_order) of a [K, F] array, in T: the K
// rows reduced in order (ord 1, 2), or max / min / count (inf, -inf, 0).
template <class T>
std::vector<double> column_norms(const RawImportances& r, double ord, const Object& where) {
  size_t k = static_cast<size_t>(r.shape[0]), f = static_cast<size_t>(r.shape[1]);
  bool summed = ord == 1 || ord == 2;
  if (summed && k >= 8)
    where.fail("norm_order " + std::to_string(ord) + " over " + std::to_string(k) +
               " rows of coefficients: numpy's summation order then depends on the array's memory "
               "layout, which the file reader does not keep; refused rather than guessed");
  std::vector<double> out(f);
  for (size_t j = 0; j < f; ++j) {
    T acc = ord == std::numeric_limits<double>::infinity()    ? T(0)
            : ord == -std::numeric_limits<double>::infinity() ? std::numeric_limits<T>::infinity()
                                                             : T(-0.0);
    for (size_t i = 0; i < k; ++i) {
      T x = std::abs(static_cast<T>(r.v[i * f + j]));
      if (ord == 1) acc += x;
      else if (ord == 2) acc += x * x;
      else if (ord == 0) acc += x != T(0) ? T(1) : T(0);
      else if (ord > 0) acc = std::isnan(x) || std::isnan(acc) ? std::numeric_limits<T>::quiet_NaN() : std::max(acc, x);
      else acc = std::isnan(x) || std::isnan(acc) ? std::numeric_limits<T>::quiet_NaN() : std::min(acc, x);
    }
    out[j] = static_cast<double>(ord == 2 ? std::sqrt(acc) : acc);
  }
  return out;
}

// _get_feature_importances(..., transform_func="norm", norm_order): |x|
// of 1-D importances, the column norms of 2-D ones.
Values importances(const Object& est, const Object& model, const SklearnVersion& v) {
  RawImportances r = raw_importances(est, model, v);
  Values out;
  out.f32 = r.f32;
  if (r.shape.size() == 1) {
    for (double x : r.v) out.v.push_back(std::abs(x));
    return out;
  }
  double ord = 1;
  if (auto o = est.find("norm_order"); o && !o->is_none()) ord = o->to_double();
  else if (o) ord = 2;  // None: the 2-norm
  bool known = ord == 1 || ord == 2 || ord == 0 || std::isinf(ord);
  if (!known)
    est.attr("norm_order").fail("is " + std::to_string(ord) +
                                "; onnxconv reproduces numpy's norm exactly for 1, 2, 0, inf and -inf only "
                                "(other orders go through pow)");
  out.v = r.f32 ? column_norms<float>(r, ord, est) : column_norms<double>(r, ord, est);
  return out;
}

bool isclose_one(double x) { return std::abs(x - 1.0) <= 1e-8 + 1e-5; }

bool attr_isclose_one(const Object& model, const char* name, bool all_of_array) {
  auto v = model.find(name);
  if (!v) return false;
  if (v->kind() == Kind::Array && all_of_array) {
    for (double x : v->to_doubles())
      if (!isclose_one(x)) return false;
    return true;
  }
  if (v->is_none()) v->fail("is None: scikit-learn's np.isclose(None, 1.0) fails on this model");
  return isclose_one(v->to_double());
}

// threshold=None: 1e-5 for models with an L1 penalty, else "mean". Which
// models count changed in 1.1, 1.7 and 1.8.
std::string default_threshold(const Object& model, const SklearnVersion& v) {
  std::string name = model.short_class_name();
  bool l1 = false;
  if (auto p = model.find("penalty"); p && p->kind() == Kind::String && p->to_string() == "l1") l1 = true;
  if (name.find("Lasso") != std::string::npos) l1 = true;
  if (v.at_least(1, 1) && !v.at_least(1, 7) && name.find("ElasticNet") != std::string::npos)
    l1 = l1 || attr_isclose_one(model, "l1_ratio_", false) || attr_isclose_one(model, "l1_ratio", false);
  if (v.at_least(1, 7)) {
    if (name == "ElasticNet") l1 = l1 || attr_isclose_one(model, "l1_ratio", false);
    if (name == "ElasticNetCV") l1 = l1 || attr_isclose_one(model, "l1_ratio_", false);
  }
  if (v.at_least(1, 8)) {
    if (name == "LogisticRegression") l1 = l1 || attr_isclose_one(model, "l1_ratio", false);
    if (name == "LogisticRegressionCV") l1 = l1 || attr_isclose_one(model, "l1_ratio_", true);
  }
  return l1 ? "1e-5" : "mean";
}

std::string strip(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// Python's float(text) for decimal numbers, inf and nan (strtod rounds
// correctly, as Python does); hexadecimal and '_' separators are refused.
double python_float(const Object& where, const std::string& text) {
  std::string t = strip(text);
  if (t.empty() || t.find_first_of("xX_") != std::string::npos)
    where.fail("scale '" + text + "' is not a number onnxconv reads");
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size()) where.fail("scale '" + text + "' is not a number");
  return v;
}

// np.mean / np.median of the importances, in their dtype.
double reference(const Values& imp, const std::string& which) {
  if (imp.f32) {
    std::vector<float> f(imp.v.begin(), imp.v.end());
    return which == "mean" ? numpy_mean(f) : numpy_median(f);
  }
  return which == "mean" ? numpy_mean(imp.v) : numpy_median(imp.v);
}

// _calculate_threshold: every value numpy may compare the importances with.
std::vector<double> threshold_candidates(const Object& est, const Object& model, const Values& imp,
                                         const SklearnVersion& v, std::string& described) {
  Object attr = est.attr("threshold");
  std::string text;
  if (attr.is_none()) text = default_threshold(model, v);
  else if (attr.kind() == Kind::String) text = attr.to_string();
  else {
    double t = number_attr(est, "threshold");
    described = "threshold " + std::to_string(t);
    return thresholds_for(t, imp.f32);
  }
  described = "threshold '" + text + "'";
  if (text == "1e-5") return thresholds_for(1e-5, imp.f32);
  size_t star = text.find('*');
  if (star == std::string::npos) {
    if (text != "mean" && text != "median")
      attr.fail("is '" + text + "'; expected 'mean', 'median', 'SCALE*mean' or 'SCALE*median'");
    return {reference(imp, text)};  // a scalar of the importances' dtype: compared exactly
  }
  if (text.find('*', star + 1) != std::string::npos) attr.fail("is '" + text + "': more than one '*'");
  double scale = python_float(attr, text.substr(0, star));
  std::string ref = strip(text.substr(star + 1));
  if (ref != "mean" && ref != "median") attr.fail("has an unknown reference '" + ref + "'");
  double r = reference(imp, ref);
  if (!imp.f32) return {scale * r};
  // float32 importances: the product in float64 (numpy < 2), or with the
  // Python float cast to float32 first (numpy >= 2), then compared in
  // float32 or float64.
  double product = scale * r;
  float narrow = static_cast<float>(scale) * static_cast<float>(r);
  return {product, static_cast<double>(static_cast<float>(product)), static_cast<double>(narrow)};
}

// max_features_ (1.1+, set by fit) or max_features: None or an int.
std::optional<int64_t> max_features(const Object& est, const SklearnVersion& v) {
  std::optional<Object> m;
  if (v.at_least(1, 1)) m = est.find("max_features_");
  if (!m) m = est.find("max_features");
  if (!m || m->is_none()) return std::nullopt;
  if (m->kind() != Kind::Int)
    m->fail("is not an int (a callable max_features is resolved by fit into max_features_, which is missing)");
  int64_t n = m->to_int();
  if (n < 0) m->fail("is " + std::to_string(n) + "; expected at least 0");
  return n;
}

}  // namespace

int64_t SelectFromModelConverter::fitted_width(const Object& est) const {
  // n_features_in_ is a property: the estimator's.
  SklearnVersion v = SklearnVersion::of(est);
  Object model = importance_model(est, v);
  auto n = model.find("n_features_in_");
  return n ? n->to_int() : -1;
}

Mask SelectFromModelConverter::mask(const Object& est) const {
  SklearnVersion v = SklearnVersion::of(est);
  Object model = importance_model(est, v);
  Values scores = importances(est, model, v);
  size_t n = scores.v.size();
  if (n == 0) return {};  // refused by the caller (no column), before any median
  std::optional<int64_t> top = max_features(est, v);
  std::string described;
  std::vector<double> candidates = threshold_candidates(est, model, scores, v, described);
  Mask candidates_mask(n, !top.has_value());
  if (top) {
    // argsort(-scores, kind="mergesort")[:max_features]: largest first, ties by column.
    std::vector<double> negated(n);
    for (size_t i = 0; i < n; ++i) negated[i] = -scores.v[i];
    std::vector<size_t> order = stable_argsort(negated);
    for (size_t i = 0; i < std::min<size_t>(n, static_cast<size_t>(*top)); ++i) candidates_mask[order[i]] = true;
  }
  return agreed_mask(est, "importances >= " + described, candidates, [&](double t) {
    Mask m = candidates_mask;
    for (size_t i = 0; i < n; ++i)
      if (scores.v[i] < t) m[i] = false;
    return m;
  });
}

}  // namespace onnxconv::feature_selection
