// skl2onnx's WOETransformer (skl2onnx/sklapi/woe_transformer.py), as fit()
// leaves it: intervals_[i] is None (a 'passthrough' column, or one past the
// given lists) or a list of (a, b, closed_left, closed_right) tuples, with
// weights_[i] one number per interval. transform() gives, per interval,
// weight * (x in interval) in the input's dtype: one column per interval
// (onehot) or their sum per input column (onehot=False). NaN is in no
// interval. Overlapping intervals with onehot=False are refused, as
// skl2onnx's own converter does: a value must pick one weight.
//
// float32 inputs: transform() compares the float32 column with a Python
// float edge (`col <= b`), and NumPy 1.x's value-based casting then rounds
// the edge to the nearest float32 and compares in float32, unless
// |edge| >= 3.4e38 (finite), which stays a float64 comparison. The shared
// fixtures show it: float32(0.6) = 0.6000000238 falls in (0.3, 0.6]. So a
// float32 model takes the float32-rounded edges (see numpy_float32_edge);
// float64 inputs compare with the edges as they are.
#include "binning_graph.hpp"
#include "converters.hpp"
#include "intervals.hpp"

#include <cmath>

namespace onnxconv::woe {

using sdk::Error;
using sdk::Kind;

namespace {

struct WoeColumn {
  bool passthrough = true;
  std::vector<Interval> intervals;
  std::vector<double> weights;
  std::string where;  // "WOETransformer.intervals_[2]"
};

struct WoeModel {
  bool onehot = true;
  std::vector<WoeColumn> columns;
  int64_t n_outputs = 0;
};

// The edge a float32 column is compared with, as NumPy 1.x does it for a
// Python float scalar (min_scalar_type: float32 when -3.4e38 < t < 3.4e38
// or t is not finite, else float64).
double numpy_float32_edge(double t) {
  const bool float32_compare = !std::isfinite(t) || (t > -3.4e38 && t < 3.4e38);
  return float32_compare ? double(float(t)) : t;
}

Interval for_input(Interval iv, bool float32_input) {
  if (float32_input) {
    iv.lo = numpy_float32_edge(iv.lo);
    iv.hi = numpy_float32_edge(iv.hi);
  }
  return iv;
}

// (a, b[, closed_left[, closed_right]]), defaults as fit() applies them.
Interval read_interval(const Object& t) {
  if ((t.kind() != Kind::Tuple && t.kind() != Kind::List) || t.size() < 2 || t.size() > 4)
    t.fail("expected an interval tuple (a, b[, closed_left, closed_right])");
  Interval iv;
  iv.lo = read_double(t[0]);
  iv.hi = read_double(t[1]);
  iv.lo_closed = t.size() > 2 && read_bool(t[2]);
  iv.hi_closed = t.size() > 3 ? read_bool(t[3]) : true;
  return iv;
}

WoeColumn read_column(const Object& intervals, const Object& weights) {
  WoeColumn c;
  c.where = intervals.path();
  if (intervals.is_none()) return c;
  if (intervals.kind() != Kind::List && intervals.kind() != Kind::Tuple)
    intervals.fail("expected None or a list of intervals, got another kind of value");
  c.passthrough = false;
  for (size_t j = 0; j < intervals.size(); ++j) c.intervals.push_back(read_interval(intervals[j]));
  if (weights.is_none() || weights.size() != intervals.size())
    weights.fail("expected " + std::to_string(intervals.size()) + " weights, one per interval");
  for (size_t j = 0; j < weights.size(); ++j) c.weights.push_back(read_double(weights[j]));
  return c;
}

WoeModel read_model(const Object& est) {
  auto intervals = est.find("intervals_");
  if (!intervals) est.fail("missing attribute 'intervals_' (is it fitted?)");
  Object weights = est.attr("weights_");
  if (intervals->size() != weights.size())
    est.fail("intervals_ has " + std::to_string(intervals->size()) + " columns but weights_ " +
             std::to_string(weights.size()));
  WoeModel m;
  m.onehot = read_bool(est.attr("onehot"));
  for (size_t i = 0; i < intervals->size(); ++i) {
    m.columns.push_back(read_column((*intervals)[i], weights[i]));
    const WoeColumn& c = m.columns.back();
    m.n_outputs += m.onehot && !c.passthrough ? int64_t(c.intervals.size()) : 1;
  }
  if (m.columns.empty()) est.fail("intervals_ is empty: the transformer has no columns");
  if (auto n_dims = est.find("n_dims_"); n_dims && m.onehot && read_int(*n_dims) != m.n_outputs)
    n_dims->fail("is " + std::to_string(read_int(*n_dims)) + " but the intervals give " +
                 std::to_string(m.n_outputs) + " output columns");
  return m;
}

// onehot=False sums the weights of every interval holding x: more than one
// would make the sum a value no single bin has.
void refuse_overlap(const WoeColumn& c, const Segmentation& s) {
  for (const auto& bins : s.bins) {
    if (bins.size() < 2) continue;
    const auto a = size_t(bins[0]), b = size_t(bins[1]);
    throw Error(c.where + ": intervals " + std::to_string(a) + " " + c.intervals[a].str() + " and " +
                std::to_string(b) + " " + c.intervals[b].str() +
                " overlap; with onehot=False a value must fall in one interval at most");
  }
}

// Segment rows: weight of each interval holding the segment (onehot: one
// value per interval; else their only one, 0 in none).
ColumnTable column_table(const WoeColumn& c, int64_t column, bool onehot, bool float32_input) {
  std::vector<Piece> pieces;
  for (size_t j = 0; j < c.intervals.size(); ++j)
    pieces.push_back({for_input(c.intervals[j], float32_input), int32_t(j)});
  Segmentation s = segment(pieces, sdk::SourceInput::AsIs, c.where);
  if (!onehot) refuse_overlap(c, s);
  ColumnTable t;
  t.input_column = column;
  t.where = c.where;
  t.width = onehot ? int64_t(c.intervals.size()) : 1;
  t.values.assign(s.n_segments() * size_t(t.width), 0.0);
  for (size_t seg = 0; seg < s.n_segments(); ++seg)
    for (int32_t bin : s.bins[seg])
      t.values[seg * size_t(t.width) + (onehot ? size_t(bin) : 0)] = c.weights[size_t(bin)];
  t.cuts = std::move(s.cuts);
  return t;
}

}  // namespace

std::vector<ValueType> WoeTransformerConverter::infer(Context& ctx, const Object& est,
                                                      const std::vector<ValueType>& inputs) {
  WoeModel m = read_model(est);
  check_input(ctx, est, inputs, int64_t(m.columns.size()));
  return {float_output(ctx, m.n_outputs)};
}

void WoeTransformerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                      const std::vector<std::string>& outputs) {
  WoeModel m = read_model(est);
  std::vector<ColumnTable> tables;
  std::vector<OutputColumn> layout;
  for (size_t i = 0; i < m.columns.size(); ++i) {
    const WoeColumn& c = m.columns[i];
    if (c.passthrough) {
      layout.push_back({-1, int64_t(i)});
      continue;
    }
    ColumnTable t = column_table(c, int64_t(i), m.onehot, !ctx.is_double());
    if (t.width == 0) continue;  // onehot with no intervals: no output column
    for (int64_t o = 0; o < t.width; ++o) layout.push_back({int64_t(tables.size()), o});
    tables.push_back(std::move(t));
  }
  emit_columns(ctx, inputs[0], int64_t(m.columns.size()), tables, layout, est.path(), outputs[0]);
}

}  // namespace onnxconv::woe
