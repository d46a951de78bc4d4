// Reading optbinning's fitted state and its transform() values. The
// formulas follow optbinning/binning/transformations.py (1.0.0): WoE and
// event rates are recomputed from the count arrays at transform time, with
// the same operations in the same order; sums use NumPy's pairwise order.
#include "variable_binning.hpp"

#include <onnxconv/sdk/binning.hpp>

#include <cmath>
#include <cstdio>
#include <limits>

namespace onnxconv::optbinning {

using sdk::Error;
using sdk::Kind;

namespace {

using sdk::numpy_sum;
using sdk::pairwise_sum;

Code read_code(const Object& o) {
  Code c;
  switch (o.kind()) {
    case Kind::String:
      c.is_string = true;
      c.text = o.to_string();
      return c;
    case Kind::Int:
    case Kind::Float:
    case Kind::Bool:
      c.number = o.to_double();
      return c;
    default:
      o.fail("expected a string or a number (a category or a special code)");
  }
}

// A 1-D array of codes: a numpy array, or a pandas extension array
// (pandas 3 keeps strings in StringArray, pickled through
// __pyx_unpickle_NDArrayBacked(cls, checksum, (ndarray, dtype))).
std::vector<Code> read_codes(const Object& o) {
  std::vector<Code> out;
  if (o.is_none()) return out;
  if (o.kind() == Kind::Array) {
    oc_array_info info = o.array_info();
    if (info.ndim != 1) o.fail("expected a 1-D array");
    if (info.dtype_kind == 'O' || info.dtype_kind == 'U' || info.dtype_kind == 'S') {
      for (size_t i = 0; i < info.size; ++i) out.push_back(read_code(o[i]));
    } else {
      for (double d : o.to_doubles()) out.push_back(Code{false, "", d});
    }
    return out;
  }
  if (o.kind() == Kind::List || o.kind() == Kind::Tuple) {
    for (size_t i = 0; i < o.size(); ++i) out.push_back(read_code(o[i]));
    return out;
  }
  if (auto args = o.args(); args && args->size() == 3 && (*args)[2].kind() == Kind::Tuple && (*args)[2].size() >= 1)
    return read_codes((*args)[2][0]);
  o.fail("expected an array of categories or codes, got " + o.class_name());
}

std::vector<double> read_doubles(const Object& o) {
  if (o.kind() == Kind::Array) return o.to_doubles();
  std::vector<double> out;
  if (o.kind() != Kind::List && o.kind() != Kind::Tuple) o.fail("expected an array of numbers");
  for (size_t i = 0; i < o.size(); ++i) out.push_back(o[i].to_double());
  return out;
}

void read_special_codes(const Object& est, VariableBinning& v) {
  Object sc = est.attr("special_codes");
  if (sc.is_none()) return;
  v.has_specials = true;
  if (sc.kind() == Kind::Dict) {
    v.special_dict = true;
    for (size_t i = 0; i < sc.size(); ++i) {
      auto [key, value] = sc.dict_item(i);
      if (key.kind() != Kind::String) key.fail("special_codes dict keys must be strings");
      v.special_names.push_back(key.to_string());
      if (value.kind() == Kind::List || value.kind() == Kind::Tuple || value.kind() == Kind::Array)
        v.special_groups.push_back(read_codes(value));
      else
        v.special_groups.push_back({read_code(value)});
    }
    if (v.special_groups.empty()) sc.fail("is an empty dict");
    return;
  }
  v.special_groups.push_back(read_codes(sc));
}

// Regular bins of a categorical variable as bin_categorical() forms them:
// category k (in _categories order) goes to the bin counting the splits
// ceil(s) <= k; then the "others" group when it is not empty.
void read_categories(const Object& est, VariableBinning& v) {
  if (auto us = est.find("user_splits"); us && !us->is_none())
    us->fail("categorical user_splits are not supported (their bins are lists of category lists)");
  Object cats_obj = est.attr("_categories");
  std::vector<Code> cats = read_codes(cats_obj);
  std::vector<Code> others;
  if (auto o = est.find("_cat_others")) others = read_codes(*o);
  const size_t n_bins = v.splits.size() + 1;
  v.categories.assign(n_bins, {});
  for (size_t k = 0; k < cats.size(); ++k) {
    size_t bin = 0;
    while (bin < v.splits.size() && std::ceil(v.splits[bin]) <= double(k)) ++bin;
    v.categories[bin].push_back(cats[k]);
  }
  if (!others.empty()) v.categories.push_back(others);
  bool strings = false, numbers = false;
  for (const auto& bin : v.categories)
    for (const Code& c : bin) (c.is_string ? strings : numbers) = true;
  if (strings && numbers) cats_obj.fail("mixes strings and numbers: one ONNX input has one element type");
}

void check_ascending(const Object& at, const std::vector<double>& s, const std::string& where) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (std::isnan(s[i])) at.fail(where + ": split " + std::to_string(i) + " is NaN");
    if (i > 0 && !(s[i - 1] < s[i]))
      at.fail(where + ": splits are not strictly ascending (" + sdk::format_double(s[i - 1]) + " then " +
              sdk::format_double(s[i]) + " at " + std::to_string(i) + ")");
  }
}

}  // namespace

