// onnxconv converter SDK: tree ensembles as ai.onnx.ml opset-3
// TreeEnsembleRegressor / TreeEnsembleClassifier nodes.
//
// Header-only, built on sdk.hpp (and classifier.hpp for class labels). Every
// tree-based converter (decision trees, forests, gradient boosting,
// IsolationForest, binning) goes through TreeEnsemble:
//
//   TreeEnsemble::Options o;
//   o.estimator = est.path();          // named in every error
//   o.n_features = n_features;         // feature ids must be below this
//   o.n_targets = n_outputs;           // output columns
//   o.float_type = ctx.float_type();   // float attributes or double tensors
//   o.source_input = SourceInput::RoundedToFloat32;  // sklearn.tree
//   TreeEnsemble ens(o);
//   for each tree t:
//     TreeNodes nodes;  nodes.n_nodes = ...; nodes.left = ...; ...
//     ens.add_tree(nodes, [&](int64_t node, auto&& emit) {
//       emit(/*target*/ 0, /*weight*/ value[node]);
//     }, tree_path);
//   std::string y = ens.emit_regressor(ctx, x);   // tensor(float) [N, n_targets]
//   // double models: the sums in double, exact (see "Exact double sums")
//   std::string y = ens.emit_exact_sums(ctx, x);  // tensor(double) [N, n_targets]
//
// Trees are collected once into flat typed arrays (struct of arrays, one
// entry per node and per leaf weight, int32 ids and uint8 modes), validated
// as they are added, and handed to the host when the node is emitted, which
// adopts them rather than copying: no per-node host calls and no per-node
// virtual calls (the leaf callback is a template parameter and inlines).
//
// ---------------------------------------------------------------------------
// Thresholds (the rule; see encode_threshold below)
//
// A source model goes to the first ("true", left) child when
//     v <= t     (Compare::LessOrEqual: scikit-learn, HistGradientBoosting)
//     v <  t     (Compare::Less)
// where t is the model's float64 threshold and v is the feature value as the
// source model sees it (SourceInput): the input itself (AsIs), or the input
// rounded to the nearest float32 first (RoundedToFloat32: sklearn.tree casts
// every input to float32 before walking the tree). The ONNX node compares the
// raw ONNX input x with its own threshold t' using the same operator
// (BRANCH_LEQ / BRANCH_LT). We choose t' so that for EVERY input x of the
// ONNX model's float type the ONNX comparison equals the source comparison:
//
//  float32 model (x is a float32, so v == x exactly):
//    LEQ: t' = the largest float32 <= t   (round t toward -inf)
//         For a float32 x: x <= t  <=>  x <= t'  (x <= t' <= t gives one
//         direction; x <= t with x a float32 gives x <= t' by maximality).
//    LT:  t' = the smallest float32 >= t  (round t toward +inf), by symmetry.
//    Plain round-to-nearest (what a cast does) is wrong whenever t rounds up
//    past a float32 x with x > t: sklearn's thresholds are midpoints between
//    two float32 training values, so this happens all the time.
//
//  float64 model, AsIs: t' = t (double thresholds, double comparisons).
//
//  float64 model, RoundedToFloat32 (v = r(x), r = round to nearest even):
//    LEQ: r(x) <= t <=> r(x) <= T with T the largest float32 <= t. r is
//         monotonic, so {x : r(x) <= T} is a half-line ending at the midpoint
//         m between T and the next float32 up (exact in double): x < m gives
//         r(x) <= T, x > m gives r(x) > T, and x == m rounds to whichever of
//         the two has an even significand. So t' = m when T is even (the tie
//         goes down), else t' = the double just below m. Infinities: T = +inf
//         gives t' = +inf; above FLT_MAX the next "float" is 2^128 (odd
//         FLT_MAX: ties overflow), below -FLT_MAX everything from
//         -(2^128 - 2^103) down rounds to -inf.
//    LT:  r(x) < t <=> r(x) <= A, A the largest float32 < t; the LEQ bound for
//         A, turned into a strict one (next double up).
//  NaN thresholds are refused; NaN inputs follow the missing-value flag.
//
// Set splits (TreeNodes::is_set): the source sends a value equal to one of a
// set of doubles to `left`, anything else (NaN included) to `right`.
// ai.onnx.ml opset 3 has no set membership, so the node becomes a chain of
// BRANCH_EQ nodes, one per member, whose true branches all lead to `left`
// and whose last false branch leads to `right` (ONNX Runtime accepts nodes
// sharing a child; LightGBM's converters emit the same shape). Exact: EQ
// compares the input with the member itself (double tensors for double
// models); a float model drops members no float32 equals, and an empty set
// becomes BRANCH_LT -inf (never true; NaN false too). Set splits need
// SourceInput::AsIs. The extra chain nodes get ids after the tree's own, so
// every source node (and leaf) keeps its id.
//
// ---------------------------------------------------------------------------
// Validation (add_tree): every tree must be a tree rooted at node 0. Each
// node is a leaf (both children < 0, or the is_leaf flag) or has two
// children in [0, n_nodes); every node is reached exactly once from the root
// (so no cycles, no shared children, no unreachable nodes, and every path
// ends in a leaf); split features are in [0, n_features); thresholds are not
// NaN. Errors read "<estimator>: tree <i> (<path>): node <j>: ...".
#ifndef ONNXCONV_SDK_TREE_ENSEMBLE_HPP
#define ONNXCONV_SDK_TREE_ENSEMBLE_HPP

