#include "forest.hpp"

#include <algorithm>
#include <cmath>

namespace onnxconv::isolation_forest {

using sdk::Kind;

namespace {

constexpr double kEulerGamma = 0.5772156649015329;  // numpy.euler_gamma

bool is_leaf(const IsolationTree& t, size_t i) { return t.left[i] < 0 && t.right[i] < 0; }

// Depth of every node (root 0). Guards only against what would stop the walk
// (children out of range, nodes reached twice); TreeEnsemble::add_tree
// validates the full structure afterwards.
std::vector<int64_t> node_depths(const IsolationTree& t) {
  const size_t n = t.left.size();
  std::vector<int64_t> depth(n, -1);
  std::vector<size_t> stack{0};
  depth[0] = 0;
  while (!stack.empty()) {
    size_t i = stack.back();
    stack.pop_back();
    if (is_leaf(t, i)) continue;
    for (int64_t child : {t.left[i], t.right[i]}) {
      if (child < 0 || size_t(child) >= n || depth[size_t(child)] >= 0)
        throw sdk::Error(t.where + ": node " + std::to_string(i) + " has child " + std::to_string(child) +
                         ", which is out of range or reached twice");
      depth[size_t(child)] = depth[i] + 1;
      stack.push_back(size_t(child));
    }
  }
  return depth;
}

// The columns each tree was fitted on, or an empty list when scikit-learn
// predicts every tree on all of X (it subsamples only if _max_features
// differs from the number of input features).
std::vector<std::vector<int64_t>> tree_columns(const Object& est, const ForestHeader& h) {
  std::vector<std::vector<int64_t>> out(size_t(h.n_trees));
  if (h.max_features == h.n_features) return out;
  Object all = est.attr("estimators_features_");
  if (all.size() != size_t(h.n_trees))
    all.fail("has " + std::to_string(all.size()) + " entries for " + std::to_string(h.n_trees) + " trees");
  for (size_t t = 0; t < out.size(); ++t) {
    out[t] = all[t].to_int64s();
    if (out[t].size() != size_t(h.max_features))
      all[t].fail("lists " + std::to_string(out[t].size()) + " columns but _max_features is " +
                  std::to_string(h.max_features));
  }
  return out;
}

// Node features as original columns.
void map_features(IsolationTree& tree, const std::vector<int64_t>& columns, const Object& where) {
  if (columns.empty()) return;
  for (size_t i = 0; i < tree.feature.size(); ++i) {
    if (is_leaf(tree, i)) continue;
    int64_t f = tree.feature[i];
    if (f < 0 || size_t(f) >= columns.size())
      where.fail("node " + std::to_string(i) + " splits on feature " + std::to_string(f) + " but the tree saw " +
                 std::to_string(columns.size()) + " columns (estimators_features_)");
    tree.feature[i] = columns[size_t(f)];
  }
}

IsolationTree read_tree(const Object& tree_obj, const std::vector<int64_t>& columns) {
  Object nodes = tree_obj.attr("nodes");
  if (nodes.kind() != Kind::Array) nodes.fail("expected a numpy structured array of nodes");
  if (oc_array_info info = nodes.array_info(); info.dtype_kind != 'V' || info.ndim != 1)
    nodes.fail("expected a 1-D numpy structured array of nodes");
  IsolationTree t;
  t.where = tree_obj.path();
  t.left = nodes.to_int64s("left_child");
  t.right = nodes.to_int64s("right_child");
  t.feature = nodes.to_int64s("feature");
  t.threshold = nodes.to_doubles("threshold");
  std::vector<int64_t> samples = nodes.to_int64s("n_node_samples");
  if (t.left.empty()) nodes.fail("has no nodes");
  map_features(t, columns, nodes);
  std::vector<int64_t> depth = node_depths(t);
  t.path_length.assign(t.left.size(), 0.0);
  for (size_t i = 0; i < t.left.size(); ++i) {
    if (!is_leaf(t, i)) continue;
    // numpy: node_indicator.sum(axis=1) + _average_path_length(n) - 1.0,
    // where the indicator sum counts the leaf's depth + 1 nodes.
    t.path_length[i] = (double(depth[i] + 1) + average_path_length(samples[i])) - 1.0;
    t.max_path_length = std::max(t.max_path_length, t.path_length[i]);
  }
  return t;
}

}  // namespace

double average_path_length(int64_t n) {
  if (n <= 1) return 0.0;
  if (n == 2) return 1.0;
  const double m = double(n);
  return 2.0 * (std::log(m - 1.0) + kEulerGamma) - 2.0 * (m - 1.0) / m;
}

sdk::TreeNodes IsolationTree::view() const {
  return sdk::TreeNodes::of(left, right, feature, threshold);
}

ForestHeader ForestHeader::read(const Object& est) {
  ForestHeader h;
  h.n_features = est.attr("n_features_in_").to_int();
  Object estimators = est.attr("estimators_");
  if (estimators.kind() != Kind::List) estimators.fail("expected a list of fitted trees");
  h.n_trees = int64_t(estimators.size());
  if (h.n_trees < 1) estimators.fail("is empty: the forest has no trees");
  h.max_samples = est.attr("max_samples_").to_int();
  if (h.max_samples < 1) est.attr("max_samples_").fail("must be at least 1");
  h.max_features = est.attr("_max_features").to_int();
  if (h.max_features < 1 || h.max_features > h.n_features)
    est.attr("_max_features").fail("is " + std::to_string(h.max_features) + ", outside [1, n_features_in_ = " +
                                   std::to_string(h.n_features) + "]");
  h.offset = est.attr("offset_").to_double();
  if (!std::isfinite(h.offset)) est.attr("offset_").fail("is not finite");
  return h;
}

Forest Forest::read(const Object& est) {
  Forest f;
  f.header = ForestHeader::read(est);
  Object estimators = est.attr("estimators_");
  std::vector<std::vector<int64_t>> columns = tree_columns(est, f.header);
  f.trees.reserve(columns.size());
  for (size_t t = 0; t < columns.size(); ++t) f.trees.push_back(read_tree(estimators[t].attr("tree_"), columns[t]));
  return f;
}

}  // namespace onnxconv::isolation_forest
