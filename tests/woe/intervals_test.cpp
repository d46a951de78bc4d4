// Unit tests of the binning segmentation (sdk/include/onnxconv/sdk/binning.hpp):
// for inputs on and around every edge, the segment an ONNX tree with the
// emitted thresholds reaches must hold exactly the bins whose intervals the
// source model would put the input in. The ONNX comparison is simulated
// with the SDK's own float32 encoding of each threshold.
#include "card_entry.hpp"
#include "intervals.hpp"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace onnxconv::woe {
namespace {

using sdk::SourceInput;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr float kInfF = std::numeric_limits<float>::infinity();

// The segment the emitted tree reaches: the first x <= threshold (a balanced
// search over ascending thresholds finds the same one); NaN passes none.
size_t onnx_segment(const Segmentation& s, double x, int32_t float_type) {
  for (size_t j = 0; j < s.cuts.size(); ++j) {
    double t = sdk::encode_threshold(s.cuts[j], sdk::Compare::LessOrEqual, SourceInput::AsIs, float_type);
    if (x <= t) return j;
  }
  return s.cuts.size();
}

std::vector<int32_t> source_bins(const std::vector<Piece>& pieces, double v) {
  std::vector<int32_t> bins;
  for (const auto& p : pieces)
    if (p.interval.contains(v) && (bins.empty() || bins.back() != p.bin)) bins.push_back(p.bin);
  return bins;
}

// float32 values within `n` steps of every float32 near `e`.
std::vector<float> float_probes(double e, int n = 6) {
  std::vector<float> out{0.0f, -0.0f, kInfF, -kInfF, FLT_MAX, -FLT_MAX, FLT_TRUE_MIN, -FLT_TRUE_MIN};
  float f = float(e);
  for (float start : {f, std::nextafter(f, -kInfF), std::nextafter(f, kInfF)}) {
    float lo = start, hi = start;
    for (int i = 0; i < n; ++i) {
      out.push_back(lo);
      out.push_back(hi);
      lo = std::nextafter(lo, -kInfF);
      hi = std::nextafter(hi, kInfF);
    }
  }
  return out;
}

std::vector<double> double_probes(double e, int n = 6) {
  std::vector<double> out{0.0, -0.0, kInf, -kInf, DBL_MAX, -DBL_MAX, DBL_TRUE_MIN, -DBL_TRUE_MIN};
  double lo = e, hi = e;
  for (int i = 0; i < n; ++i) {
    out.push_back(lo);
    out.push_back(hi);
    lo = std::nextafter(lo, -kInf);
    hi = std::nextafter(hi, kInf);
  }
  for (float f : float_probes(e, 2)) {  // float32 midpoints: where rounding flips
    double a = f, b = std::nextafter(f, kInfF);
    if (!std::isfinite(a) || !std::isfinite(b)) continue;
    double m = (a + b) / 2;
    for (double v : {std::nextafter(m, -kInf), m, std::nextafter(m, kInf)}) out.push_back(v);
  }
  return out;
}

const std::vector<double> kEdges = {0.0,    -0.0,     0.3,         0.6,          1.0 / 3,  0.1,     -2.5, 1.5,
                                    1e-300, -1e-300,  5e-324,      1e-40,        16777217, 3.4e38, FLT_MAX,
                                    1e300,  -1e300,   DBL_MAX,     1.0000000596046448};

// Every closedness of [edges[i], edges[j]] pairs, plus half-lines.
std::vector<Piece> pieces_around(double a, double b) {
  std::vector<Piece> p;
  int32_t bin = 0;
  for (bool lc : {false, true})
    for (bool rc : {false, true}) p.push_back({Interval{std::min(a, b), std::max(a, b), lc, rc}, bin++});
  p.push_back({Interval{-kInf, a, false, true}, bin++});
  p.push_back({Interval{a, kInf, false, true}, bin++});
  p.push_back({Interval{-kInf, a, true, false}, bin++});
  p.push_back({Interval{a, kInf, true, true}, bin++});
  p.push_back({Interval{a, a, true, true}, bin++});
  return p;
}

void expect_exact(const std::vector<Piece>& pieces, SourceInput src, int32_t float_type,
                  const std::vector<double>& inputs, const std::string& what) {
  Segmentation s = segment(pieces, src, what);
  ASSERT_EQ(s.cuts.back(), kInf);
  for (double x : inputs) {
    if (float_type == OC_ELEM_FLOAT) x = double(float(x));  // a float32 model's input
    double seen = src == SourceInput::RoundedToFloat32 ? double(float(x)) : x;
    std::vector<int32_t> want = std::isnan(x) ? std::vector<int32_t>{} : source_bins(pieces, seen);
    size_t seg = onnx_segment(s, x, float_type);
    ASSERT_EQ(s.bins[seg], want) << what << ": x = " << format_double(x) << " reaches segment " << seg;
  }
}

TEST(Segmentation, Float32InputsAgreeWithDoubleComparisons) {
  for (double a : kEdges)
    for (double b : {0.6, -1e-300, 7.25}) {
      std::vector<double> xs;
      for (double e : {a, b})
        for (float f : float_probes(e)) xs.push_back(f);
      xs.push_back(std::nan(""));
      expect_exact(pieces_around(a, b), SourceInput::AsIs, OC_ELEM_FLOAT, xs, "float32 " + format_double(a));
    }
}

TEST(Segmentation, Float64InputsAgreeWithDoubleComparisons) {
  for (double a : kEdges)
    for (double b : {0.6, -1e-300, 7.25}) {
      std::vector<double> xs;
      for (double e : {a, b})
        for (double d : double_probes(e)) xs.push_back(d);
      xs.push_back(std::nan(""));
      expect_exact(pieces_around(a, b), SourceInput::AsIs, OC_ELEM_DOUBLE, xs, "float64 " + format_double(a));
    }
}

TEST(Segmentation, RoundedInputsAgreeWithFloat32Comparisons) {
  for (double a : kEdges)
    for (double b : {0.6, -1e-300, 7.25}) {
      std::vector<double> xs;
      for (double e : {a, b})
        for (double d : double_probes(e)) xs.push_back(d);
      expect_exact(pieces_around(a, b), SourceInput::RoundedToFloat32, OC_ELEM_DOUBLE, xs,
                   "rounded " + format_double(a));
      expect_exact(pieces_around(a, b), SourceInput::RoundedToFloat32, OC_ELEM_FLOAT, xs,
                   "rounded/float32 " + format_double(a));
    }
}

TEST(Segmentation, RandomIntervalSets) {
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<int> pick(0, int(kEdges.size()) - 1);
  for (int round = 0; round < 300; ++round) {
    std::vector<Piece> pieces;
    std::vector<double> xs{std::nan("")};
    for (int32_t k = 0; k < 5; ++k) {
      double a = kEdges[size_t(pick(rng))], b = kEdges[size_t(pick(rng))];
      pieces.push_back({Interval{a, b, bool(rng() & 1), bool(rng() & 1)}, k});  // may be empty
      for (double e : {a, b})
        for (float f : float_probes(e, 3)) xs.push_back(f);
    }
    expect_exact(pieces, SourceInput::AsIs, OC_ELEM_FLOAT, xs, "random float32");
    expect_exact(pieces, SourceInput::AsIs, OC_ELEM_DOUBLE, xs, "random float64");
  }
}

TEST(Segmentation, LayoutAndDepth) {
  // ]0, 0.3] [0.3, 0.6] overlap at 0.3; [2, 1] is empty and adds no cut.
  std::vector<Piece> p{{Interval{0, 0.3, false, true}, 0}, {Interval{0.3, 0.6, true, true}, 1},
                       {Interval{2, 1, true, true}, 2}};
  Segmentation s = segment(p, SourceInput::AsIs, "t");
  ASSERT_EQ(s.cuts.size(), 5u);  // 0, prev(0.3), 0.3, 0.6, +inf
  EXPECT_EQ(s.cuts[1], std::nextafter(0.3, -kInf));
  EXPECT_EQ(s.bins[2], (std::vector<int32_t>{0, 1}));
  EXPECT_TRUE(s.bins[s.nan_segment()].empty());
  EXPECT_THROW(segment({{Interval{std::nan(""), 1, true, true}, 0}}, SourceInput::AsIs, "t"), sdk::Error);
}

TEST(ScorecardIntervals, Parse) {
  auto iv = parse_interval(" [25, 40) ");
  ASSERT_TRUE(iv);
  EXPECT_EQ(iv->lo, 25);
  EXPECT_TRUE(iv->lo_closed);
  EXPECT_FALSE(iv->hi_closed);
  iv = parse_interval("(-inf, 0.3]");
  ASSERT_TRUE(iv);
  EXPECT_TRUE(iv->lo_closed);  // infinite ends are closed
  EXPECT_EQ(iv->hi, 0.3);
  iv = parse_interval("(1e-3, +inf)");
  ASSERT_TRUE(iv);
  EXPECT_TRUE(iv->hi_closed);
  for (const char* bad : {"", "[1, 2", "1, 2]", "[1; 2]", "[1, 2, 3]", "[nan, 1]", "[a, 1]", "[1,, 2]",
                          "[+-1, 2]", "[1e999, 2]", "{1, 2}", "[infinity, 2]"})
    EXPECT_FALSE(parse_interval(bad)) << bad;
}

}  // namespace
}  // namespace onnxconv::woe
