// scikit-learn's KBinsDiscretizer (sklearn/preprocessing/_discretization.py,
// 1.2): transform() takes bin = np.searchsorted(bin_edges_[f][1:-1], x,
// side="right"), i.e. the number of inner edges <= x, so values below the
// fitted range land in bin 0 and values above it in the last bin. `encode`
// ordinal outputs that index; onehot-dense and onehot (a sparse matrix in
// scikit-learn, a dense tensor here) one column per bin of each feature.
// With `dtype=np.float32` scikit-learn rounds the input to float32 before
// comparing; a float64 model reproduces that rounding in its thresholds.
// NaN (refused by scikit-learn) goes to the last bin, as searchsorted
// sorts it.
//
// Before 1.1 transform() was np.digitize(x + eps, bin_edges_[f][1:]) with
// eps = 1e-8 + 1e-5 * |x|, computed in the input's float type (float32 for
// float32 input or dtype=np.float32), then clipped to the last bin: an edge
// e counts when x + eps >= e. x + eps grows with x, so that is x >= t for
// the smallest t of that float type passing the test; those t replace the
// inner edges and the rest is the searchsorted rule.
#include "binning_graph.hpp"
#include "converters.hpp"
#include "intervals.hpp"

#include <onnxconv/sdk/sklearn_version.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace onnxconv::woe {

using sdk::Kind;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct KBinsFeature {
  std::vector<double> edges;  // n_bins + 1, non-decreasing
  std::string where;
};

struct KBinsModel {
  bool onehot = false;
  bool rounds_to_float32 = false;  // dtype=np.float32
  std::vector<KBinsFeature> features;
};

KBinsFeature read_feature(const Object& edges_obj, int64_t n_bins) {
  KBinsFeature f;
  f.where = edges_obj.path();
  if (edges_obj.kind() != Kind::Array) edges_obj.fail("expected an array of bin edges");
  f.edges = edges_obj.to_doubles();
  if (n_bins < 1 || f.edges.size() != size_t(n_bins) + 1)
    edges_obj.fail("has " + std::to_string(f.edges.size()) + " edges for " + std::to_string(n_bins) + " bins");
  for (size_t i = 0; i < f.edges.size(); ++i) {
    if (std::isnan(f.edges[i])) edges_obj.fail("edge " + std::to_string(i) + " is NaN");
    if (i > 0 && f.edges[i] < f.edges[i - 1]) edges_obj.fail("edges are not sorted at " + std::to_string(i));
  }
  return f;
}

// np.float32 -> true; None / np.float64 -> false (the input is compared as
// given: a float32 input widens to double exactly).
bool reads_dtype_float32(const Object& est) {
  auto dtype = est.find("dtype");
  if (!dtype || dtype->is_none()) return false;
  std::string name = dtype->kind() == Kind::Global ? dtype->class_name() : std::string();
  if (name == "numpy.float32") return true;
  if (name == "numpy.float64") return false;
  dtype->fail("expected None, numpy.float32 or numpy.float64");
}

KBinsModel read_model(const Object& est) {
  auto edges = est.find("bin_edges_");
  if (!edges) est.fail("missing attribute 'bin_edges_' (is it fitted?)");
  Object n_bins_obj = est.attr("n_bins_");
  std::vector<int64_t> n_bins = n_bins_obj.to_int64s();
  if (n_bins.size() != edges->size())
    n_bins_obj.fail("has " + std::to_string(n_bins.size()) + " features, bin_edges_ " + std::to_string(edges->size()));
  KBinsModel m;
  Object encode = est.attr("encode");
  if (encode.is_string("onehot") || encode.is_string("onehot-dense")) m.onehot = true;
  else if (!encode.is_string("ordinal")) encode.fail("expected 'onehot', 'onehot-dense' or 'ordinal'");
  m.rounds_to_float32 = reads_dtype_float32(est);
  for (size_t f = 0; f < n_bins.size(); ++f) m.features.push_back(read_feature((*edges)[f], n_bins[f]));
  if (m.features.empty()) est.fail("has no features");
  return m;
}

// Before 1.1: does edge e count for x, as numpy computes x + eps >= e in T?
template <class T>
bool digitize_counts(T x, double e) {
  const T eps = T(1e-8) + T(1e-5) * std::fabs(x);
  return double(T(x + eps)) >= e;
}

// T's values in increasing order as unsigned integers (-inf lowest, +inf
// highest), so a monotone test can be bisected over every value of T.
template <class T, class U>
U order_key(T x) {
  U u;
  std::memcpy(&u, &x, sizeof u);
  const U sign = U(1) << (sizeof(U) * 8 - 1);
  return (u & sign) ? U(~u) : U(u | sign);
}

