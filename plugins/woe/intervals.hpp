// Intervals on the real line and how one column's intervals cut it into
// segments, each segment a leaf of a binary search tree. Shared by every
// converter of the plugin (WOETransformer, KBinsDiscretizer, Scorecard).
//
// The comparison rule (why every threshold is a BRANCH_LEQ one):
// a source model compares its value v with an edge t as v <= t or v < t.
// Over doubles, v < t  <=>  v <= nextafter(t, -inf), so every cut is written
// as "x <= T" for one double T, and an interval becomes (L, U]: L the
// threshold its lower end fails, U the one its upper end passes. The SDK's
// TreeEnsemble (Compare::LessOrEqual, SourceInput::AsIs) then turns each T
// into the node threshold for the model's float type with its proven rule
// (a float32 model gets the largest float32 <= T, which answers x <= T
// exactly for every float32 x). Sources that round the input to float32
// first (KBinsDiscretizer(dtype=np.float32) on a float64 model) get their T
// from the SDK's encode_threshold for that case. See README.md.
#ifndef ONNXCONV_PLUGINS_WOE_INTERVALS_HPP
#define ONNXCONV_PLUGINS_WOE_INTERVALS_HPP

#include <onnxconv/sdk/tree_ensemble.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace onnxconv::woe {

// The reals between lo and hi, each end included or not; ends may be
// infinite (a closed infinite end includes that infinity).
struct Interval {
  double lo = 0;
  double hi = 0;
  bool lo_closed = false;
  bool hi_closed = true;

  // Whether the source model puts value v inside (plain double comparisons).
  bool contains(double v) const;
  // "[0, 0.3)", "(-inf, 25]": shortest round-trip decimals.
  std::string str() const;
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
std::optional<double> leq_threshold(double t, sdk::Compare cmp, sdk::SourceInput src);

// Cuts `pieces` (bins numbered from 0) into segments. NaN edges are refused
// with an error naming `where`.
Segmentation segment(const std::vector<Piece>& pieces, sdk::SourceInput src, const std::string& where);

// Shortest decimal that reads back as v ("0.3", "-inf", "1e-300").
std::string format_double(double v);

}  // namespace onnxconv::woe

#endif  // ONNXCONV_PLUGINS_WOE_INTERVALS_HPP
