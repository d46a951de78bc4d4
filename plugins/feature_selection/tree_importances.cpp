// The feature_importances_ properties of sklearn/tree/_classes.py,
// sklearn/ensemble/_forest.py and _gb.py (unchanged from 0.24 to 1.9), and
// Tree.compute_feature_importances of sklearn/tree/_tree.pyx. This file is
// built with -ffp-contract=off: a fused multiply-add would round
// differently from scikit-learn's wheels, which use none.
#include "tree_importances.hpp"

#include "numpy_like.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace onnxconv::feature_selection {
namespace {

const std::set<std::string> kSingleTrees = {"DecisionTreeClassifier", "DecisionTreeRegressor",
                                            "ExtraTreeClassifier", "ExtraTreeRegressor"};
const std::set<std::string> kForests = {"RandomForestClassifier", "RandomForestRegressor",
                                        "ExtraTreesClassifier", "ExtraTreesRegressor"};
const std::set<std::string> kBoosting = {"GradientBoostingClassifier", "GradientBoostingRegressor"};

int64_t model_width(const Object& model) {
  for (const char* name : {"n_features_in_", "n_features_"})
    if (auto n = model.find(name); n && n->kind() == sdk::Kind::Int) {
      int64_t w = n->to_int();
      if (w < 1) n->fail("is " + std::to_string(w) + "; a fitted tree model has at least one feature");
      return w;
    }
  model.fail("has neither n_features_in_ nor n_features_: its feature count is unknown");
}

// The node arrays compute_feature_importances reads.
struct Nodes {
  std::vector<int64_t> left, right, feature;
  std::vector<double> impurity, weight;
  size_t size() const { return left.size(); }
};

Nodes read_nodes(const Object& tree, int64_t n_features) {
  Object nodes = tree.attr("tree_").attr("nodes");
  if (nodes.kind() != sdk::Kind::Array || nodes.array_info().ndim != 1)
    nodes.fail("expected the 1-D structured array of tree nodes");
  Nodes n{nodes.to_int64s("left_child"), nodes.to_int64s("right_child"), nodes.to_int64s("feature"),
          nodes.to_doubles("impurity"), nodes.to_doubles("weighted_n_node_samples")};
  if (n.size() == 0) nodes.fail("holds no node");
  int64_t count = static_cast<int64_t>(n.size());
  for (size_t i = 0; i < n.size(); ++i) {
    if (n.left[i] == -1) continue;  // leaf
    if (n.left[i] <= 0 || n.left[i] >= count || n.right[i] <= 0 || n.right[i] >= count)
      nodes.fail("node " + std::to_string(i) + " has children " + std::to_string(n.left[i]) + " and " +
                 std::to_string(n.right[i]) + " outside the " + std::to_string(count) + " nodes");
    if (n.feature[i] < 0 || n.feature[i] >= n_features)
      nodes.fail("node " + std::to_string(i) + " splits on feature " + std::to_string(n.feature[i]) +
                 " of " + std::to_string(n_features));
  }
  return n;
}

// Tree.compute_feature_importances(normalize): per split node, the
// weighted impurity decrease added to its feature, in node order; divided
// by the root's weight; with normalize, divided by the sum when positive.
std::vector<double> compute_feature_importances(const Nodes& n, int64_t n_features, bool normalize) {
  std::vector<double> imp(static_cast<size_t>(n_features), 0.0);
  for (size_t i = 0; i < n.size(); ++i) {
    if (n.left[i] == -1) continue;
    size_t l = static_cast<size_t>(n.left[i]), r = static_cast<size_t>(n.right[i]);
    imp[static_cast<size_t>(n.feature[i])] +=
        n.weight[i] * n.impurity[i] - n.weight[l] * n.impurity[l] - n.weight[r] * n.impurity[r];
  }
  for (double& x : imp) x /= n.weight[0];
  if (normalize) {
    double total = numpy_sum(imp);
    if (total > 0.0)
      for (double& x : imp) x /= total;
  }
  return imp;
}

// np.mean(rows, axis=0, dtype=float64) / np.sum(of that): rows summed in
// order (the reduction runs along the contiguous feature axis), divided by
// the count, then normalised.
std::vector<double> mean_normalised(const std::vector<std::vector<double>>& rows, int64_t n_features) {
  if (rows.empty()) return std::vector<double>(static_cast<size_t>(n_features), 0.0);
  std::vector<double> mean(static_cast<size_t>(n_features), 0.0);
  for (const auto& r : rows)
    for (size_t j = 0; j < mean.size(); ++j) mean[j] += r[j];
  for (double& x : mean) x /= static_cast<double>(rows.size());
  double total = numpy_sum(mean);
  for (double& x : mean) x /= total;
  return mean;
}

// Every tree of an ensemble whose tree_ has more than one node.
std::vector<std::vector<double>> relevant_tree_importances(const Object& members, int64_t n_features,
                                                           bool normalize) {
  std::vector<std::vector<double>> rows;
  for (size_t i = 0; i < members.size(); ++i) {
    Object tree = members[i];
    if (tree.kind() != sdk::Kind::Instance) tree.fail("expected a fitted tree");
    int64_t width = model_width(tree);
    if (width != n_features)
      tree.fail("was fitted on " + std::to_string(width) + " features, the ensemble on " +
                std::to_string(n_features));
    Nodes nodes = read_nodes(tree, n_features);
    if (nodes.size() > 1) rows.push_back(compute_feature_importances(nodes, n_features, normalize));
  }
  return rows;
}

}  // namespace

std::optional<std::vector<double>> tree_model_importances(const Object& model) {
  std::string cls = model.short_class_name();
  bool single = kSingleTrees.count(cls) > 0, forest = kForests.count(cls) > 0, boosting = kBoosting.count(cls) > 0;
  if (!single && !forest && !boosting) return std::nullopt;
  int64_t n_features = model_width(model);
  if (single) return compute_feature_importances(read_nodes(model, n_features), n_features, true);
  Object members = model.attr("estimators_");
  if (forest) return mean_normalised(relevant_tree_importances(members, n_features, true), n_features);
  // GradientBoosting: estimators_ is an object array [n_stages, K] of trees.
  return mean_normalised(relevant_tree_importances(members, n_features, false), n_features);
}

}  // namespace onnxconv::feature_selection