// MulticlassOptimalBinning (numerical only): _n_event [bins + specials + 1, n_classes].
static VariableBinning read_multiclass(const Object& est, VariableBinning v) {
  if (v.categorical) est.attr("dtype").fail("MulticlassOptimalBinning is numerical only");
  Object counts = est.attr("_n_event");
  std::vector<int64_t> shape = counts.shape();
  const size_t expected = v.n_bins() + v.n_special() + 1;
  if (shape.size() != 2 || shape[0] != int64_t(expected) || shape[1] < 2)
    counts.fail(v.where + ": expected [" + std::to_string(expected) + ", n_classes] counts (bins, " +
                std::to_string(v.n_special()) + " special, 1 missing), got " + std::to_string(shape.size()) +
                "-D [" + (shape.empty() ? std::string() : std::to_string(shape[0])) + ", ...]");
  v.n_classes = size_t(shape[1]);
  v.a = counts.to_doubles();
  return v;
}


MetricSetting stored_setting(const Object& o) {
  MetricSetting m;
  if (o.kind() == Kind::String) {
    if (o.to_string() != "empirical") o.fail("expected 'empirical' or a number");
    m.empirical = true;
    return m;
  }
  m.value = o.to_double();
  m.integral = o.kind() == Kind::Int || o.kind() == Kind::Bool;
  return m;
}

bool VariableBinning::string_codes() const {
  for (const auto& bin : categories)
    for (const Code& c : bin)
      if (c.is_string) return true;
  for (const auto& g : special_groups)
    for (const Code& c : g)
      if (c.is_string) return true;
  return false;
}

VariableBinning VariableBinning::read(const Object& est, const std::string& where) {
  VariableBinning v;
  v.where = where;
  v.continuous = est.short_class_name() == "ContinuousOptimalBinning";
  if (auto fitted = est.find("_is_fitted"); !fitted || !fitted->to_bool())
    est.fail("is not fitted (_is_fitted is not True)");
  const std::string dtype = est.attr("dtype").to_string();
  if (dtype != "numerical" && dtype != "categorical") est.attr("dtype").fail("must be 'numerical' or 'categorical'");
  v.categorical = dtype == "categorical";
  Object splits = est.attr("_splits_optimal");
  v.splits = read_doubles(splits);
  check_ascending(splits, v.splits, where);
  if (v.categorical) read_categories(est, v);
  read_special_codes(est, v);
  if (auto cu = est.find("cat_unknown"); cu && !cu->is_none() && cu->kind() != Kind::String)
    v.cat_unknown = cu->to_double();
  if (est.short_class_name() == "MulticlassOptimalBinning") return read_multiclass(est, std::move(v));
  const char* a_name = v.continuous ? "_n_records" : "_n_event";
  const char* b_name = v.continuous ? "_sums" : "_n_nonevent";
  Object a = est.attr(a_name), b = est.attr(b_name);
  v.a = read_doubles(a);
  v.b = read_doubles(b);
  const size_t expected = v.n_bins() + v.n_special() + 1;
  if (v.a.size() != expected)
    a.fail(where + ": has " + std::to_string(v.a.size()) + " entries; its " +
           std::to_string(v.n_bins()) + " bins, " + std::to_string(v.n_special()) + " special and 1 missing give " +
           std::to_string(expected));
  if (v.b.size() != expected)
    b.fail(where + ": has " + std::to_string(v.b.size()) + " entries, " + a_name + " has " +
           std::to_string(expected));
  return v;
}

