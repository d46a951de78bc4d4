#include "categories.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace onnxconv::encoders {
namespace {

// Gather/Equal/Where/MatMul on these types as used here: opset 11.
constexpr int64_t kMinOpset = 11;

bool is_float_elem(int32_t e) { return e == OC_ELEM_FLOAT || e == OC_ELEM_DOUBLE; }

std::string elem_text(int32_t e) {
  switch (e) {
    case OC_ELEM_FLOAT: return "float";
    case OC_ELEM_DOUBLE: return "double";
    case OC_ELEM_INT64: return "int64";
    case OC_ELEM_STRING: return "string";
    case OC_ELEM_BOOL: return "bool";
    default: return "element type " + std::to_string(e);
  }
}

// The [N, 1] column of `ref`: the input itself, or a Gather of one column.
std::string column_value(const Context& ctx, const std::vector<std::string>& inputs, const ColumnRef& ref) {
  if (ref.width == 1) return inputs.at(ref.input);
  std::string index = ctx.add_int64s("column", {ref.column}, {1});
  return ctx.op("Gather", {inputs.at(ref.input), index}, {Attr::i("axis", 1)});
}

// Object arrays hold str, None, float NaN or numbers.
void read_object_category(const Object& item, size_t i, Categories& out, bool want_strings, const Object& where) {
  auto kind = item.kind();
  bool missing = kind == sdk::Kind::None || (kind == sdk::Kind::Float && std::isnan(item.to_double()));
  if (missing) {
    if (out.missing) where.fail("holds two missing categories (None and NaN)");
    out.missing = i;
    if (want_strings) out.text.push_back("");
    else out.numbers.push_back(NAN);
    return;
  }
  bool text = kind == sdk::Kind::String;
  if (text != want_strings)
    where.fail(std::string("input column is ") + (want_strings ? "string" : "numeric") + " but category " +
               std::to_string(i) + " is " + (text ? "a string" : "a number") +
               ": the categories mix types, or the column is fed with the wrong type (--input NAME=TYPE)");
  if (text) out.text.push_back(item.to_string());
  else out.numbers.push_back(item.to_double());
}

// The [N, K] bool matrix "value == category k" of a numeric column.
std::string numeric_matches(const Context& ctx, std::string x, int32_t elem, const Categories& cats) {
  bool whole = std::all_of(cats.numbers.begin(), cats.numbers.end(),
                           [](double v) { return std::isnan(v) || v == std::floor(v); });
  int64_t k = static_cast<int64_t>(cats.size());
  if (elem == OC_ELEM_BOOL) {
    x = ctx.op("Cast", {x}, {Attr::i("to", OC_ELEM_INT64)});
    elem = OC_ELEM_INT64;
  }
  if (elem == OC_ELEM_INT64 && (!whole || cats.missing)) {
    x = ctx.op("Cast", {x}, {Attr::i("to", OC_ELEM_DOUBLE)});
    elem = OC_ELEM_DOUBLE;
  }
  std::string table;
  if (elem == OC_ELEM_INT64) {
    std::vector<int64_t> ints;
    for (double v : cats.numbers) ints.push_back(static_cast<int64_t>(v));
    table = ctx.add_int64s("categories", ints, {1, k});
  } else if (elem == OC_ELEM_DOUBLE) {
    table = ctx.add_initializer("categories", OC_ELEM_DOUBLE, {1, k}, cats.numbers.data());
  } else {
    std::vector<float> f(cats.numbers.begin(), cats.numbers.end());
    std::set<float> distinct;
    for (float v : f)
      if (!std::isnan(v) && !distinct.insert(v).second)
        throw sdk::Error("two categories are equal once rounded to float32: convert with --dtype float64");
    table = ctx.add_initializer("categories", OC_ELEM_FLOAT, {1, k}, f.data());
  }
  std::string matches = ctx.op("Equal", {x, table});
  if (!cats.missing || !is_float_elem(elem)) return matches;
  std::vector<uint8_t> at_missing(static_cast<size_t>(k), 0);
  at_missing[*cats.missing] = 1;
  std::string missing_mask = ctx.add_initializer("missing_category", OC_ELEM_BOOL, {1, k}, at_missing.data());
  std::string nan_here = ctx.op("And", {ctx.op("IsNaN", {x}), missing_mask});
  return ctx.op("Or", {matches, nan_here});
}

}  // namespace

std::vector<ColumnRef> locate_columns(const Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  if (ctx.opset() < kMinOpset)
    est.fail("needs ai.onnx opset " + std::to_string(kMinOpset) + " or later; the target is " +
             std::to_string(ctx.opset()));
  Object cats = est.attr("categories_");
  size_t n = cats.size();
  std::vector<ColumnRef> refs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const ValueType& t = inputs[i];
    if (t.kind != OC_VALUE_TENSOR || t.dims.size() != 2 || t.dim(1) < 0)
      est.fail("input " + std::to_string(i) + " must be a 2-D tensor [N, k] of known width");
    for (int64_t c = 0; c < t.dim(1); ++c) refs.push_back({i, c, t.dim(1), t.elem_type});
  }
  if (refs.size() != n)
    est.fail("fitted on " + std::to_string(n) + " columns (categories_), its inputs have " +
             std::to_string(refs.size()));
  if (est.has("n_features_in_") && est.attr("n_features_in_").to_int() != static_cast<int64_t>(n))
    est.fail("n_features_in_ is " + std::to_string(est.attr("n_features_in_").to_int()) + " but categories_ has " +
             std::to_string(n) + " entries");
  for (const auto& r : refs)
    if (r.elem != OC_ELEM_STRING && r.elem != OC_ELEM_INT64 && r.elem != OC_ELEM_BOOL && !is_float_elem(r.elem))
      est.fail("cannot encode a column of " + elem_text(r.elem));
  return refs;
}

