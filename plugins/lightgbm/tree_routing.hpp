// LightGBM's routing rules (Tree::NumericalDecision / CategoricalDecision)
// as nodes the SDK's TreeEnsemble takes: "x <= t" comparisons with a NaN
// direction, and set splits.
#ifndef ONNXCONV_PLUGINS_LIGHTGBM_TREE_ROUTING_HPP
#define ONNXCONV_PLUGINS_LIGHTGBM_TREE_ROUTING_HPP

#include "model_text.hpp"

#include <cstdint>
#include <vector>

namespace onnxconv::lightgbm {

// One LightGBM tree rewritten as an SDK tree (root at node 0): arrays for
// sdk::TreeNodes plus each leaf's value. Nodes of a "zero as missing"
// split whose zero interval does not fall on the default side are
// expanded into three comparisons, copying a subtree (see tree_routing.cpp).
struct RoutedTree {
  std::vector<int64_t> left, right, feature;
  std::vector<double> threshold, leaf_value;
  std::vector<int64_t> leaf_index;  // LightGBM's leaf number at leaves, -1 elsewhere
  std::vector<uint8_t> missing_left, is_leaf, is_set;
  std::vector<std::vector<double>> set_values;
  bool any_set = false;
};

// `where` names the tree in errors. Checks that the tree is a tree.
RoutedTree route_tree(const Tree& tree, const std::string& where);

// The features a tree splits on by category (decision_type bit 0).
void categorical_features(const Tree& tree, std::vector<uint8_t>& is_categorical,
                          std::vector<uint8_t>& is_numerical);

}  // namespace onnxconv::lightgbm

#endif  // ONNXCONV_PLUGINS_LIGHTGBM_TREE_ROUTING_HPP