// ------------------------------------------------------------ values

std::string numerical_bin_label(double lo, double hi, int digits) {
  char buf[128];
  std::snprintf(buf, sizeof buf, std::isinf(lo) ? "(%.*f, %.*f)" : "[%.*f, %.*f)", digits, lo, digits, hi);
  return buf;
}

namespace {

// WoE of an event rate: transform_event_rate_to_woe(er, t_nonevent, t_event).
double woe_of(double event_rate, double t_nonevent, double t_event) {
  return std::log((1.0 / event_rate - 1) * t_event / t_nonevent);
}

// transform_multiclass_target: one-vs-all WoE per class, then their mean
// (mean_woe) or their average weighted by each class's events
// (weighted_mean_woe), with NumPy's sums (sequential below 8 classes).
std::vector<double> multiclass_woe(const VariableBinning& v, const std::string& metric) {
  const size_t k = v.n_classes, rows = v.a.size() / k;
  std::vector<double> records(rows), t_event(k), t_nonevent(k);
  std::vector<double> col(rows);
  for (size_t r = 0; r < rows; ++r) records[r] = pairwise_sum(&v.a[r * k], k);
  for (size_t c = 0; c < k; ++c) {
    for (size_t r = 0; r < rows; ++r) col[r] = v.a[r * k + c];
    t_event[c] = numpy_sum(col);
    for (size_t r = 0; r < rows; ++r) col[r] = records[r] - v.a[r * k + c];
    t_nonevent[c] = numpy_sum(col);
  }
  std::vector<double> out(rows, 0.0), woe(k);
  const double weight_sum = numpy_sum(t_event);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < k; ++c) {
      const double event = v.a[r * k + c], nonevent = records[r] - event;
      woe[c] = event > 0 && nonevent > 0 ? std::log((1.0 / (event / records[r]) - 1) * t_event[c] / t_nonevent[c]) : 0.0;
    }
    if (metric == "mean_woe") {
      out[r] = numpy_sum(woe) / double(k);
    } else {
      std::vector<double> weighted(k);
      for (size_t c = 0; c < k; ++c) weighted[c] = woe[c] * t_event[c];
      out[r] = numpy_sum(weighted) / weight_sum;
    }
  }
  return out;
}

// Values of the regular/special/missing bins, before the settings apply.
std::vector<double> statistic(const VariableBinning& v, const TransformSettings& s, double& unknown) {
  std::vector<double> a = v.a, b = v.b;
  const bool truncate = !s.special.empirical && !s.missing.empirical;
  const size_t n = truncate ? v.n_bins() : a.size();
  std::vector<double> out(a.size(), 0.0);
  if (v.continuous) {  // a = n_records, b = sums
    std::vector<double> records(a.begin(), a.begin() + ptrdiff_t(n)), sums(b.begin(), b.begin() + ptrdiff_t(n));
    for (size_t i = 0; i < n; ++i)
      if (records[i] > 0) out[i] = sums[i] / records[i];
    unknown = v.cat_unknown ? *v.cat_unknown : numpy_sum(sums) / numpy_sum(records);
    return out;
  }
  // a = n_event, b = n_nonevent; totals over every bin, before truncation.
  const double t_event = numpy_sum(a), t_nonevent = numpy_sum(b);
  std::vector<double> records(n);
  for (size_t i = 0; i < n; ++i) records[i] = a[i] + b[i];
  for (size_t i = 0; i < n; ++i) {
    if (!(a[i] > 0 && b[i] > 0)) continue;
    const double er = a[i] / records[i];
    out[i] = s.metric == "woe" ? woe_of(er, t_nonevent, t_event) : er;
  }
  if (v.cat_unknown) {
    unknown = *v.cat_unknown;
  } else {
    const double mean_er = t_event / numpy_sum(records);
    unknown = s.metric == "woe" ? woe_of(mean_er, t_nonevent, t_event) : mean_er;
  }
  return out;
}

}  // namespace

