#include "tree_routing.hpp"

#include <onnxconv/sdk/sdk.hpp>

#include <cmath>
#include <limits>
#include <string>

namespace onnxconv::lightgbm {

namespace {

using sdk::Error;

// LightGBM's kZeroThreshold: the double of the float 1e-35f.
const double kZero = double(1e-35f);
constexpr int64_t kCategoricalMask = 1, kDefaultLeftMask = 2;
enum MissingType { kNone = 0, kZeroMissing = 1, kNaN = 2 };
// A zero-as-missing split may copy one subtree; this bounds the growth.
constexpr size_t kMaxNodesPerLeaf = 64;
// The router recurses once per level (about 370 bytes of stack each): 1000
// levels stay within a 1 MiB thread stack. LightGBM's default is 31 leaves;
// a deeper chain is refused, naming the limit.
constexpr int kMaxDepth = 1000;

// LightGBM's predict reads every input with |x| <= kZeroThreshold as 0.0
// (the C API keeps only values above it when it builds a row: NaN stays
// NaN). So "x <= t" really is "snap(x) <= t"; for a threshold inside the
// zero interval that is a comparison with one of its ends.
double effective_threshold(double t) {
  if (t >= kZero || t < -kZero) return t;
  if (t >= 0) return kZero;  // every x in the interval goes left, as 0 does
  return std::nextafter(-kZero, -std::numeric_limits<double>::infinity());  // x < -kZero
}

class Router {
 public:
  Router(const Tree& t, std::string where) : t_(t), where_(std::move(where)) {}

  RoutedTree run() {
    check_structure();
    limit_ = size_t(t_.num_leaves) * kMaxNodesPerLeaf + 1024;
    emit(t_.num_leaves > 1 ? 0 : -1, 0);
    return std::move(out_);
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw Error(where_ + ": " + what); }

  // Every internal node and leaf reached exactly once from node 0.
  void check_structure() const {
    const int64_t n_internal = t_.num_leaves - 1;
    if (n_internal == 0) return;
    std::vector<uint8_t> seen_node(size_t(n_internal), 0), seen_leaf(size_t(t_.num_leaves), 0);
    std::vector<int64_t> stack{0};
    seen_node[0] = 1;
    while (!stack.empty()) {
      int64_t i = stack.back();
      stack.pop_back();
      for (int64_t c : {t_.left_child[size_t(i)], t_.right_child[size_t(i)]}) {
        if (c >= 0) {
          if (c >= n_internal) fail("node " + std::to_string(i) + ": child " + std::to_string(c) + " out of range");
          if (seen_node[size_t(c)]++) fail("node " + std::to_string(c) + " is reached twice");
          stack.push_back(c);
        } else {
          int64_t leaf = ~c;
          if (leaf >= t_.num_leaves) fail("node " + std::to_string(i) + ": leaf " + std::to_string(leaf) + " out of range");
          if (seen_leaf[size_t(leaf)]++) fail("leaf " + std::to_string(leaf) + " is reached twice");
        }
      }
    }
    for (uint8_t s : seen_node)
      if (!s) fail("some internal nodes are not reachable from the root");
    for (uint8_t s : seen_leaf)
      if (!s) fail("some leaves are not reachable from the root");
  }

  int64_t new_node() {
    if (out_.left.size() >= limit_) fail("zero-as-missing splits expand the tree beyond " + std::to_string(limit_) + " nodes");
    out_.left.push_back(-1);
    out_.right.push_back(-1);
    out_.feature.push_back(0);
    out_.threshold.push_back(0.0);
    out_.leaf_value.push_back(0.0);
    out_.leaf_index.push_back(-1);
    out_.missing_left.push_back(0);
    out_.is_leaf.push_back(0);
    out_.is_set.push_back(0);
    out_.set_values.emplace_back();
    return int64_t(out_.left.size()) - 1;
  }

  // A comparison node "x[f] <= t" (NaN to the left when nan_left) whose
  // children come from `left` and `right`.
  template <class Left, class Right>
  int64_t compare(int64_t f, double t, bool nan_left, Left&& left, Right&& right) {
    const int64_t n = new_node();
    out_.feature[size_t(n)] = f;
    out_.threshold[size_t(n)] = t;
    out_.missing_left[size_t(n)] = nan_left;
    const int64_t l = left();
    out_.left[size_t(n)] = l;
    const int64_t r = right();
    out_.right[size_t(n)] = r;
    return n;
  }

