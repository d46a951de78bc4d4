#include "binning_graph.hpp"

#include <onnxconv/sdk/binning.hpp>

#include <algorithm>
#include <stdexcept>

namespace onnxconv::woe {

using sdk::Attr;
using sdk::Context;
using sdk::Error;

namespace {

int64_t max_width(const std::vector<ColumnTable>& tables) {
  int64_t w = 0;
  for (const auto& t : tables) w = std::max(w, t.width);
  return w;
}

// [N, tables.size() * stride]: position c * stride + o holds value o of
// table c (zero padding past a table's width). Written to `out` when given.
std::string emit_lookup(const Context& ctx, const std::string& x, const std::vector<ColumnTable>& tables,
                        const std::string& estimator, const std::string& out) {
  const int64_t stride = max_width(tables);
  size_t rows = 0;
  for (const auto& t : tables) rows += t.cuts.size() + 1;
  if (rows > sdk::kMaxSegmentRows)
    throw Error(estimator + ": " + std::to_string(rows) + " bins in total; at most 2^24 are supported");

  std::vector<sdk::SearchColumn> search;
  std::vector<double> values(rows * size_t(stride), 0.0);
  size_t first_row = 0;
  for (const ColumnTable& t : tables) {
    const size_t n_segments = t.cuts.size() + 1;
    if (t.width < 1 || t.values.size() != n_segments * size_t(t.width))
      throw std::logic_error(t.where + ": value table does not match its segments");
    search.push_back({t.input_column, &t.cuts, first_row, t.where});
    const size_t width = size_t(t.width);
    for (size_t s = 0; s < n_segments; ++s)
      std::copy_n(t.values.begin() + ptrdiff_t(s * width), width,
                  values.begin() + ptrdiff_t((first_row + s) * size_t(stride)));
    first_row += n_segments;
  }
  std::string row_ids = sdk::emit_segment_rows(ctx, x, search, estimator);
  const int64_t n_rows = int64_t(rows);
  std::string table = stride == 1 ? ctx.add_floats("bin_values", values, {n_rows})
                                  : ctx.add_floats("bin_values", values, {n_rows, stride});
  const std::string result = out.empty() ? ctx.unique_name("binned") : out;
  if (stride == 1) {
    ctx.add_node("Gather", {table, row_ids}, {result}, {Attr::i("axis", 0)});
    return result;
  }
  std::string gathered = ctx.op("Gather", {table, row_ids}, {Attr::i("axis", 0)});
  // [N, C, K] -> [N, C*K]; 0 keeps the batch dimension (N may be 0).
  std::string shape = ctx.add_int64s("shape", {0, int64_t(tables.size()) * stride}, {2});
  ctx.add_node("Reshape", {gathered, shape}, {result});
  return result;
}

// Whether `outputs` are exactly the lookup's columns in order.
bool is_lookup_layout(const std::vector<OutputColumn>& outputs, size_t n_tables, int64_t stride) {
  if (outputs.size() != n_tables * size_t(stride)) return false;
  for (size_t j = 0; j < outputs.size(); ++j)
    if (outputs[j].table != int64_t(j) / stride || outputs[j].index != int64_t(j) % stride) return false;
  return true;
}

}  // namespace

void emit_columns(const Context& ctx, const std::string& x, int64_t n_inputs, const std::vector<ColumnTable>& tables,
                  const std::vector<OutputColumn>& outputs, const std::string& estimator, const std::string& out) {
  if (outputs.empty()) throw Error(estimator + ": the transformer has no output columns");
  const int64_t stride = max_width(tables);
  if (!tables.empty() && is_lookup_layout(outputs, tables.size(), stride)) {
    emit_lookup(ctx, x, tables, estimator, out);
    return;
  }
  const bool passthrough =
      std::any_of(outputs.begin(), outputs.end(), [](const OutputColumn& o) { return o.table < 0; });
  if (passthrough && n_inputs < 0) throw std::logic_error(estimator + ": passthrough needs the input width");
  const std::string binned = tables.empty() ? std::string() : emit_lookup(ctx, x, tables, estimator, "");
  // Select from [X | binned] when X's columns are needed, else from binned.
  std::string data = binned;
  const int64_t offset = passthrough ? n_inputs : 0;
  if (passthrough) data = binned.empty() ? x : ctx.op("Concat", {x, binned}, {Attr::i("axis", 1)});
  std::vector<int64_t> columns;
  for (const OutputColumn& o : outputs)
    columns.push_back(o.table < 0 ? o.index : offset + o.table * stride + o.index);
  std::string indices = ctx.add_int64s("columns", columns, {int64_t(columns.size())});
  ctx.add_node("Gather", {data, indices}, {out}, {Attr::i("axis", 1)});
}

void emit_score(const Context& ctx, const std::string& x, const std::vector<ColumnTable>& tables, double intercept,
                const std::string& estimator, const std::string& out) {
  if (tables.empty()) throw Error(estimator + ": a score needs at least one feature");
  if (max_width(tables) != 1) throw std::logic_error(estimator + ": a score sums one value per column");
  std::string values = emit_lookup(ctx, x, tables, estimator, "");
  std::vector<Attr> attrs{Attr::i("keepdims", 1)};
  std::vector<std::string> inputs{values};
  if (ctx.opset() >= 13) {
    inputs.push_back(ctx.add_int64s("axes", {1}, {1}));  // axes became an input in opset 13
  } else {
    attrs.push_back(Attr::ints("axes", {1}));
  }
  const std::string sum = intercept == 0.0 ? out : ctx.unique_name("points");
  ctx.add_node("ReduceSum", inputs, {sum}, attrs);
  if (intercept != 0.0) ctx.add_node("Add", {sum, ctx.add_floats("intercept", {intercept}, {})}, {out});
}

}  // namespace onnxconv::woe