BinValues bin_values(const VariableBinning& v, const TransformSettings& s) {
  BinValues out;
  const size_t n_bins = v.n_bins(), n_special = v.n_special();
  const size_t missing = n_bins + n_special;
  if (s.metric == "bins") {
    if (v.categorical)
      throw Error(v.where + ": metric 'bins' of a categorical variable is numpy's str() of each category array; "
                  "not supported");
    out.is_string = true;
    std::vector<double> edges{-std::numeric_limits<double>::infinity()};
    edges.insert(edges.end(), v.splits.begin(), v.splits.end());
    edges.push_back(std::numeric_limits<double>::infinity());
    for (size_t i = 0; i + 1 < edges.size(); ++i)
      out.strings.push_back(numerical_bin_label(edges[i], edges[i + 1], s.show_digits));
    if (v.special_dict)
      out.strings.insert(out.strings.end(), v.special_names.begin(), v.special_names.end());
    else
      out.strings.push_back("Special");
    out.strings.push_back("Missing");
    return out;
  }
  if (s.metric == "indices") {
    out.is_integer = true;
    for (size_t i = 0; i <= missing; ++i) out.numbers.push_back(double(i));
    out.unknown_number = v.cat_unknown ? *v.cat_unknown : -1;
    if (s.special.integral && !s.special.empirical)
      for (size_t g = 0; g < n_special; ++g) out.numbers[n_bins + g] = s.special.value;
    if (s.missing.integral && !s.missing.empirical) out.numbers[missing] = s.missing.value;
    return out;
  }
  out.numbers = v.n_classes ? multiclass_woe(v, s.metric) : statistic(v, s, out.unknown_number);
  if (!s.special.empirical)
    for (size_t g = 0; g < n_special; ++g) out.numbers[n_bins + g] = s.special.value;
  if (!s.missing.empirical) out.numbers[missing] = s.missing.value;
  return out;
}

// ------------------------------------------------------------ options

namespace {

MetricSetting metric_setting(const Context& ctx, const char* name) {
  MetricSetting m;
  auto text = ctx.option(name);
  if (!text || *text == "0") {
    m.integral = true;  // optbinning's default: the int 0
    return m;
  }
  if (*text == "empirical") {
    m.empirical = true;
    return m;
  }
  char* end = nullptr;
  m.value = std::strtod(text->c_str(), &end);
  if (end == text->c_str() || *end != '\0' || !std::isfinite(m.value))
    throw Error(std::string("--option ") + name + "=" + *text + ": expected 'empirical' or a number");
  m.integral = text->find_first_of(".eE") == std::string::npos;
  return m;
}

}  // namespace

TransformSettings transform_settings(const Context& ctx, const std::string& default_metric, bool continuous,
                                     bool check_metric) {
  TransformSettings s;
  s.metric = ctx.option("metric").value_or(default_metric);
  const bool multiclass = default_metric == "mean_woe";
  const bool ok = s.metric == "indices" || s.metric == "bins" ||
                  (multiclass ? s.metric == "mean_woe" || s.metric == "weighted_mean_woe"
                   : continuous ? s.metric == "mean"
                                : (s.metric == "woe" || s.metric == "event_rate"));
  if (!ok && check_metric)
    throw Error("--option metric=" + s.metric + ": expected " +
                (multiclass   ? "mean_woe, weighted_mean_woe, indices or bins"
                 : continuous ? "mean, indices or bins"
                              : "woe, event_rate, indices or bins"));
  s.special = metric_setting(ctx, "metric_special");
  s.missing = metric_setting(ctx, "metric_missing");
  if (auto d = ctx.option("show_digits")) {
    if (d->size() != 1 || (*d)[0] < '0' || (*d)[0] > '8')
      throw Error("--option show_digits=" + *d + ": expected an integer in [0, 8]");
    s.show_digits = (*d)[0] - '0';
  }
  return s;
}

}  // namespace onnxconv::optbinning
