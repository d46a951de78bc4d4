// Each class's _joint_log_likelihood, in double (see naive_bayes.hpp).
#include "naive_bayes.hpp"

#include <cmath>
#include <optional>

namespace onnxconv::naive_bayes {

using sdk::Attr;
using sdk::Kind;

namespace {

constexpr double kPi = 3.14159265358979323846;

// GaussianNB's variances: var_ from 1.0 on, sigma_ before (1.0 renamed it;
// 1.2 removed the old name). Whichever the file holds.
Object gaussian_variances(const Object& est) {
  if (auto v = est.find("var_")) return *v;
  if (auto v = est.find("sigma_")) return *v;
  est.fail("has neither var_ (scikit-learn 1.0 and later) nor sigma_ (before 1.0): no variances to read");
}

// A per-class vector: class_log_prior_ and the like (-inf allowed: a class
// with no weight, never predicted).
std::vector<double> per_class(const Object& est, const char* name, int64_t n_classes) {
  return read_array(est.attr(name), 1, n_classes, true, true).values;
}

void check_width(const Object& est, int64_t n_features) {
  for (const char* name : {"n_features_in_", "n_features_"})
    if (auto n = est.find(name); n && n->kind() == Kind::Int && n->to_int() != n_features)
      n->fail("is " + std::to_string(n->to_int()) + " but the fitted arrays have " + std::to_string(n_features) +
              " features");
}

}  // namespace

// ---- GaussianNB ----

int64_t GaussianNbConverter::n_features(const Object& est, int64_t n_classes) const {
  Matrix theta = read_array(est.attr("theta_"), 2, n_classes, false);
  Matrix var = read_array(gaussian_variances(est), 2, n_classes, false);
  if (var.cols != theta.cols)
    gaussian_variances(est).fail("has " + std::to_string(var.cols) + " columns but theta_ has " +
                                 std::to_string(theta.cols));
  read_array(est.attr("class_prior_"), 1, n_classes, false);
  check_width(est, theta.cols);
  return theta.cols;
}

// scikit-learn: log(class_prior_[c]) - 0.5 sum(log(2 pi var_[c]))
//               - 0.5 sum((x - theta_[c])^2 / var_[c]).
// The first two terms are one constant per class; the last is computed as
// written (broadcast [N, 1, F] against [K, F]), not expanded into matrix
// products whose terms would cancel.
std::string GaussianNbConverter::joint_log_likelihood(const Context& ctx, const Object& est, int64_t n_classes,
                                                      const std::string& xd) const {
  Matrix theta = read_array(est.attr("theta_"), 2, n_classes, true);
  Object var_obj = gaussian_variances(est);
  Matrix var = read_array(var_obj, 2, n_classes, true);
  std::vector<double> prior = read_array(est.attr("class_prior_"), 1, n_classes, true).values;
  const int64_t f = theta.cols;
  std::vector<double> constant(size_t(n_classes), 0.0);
  for (int64_t c = 0; c < n_classes; ++c) {
    double log_norm = 0.0;
    for (int64_t j = 0; j < f; ++j) {
      double v = var.values[size_t(c * f + j)];
      if (!(v > 0)) var_obj.fail("holds a variance <= 0 at [" + std::to_string(c) + ", " + std::to_string(j) + "]");
      log_norm += std::log(2.0 * kPi * v);
    }
    if (prior[size_t(c)] < 0) est.attr("class_prior_").fail("holds a negative prior");
    constant[size_t(c)] = std::log(prior[size_t(c)]) - 0.5 * log_norm;
  }
  std::string rows = ctx.op("Reshape", {xd, ctx.add_int64s("rows_shape", {-1, 1, f}, {3})});
  std::string diff = ctx.op("Sub", {rows, add_doubles(ctx, "theta", theta.values, {n_classes, f})});
  std::string scaled = ctx.op("Div", {ctx.op("Mul", {diff, diff}), add_doubles(ctx, "var", var.values, {n_classes, f})});
  std::string half_sum = ctx.op("Mul", {reduce_sum(ctx, scaled, 2), add_doubles(ctx, "half", {0.5}, {})});
  return ctx.op("Sub", {add_doubles(ctx, "log_prior_and_norm", constant, {n_classes}), half_sum});
}

// ---- the linear ones: MultinomialNB, ComplementNB, BernoulliNB ----

int64_t LinearNbConverter::n_features(const Object& est, int64_t n_classes) const {
  int64_t f = linear_jll(est, n_classes, false).weights.cols;
  check_width(est, f);
  return f;
}

std::string LinearNbConverter::joint_log_likelihood(const Context& ctx, const Object& est, int64_t n_classes,
                                                    const std::string& xd) const {
  LinearJll m = linear_jll(est, n_classes, true);
  std::string x = xd;
  if (m.binarize) {
    std::string above = ctx.op("Greater", {xd, add_doubles(ctx, "binarize", {m.threshold}, {})});
    x = ctx.op("Cast", {above}, {Attr::i("to", OC_ELEM_DOUBLE)});
  }
  std::string w = add_doubles(ctx, "feature_weights", m.weights.values, {n_classes, m.weights.cols});
  std::string b = add_doubles(ctx, "class_bias", m.bias, {n_classes});
  return ctx.op("Gemm", {x, w, b}, {Attr::i("transB", 1)});
}

LinearJll MultinomialNbConverter::linear_jll(const Object& est, int64_t n_classes, bool with_values) const {
  LinearJll m;
  m.weights = read_array(est.attr("feature_log_prob_"), 2, n_classes, with_values);
  if (with_values) m.bias = per_class(est, "class_log_prior_", n_classes);
  return m;
}

// ComplementNB adds class_log_prior_ only when there is a single class
// (every release of the matrix).
LinearJll ComplementNbConverter::linear_jll(const Object& est, int64_t n_classes, bool with_values) const {
  LinearJll m;
  m.weights = read_array(est.attr("feature_log_prob_"), 2, n_classes, with_values);
  if (!with_values) return m;
  m.bias.assign(size_t(n_classes), 0.0);
  if (n_classes == 1) m.bias = per_class(est, "class_log_prior_", n_classes);
  return m;
}

// neg = log(1 - exp(flp)) as scikit-learn computes it, in double; the
// sum of neg over features joins the prior in the bias.
LinearJll BernoulliNbConverter::linear_jll(const Object& est, int64_t n_classes, bool with_values) const {
  Object flp_obj = est.attr("feature_log_prob_");
  Matrix flp = read_array(flp_obj, 2, n_classes, with_values);
  LinearJll m;
  Object binarize = est.attr("binarize");
  if (!binarize.is_none()) {
    if (binarize.kind() != Kind::Float && binarize.kind() != Kind::Int)
      binarize.fail("expected None or a number");
    m.binarize = true;
    m.threshold = binarize.to_double();
  }
  m.weights = flp;
  if (!with_values) return m;
  m.bias = per_class(est, "class_log_prior_", n_classes);
  for (int64_t c = 0; c < n_classes; ++c)
    for (int64_t j = 0; j < flp.cols; ++j) {
      size_t at = size_t(c * flp.cols + j);
      double p = flp.values[at];
      if (!(p < 0))
        flp_obj.fail("holds log-probability " + std::to_string(p) + " at [" + std::to_string(c) + ", " +
                     std::to_string(j) + "]: log(1 - exp(p)) would be -inf or NaN");
      double neg = std::log(1.0 - std::exp(p));
      m.weights.values[at] = p - neg;
      m.bias[size_t(c)] += neg;
    }
  return m;
}

// ---- CategoricalNB ----

namespace {

// feature_log_prob_: one [n_classes, n_categories_f] array per feature.
Object categorical_tables(const Object& est) {
  Object tables = est.attr("feature_log_prob_");
  if (tables.kind() != Kind::List && tables.kind() != Kind::Tuple)
    tables.fail("expected a list of numpy arrays, one per feature");
  if (tables.size() == 0) tables.fail("is empty: the model has no feature");
  return tables;
}

}  // namespace

int64_t CategoricalNbConverter::n_features(const Object& est, int64_t n_classes) const {
  Object tables = categorical_tables(est);
  std::optional<std::vector<int64_t>> counts;
  if (auto n = est.find("n_categories_"); n && n->kind() == Kind::Array) {
    counts = n->to_int64s();
    if (counts->size() != tables.size())
      n->fail("has " + std::to_string(counts->size()) + " values but feature_log_prob_ has " +
              std::to_string(tables.size()) + " features");
  }
  for (size_t f = 0; f < tables.size(); ++f) {
    Matrix t = read_array(tables[f], 2, n_classes, false);
    if (counts && (*counts)[f] != t.cols)
      tables[f].fail("has " + std::to_string(t.cols) + " categories but n_categories_[" + std::to_string(f) +
                     "] is " + std::to_string((*counts)[f]));
  }
  read_array(est.attr("class_log_prior_"), 1, n_classes, false);
  check_width(est, int64_t(tables.size()));
  return int64_t(tables.size());
}

// scikit-learn casts X to int (truncating toward 0, as Cast does), refuses
// negative codes (ValueError) and fails on codes >= n_categories_
// (IndexError). Gather fails on an index out of range too, so negative
// codes are sent out of range instead of letting Gather count them from
// the end: the ONNX model fails where predict fails.
std::string CategoricalNbConverter::joint_log_likelihood(const Context& ctx, const Object& est, int64_t n_classes,
                                                         const std::string& xd) const {
  Object tables = categorical_tables(est);
  std::string codes = ctx.op("Cast", {xd}, {Attr::i("to", OC_ELEM_INT64)});
  std::string zero = ctx.add_int64s("zero", {0}, {});
  std::vector<std::string> terms;
  for (size_t f = 0; f < tables.size(); ++f) {
    Matrix t = read_array(tables[f], 2, n_classes, true);
    std::vector<double> by_category(t.values.size());  // [n_categories, n_classes]
    for (int64_t c = 0; c < n_classes; ++c)
      for (int64_t j = 0; j < t.cols; ++j) by_category[size_t(j * n_classes + c)] = t.values[size_t(c * t.cols + j)];
    std::string tag = "feature" + std::to_string(f);
    std::string code = ctx.op("Gather", {codes, ctx.add_int64s(tag + "_column", {int64_t(f)}, {})},
                              {Attr::i("axis", 1)});
    std::string out_of_range = ctx.add_int64s(tag + "_n_categories", {t.cols}, {});
    code = ctx.op("Where", {ctx.op("Less", {code, zero}), out_of_range, code});
    std::string table = add_doubles(ctx, tag + "_log_prob", by_category, {t.cols, n_classes});
    terms.push_back(ctx.op("Gather", {table, code}, {Attr::i("axis", 0)}));
  }
  terms.push_back(add_doubles(ctx, "class_log_prior", per_class(est, "class_log_prior_", n_classes), {n_classes}));
  return ctx.op("Sum", terms);
}

}  // namespace onnxconv::naive_bayes
