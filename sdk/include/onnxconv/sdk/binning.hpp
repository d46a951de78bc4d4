// onnxconv converter SDK: binning as a binary search in one tree ensemble.
// Header-only; shared by the `woe` plugin (WOETransformer, KBinsDiscretizer,
// YAML scorecards) and the `optbinning` plugin.
//
// A binned column is a set of intervals ("pieces", each belonging to a bin).
// segment() cuts the real line at every interval end into segments; each
// segment knows which bins hold it. emit_segment_rows() then emits ONE
// TreeEnsembleRegressor holding a balanced binary search per column whose
// leaves write the global row number of the segment x falls in; a Gather in
// a table of the model's float type turns rows into values.
//
// The comparison rule (why every threshold is a BRANCH_LEQ one): a source
// model compares its value v with an edge t as v <= t or v < t. Over
// doubles, v < t <=> v <= nextafter(t, -inf), so every cut is written as
// "x <= T" for one double T, and an interval becomes (L, U]: L the threshold
// its lower end fails, U the one its upper end passes. TreeEnsemble
// (Compare::LessOrEqual, SourceInput::AsIs) then writes each T for the
// model's float type with its proven rule (a float32 model gets the largest
// float32 <= T, which answers x <= T exactly for every float32 x). Sources
// that round the input to float32 first get their T from encode_threshold
// for that case. The last cut is +inf, so the final segment is reached by
// NaN alone (NaN fails every comparison and goes right down the tree).
//
// Needs ABI 1.1 (tree_ensemble.hpp): define ONNXCONV_PLUGIN_MIN_ABI_MINOR=1.
#ifndef ONNXCONV_SDK_BINNING_HPP
#define ONNXCONV_SDK_BINNING_HPP

#include <onnxconv/sdk/tree_ensemble.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace onnxconv::sdk {

// Shortest decimal that reads back as v ("0.3", "-inf", "1e-300").
inline std::string format_double(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[40];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;  // shortest round trip
  return std::string(buf, end);
}

// The reals between lo and hi, each end included or not; ends may be
// infinite (a closed infinite end includes that infinity).
struct Interval {
  double lo = 0;
  double hi = 0;
  bool lo_closed = false;
  bool hi_closed = true;

  // Whether the source model puts value v inside (plain double comparisons).
  bool contains(double v) const {
    bool above = lo_closed ? v >= lo : v > lo;
    bool below = hi_closed ? v <= hi : v < hi;
    return above && below;
  }
  // "[0, 0.3)", "(-inf, 25]": shortest round-trip decimals.
  std::string str() const {
    return std::string(lo_closed ? "[" : "(") + format_double(lo) + ", " + format_double(hi) + (hi_closed ? "]" : ")");
  }
  // The single value v, as a categorical code or a special value is.
  static Interval point(double v) { return {v, v, true, true}; }
};

// One interval of bin `bin` (a bin may have several: categorical codes).
struct Piece {
  Interval interval;
  int32_t bin = 0;
};

// One column cut at its interval ends. Segment j (0 <= j < cuts.size())
// holds the x with cuts[j-1] < x <= cuts[j] (no lower limit for j = 0);
// cuts are ascending and the last one is +inf, so the final segment,
// index cuts.size(), is reached by NaN only.
struct Segmentation {
  std::vector<double> cuts;
  // The bins whose intervals contain each segment, ascending; one entry
  // per segment, the NaN segment included (always empty).
  std::vector<std::vector<int32_t>> bins;

  size_t n_segments() const { return cuts.size() + 1; }
  size_t nan_segment() const { return cuts.size(); }
};

// The threshold T with "source says v cmp t" <=> x <= T for every input x
// (nullopt: the comparison never holds, i.e. v < -inf).
inline std::optional<double> leq_threshold(double t, Compare cmp, SourceInput src) {
  if (src == SourceInput::RoundedToFloat32) {
    // The rule for inputs rounded to float32, as a double threshold for
    // the operator `cmp`; then made an x <= T one like any other.
    t = encode_threshold(t, cmp, src, OC_ELEM_DOUBLE);
  }
  if (cmp == Compare::LessOrEqual) return t;
  if (t == -std::numeric_limits<double>::infinity()) return std::nullopt;  // nothing is below -inf
  return std::nextafter(t, -std::numeric_limits<double>::infinity());    // x < t <=> x <= prev(t)
}

namespace binning_detail {

// An interval as "L < x <= U" in the input's own comparisons.
struct LeqBounds {
  std::optional<double> lower;  // none: unbounded below (-inf included)
  double upper = 0;
  bool empty = false;
};

inline LeqBounds leq_bounds(const Interval& iv, SourceInput src) {
  LeqBounds b;
  // x >= lo <=> !(x < lo);  x > lo <=> !(x <= lo).
  b.lower = leq_threshold(iv.lo, iv.lo_closed ? Compare::Less : Compare::LessOrEqual, src);
  std::optional<double> upper = leq_threshold(iv.hi, iv.hi_closed ? Compare::LessOrEqual : Compare::Less, src);
  if (!upper) {
    b.empty = true;  // x < -inf
    return b;
  }
  b.upper = *upper;
  b.empty = b.lower && *b.lower >= b.upper;
  return b;
}

inline size_t cut_index(const std::vector<double>& cuts, double t) {
  return size_t(std::lower_bound(cuts.begin(), cuts.end(), t) - cuts.begin());
}

}  // namespace binning_detail