  // Emits LightGBM's child reference `ref` (>= 0 internal node, < 0 leaf
  // ~ref); every call makes fresh nodes, so a subtree referenced twice is
  // copied.
  int64_t emit(int64_t ref, int depth) {
    if (depth > kMaxDepth) fail("deeper than " + std::to_string(kMaxDepth) + " levels");
    if (ref < 0) {
      const int64_t n = new_node();
      out_.is_leaf[size_t(n)] = 1;
      out_.leaf_value[size_t(n)] = t_.leaf_value[size_t(~ref)];
      out_.leaf_index[size_t(n)] = ~ref;
      return n;
    }
    const size_t i = size_t(ref);
    const int64_t dt = t_.decision_type[i], f = t_.split_feature[i];
    const double t = effective_threshold(t_.threshold[i]);
    const int64_t L = t_.left_child[i], R = t_.right_child[i];
    auto sub = [&](int64_t c) { return [this, c, depth] { return emit(c, depth + 1); }; };
    if (dt & kCategoricalMask) return categorical(i, depth);
    const int missing = int((dt >> 2) & 3);
    const bool default_left = (dt & kDefaultLeftMask) != 0;
    switch (missing) {
      case kNone:  // NaN is read as 0.0
        return compare(f, t, 0.0 <= t_.threshold[i], sub(L), sub(R));
      case kNaN:
        return compare(f, t, default_left, sub(L), sub(R));
      case kZeroMissing:
        return zero_as_missing(f, t, default_left, L, R, depth);
      default:
        fail("node " + std::to_string(i) + ": decision_type " + std::to_string(dt) + " has missing type 3 (unknown)");
    }
  }

  // Missing type Zero: NaN and every x with |x| <= kZeroThreshold take the
  // default side, other values compare x <= t. When the zero interval
  // already falls on the default side a single comparison does; otherwise
  //   x < -kZero ? (x <= t ? L : R) : x <= kZero (NaN too) ? default : (x <= t ? L : R)
  // where each "x <= t" that the bounds decide is dropped.
  int64_t zero_as_missing(int64_t f, double t, bool default_left, int64_t L, int64_t R, int depth) {
    auto sub = [&](int64_t c) { return [this, c, depth] { return emit(c, depth + 1); }; };
    if ((default_left && t >= kZero) || (!default_left && t < -kZero))
      return compare(f, t, default_left, sub(L), sub(R));
    const int64_t D = default_left ? L : R;
    const double below_zero = std::nextafter(-kZero, -std::numeric_limits<double>::infinity());
    auto negative_side = [&]() -> int64_t {  // x < -kZero: x <= t decides unless t >= -kZero
      if (t >= -kZero) return emit(L, depth + 1);
      return compare(f, t, false, sub(L), sub(R));
    };
    auto rest = [&]() -> int64_t {  // x >= -kZero or NaN
      auto positive_side = [&]() -> int64_t {  // x > kZero
        if (t <= kZero) return emit(R, depth + 1);
        return compare(f, t, false, sub(L), sub(R));
      };
      return compare(f, kZero, true, sub(D), positive_side);
    };
    return compare(f, below_zero, false, negative_side, rest);
  }

  // x goes left when trunc(x) (the input the ONNX graph feeds: see
  // converter.cpp) is in the node's bitset; NaN and negatives go right.
  int64_t categorical(size_t i, int depth) {
    const double cat_idx = t_.threshold[i];
    const int64_t num_cat = int64_t(t_.cat_boundaries.size()) - 1;
    if (!(cat_idx >= 0 && cat_idx < double(num_cat)) || cat_idx != std::floor(cat_idx))
      fail("node " + std::to_string(i) + ": categorical split " + std::to_string(cat_idx) + " of " +
           std::to_string(num_cat > 0 ? num_cat : 0));
    const size_t k = size_t(cat_idx);
    std::vector<double> members;
    for (int64_t w = t_.cat_boundaries[k]; w < t_.cat_boundaries[k + 1]; ++w) {
      const uint32_t word = t_.cat_threshold[size_t(w)];
      for (int b = 0; b < 32; ++b)
        if (word & (uint32_t(1) << b)) members.push_back(double((w - t_.cat_boundaries[k]) * 32 + b));
    }
    const int64_t n = new_node();
    out_.feature[size_t(n)] = t_.split_feature[i];
    out_.is_set[size_t(n)] = 1;
    out_.set_values[size_t(n)] = std::move(members);
    out_.any_set = true;
    const int64_t l = emit(t_.left_child[i], depth + 1);
    out_.left[size_t(n)] = l;
    const int64_t r = emit(t_.right_child[i], depth + 1);
    out_.right[size_t(n)] = r;
    return n;
  }

  const Tree& t_;
  std::string where_;
  size_t limit_ = 0;
  RoutedTree out_;
};

}  // namespace

RoutedTree route_tree(const Tree& tree, const std::string& where) { return Router(tree, where).run(); }

void categorical_features(const Tree& tree, std::vector<uint8_t>& is_categorical, std::vector<uint8_t>& is_numerical) {
  for (size_t i = 0; i < tree.decision_type.size(); ++i) {
    const size_t f = size_t(tree.split_feature[i]);
    if (tree.decision_type[i] & kCategoricalMask) is_categorical[f] = 1;
    else is_numerical[f] = 1;
  }
}

}  // namespace onnxconv::lightgbm
