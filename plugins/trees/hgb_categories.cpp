#include "hgb_categories.hpp"

#include <cmath>
#include <limits>
#include <optional>

#include <onnxconv/sdk/sklearn_version.hpp>

namespace onnxconv::trees {

using sdk::Attr;
using sdk::Object;

namespace {

// The fitted OrdinalEncoder of a 1.4+ `_preprocessor` (a ColumnTransformer
// whose first entry is ("encoder", OrdinalEncoder, mask)).
Object preprocessor_encoder(const Object& pre) {
  Object entries = pre.attr("transformers_");
  for (size_t i = 0; i < entries.size(); ++i) {
    Object entry = entries[i];
    if (entry.size() >= 2 && entry[0].is_string("encoder")) return entry[1];
  }
  entries.fail("has no 'encoder' entry (the OrdinalEncoder of the categorical columns)");
  return entries;  // not reached
}

bool holds_strings(const Object& cats) {
  if (cats.kind() != sdk::Kind::Array) cats.fail("expected a numpy array of categories");
  const char kind = cats.array_info().dtype_kind;
  return kind == 'O' || kind == 'U';
}

// A string category array (pandas category column of strings): the
// strings, a trailing NaN (the missing category, encoded as NaN) dropped.
// A missing string is fed as "", so "" cannot be a category too.
std::vector<std::string> string_categories(const Object& cats) {
  std::vector<std::string> v;
  const size_t n = cats.array_info().size;
  for (size_t i = 0; i < n; ++i) {
    Object c = cats[i];
    if (c.kind() == sdk::Kind::Float && std::isnan(c.to_double()) && i + 1 == n) break;
    if (c.kind() != sdk::Kind::String)
      cats.fail("mixes strings with another value at index " + std::to_string(i) + "; one input has one type");
    v.push_back(c.to_string());
    if (v.back().empty())
      cats.fail("holds the category \"\": a missing string is fed as \"\", so the two cannot be told apart");
  }
  if (v.size() > 256) cats.fail("has " + std::to_string(v.size()) + " categories; at most 256 can be split on");
  return v;
}

// The values of one encoder category array, a trailing NaN (the missing
// category, which sklearn encodes as NaN anyway) dropped.
std::vector<double> category_values(const Object& cats) {
  const char kind = cats.array_info().dtype_kind;
  if (kind != 'f' && kind != 'i' && kind != 'u')
    cats.fail("holds categories of dtype kind '" + std::string(1, kind) + "', neither numbers nor strings");
  std::vector<double> v = cats.to_doubles();
  if (!v.empty() && std::isnan(v.back())) v.pop_back();
  for (double c : v)
    if (std::isnan(c)) cats.fail("has NaN before its last category");
  if (v.size() > 256) cats.fail("has " + std::to_string(v.size()) + " categories; at most 256 can be split on");
  return v;
}

}  // namespace

std::vector<int64_t> HgbCategories::columns_of(const Object& est, int64_t n_features) {
  std::optional<Object> mask = est.find("is_categorical_");
  if (!mask || mask->is_none()) return {};
  std::vector<int64_t> flags = mask->to_int64s();
  if (int64_t(flags.size()) != n_features)
    mask->fail("has " + std::to_string(flags.size()) + " entries for " + std::to_string(n_features) + " features");
  std::vector<int64_t> cols;
  for (size_t f = 0; f < flags.size(); ++f)
    if (flags[f] != 0) cols.push_back(int64_t(f));
  return cols;
}

CategoryInput HgbCategories::input_of(const Object& est) {
  if (auto pre = est.find("_preprocessor"); pre && !pre->is_none()) return CategoryInput::Encoded;
  return sdk::SklearnVersion::of(est).at_least(1, 2) ? CategoryInput::LowByteNegativeMissing
                                                      : CategoryInput::LowByte;
}

int64_t HgbCategories::n_derived(const Object& est, int64_t n_features) {
  std::vector<int64_t> cols = columns_of(est, n_features);
  if (cols.empty() || input_of(est) == CategoryInput::Encoded) return 0;
  return int64_t(cols.size());
}

HgbCategories HgbCategories::read(const Object& est, int64_t n_features) {
  HgbCategories c;
  c.n_features_ = n_features;
  c.columns_ = columns_of(est, n_features);
  if (c.columns_.empty()) return c;
  c.input_ = input_of(est);
  const size_t n = size_t(n_features), n_cat = c.columns_.size();
  std::vector<bool> is_cat(n, false);
  for (int64_t f : c.columns_) is_cat[size_t(f)] = true;

  // Tree feature order: 1.4+'s ColumnTransformer puts the encoded
  // categorical columns first, then the numeric ones.
  c.input_column_.clear();
  if (c.input_ == CategoryInput::Encoded) {
    c.input_column_ = c.columns_;
    for (size_t f = 0; f < n; ++f)
      if (!is_cat[f]) c.input_column_.push_back(int64_t(f));
    if (auto remapped = est.find("_is_categorical_remapped"); remapped && !remapped->is_none()) {
      std::vector<int64_t> flags = remapped->to_int64s();
      bool ok = flags.size() == n;
      for (size_t t = 0; ok && t < n; ++t) ok = (flags[t] != 0) == (t < n_cat);
      if (!ok) remapped->fail("does not put the categorical columns first, as the _preprocessor does");
    }
  } else {
    for (size_t f = 0; f < n; ++f) c.input_column_.push_back(int64_t(f));
  }

  c.tested_column_.assign(n, -1);
  c.known_.assign(n, {});
  c.code_values_.assign(n, {});
  Object thresholds = est.attr("_bin_mapper").attr("bin_thresholds_");
  if (thresholds.size() != n)
    thresholds.fail("has " + std::to_string(thresholds.size()) + " entries for " + std::to_string(n) + " features");
  std::optional<Object> categories;
  if (c.input_ == CategoryInput::Encoded) {
    categories = preprocessor_encoder(est.attr("_preprocessor")).attr("categories_");
    if (categories->size() != n_cat)
      categories->fail("has " + std::to_string(categories->size()) + " arrays for " + std::to_string(n_cat) +
                       " categorical features");
  }
  for (size_t t = 0; t < n; ++t) {
    const size_t column = size_t(c.input_column_[t]);
    if (!is_cat[column]) continue;
    // Known categories (make_known_categories_bitsets): whole numbers below
    // 256 (the uint8 bitset index sklearn casts them to).
    Object known = thresholds[t];
    for (double v : known.to_doubles()) {
      if (!(v >= 0 && v < 256 && v == std::floor(v)))
        known.fail("holds the category " + std::to_string(v) + "; expected whole numbers in [0, 255]");
      c.known_[t][size_t(v) / 32] |= uint32_t(1) << (size_t(v) % 32);
    }
    if (c.input_ == CategoryInput::Encoded && holds_strings((*categories)[t])) {
      // tested on the code the graph's LabelEncoder gives each string
      c.tested_column_[t] = int64_t(column);
      c.string_categories_.resize(n);
      c.string_categories_[column] = string_categories((*categories)[t]);
      for (size_t code = 0; code < c.string_categories_[column].size(); ++code)
        c.code_values_[t].push_back(double(code));
      c.takes_strings_ = true;
    } else if (c.input_ == CategoryInput::Encoded) {
      c.tested_column_[t] = int64_t(column);
      c.code_values_[t] = category_values((*categories)[t]);  // tree feature t < n_cat: encoder column t
    } else {
      size_t j = 0;
      while (c.columns_[j] != int64_t(column)) ++j;
      c.tested_column_[t] = n_features + int64_t(j);
    }
  }
  return c;
}

void HgbCategories::to_set_splits(HistTree& t, const Object& predictor) const {
  const size_t n = size_t(t.n_nodes);
  t.is_set.assign(n, 0);
  t.set_values.assign(n, {});
  for (size_t i = 0; i < n; ++i) {
    if (t.is_leaf[i]) continue;
    const int64_t f = t.feature[i];
    if (f < 0 || f >= n_features_)
      predictor.fail("node " + std::to_string(i) + " splits on feature " + std::to_string(f) + " of " +
                     std::to_string(n_features_));
    const size_t tf = size_t(f);
    if (!t.is_categorical[i]) {
      t.feature[i] = input_column_[tf];
      continue;
    }
    if (tested_column_[tf] < 0)
      predictor.fail("node " + std::to_string(i) + " is a categorical split on feature " + std::to_string(f) +
                     ", which is_categorical_ does not mark categorical");
    // The codes sklearn sends to the side missing values do NOT go to.
    const bool missing_left = t.missing_left[i] != 0;
    const size_t codes = input_ == CategoryInput::Encoded ? code_values_[tf].size() : 256;
    std::vector<double>& members = t.set_values[i];
    for (size_t code = 0; code < codes; ++code) {
      const bool known = (known_[tf][code / 32] >> (code % 32)) & 1u;
      const bool left = t.left_has(int64_t(i), int64_t(code)) || (!known && missing_left);
      if (left != missing_left)
        members.push_back(input_ == CategoryInput::Encoded ? code_values_[tf][code] : double(code));
    }
    if (missing_left) std::swap(t.left[i], t.right[i]);  // members go right
    t.is_set[i] = 1;
    t.feature[i] = tested_column_[tf];
  }
}

std::string HgbCategories::emit_codes(const sdk::Context& ctx, const std::string& x) const {
  if (columns_.empty() || input_ == CategoryInput::Encoded) return x;
  auto f = [&](double v, const char* hint) { return ctx.add_floats(hint, {v}, {}); };
  auto i64 = [&](int64_t v, const char* hint) { return ctx.add_int64s(hint, {v}, {}); };
  const std::string xc = ctx.op("Gather", {x, ctx.add_int64s("categorical_columns", columns_, {int64_t(columns_.size())})},
                                {Attr::i("axis", 1)});
  // (uint8_t)v on x86-64: the low byte of the int32 conversion, 0 outside
  // [-2^31, 2^31) (the conversion's 0x80000000).
  const double two31 = 2147483648.0;
  const std::string in_range = ctx.op("And", {ctx.op("GreaterOrEqual", {xc, f(-two31, "int32_min")}),
                                              ctx.op("Less", {xc, f(two31, "int32_limit")})});
  const std::string safe = ctx.op("Where", {in_range, xc, f(0.0, "zero")});
  const std::string whole = ctx.op("Cast", {safe}, {Attr::i("to", OC_ELEM_INT64)});  // truncates toward 0
  const std::string byte = ctx.op("Mod", {whole, i64(256, "byte_modulus")});       // fmod=0: in [0, 256)
  const std::string code = ctx.op("Cast", {byte}, {Attr::i("to", ctx.float_type())});
  // Where the release routes as missing: NaN (1.2-1.3: negative values too).
  std::string missing = ctx.op("IsNaN", {xc});
  if (input_ == CategoryInput::LowByteNegativeMissing)
    missing = ctx.op("Or", {missing, ctx.op("Less", {xc, f(0.0, "zero")})});
  const std::string codes =
      ctx.op("Where", {missing, f(std::numeric_limits<double>::quiet_NaN(), "nan"), code});
  return ctx.op("Concat", {x, codes}, {Attr::i("axis", 1)});
}

namespace {

bool is_string_column(const std::vector<std::vector<std::string>>& cats, size_t column) {
  return column < cats.size() && !cats[column].empty();
}

}  // namespace

void HgbCategories::check_table(const sdk::Context& ctx, const Object& est,
                                const std::vector<sdk::ValueType>& inputs) const {
  std::vector<std::string> names;
  if (auto f = est.find("feature_names_in_"); f && f->kind() == sdk::Kind::Array)
    for (size_t i = 0; i < f->array_info().size; ++i) names.push_back((*f)[i].to_string());
  auto column_name = [&](size_t c) {
    return c < names.size() ? "column '" + names[c] + "'" : "column " + std::to_string(c);
  };
  size_t column = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const sdk::ValueType& in = inputs[i];
    if (in.kind != OC_VALUE_TENSOR || in.dims.size() != 2 || in.dim(1) < 1)
      est.fail("input " + std::to_string(i) + " is not a [N, k] tensor of known width");
    const bool strings = in.elem_type == OC_ELEM_STRING;
    if (!strings && in.elem_type != ctx.float_type())
      est.fail("input " + std::to_string(i) + " (" + column_name(column) +
               ") is neither tensor(string) nor the model float type");
    for (int64_t k = 0; k < in.dim(1); ++k, ++column) {
      if (column >= size_t(n_features_))
        est.fail("its inputs hold more than its " + std::to_string(n_features_) + " columns");
      if (strings != is_string_column(string_categories_, column))
        est.fail(column_name(column) + (strings ? " is fed as strings but is numeric"
                                                : " has string categories (categorical_features='from_dtype'): "
                                                  "it must be fed as tensor(string)"));
    }
  }
  if (column != size_t(n_features_))
    est.fail("its inputs hold " + std::to_string(column) + " columns; it was fitted on " + std::to_string(n_features_));
}

