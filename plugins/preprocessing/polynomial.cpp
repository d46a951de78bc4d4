// PolynomialFeatures (scikit-learn 1.2 sklearn/preprocessing/_polynomial.py).
//
// powers_ is a property, not pickled: it follows from n_features_in_,
// _min_degree/_max_degree, interaction_only and include_bias through
// _combinations(), which lists itertools' combinations (with replacement
// unless interaction_only) degree by degree. The output columns are the bias
// (when include_bias), then each combination's product, in that order.
//
// transform() builds a degree-d term (c0, c1, ..., c_{d-1}) as
// X[:, c0] * term(c1, ..., c_{d-1}); the same association here makes float64
// models agree exactly. Each degree is one batch: Gather the columns c_k of
// every combination, multiply from the last position to the first.
#include "converters.hpp"

namespace onnxconv::preprocessing {
namespace {

struct Polynomial {
  int64_t n_features = 0;
  int64_t min_degree = 0;
  int64_t max_degree = 0;
  bool interaction_only = false;
  bool include_bias = true;
};

// What a converted PolynomialFeatures may cost. The degree and the width
// come from the file and size the term lists and the graph (about 2 nodes
// per position of a term of each degree), so a hostile file could ask for
// terabytes; they are checked by counting, before anything is listed. The
// bounds are far beyond useful models: scikit-learn's own dense output of
// 2^20 columns takes 8 MiB a row.
constexpr int64_t kMaxColumns = int64_t{1} << 20;      // input and output columns
constexpr int64_t kMaxDegree = 64;                     // of the highest degree present
constexpr int64_t kMaxTermEntries = int64_t{1} << 23;  // column indices over all terms

// Refuses degree ranges whose terms would exceed the bounds above.
void check_size(const Object& est, const Polynomial& p) {
  auto refuse = [&](const std::string& what, int64_t limit) {
    est.fail(what + " (degree range [" + std::to_string(p.min_degree) + ", " + std::to_string(p.max_degree) +
             "] over " + std::to_string(p.n_features) + " features): over the converter's limit of " +
             std::to_string(limit));
  };
  if (p.n_features < 0 || p.n_features > kMaxColumns)
    refuse("n_features_in_ is " + std::to_string(p.n_features), kMaxColumns);
  // Degrees past n_features have no terms without replacement.
  int64_t top = p.interaction_only ? std::min(p.max_degree, p.n_features) : p.max_degree;
  if (top > kMaxDegree) refuse("degree " + std::to_string(top), kMaxDegree);
  int64_t count = 1, columns = p.include_bias ? 1 : 0, entries = 0;  // count: terms of degree d
  for (int64_t d = 1; d <= top; ++d) {
    // C(n+d-1, d) with replacement, C(n, d) without: exact, and no overflow
    // while count <= kMaxColumns and n <= kMaxColumns.
    count = count * (p.interaction_only ? p.n_features - d + 1 : p.n_features + d - 1) / d;
    if (count > kMaxColumns) refuse("more than " + std::to_string(kMaxColumns) + " terms of degree " +
                                    std::to_string(d), kMaxColumns);
    if (d < p.min_degree) continue;
    columns += count;
    entries += count * d;
    if (columns > kMaxColumns) refuse(std::to_string(columns) + "+ output columns", kMaxColumns);
    if (entries > kMaxTermEntries) refuse(std::to_string(entries) + "+ term entries", kMaxTermEntries);
  }
}

Polynomial read_polynomial(const Object& est) {
  Polynomial p;
  p.n_features = est.attr("n_features_in_").to_int();
  if (est.has("_max_degree")) {
    p.min_degree = est.attr("_min_degree").to_int();
    p.max_degree = est.attr("_max_degree").to_int();
  } else {
    p.max_degree = est.attr("degree").to_int();  // before 1.0: degree is an int
  }
  p.interaction_only = flag(est, "interaction_only", false);
  p.include_bias = flag(est, "include_bias", true);
  if (p.min_degree < 0 || p.max_degree < p.min_degree)
    est.fail("invalid degree range [" + std::to_string(p.min_degree) + ", " + std::to_string(p.max_degree) + "]");
  check_size(est, p);
  return p;
}

// itertools.combinations(_with_replacement)(range(n), d), in its order.
std::vector<std::vector<int64_t>> combinations(int64_t n, int64_t d, bool distinct) {
  std::vector<std::vector<int64_t>> out;
  std::vector<int64_t> c;
  auto extend = [&](auto&& self, int64_t first) -> void {
    if (int64_t(c.size()) == d) {
      out.push_back(c);
      return;
    }
    for (int64_t j = first; j < n; ++j) {
      c.push_back(j);
      self(self, distinct ? j + 1 : j);
      c.pop_back();
    }
  };
  extend(extend, 0);
  return out;
}

// The degrees whose terms appear, lowest first (degree 0 is the bias).
std::vector<std::vector<std::vector<int64_t>>> terms_by_degree(const Polynomial& p) {
  std::vector<std::vector<std::vector<int64_t>>> out;
  for (int64_t d = std::max<int64_t>(1, p.min_degree); d <= p.max_degree; ++d) {
    auto terms = combinations(p.n_features, d, p.interaction_only);
    if (!terms.empty()) out.push_back(std::move(terms));
  }
  return out;
}

int64_t n_outputs(const Polynomial& p) {
  int64_t n = p.include_bias ? 1 : 0;
  for (const auto& terms : terms_by_degree(p)) n += int64_t(terms.size());
  return n;
}

// A [N, 1] column of ones shaped after x's rows.
std::string bias_column(const Context& ctx, const std::string& x) {
  std::string shape = ctx.op("Shape", {x});
  std::string rows = ctx.op("Gather", {shape, ctx.add_int64s("first", {0}, {1})}, {Attr::i("axis", 0)});
  std::string dims = ctx.op("Concat", {rows, ctx.add_int64s("one", {1}, {1})}, {Attr::i("axis", 0)});
  return ctx.op("ConstantOfShape", {dims}, {Attr::tensor_doubles("value", {1.0}, ctx.float_type(), {1})});
}

// Every term of one degree: X[:, c0] * (X[:, c1] * (... * X[:, c_{d-1}])).
std::string degree_terms(const Context& ctx, const std::string& x, const std::vector<std::vector<int64_t>>& terms,
                         int64_t n_features) {
  size_t d = terms[0].size();
  auto column = [&](size_t k) {
    std::vector<int64_t> idx;
    for (const auto& t : terms) idx.push_back(t[k]);
    bool identity = int64_t(idx.size()) == n_features;
    for (size_t j = 0; identity && j < idx.size(); ++j) identity = idx[j] == int64_t(j);
    return identity ? x : gather_columns(ctx, x, idx);
  };
  std::string product = column(d - 1);
  for (size_t k = d - 1; k-- > 0;) product = ctx.op("Mul", {column(k), product});
  return product;
}

}  // namespace

std::vector<ValueType> PolynomialFeaturesConverter::infer(Context& ctx, const Object& est,
                                                          const std::vector<ValueType>& inputs) {
  check_input(ctx, est, inputs);
  Polynomial p = read_polynomial(est);
  int64_t n = n_outputs(p);
  if (est.has("n_output_features_") && est.attr("n_output_features_").to_int() != n)
    est.fail("n_output_features_ is " + std::to_string(est.attr("n_output_features_").to_int()) +
             " but its degrees give " + std::to_string(n) + " terms");
  if (n == 0) est.fail("has no output features");
  return transformed(ctx, inputs, n);
}

void PolynomialFeaturesConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                          const std::vector<std::string>& out) {
  Polynomial p = read_polynomial(est);
  std::vector<std::string> parts;
  if (p.include_bias) parts.push_back(bias_column(ctx, in[0]));
  for (const auto& terms : terms_by_degree(p)) parts.push_back(degree_terms(ctx, in[0], terms, p.n_features));
  if (parts.size() == 1) Chain(ctx, parts[0]).into(out[0]);
  else ctx.add_node("Concat", parts, {out[0]}, {Attr::i("axis", 1)});
}

}  // namespace onnxconv::preprocessing
