#include "binning_emit.hpp"

#include <onnxconv/sdk/binning.hpp>

#include <algorithm>
#include <limits>
#include <map>

namespace onnxconv::optbinning {

using sdk::Attr;
using sdk::Error;
using sdk::Interval;
using sdk::Piece;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The rows of the shared value table: which variable and which bin id
// (-1: unknown category) each row holds. Values come later, per value set.
struct Layout {
  std::vector<std::pair<size_t, int64_t>> rows;

  size_t add(size_t variable, int64_t bin) {
    rows.emplace_back(variable, bin);
    return rows.size() - 1;
  }
};

// The intervals of a numeric variable, each with its bin id. Later pieces
// take precedence where they overlap (specials over bins, later special
// groups over earlier ones), as transform() assigns them in that order.
std::vector<Piece> numeric_pieces(const VariableBinning& v) {
  std::vector<Piece> pieces;
  if (!v.categorical) {
    // np.digitize(x, splits, right=False): bin i holds splits[i-1] <= x < splits[i].
    for (size_t i = 0; i < v.n_bins(); ++i) {
      Interval iv;
      iv.lo = i == 0 ? -kInf : v.splits[i - 1];
      iv.hi = i + 1 == v.n_bins() ? kInf : v.splits[i];
      iv.lo_closed = true;
      iv.hi_closed = i + 1 == v.n_bins();
      pieces.push_back({iv, int32_t(i)});
    }
  } else {
    for (size_t i = 0; i < v.categories.size(); ++i)
      for (const Code& c : v.categories[i]) pieces.push_back({Interval::point(c.number), int32_t(i)});
  }
  for (size_t g = 0; g < v.special_groups.size(); ++g)
    for (const Code& c : v.special_groups[g])
      if (!c.is_string && !std::isnan(c.number))  // isin() of a number column never matches a string
        pieces.push_back({Interval::point(c.number), int32_t(v.n_bins() + g)});
  return pieces;
}

// The bin id of a segment: the highest id holding it (ids grow in
// transform()'s assignment order), none: unknown.
int64_t segment_bin(const std::vector<int32_t>& bins) { return bins.empty() ? -1 : int64_t(bins.back()); }

// LabelEncoder of a string variable: its keys and global rows.
std::string emit_string_rows(const Context& ctx, const BinnedVariable& bv, size_t j, Layout& layout) {
  const VariableBinning& v = *bv.binning;
  std::map<std::string, int64_t> key_bin;  // later assignments win, as in transform()
  for (size_t i = 0; i < v.categories.size(); ++i)
    for (const Code& c : v.categories[i])
      if (c.is_string) key_bin[c.text] = int64_t(i);
  for (size_t g = 0; g < v.special_groups.size(); ++g)
    for (const Code& c : v.special_groups[g])
      if (c.is_string) key_bin[c.text] = int64_t(v.n_bins() + g);
  if (key_bin.count(""))
    throw Error(v.where + ": \"\" is a category or special code, but a missing string is fed as \"\"");
  key_bin[""] = int64_t(v.n_bins() + v.n_special());
  std::vector<std::string> keys;
  std::vector<int64_t> rows;
  for (const auto& [key, bin] : key_bin) {
    keys.push_back(key);
    rows.push_back(int64_t(layout.add(j, bin)));
  }
  const int64_t unknown = int64_t(layout.add(j, -1));
  std::string column = bv.tensor;  // LabelEncoder is elementwise: [N, 1] in, [N, 1] out
  if (bv.string_1d) column = ctx.op("Reshape", {column, ctx.add_int64s("column_shape", {-1, 1}, {2})});
  return ctx.op("LabelEncoder", {column},
                {Attr::strings("keys_strings", keys), Attr::ints("values_int64s", rows),
                 Attr::i("default_int64", unknown)},
                "ai.onnx.ml");
}

}  // namespace

int32_t value_elem(const Context& ctx, const BinValues& v) {
  if (v.is_string) return OC_ELEM_STRING;
  if (v.is_integer) return OC_ELEM_INT64;
  return ctx.float_type();
}