std::string HgbCategories::assemble(const sdk::Context& ctx, const std::vector<std::string>& inputs) const {
  std::vector<std::string> parts;
  size_t column = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const int64_t width = ctx.input_type(i).dim(1);  // known: check_table
    if (!is_string_column(string_categories_, column)) {  // a run of numeric columns
      parts.push_back(inputs[i]);
      column += size_t(width);
      continue;
    }
    for (int64_t k = 0; k < width; ++k, ++column) {
      std::string x = inputs[i];
      if (width > 1) x = ctx.op("Gather", {x, ctx.add_int64s("column", {k}, {1})}, {Attr::i("axis", 1)});
      std::vector<double> codes;
      for (size_t code = 0; code < string_categories_[column].size(); ++code) codes.push_back(double(code));
      std::string code = ctx.op("LabelEncoder", {x},
                                {Attr::strings("keys_strings", string_categories_[column]),
                                 Attr::floats("values_floats", codes),
                                 Attr::f("default_float", std::numeric_limits<double>::quiet_NaN())},
                                "ai.onnx.ml");
      if (ctx.is_double()) code = ctx.op("Cast", {code}, {Attr::i("to", OC_ELEM_DOUBLE)});
      parts.push_back(code);
    }
  }
  if (parts.size() == 1) return parts[0];
  return ctx.op("Concat", parts, {Attr::i("axis", 1)});
}

}  // namespace onnxconv::trees