template <class T, class U>
T from_order_key(U k) {
  const U sign = U(1) << (sizeof(U) * 8 - 1);
  U u = (k & sign) ? U(k & ~sign) : U(~k);
  T x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

// The smallest T x for which edge e counts. The test is false at -inf
// (-inf + inf is NaN) and true at +inf, and monotone between, so bisection
// over T's ordered values finds it exactly, overflow included.
template <class T, class U>
double digitize_threshold(double e) {
  constexpr T inf = std::numeric_limits<T>::infinity();
  U lo = order_key<T, U>(-inf), hi = order_key<T, U>(inf);
  while (hi - lo > 1) {
    U mid = lo + (hi - lo) / 2;
    (digitize_counts<T>(from_order_key<T, U>(mid), e) ? hi : lo) = mid;
  }
  return double(from_order_key<T, U>(hi));
}

// Inner edges moved to where the pre-1.1 rule changes bin, in the float type
// scikit-learn computed in (the outer edges only bound the first and last
// bins, which stay open).
void apply_digitize_rule(KBinsModel& m, bool float32_arithmetic) {
  for (auto& f : m.features)
    for (size_t i = 1; i + 1 < f.edges.size(); ++i)
      f.edges[i] = float32_arithmetic ? digitize_threshold<float, uint32_t>(f.edges[i])
                                     : digitize_threshold<double, uint64_t>(f.edges[i]);
}

// Bin b holds [edges[b], edges[b+1]), the first open to -inf, the last to +inf.
std::vector<Piece> bin_pieces(const KBinsFeature& f) {
  const size_t n = f.edges.size() - 1;
  std::vector<Piece> pieces;
  for (size_t b = 0; b < n; ++b) {
    Interval iv;
    iv.lo = b == 0 ? -kInf : f.edges[b];
    iv.lo_closed = true;
    iv.hi = b + 1 == n ? kInf : f.edges[b + 1];
    iv.hi_closed = b + 1 == n;
    pieces.push_back({iv, int32_t(b)});
  }
  return pieces;
}

ColumnTable column_table(const KBinsFeature& f, int64_t column, const KBinsModel& m, sdk::SourceInput src) {
  const size_t n_bins = f.edges.size() - 1;
  Segmentation s = segment(bin_pieces(f), src, f.where);
  ColumnTable t;
  t.input_column = column;
  t.where = f.where;
  t.width = m.onehot ? int64_t(n_bins) : 1;
  t.values.assign(s.n_segments() * size_t(t.width), 0.0);
  for (size_t seg = 0; seg < s.n_segments(); ++seg) {
    // Bins never overlap; NaN (no bin) goes last, like searchsorted.
    size_t bin = s.bins[seg].empty() ? n_bins - 1 : size_t(s.bins[seg].front());
    if (m.onehot) t.values[seg * n_bins + bin] = 1.0;
    else t.values[seg] = double(bin);
  }
  t.cuts = std::move(s.cuts);
  return t;
}

int64_t n_outputs(const KBinsModel& m) {
  if (!m.onehot) return int64_t(m.features.size());
  int64_t n = 0;
  for (const auto& f : m.features) n += int64_t(f.edges.size()) - 1;
  return n;
}

}  // namespace

std::vector<ValueType> KBinsDiscretizerConverter::infer(Context& ctx, const Object& est,
                                                        const std::vector<ValueType>& inputs) {
  KBinsModel m = read_model(est);
  check_input(ctx, est, inputs, int64_t(m.features.size()));
  return {float_output(ctx, n_outputs(m))};
}

void KBinsDiscretizerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                        const std::vector<std::string>& outputs) {
  KBinsModel m = read_model(est);
  if (!sdk::SklearnVersion::of(est).at_least(1, 1))
    apply_digitize_rule(m, m.rounds_to_float32 || ctx.float_type() == OC_ELEM_FLOAT);
  const auto src = m.rounds_to_float32 ? sdk::SourceInput::RoundedToFloat32 : sdk::SourceInput::AsIs;
  std::vector<ColumnTable> tables;
  std::vector<OutputColumn> layout;
  for (size_t f = 0; f < m.features.size(); ++f) {
    tables.push_back(column_table(m.features[f], int64_t(f), m, src));
    for (int64_t o = 0; o < tables.back().width; ++o) layout.push_back({int64_t(f), o});
  }
  emit_columns(ctx, inputs[0], int64_t(m.features.size()), tables, layout, est.path(), outputs[0]);
}

}  // namespace onnxconv::woe