namespace {

// Row ids [N, V] (int64) of every variable, and the table layout they index.
std::string emit_rows(const Context& ctx, const std::vector<BinnedVariable>& vars, const std::string& estimator,
                      Layout& layout) {
  if (vars.empty()) throw Error(estimator + ": no variable to transform");
  // Numeric variables first: their cuts must outlive emit_segment_rows.
  std::vector<std::vector<double>> cuts;
  std::vector<sdk::SearchColumn> search;
  std::vector<size_t> numeric_vars, string_vars;
  std::string numeric_tensor;
  cuts.reserve(vars.size());
  for (size_t j = 0; j < vars.size(); ++j) {
    const BinnedVariable& bv = vars[j];
    if (bv.string_input) {
      string_vars.push_back(j);
      continue;
    }
    if (!numeric_tensor.empty() && numeric_tensor != bv.tensor)
      throw std::logic_error(estimator + ": numeric variables must share one input tensor");
    numeric_tensor = bv.tensor;
    sdk::Segmentation s = sdk::segment(numeric_pieces(*bv.binning), sdk::SourceInput::AsIs, bv.binning->where);
    const size_t first = layout.rows.size();
    const int64_t missing = int64_t(bv.binning->n_bins() + bv.binning->n_special());
    for (size_t seg = 0; seg < s.n_segments(); ++seg)
      layout.add(j, seg == s.nan_segment() ? missing : segment_bin(s.bins[seg]));
    cuts.push_back(std::move(s.cuts));
    search.push_back({bv.column, &cuts.back(), first, bv.binning->where});
    numeric_vars.push_back(j);
  }
  std::vector<std::string> parts;
  std::vector<size_t> order;  // variable of each column of the concatenation
  if (!search.empty()) {
    parts.push_back(sdk::emit_segment_rows(ctx, numeric_tensor, search, estimator));
    order = numeric_vars;
  }
  for (size_t j : string_vars) {
    parts.push_back(emit_string_rows(ctx, vars[j], j, layout));
    order.push_back(j);
  }
  if (layout.rows.size() > sdk::kMaxSegmentRows) throw Error(estimator + ": more than 2^24 bins in total");
  std::string rows = parts.size() == 1 ? parts[0] : ctx.op("Concat", parts, {Attr::i("axis", 1)});
  bool in_order = true;
  for (size_t k = 0; k < order.size(); ++k) in_order = in_order && order[k] == k;
  if (!in_order) {
    std::vector<int64_t> position(order.size());
    for (size_t k = 0; k < order.size(); ++k) position[order[k]] = int64_t(k);
    rows = ctx.op("Gather", {rows, ctx.add_int64s("variable_order", position, {int64_t(position.size())})},
                  {Attr::i("axis", 1)});
  }
  return rows;
}

// Gathers value set `values` (one per variable) at `rows` into `out`.
void emit_lookup(const Context& ctx, const std::string& rows, const Layout& layout,
                 const std::vector<BinValues>& values, const std::string& out) {
  const BinValues& first = values.at(0);
  const int64_t n_rows = int64_t(layout.rows.size());
  std::string table;
  if (first.is_string) {
    std::vector<std::string> strings;
    for (const auto& [j, bin] : layout.rows)
      strings.push_back(bin < 0 ? values[j].unknown_string : values[j].strings.at(size_t(bin)));
    table = ctx.add_strings("bin_values", strings, {n_rows});
  } else {
    std::vector<double> numbers;
    for (const auto& [j, bin] : layout.rows)
      numbers.push_back(bin < 0 ? values[j].unknown_number : values[j].numbers.at(size_t(bin)));
    if (first.is_integer)
      table = ctx.add_int64s("bin_values", std::vector<int64_t>(numbers.begin(), numbers.end()), {n_rows});
    else
      table = ctx.add_floats("bin_values", numbers, {n_rows});
  }
  ctx.add_node("Gather", {table, rows}, {out}, {Attr::i("axis", 0)});
}

}  // namespace

void emit_binned(const Context& ctx, const std::vector<BinnedVariable>& vars, const std::string& estimator,
                 const std::string& out) {
  std::vector<BinValues> values;
  for (const auto& bv : vars) values.push_back(bv.values);
  emit_binned_sets(ctx, vars, {values}, estimator, {out});
}

void emit_binned_sets(const Context& ctx, const std::vector<BinnedVariable>& vars,
                      const std::vector<std::vector<BinValues>>& sets, const std::string& estimator,
                      const std::vector<std::string>& outs) {
  Layout layout;
  const std::string rows = emit_rows(ctx, vars, estimator, layout);
  for (size_t s = 0; s < sets.size(); ++s) {
    if (sets[s].size() != vars.size()) throw std::logic_error(estimator + ": one value set per variable");
    emit_lookup(ctx, rows, layout, sets[s], outs.at(s));
  }
}

}  // namespace onnxconv::optbinning