Categories read_categories(const Object& est, size_t j, int32_t input_elem) {
  return read_category_array(est.attr("categories_")[j], input_elem);
}

Categories read_category_array(const Object& cats, int32_t input_elem) {
  if (cats.kind() != sdk::Kind::Array) cats.fail("expected a numpy array of categories");
  oc_array_info info = cats.array_info();
  if (info.ndim != 1) cats.fail("expected a 1-D array of categories");
  if (info.size == 0) cats.fail("has no category");
  Categories out;
  out.strings = input_elem == OC_ELEM_STRING;
  switch (info.dtype_kind) {
    case 'O':
      for (size_t i = 0; i < info.size; ++i) read_object_category(cats[i], i, out, out.strings, cats);
      break;
    case 'U': case 'S':
      if (!out.strings) cats.fail("holds strings but the input column is " + elem_text(input_elem) +
                                  " (feed it as a string column: --input NAME=string)");
      for (size_t i = 0; i < info.size; ++i) out.text.push_back(cats[i].to_string());
      break;
    case 'i': case 'u': case 'b': case 'f':
      if (out.strings) cats.fail("holds numbers but the input column is string");
      out.numbers = cats.to_doubles();
      for (size_t i = 0; i < out.numbers.size(); ++i)
        if (std::isnan(out.numbers[i])) {
          if (out.missing) cats.fail("holds NaN twice");
          out.missing = i;
        }
      break;
    default:
      cats.fail(std::string("categories of dtype kind '") + info.dtype_kind + "' cannot be encoded in ONNX");
  }
  if (out.strings && out.missing &&
      std::count(out.text.begin(), out.text.end(), std::string()) > 1)
    cats.fail("holds both \"\" and a missing value: a missing string is fed as \"\", so the two cannot be told apart");
  if (out.strings) {
    std::set<std::string> seen(out.text.begin(), out.text.end());
    if (seen.size() != out.text.size()) cats.fail("holds a category twice");
  }
  return out;
}

Grouping read_grouping(const Object& est, size_t j, size_t n_categories, std::optional<int64_t> ungrouped) {
  Grouping g;
  for (size_t i = 0; i < n_categories; ++i) g.group.push_back(static_cast<int64_t>(i));
  g.n_groups = static_cast<int64_t>(n_categories);
  auto enabled = est.find("_infrequent_enabled");
  if (!enabled || !enabled->to_bool()) return g;
  Object mapping = est.attr("_default_to_infrequent_mappings")[j];
  Object infrequent = est.attr("_infrequent_indices")[j];
  if (mapping.is_none() != infrequent.is_none())
    est.fail("_default_to_infrequent_mappings and _infrequent_indices disagree on column " + std::to_string(j));
  if (mapping.is_none()) return g;
  g.group = mapping.to_int64s();
  bool missing_last = ungrouped && *ungrouped == static_cast<int64_t>(n_categories) - 1;
  if (missing_last && g.group.size() + 1 == n_categories) g.group.push_back(0);  // its code is not read
  if (g.group.size() != n_categories)
    mapping.fail("has " + std::to_string(g.group.size()) + " entries for " + std::to_string(n_categories) +
                 " categories");
  g.n_groups = 0;
  for (int64_t v : g.group) {
    if (v < 0 || v >= static_cast<int64_t>(n_categories)) mapping.fail("holds group " + std::to_string(v));
    g.n_groups = std::max(g.n_groups, v + 1);
  }
  std::vector<int64_t> first = infrequent.to_int64s();
  if (first.empty() || first[0] < 0 || first[0] >= static_cast<int64_t>(n_categories))
    infrequent.fail("does not name an infrequent category");
  g.infrequent = static_cast<size_t>(first[0]);
  return g;
}

std::string category_position(const Context& ctx, const std::vector<std::string>& inputs, const ColumnRef& ref,
                              const Categories& cats, int64_t unknown) {
  std::string x = column_value(ctx, inputs, ref);
  int64_t k = static_cast<int64_t>(cats.size());
  if (cats.strings) {
    std::vector<int64_t> positions;
    for (int64_t i = 1; i <= k; ++i) positions.push_back(i);
    return ctx.op("LabelEncoder", {x},
                  {Attr::strings("keys_strings", cats.text), Attr::ints("values_int64s", positions),
                   Attr::i("default_int64", unknown)},
                  "ai.onnx.ml");
  }
  // At most one category matches: matches . (1..K) is its position, or 0.
  std::string matches = numeric_matches(ctx, x, ref.elem, cats);
  std::vector<double> weights;
  for (int64_t i = 1; i <= k; ++i) weights.push_back(static_cast<double>(i));
  std::vector<float> w(weights.begin(), weights.end());
  std::string as_float = ctx.op("Cast", {matches}, {Attr::i("to", OC_ELEM_FLOAT)});
  std::string summed = ctx.op("MatMul", {as_float, ctx.add_initializer("positions", OC_ELEM_FLOAT, {k, 1}, w.data())});
  std::string position = ctx.op("Cast", {summed}, {Attr::i("to", OC_ELEM_INT64)});
  if (unknown == 0) return position;
  std::string none = ctx.op("Equal", {position, ctx.add_int64s("zero", {0}, {})});
  return ctx.op("Where", {none, ctx.add_int64s("unknown_position", {unknown}, {}), position});
}

std::string lookup(const Context& ctx, const std::string& table, const std::string& position) {
  return ctx.op("Gather", {table, position}, {Attr::i("axis", 0)});
}

}  // namespace onnxconv::encoders
