#include "intervals.hpp"

#include <algorithm>
#include <cmath>
#include <charconv>
#include <limits>

namespace onnxconv::woe {

using sdk::Compare;
using sdk::SourceInput;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// An interval as "L < x <= U" in the input's own comparisons.
struct LeqBounds {
  std::optional<double> lower;  // none: unbounded below (-inf included)
  double upper = 0;
  bool empty = false;
};

LeqBounds leq_bounds(const Interval& iv, SourceInput src) {
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

size_t cut_index(const std::vector<double>& cuts, double t) {
  return size_t(std::lower_bound(cuts.begin(), cuts.end(), t) - cuts.begin());
}

}  // namespace

bool Interval::contains(double v) const {
  bool above = lo_closed ? v >= lo : v > lo;
  bool below = hi_closed ? v <= hi : v < hi;
  return above && below;
}

std::string Interval::str() const {
  return std::string(lo_closed ? "[" : "(") + format_double(lo) + ", " + format_double(hi) + (hi_closed ? "]" : ")");
}

std::string format_double(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[40];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;  // shortest round trip
  return std::string(buf, end);
}

std::optional<double> leq_threshold(double t, Compare cmp, SourceInput src) {
  if (src == SourceInput::RoundedToFloat32) {
    // The SDK's rule for inputs rounded to float32, as a double threshold
    // for the operator `cmp`; then made an x <= T one like any other.
    t = sdk::encode_threshold(t, cmp, src, OC_ELEM_DOUBLE);
  }
  if (cmp == Compare::LessOrEqual) return t;
  if (t == -kInf) return std::nullopt;  // nothing is below -inf
  return std::nextafter(t, -kInf);      // over doubles, x < t <=> x <= prev(t)
}

Segmentation segment(const std::vector<Piece>& pieces, SourceInput src, const std::string& where) {
  std::vector<LeqBounds> bounds;
  bounds.reserve(pieces.size());
  std::vector<double> cuts{kInf};  // +inf last: only NaN goes past it
  for (const Piece& p : pieces) {
    if (std::isnan(p.interval.lo) || std::isnan(p.interval.hi))
      throw sdk::Error(where + ": interval " + p.interval.str() + " has a NaN end");
    bounds.push_back(leq_bounds(p.interval, src));
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
    size_t first = b.lower ? cut_index(cuts, *b.lower) + 1 : 0;
    size_t last = cut_index(cuts, b.upper);
    for (size_t j = first; j <= last; ++j) s.bins[j].push_back(pieces[i].bin);
  }
  for (auto& bins : s.bins) {
    std::sort(bins.begin(), bins.end());
    bins.erase(std::unique(bins.begin(), bins.end()), bins.end());
  }
  s.cuts = std::move(cuts);
  return s;
}

}  // namespace onnxconv::woe