// Cuts `pieces` into segments. NaN edges are refused with an error naming
// `where`.
inline Segmentation segment(const std::vector<Piece>& pieces, SourceInput src, const std::string& where) {
  using binning_detail::LeqBounds;
  std::vector<LeqBounds> bounds;
  bounds.reserve(pieces.size());
  std::vector<double> cuts{std::numeric_limits<double>::infinity()};  // +inf last: only NaN goes past it
  for (const Piece& p : pieces) {
    if (std::isnan(p.interval.lo) || std::isnan(p.interval.hi))
      throw Error(where + ": interval " + p.interval.str() + " has a NaN end");
    bounds.push_back(binning_detail::leq_bounds(p.interval, src));
    const LeqBounds& b = bounds.back();
    if (b.empty) continue;
    if (b.lower) cuts.push_back(*b.lower);
    cuts.push_back(b.upper);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  Segmentation s;
  s.bins.resize(cuts.size() + 1);
  for (size_t i = 0; i < pieces.size(); ++i) {
    const LeqBounds& b = bounds[i];
    if (b.empty) continue;
    size_t first = b.lower ? binning_detail::cut_index(cuts, *b.lower) + 1 : 0;
    size_t last = binning_detail::cut_index(cuts, b.upper);
    for (size_t j = first; j <= last; ++j) s.bins[j].push_back(pieces[i].bin);
  }
  for (auto& bins : s.bins) {
    std::sort(bins.begin(), bins.end());
    bins.erase(std::unique(bins.begin(), bins.end()), bins.end());
  }
  s.cuts = std::move(cuts);
  return s;
}

// One column's search: input column `input_column` of x, cuts ascending
// (Segmentation::cuts), segment s written as row `first_row + s`.
struct SearchColumn {
  int64_t input_column = 0;
  const std::vector<double>* cuts = nullptr;
  size_t first_row = 0;
  std::string where;  // names the column in errors
};

// Row ids travel through the tree ensemble's float32 output: exact up to 2^24.
constexpr size_t kMaxSegmentRows = size_t(1) << 24;

namespace binning_detail {

// Node arrays of a balanced binary search over cuts, in TreeNodes layout.
struct SearchTree {
  std::vector<int64_t> left, right, feature, segment;
  std::vector<double> threshold;

  // Adds the subtree telling segments lo..hi apart; returns its root's id.
  // Cut m separates segments ..m (x <= cuts[m]) from m+1.., so the depth is
  // ceil(log2(hi - lo + 1)).
  int64_t add(const std::vector<double>& cuts, int64_t column, size_t lo, size_t hi) {
    const int64_t id = int64_t(left.size());
    left.push_back(-1);
    right.push_back(-1);
    feature.push_back(column);
    threshold.push_back(0.0);
    segment.push_back(int64_t(lo));
    if (lo == hi) return id;  // a leaf: both children -1
    const size_t mid = lo + (hi - lo - 1) / 2;
    threshold[size_t(id)] = cuts[mid];
    segment[size_t(id)] = -1;
    const int64_t l = add(cuts, column, lo, mid);
    const int64_t r = add(cuts, column, mid + 1, hi);
    left[size_t(id)] = l;
    right[size_t(id)] = r;
    return id;
  }

  TreeNodes view() const { return TreeNodes::of(left, right, feature, threshold); }
};

}  // namespace binning_detail

// Emits one TreeEnsembleRegressor over x (the model's float type, [N, ?])
// giving, for each column c of `columns`, target c = the global row of the
// segment x[:, input_column] falls in; returns the tensor(int64) [N, C] of
// row ids (Cast from the operator's float output, exact below 2^24).
inline std::string emit_segment_rows(const Context& ctx, const std::string& x,
                                     const std::vector<SearchColumn>& columns, const std::string& estimator) {
  if (columns.empty()) throw std::logic_error(estimator + ": a binary search needs at least one column");
  TreeEnsemble::Options o;
  o.estimator = estimator;
  o.n_targets = int64_t(columns.size());
  o.float_type = ctx.float_type();
  TreeEnsemble ensemble(o);
  for (size_t c = 0; c < columns.size(); ++c) {
    const SearchColumn& col = columns[c];
    const std::vector<double>& cuts = *col.cuts;
    if (col.first_row + cuts.size() + 1 > kMaxSegmentRows)
      throw Error(estimator + ": more than 2^24 bins in total are not supported");
    binning_detail::SearchTree tree;
    tree.add(cuts, col.input_column, 0, cuts.size());
    ensemble.add_tree(
        tree.view(),
        [&](int64_t node, auto&& emit) {
          emit(int64_t(c), double(col.first_row + size_t(tree.segment[size_t(node)])));
        },
        col.where);
  }
  return ctx.op("Cast", {ensemble.emit_regressor(ctx, x)}, {Attr::i("to", OC_ELEM_INT64)});
}

}  // namespace onnxconv::sdk

#endif  // ONNXCONV_SDK_BINNING_HPP