#include <onnxconv/sdk/classifier.hpp>
#include <onnxconv/sdk/sdk.hpp>

// TreeEnsemble hands its node arrays to add_node_adopting (host ABI 1.1).
static_assert(ONNXCONV_PLUGIN_MIN_ABI_MINOR >= 1,
              "tree_ensemble.hpp needs host ABI 1.1: define ONNXCONV_PLUGIN_MIN_ABI_MINOR 1 "
              "(and say abi: {major: 1, minor: 1} in plugin.yaml)");

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace onnxconv::sdk {

// ===========================================================================
// Threshold encoding
// ===========================================================================

// How the source model compares a feature value v with its threshold t to
// take the first (left, ONNX "true") child.
enum class Compare { LessOrEqual, Less };

// What the source model compares: the input as given, or the input rounded
// to the nearest float32 (scikit-learn's decision trees and forests).
enum class SourceInput { AsIs, RoundedToFloat32 };

namespace tree_threshold {

constexpr double kInf = std::numeric_limits<double>::infinity();

// 2^128 - 2^103: FLT_MAX plus half an ulp. |x| >= this rounds to infinity.
inline double float_overflow_midpoint() { return std::ldexp(1.0, 128) - std::ldexp(1.0, 103); }

// The largest float32 <= t (t not NaN). -inf when t < -FLT_MAX.
inline float float_at_or_below(double t) {
  float f = static_cast<float>(t);  // nearest; may lie above t
  if (static_cast<double>(f) > t) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
  return f;
}

// The smallest float32 >= t (t not NaN). +inf when t > FLT_MAX.
inline float float_at_or_above(double t) {
  float f = static_cast<float>(t);
  if (static_cast<double>(f) < t) f = std::nextafter(f, std::numeric_limits<float>::infinity());
  return f;
}

inline bool float_is_even(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return (bits & 1u) == 0;
}

// The largest double c such that every double x <= c rounds (to nearest
// float32) to a value <= T, T a float32 (possibly infinite). r(x) <= T
// <=> x <= c.
inline double rounded_leq_bound(float T) {
  const float inf = std::numeric_limits<float>::infinity();
  if (T == inf) return kInf;
  if (T == -inf) return -float_overflow_midpoint();  // ties overflow to -inf
  float up = std::nextafter(T, inf);
  if (up == inf) return std::nextafter(float_overflow_midpoint(), -kInf);  // FLT_MAX is odd
  double m = (static_cast<double>(T) + static_cast<double>(up)) / 2;       // exact
  return float_is_even(T) ? m : std::nextafter(m, -kInf);
}

}  // namespace tree_threshold

// The threshold an ONNX BRANCH_LEQ (Compare::LessOrEqual) or BRANCH_LT
// (Compare::Less) node must hold so that, for every input x of the ONNX
// float type `onnx_float_type` (OC_ELEM_FLOAT or OC_ELEM_DOUBLE), comparing x
// with it gives the source model's answer for threshold `t`. The returned
// double is exactly representable as float32 when onnx_float_type is
// OC_ELEM_FLOAT. The rule and its proof are at the top of this header.
inline double encode_threshold(double t, Compare cmp, SourceInput src, int32_t onnx_float_type) {
  using namespace tree_threshold;
  if (std::isnan(t)) throw Error("NaN threshold");
  if (onnx_float_type == OC_ELEM_FLOAT) {
    // A float32 x is its own rounding: both sources compare x itself.
    return cmp == Compare::LessOrEqual ? static_cast<double>(float_at_or_below(t))
                                       : static_cast<double>(float_at_or_above(t));
  }
  if (onnx_float_type != OC_ELEM_DOUBLE)
    throw Error("tree thresholds: unsupported float type " + std::to_string(onnx_float_type));
  if (src == SourceInput::AsIs) return t;
  if (cmp == Compare::LessOrEqual) return rounded_leq_bound(float_at_or_below(t));
  // r(x) < t <=> r(x) <= A, A the largest float32 strictly below t.
  if (t == -kInf) return -kInf;  // nothing is below -inf
  float b = float_at_or_above(t);
  float a = std::nextafter(b, -std::numeric_limits<float>::infinity());
  return std::nextafter(rounded_leq_bound(a), kInf);  // x <= c <=> x < next(c)
}

// ===========================================================================
// The ensemble
// ===========================================================================

// A view of one tree's node arrays, all `n_nodes` long, root at node 0.
struct TreeNodes {
  size_t n_nodes = 0;
  const int64_t* left = nullptr;   // child taken when the comparison holds
  const int64_t* right = nullptr;  // child taken otherwise
  const int64_t* feature = nullptr;
  const double* threshold = nullptr;
  // Optional: non-zero where a NaN input goes to `left` (else to `right`).
  const uint8_t* missing_left = nullptr;
  // Optional: non-zero at leaves. Without it a node is a leaf when both of
  // its children are negative (scikit-learn's TREE_LEAF = -1).
  const uint8_t* is_leaf = nullptr;
  // Optional set splits: where is_set[i] != 0, node i sends a feature value
  // equal to one of set_values[i] to `left`, anything else (NaN included)
  // to `right`; its threshold and missing flag are not used.
  const uint8_t* is_set = nullptr;
  const std::vector<double>* set_values = nullptr;

  // A view of node arrays kept in vectors of one length (the optional
  // arrays stay unset).
  static TreeNodes of(const std::vector<int64_t>& left, const std::vector<int64_t>& right,
                      const std::vector<int64_t>& feature, const std::vector<double>& threshold) {
    TreeNodes v;
    v.n_nodes = left.size();
    v.left = left.data();
    v.right = right.data();
    v.feature = feature.data();
    v.threshold = threshold.data();
    return v;
  }
};

class TreeEnsemble {
 public:
  struct Options {
    std::string estimator;      // for errors, e.g. "RandomForestClassifier"
    int64_t n_features = -1;    // split features must be below this (-1: unchecked)
    int64_t n_targets = 1;      // regressor targets / classifier classes
    int32_t float_type = OC_ELEM_FLOAT;  // ONNX input type; double uses *_as_tensor
    Compare compare = Compare::LessOrEqual;
    SourceInput source_input = SourceInput::AsIs;
  };

  explicit TreeEnsemble(Options options)
      : o_(std::move(options)), values_(o_.float_type == OC_ELEM_DOUBLE), t_weights_(values_.is_double()) {
    if (o_.float_type != OC_ELEM_FLOAT && o_.float_type != OC_ELEM_DOUBLE)
      throw Error(o_.estimator + ": tree ensembles take float or double inputs");
    if (o_.n_targets < 1) throw Error(o_.estimator + ": a tree ensemble needs at least one target");
    if (o_.n_targets > kMaxId) throw Error(o_.estimator + ": too many targets (" + std::to_string(o_.n_targets) + ")");
  }

  const Options& options() const { return o_; }
  size_t n_trees() const { return n_trees_; }
  size_t n_nodes() const { return tree_ids_.size(); }
  size_t n_weights() const { return t_weights_.size(); }

  // Reserve room for `nodes` nodes and `weights` leaf weights in total.
  void reserve(size_t nodes, size_t weights) {
    for (auto* v : {&tree_ids_, &node_ids_, &features_, &true_ids_, &false_ids_}) v->reserve(nodes);
    values_.reserve(nodes);
    modes_.reserve(nodes);
    for (auto* v : {&t_tree_ids_, &t_node_ids_, &t_ids_}) v->reserve(weights);
    t_weights_.reserve(weights);
  }

  // Values added to each target after the trees (length n_targets).
  void set_base_values(std::vector<double> base) {
    if (!base.empty() && base.size() != size_t(o_.n_targets))
      throw Error(o_.estimator + ": " + std::to_string(base.size()) + " base values for " +
                  std::to_string(o_.n_targets) + " targets");
    for (double b : base)
      if (!std::isfinite(b)) throw Error(o_.estimator + ": non-finite base value " + std::to_string(b));
    base_values_ = std::move(base);
  }
  // ai.onnx.ml post_transform (NONE, SOFTMAX, LOGISTIC, SOFTMAX_ZERO, PROBIT).
  void set_post_transform(std::string p) { post_transform_ = std::move(p); }
  // Regressor aggregate_function (SUM, AVERAGE, MIN, MAX).
  void set_aggregate(std::string a) { aggregate_ = std::move(a); }

  // Validates and appends one tree. `leaf(node, emit)` is called for every
  // leaf, in node order; it calls emit(target, weight) for each weight the
  // leaf gives (target in [0, n_targets), weight finite; weights that are
  // exactly 0 may simply be skipped). `where` names the tree's origin in
  // errors (e.g. "RandomForestClassifier.estimators_[3].tree_").
  // Returns the tree's index.
  template <class LeafFn>
  size_t add_tree(const TreeNodes& t, LeafFn&& leaf, const std::string& where = "") {
    const size_t tree = n_trees_;
    const size_t n = t.n_nodes;
    auto fail = [&](int64_t node, const std::string& what) -> void {
      std::string msg = o_.estimator + ": tree " + std::to_string(tree);
      if (!where.empty()) msg += " (" + where + ")";
      if (node >= 0) msg += ": node " + std::to_string(node);
      throw Error(msg + ": " + what);
    };
    if (poisoned_) throw Error(o_.estimator + ": the tree ensemble is unusable after a failed add_tree");
    if (n == 0) fail(-1, "has no nodes");
    if (t.left == nullptr || t.right == nullptr) fail(-1, "missing child arrays");
    if (n > size_t(kMaxId)) fail(-1, "too many nodes");
    if (tree >= size_t(kMaxId)) fail(-1, "too many trees");
    const size_t first = tree_ids_.size();
    const size_t weights_before = t_weights_.size();
    const bool tracked_missing = track_missing_;

    // Structure (kinds, child ranges, features, thresholds), filling this
    // tree's node fields into scratch arrays with plain stores; they are
    // appended in bulk once the whole tree is known to be valid.
    const uint8_t branch = o_.compare == Compare::LessOrEqual ? kLeq : kLt;
    Scratch& w = scratch_;
    w.resize(n);
    bool any_missing = false;
    size_t chain_nodes = 0;  // extra BRANCH_EQ nodes of set splits
    bool any_set = false;    // append_chains writes every set split's members, one-member ones too
    for (size_t i = 0; i < n; ++i) {
      const int64_t l = t.left[i], r = t.right[i];
      const bool is_leaf = t.is_leaf ? t.is_leaf[i] != 0 : (l < 0 && r < 0);
      w.node_ids[i] = int32_t(i);
      if (is_leaf) {
        w.features[i] = 0;
        w.values[i] = 0.0;
        w.modes[i] = kLeaf;
        w.true_ids[i] = 0;
        w.false_ids[i] = 0;
        w.missing[i] = 0;
        continue;
      }
      if (t.is_leaf == nullptr && (l < 0 || r < 0))
        fail(int64_t(i), "has left child " + std::to_string(l) + " and right child " + std::to_string(r) +
                             " (a leaf has both -1, a split node two children)");
      if (l < 0 || size_t(l) >= n || r < 0 || size_t(r) >= n)
        fail(int64_t(i), "child " + std::to_string(size_t(l) >= n || l < 0 ? l : r) + " is out of range [0, " +
                             std::to_string(n) + ")");
      if (l == r) fail(int64_t(i), "both children are node " + std::to_string(l));
      if (t.feature == nullptr || t.threshold == nullptr) fail(int64_t(i), "split without feature/threshold arrays");
      const int64_t f = t.feature[i];
      if (f < 0 || (o_.n_features >= 0 && f >= o_.n_features) || f > kMaxId)
        fail(int64_t(i), "splits on feature " + std::to_string(f) + " but the model has " +
                             std::to_string(o_.n_features) + " features");
      w.features[i] = int32_t(f);
      w.true_ids[i] = int32_t(l);
      w.false_ids[i] = int32_t(r);
      if (t.is_set != nullptr && t.is_set[i] != 0) {
        if (t.set_values == nullptr) fail(int64_t(i), "set split without set values");
        if (o_.source_input != SourceInput::AsIs) fail(int64_t(i), "set splits need inputs compared as given");
        const size_t members = set_members(t.set_values[i], int64_t(i), fail);
        chain_nodes += members > 1 ? members - 1 : 0;
        any_set = true;
        w.values[i] = 0.0;  // filled in by append_chains
        w.modes[i] = kEq;
        w.missing[i] = 0;
        continue;
      }
      const double thr = t.threshold[i];
      if (std::isnan(thr)) fail(int64_t(i), "has a NaN threshold");
      w.values[i] = encode_threshold(thr, o_.compare, o_.source_input, o_.float_type);
      w.modes[i] = branch;
      const bool miss = t.missing_left != nullptr && t.missing_left[i] != 0;
      w.missing[i] = miss;
      any_missing = any_missing || miss;
    }
    // Reachability: every node exactly once from the root (no cycles, no
    // shared or orphan nodes; with finite n this also means every path ends
    // in a leaf).
    {
      std::vector<uint8_t> seen(n, 0);
      std::vector<int32_t> stack{0};
      size_t reached = 0;
      while (!stack.empty()) {
        int32_t i = stack.back();
        stack.pop_back();
        if (seen[size_t(i)]) fail(i, "is reached twice from the root (a cycle or a shared child)");
        seen[size_t(i)] = 1;
        ++reached;
        if (w.modes[size_t(i)] != kLeaf) {
          stack.push_back(w.false_ids[size_t(i)]);
          stack.push_back(w.true_ids[size_t(i)]);
        }
      }
      if (reached != n) {
        size_t orphan = 0;
        while (seen[orphan]) ++orphan;
        fail(int64_t(orphan), "is not reachable from the root (" + std::to_string(n - reached) +
                                  " unreachable node(s))");
      }
    }

    if (n + chain_nodes > size_t(kMaxId)) fail(-1, "too many nodes with its set splits expanded");
    if (any_set) append_chains(t, n);

    // Append nodes, then leaf weights. A bad weight takes the whole tree
    // back out before the error is thrown; if the callback itself throws,
    // the ensemble is left unusable (poisoned_) rather than half-built.
    poisoned_ = true;
    const int32_t tree_id = int32_t(tree);
    if (any_missing && !track_missing_) {  // the first flag: zeros for every node before
      track_missing_ = true;
      missing_.assign(first, 0);
    }
    const size_t m = n + chain_nodes;  // the scratch arrays hold the chains after the tree's nodes
    tree_ids_.insert(tree_ids_.end(), m, tree_id);
    node_ids_.insert(node_ids_.end(), w.node_ids.begin(), w.node_ids.begin() + m);
    features_.insert(features_.end(), w.features.begin(), w.features.begin() + m);
    values_.append(w.values.data(), m);
    modes_.insert(modes_.end(), w.modes.begin(), w.modes.begin() + m);
    true_ids_.insert(true_ids_.end(), w.true_ids.begin(), w.true_ids.begin() + m);
    false_ids_.insert(false_ids_.end(), w.false_ids.begin(), w.false_ids.begin() + m);
    if (track_missing_) missing_.insert(missing_.end(), w.missing.begin(), w.missing.begin() + m);
    int64_t bad_node = -1, bad_target = 0;
    double bad_weight = 0;
    for (size_t i = 0; i < n; ++i) {
      if (w.modes[i] != kLeaf) continue;
      const int64_t node = int64_t(i);
      leaf(node, [&](int64_t target, double weight) {
        if (target < 0 || target >= o_.n_targets || !std::isfinite(weight)) {
          if (bad_node < 0) bad_node = node, bad_target = target, bad_weight = weight;
          return;
        }
        t_tree_ids_.push_back(tree_id);
        t_node_ids_.push_back(int32_t(node));
        t_ids_.push_back(int32_t(target));
        t_weights_.push_back(weight);
      });
    }
    if (bad_node >= 0) {
      rollback(first, weights_before, tracked_missing);
      poisoned_ = false;
      if (bad_target < 0 || bad_target >= o_.n_targets)
        fail(bad_node, "leaf weight for target " + std::to_string(bad_target) + " of " + std::to_string(o_.n_targets));
      fail(bad_node, "non-finite leaf value " + std::to_string(bad_weight));
    }
    poisoned_ = false;
    ++n_trees_;
    return tree;
  }

  // ---- emission -----------------------------------------------------------
  // Each emit_* that consumes the collected arrays (release = true) leaves
  // the ensemble empty; emit_leaf_indices copies by default (emit it first).
  //
  // `Ctx` is sdk::Context. The per-node and per-weight arrays go to the host
  // as adopted attributes (Attr::adopted, host ABI 1.1): the host keeps them
  // in their compact types (int32 ids, uint8 modes, float or double values)
  // and writes them straight into the ONNX file, with no copy.

  // TreeEnsembleRegressor: tensor(float) [N, n_targets] (ai.onnx.ml opset 3
  // outputs float even for double inputs, accumulating in double inside).
  // Written to `out` (a fresh name when empty); returns the name.
  template <class Ctx>
  std::string emit_regressor(const Ctx& ctx, const std::string& x, const std::string& out = "",
                             bool release = true) {
    require(ctx);
    std::vector<Attr> attrs = node_attrs(release);
    attrs.push_back(Attr::i("n_targets", o_.n_targets));
    append_targets("target_", attrs, release);
    if (aggregate_ != "SUM") attrs.push_back(Attr::s("aggregate_function", aggregate_));
    if (post_transform_ != "NONE") attrs.push_back(Attr::s("post_transform", post_transform_));
    append_base_values(attrs);
    std::string name = out.empty() ? ctx.unique_name("tree_scores") : out;
    ctx.add_node("TreeEnsembleRegressor", {x}, {name}, attrs, kMlDomain, "TreeEnsembleRegressor");
    return name;
  }

  // Double models: the ensemble's sums in double, within 2^-64 of
  // sum_t max|leaf_t| of the exact sums (base values
  // added in double after), with nothing but an opset-3
  // TreeEnsembleRegressor, whose output is float32 (see "Exact double sums"
  // below). Returns tensor(double) [N, n_targets], written to `out` (fresh
  // when empty). Post transforms and aggregates other than SUM are refused.
  template <class Ctx>
  std::string emit_exact_sums(const Ctx& ctx, const std::string& x, const std::string& out = "") {
    require(ctx);
    if (o_.float_type != OC_ELEM_DOUBLE) throw Error(o_.estimator + ": exact double sums need a double model");
    if (aggregate_ != "SUM" || post_transform_ != "NONE")
      throw Error(o_.estimator + ": exact double sums need SUM aggregation and no post transform");
    split_weights_into_levels();
    std::vector<double> base = std::move(base_values_);
    base_values_.clear();
    const int64_t k = o_.n_targets / n_levels_;
    std::string parts = emit_regressor(ctx, x);  // float [N, levels * k], each level exact but the last
    o_.n_targets = k;
    parts = ctx.op("Cast", {parts}, {Attr::i("to", OC_ELEM_DOUBLE)});
    parts = ctx.op("Reshape", {parts, ctx.add_int64s("levels_shape", {-1, n_levels_, k}, {3})});
    const bool any_base = [&] {
      for (double b : base)
        if (b != 0.0) return true;
      return false;
    }();
    std::string name = out.empty() || any_base ? ctx.unique_name("tree_sums") : out;
    if (ctx.opset() >= 13)  // axes became an input in opset 13
      ctx.add_node("ReduceSum", {parts, ctx.add_int64s("level_axis", {1}, {1})}, {name}, {Attr::i("keepdims", 0)});
    else
      ctx.add_node("ReduceSum", {parts}, {name}, {Attr::ints("axes", {1}), Attr::i("keepdims", 0)});
    if (!any_base) return name;
    std::string result = out.empty() ? ctx.unique_name("tree_scores") : out;
    ctx.add_node("Add", {name, ctx.add_initializer("base_values", OC_ELEM_DOUBLE, {k}, base.data())}, {result});
    return result;
  }

  // TreeEnsembleClassifier: label [N] (int64 or string) and scores
  // tensor(float) [N, n_classes], n_targets == labels.size() >= 3 (ONNX
  // Runtime treats two classes specially; use the regressor there).
  // Returns {label, scores}.
  template <class Ctx>
  std::pair<std::string, std::string> emit_classifier(const Ctx& ctx, const std::string& x,
                                                      const ClassLabels& labels,
                                                      const std::string& label_out = "",
                                                      const std::string& scores_out = "",
                                                      bool release = true) {
    require(ctx);
    if (labels.size() != size_t(o_.n_targets))
      throw Error(o_.estimator + ": " + std::to_string(labels.size()) + " class labels for " +
                  std::to_string(o_.n_targets) + " targets");
    if (labels.size() < 3)
      throw Error(o_.estimator + ": TreeEnsembleClassifier with fewer than 3 classes is not emitted "
                                 "(ONNX Runtime's binary special case); use emit_regressor");
    std::vector<Attr> attrs = node_attrs(release);
    append_targets("class_", attrs, release);
    if (labels.is_string()) attrs.push_back(Attr::strings("classlabels_strings", labels.strings()));
    else attrs.push_back(Attr::ints("classlabels_int64s", labels.ints()));
    if (post_transform_ != "NONE") attrs.push_back(Attr::s("post_transform", post_transform_));
    append_base_values(attrs);
    std::string label = label_out.empty() ? ctx.unique_name("tree_label") : label_out;
    std::string scores = scores_out.empty() ? ctx.unique_name("tree_scores") : scores_out;
    ctx.add_node("TreeEnsembleClassifier", {x}, {label, scores}, attrs, kMlDomain, "TreeEnsembleClassifier");
    return {label, scores};
  }

  // The leaf each input reaches in each tree, as the source's node index:
  // int64 [N, n_trees] (column = tree index in add_tree order). A second
  // TreeEnsembleRegressor whose tree t writes its leaf's node id to target t,
  // then a Cast to int64 (ids are exact in float up to 2^24). Written to
  // `out` (fresh when empty); returns the name.
  template <class Ctx>
  std::string emit_leaf_indices(const Ctx& ctx, const std::string& x, const std::string& out = "",
                                bool release = false) {
    require(ctx);
    if (n_trees_ == 0) throw Error(o_.estimator + ": no trees");
    size_t leaves = 0;
    for (uint8_t m : modes_) leaves += m == kLeaf;
    std::vector<int32_t> trees, nodes;
    FloatColumn ids(values_.is_double());
    trees.reserve(leaves);
    nodes.reserve(leaves);
    ids.reserve(leaves);
    for (size_t k = 0; k < modes_.size(); ++k) {
      if (modes_[k] != kLeaf) continue;
      if (node_ids_[k] > (int32_t(1) << 24))
        throw Error(o_.estimator + ": decision_leaf: node id " + std::to_string(node_ids_[k]) +
                    " is too large to pass through a float tensor exactly");
      trees.push_back(tree_ids_[k]);
      nodes.push_back(node_ids_[k]);
      ids.push_back(double(node_ids_[k]));
    }
    std::vector<Attr> attrs = node_attrs(release);
    attrs.push_back(Attr::i("n_targets", int64_t(n_trees_)));
    attrs.push_back(adopted_of("target_treeids", trees, /*release=*/false));
    attrs.push_back(adopted_of("target_nodeids", nodes, true));
    attrs.push_back(adopted_of("target_ids", trees, true));
    attrs.push_back(weights_attr("target_weights", ids, true));
    std::string leaf_ids = ctx.unique_name("leaf_ids");
    ctx.add_node("TreeEnsembleRegressor", {x}, {leaf_ids}, attrs, kMlDomain, "TreeEnsembleRegressor");
    std::string name = out.empty() ? ctx.unique_name("decision_leaf") : out;
    ctx.add_node("Cast", {leaf_ids}, {name}, {Attr::i("to", OC_ELEM_INT64)});
    return name;
  }

 private:
  static constexpr uint8_t kLeaf = 0, kLeq = 1, kLt = 2, kEq = 3;  // indexes of kModeNames
  static constexpr int64_t kMaxId = std::numeric_limits<int32_t>::max();
  static constexpr const char* kMlDomain = "ai.onnx.ml";

  // Node values or leaf weights: float32 for float models (what ONNX keeps
  // in FLOATS attributes), double for the *_as_tensor attributes.
  class FloatColumn {
   public:
    explicit FloatColumn(bool dbl) : dbl_(dbl) {}
    bool is_double() const { return dbl_; }
    size_t size() const { return dbl_ ? d_.size() : f_.size(); }
    double at(size_t i) const { return dbl_ ? d_[i] : double(f_[i]); }
    void reserve(size_t n) { dbl_ ? d_.reserve(n) : f_.reserve(n); }
    void resize(size_t n) { dbl_ ? d_.resize(n) : f_.resize(n); }
    void push_back(double v) { dbl_ ? d_.push_back(v) : f_.push_back(static_cast<float>(v)); }
    void append(const double* v, size_t n) {
      if (dbl_) d_.insert(d_.end(), v, v + n);
      else for (size_t i = 0; i < n; ++i) f_.push_back(static_cast<float>(v[i]));
    }
    // Moves (release) or copies the values out.
    AdoptedVector adopt(bool release) {
      if (dbl_) return release ? AdoptedVector(std::move(d_)) : AdoptedVector(d_);
      return release ? AdoptedVector(std::move(f_)) : AdoptedVector(f_);
    }

   private:
    bool dbl_;
    std::vector<float> f_;
    std::vector<double> d_;
  };

  // A set member as the ONNX node holds it: itself for double models, its
  // float32 value for float models when that equals it, else nothing (no
  // float32 input equals it).
  bool encodable_member(double v) const {
    return o_.float_type == OC_ELEM_DOUBLE || static_cast<double>(static_cast<float>(v)) == v;
  }

  // The number of members node `node` tests; NaN members are refused.
  template <class Fail>
  size_t set_members(const std::vector<double>& values, int64_t node, Fail&& fail) const {
    size_t count = 0;
    for (double v : values) {
      if (std::isnan(v)) fail(node, "has a NaN set member");
      count += encodable_member(v);
    }
    return count;
  }

  // Turns each set split of the tree in the scratch arrays (nodes [0, n))
  // into its BRANCH_EQ chain, appending the extra nodes at n, n+1, ...
  void append_chains(const TreeNodes& t, size_t n) {
    Scratch& w = scratch_;
    size_t next = n;
    for (size_t i = 0; i < n; ++i) {
      if (w.modes[i] != kEq) continue;
      std::vector<double> members;
      for (double v : t.set_values[i])
        if (encodable_member(v)) members.push_back(v);
      if (members.empty()) {  // never matches: x < -inf is false, NaN too
        w.modes[i] = kLt;
        w.values[i] = -std::numeric_limits<double>::infinity();
        continue;
      }
      const int32_t match = w.true_ids[i], no_match = w.false_ids[i];
      size_t at = i;
      for (size_t k = 0; k < members.size(); ++k) {
        if (k > 0) {
          at = next++;
          w.resize(next);
          w.node_ids[at] = int32_t(at);
          w.features[at] = w.features[i];
          w.modes[at] = kEq;
          w.missing[at] = 0;
          w.true_ids[at] = match;
        }
        w.values[at] = members[k];
        w.false_ids[at] = k + 1 < members.size() ? int32_t(next) : no_match;
      }
    }
  }

  // ---- Exact double sums ------------------------------------------------
  // ONNX Runtime accumulates a double model's leaf weights in double but the
  // opset-3 output is float32. Each weight w of target t is split into
  // levels, target t of level k becoming column k * n_targets + t: level k
  // takes r_k (the residual, r_0 = w) rounded to a multiple of q_k, a power
  // of two with 2^22 q_k >= S_k = sum over trees of the tree's largest
  // |r_k|. Every partial sum of level k is a multiple of q_k of magnitude
  // <= S_k + n q_k / 2 < 2^24 q_k (n < 3 * 2^23 trees): exact in double and
  // in the float32 output, in any order. A target's last level is its plain
  // residual, rounded once by at most 2^-24 S_k; it is taken as soon as
  // S_k <= 2^-40 S_0, so that error stays below 2^-64 S_0, under the
  // rounding of scikit-learn's own double sums. Each level gains about
  // 22 - log2(n) bits: 3 levels for one tree, 4 for 2000 trees.
  static constexpr int64_t kMaxLevels = 6;
  int64_t n_levels_ = 1;

  void split_weights_into_levels() {
    const size_t m = t_weights_.size();
    const size_t k = size_t(o_.n_targets);
    std::vector<double> r(m), parts;
    for (size_t i = 0; i < m; ++i) r[i] = t_weights_.at(i);
    std::vector<int32_t> trees, nodes, ids;
    const std::vector<double> s0 = level_totals(r);
    std::vector<uint8_t> done(k, 0);
    int64_t level = 0;
    for (;; ++level) {
      const std::vector<double> s = level_totals(r);
      std::vector<double> q(k, 0.0);  // 0: this level takes the plain residual
      bool more = false;
      for (size_t t = 0; t < k; ++t) {
        if (done[t]) continue;
        if (level + 1 < kMaxLevels && s[t] > std::ldexp(s0[t], -40)) {
          q[t] = quantum(s[t]);
          more = true;
        } else {
          done[t] = 1;
        }
      }
      for (size_t i = 0; i < m; ++i) {
        const size_t t = size_t(t_ids_[i]);
        double part = 0.0;
        if (q[t] > 0) part = std::nearbyint(r[i] / q[t]) * q[t];  // exact: scaling by powers of two
        else part = r[i];  // the target's last level (earlier finished targets: r is 0)
        r[i] -= part;  // exact: the bits of r below q
        if (part == 0.0 && level > 0) continue;  // level 0 keeps every weight the caller gave
        trees.push_back(t_tree_ids_[i]);
        nodes.push_back(t_node_ids_[i]);
        ids.push_back(int32_t(level * int64_t(k) + t_ids_[i]));
        parts.push_back(part);
      }
      if (!more) break;
    }
    t_tree_ids_ = std::move(trees);
    t_node_ids_ = std::move(nodes);
    t_ids_ = std::move(ids);
    t_weights_ = FloatColumn(true);
    t_weights_.append(parts.data(), parts.size());
    n_levels_ = level + 1;
    o_.n_targets = int64_t(k) * n_levels_;
  }

  // Per target: the sum over trees of the tree's largest |r|.
  std::vector<double> level_totals(const std::vector<double>& r) const {
    const size_t k = size_t(o_.n_targets);
    std::vector<double> total(k, 0.0), tree_max(k, 0.0);
    int32_t tree = -1;
    auto flush = [&] {
      for (size_t t = 0; t < k; ++t) total[t] += tree_max[t], tree_max[t] = 0.0;
    };
    for (size_t i = 0; i < r.size(); ++i) {  // weights are grouped by tree
      if (t_tree_ids_[i] != tree) flush(), tree = t_tree_ids_[i];
      double& mx = tree_max[size_t(t_ids_[i])];
      mx = std::max(mx, std::fabs(r[i]));
    }
    flush();
    return total;
  }

  // 2^(ceil(log2 s) - 22) for s > 0.
  static double quantum(double s) {
    int e = 0;
    const double mant = std::frexp(s, &e);  // s = mant * 2^e, mant in [0.5, 1)
    return std::ldexp(1.0, (mant == 0.5 ? e - 1 : e) - 22);
  }

  void rollback(size_t nodes, size_t weights, bool tracked_missing) {
    for (auto* v : {&tree_ids_, &node_ids_, &features_, &true_ids_, &false_ids_}) v->resize(nodes);
    values_.resize(nodes);
    modes_.resize(nodes);
    track_missing_ = tracked_missing;
    if (track_missing_) missing_.resize(nodes);
    else missing_.clear();
    for (auto* v : {&t_tree_ids_, &t_node_ids_, &t_ids_}) v->resize(weights);
    t_weights_.resize(weights);
  }

  template <class Ctx>
  void require(const Ctx& ctx) const {
    if (ctx.opset("ai.onnx.ml") < 3)
      throw Error(o_.estimator + ": tree ensembles need ai.onnx.ml opset 3 (the conversion targets " +
                  std::to_string(ctx.opset("ai.onnx.ml")) + ")");
    if (ctx.float_type() != o_.float_type)
      throw Error(o_.estimator + ": the ensemble was built for another float type than the conversion's");
    if (poisoned_) throw Error(o_.estimator + ": the tree ensemble is unusable after a failed add_tree");
    if (tree_ids_.empty()) throw Error(o_.estimator + ": the tree ensemble has no nodes left to emit");
  }

  // An INTS attribute adopting v (moved out when release, else copied).
  template <class T>
  static Attr adopted_of(std::string name, std::vector<T>& v, bool release) {
    Attr a = Attr::adopted(std::move(name), OC_ATTR_INTS, release ? AdoptedVector(std::move(v)) : AdoptedVector(v));
    if (release) v = std::vector<T>();
    return a;
  }

  // Floating attributes: floats for float models, double tensors otherwise.
  static Attr weights_attr(const std::string& name, FloatColumn& v, bool release) {
    const bool dbl = v.is_double();
    return Attr::adopted(dbl ? name + "_as_tensor" : name, dbl ? OC_ATTR_TENSOR : OC_ATTR_FLOATS, v.adopt(release));
  }

  std::vector<Attr> node_attrs(bool release) {
    scratch_.release();
    static const std::vector<std::string> kModeNames{"LEAF", "BRANCH_LEQ", "BRANCH_LT", "BRANCH_EQ"};
    std::vector<Attr> a;
    a.reserve(18);
    a.push_back(adopted_of("nodes_treeids", tree_ids_, release));
    a.push_back(adopted_of("nodes_nodeids", node_ids_, release));
    a.push_back(adopted_of("nodes_featureids", features_, release));
    a.push_back(weights_attr("nodes_values", values_, release));
    a.push_back(Attr::adopted("nodes_modes", OC_ATTR_STRINGS,
                              release ? AdoptedVector(std::move(modes_), kModeNames) : AdoptedVector(modes_, kModeNames)));
    a.push_back(adopted_of("nodes_truenodeids", true_ids_, release));
    a.push_back(adopted_of("nodes_falsenodeids", false_ids_, release));
    if (track_missing_) a.push_back(adopted_of("nodes_missing_value_tracks_true", missing_, release));
    if (release) modes_ = std::vector<uint8_t>();
    return a;
  }

  void append_targets(const std::string& prefix, std::vector<Attr>& a, bool release) {
    a.push_back(adopted_of(prefix + "treeids", t_tree_ids_, release));
    a.push_back(adopted_of(prefix + "nodeids", t_node_ids_, release));
    a.push_back(adopted_of(prefix + "ids", t_ids_, release));
    a.push_back(weights_attr(prefix + "weights", t_weights_, release));
  }

  void append_base_values(std::vector<Attr>& a) const {
    bool any = false;
    for (double b : base_values_) any = any || b != 0.0;
    if (!any) return;
    if (o_.float_type == OC_ELEM_DOUBLE) a.push_back(Attr::tensor_doubles("base_values_as_tensor", base_values_));
    else a.push_back(Attr::floats("base_values", base_values_));
  }

  Options o_;
  size_t n_trees_ = 0;
  // nodes (ids fit int32: the counts are checked in add_tree)
  std::vector<int32_t> tree_ids_, node_ids_, features_, true_ids_, false_ids_;
  std::vector<uint8_t> missing_;
  bool track_missing_ = false;  // missing_ holds one flag per node once any flag is set
  bool poisoned_ = false;       // a leaf callback threw in the middle of add_tree
  // One tree's node fields, reused from tree to tree.
  struct Scratch {
    std::vector<int32_t> node_ids, features, true_ids, false_ids;
    std::vector<uint8_t> missing;
    std::vector<double> values;
    std::vector<uint8_t> modes;
    void resize(size_t n) {  // grows only, keeping the contents
      if (node_ids.size() >= n) return;
      for (auto* v : {&node_ids, &features, &true_ids, &false_ids}) v->resize(n);
      missing.resize(n);
      values.resize(n);
      modes.resize(n);
    }
    void release() { *this = Scratch(); }
  } scratch_;
  FloatColumn values_;
  std::vector<uint8_t> modes_;
  // leaf weights
  std::vector<int32_t> t_tree_ids_, t_node_ids_, t_ids_;
  FloatColumn t_weights_;
  std::vector<double> base_values_;
  std::string post_transform_ = "NONE";
  std::string aggregate_ = "SUM";
};

}  // namespace onnxconv::sdk

#endif  // ONNXCONV_SDK_TREE_ENSEMBLE_HPP
