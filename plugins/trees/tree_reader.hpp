// Reading scikit-learn's fitted trees into flat arrays, once per tree.
//
// Two layouts (see /work/shared/PICKLE_NOTES.md, "Trees"):
//   - sklearn.tree._tree.Tree: `nodes` (left_child, right_child, feature,
//     threshold, ...; 1.3+ adds missing_go_to_left) and `values`
//     [n_nodes, n_outputs, max_n_classes]. Leaves have children -1.
//   - HistGradientBoosting's TreePredictor: packed `nodes` (value,
//     feature_idx, num_threshold, missing_go_to_left, left, right, is_leaf,
//     is_categorical, ...).
// Fields are read by name through the host (it knows offsets and packing),
// whole arrays at a time.
#ifndef ONNXCONV_PLUGINS_TREES_TREE_READER_HPP
#define ONNXCONV_PLUGINS_TREES_TREE_READER_HPP

#include <onnxconv/sdk/tree_ensemble.hpp>

#include <cstdint>
#include <vector>

namespace onnxconv::trees {

using sdk::Object;

// One sklearn.tree._tree.Tree.
// The node arrays both tree formats share, and their view for the SDK's
// tree encoder.
struct NodeArrays {
  int64_t n_nodes = 0;
  std::vector<int64_t> left, right, feature;
  std::vector<double> threshold;
  std::vector<uint8_t> missing_left;  // may be empty: no missing-value routing

  sdk::TreeNodes view() const;
};

struct SklearnTree : NodeArrays {
  int64_t n_outputs = 0;    // values.shape[1]
  int64_t n_values = 0;     // values.shape[2]: max_n_classes (1 for regression)
  // missing_left is empty unless the file has the field (1.3+).
  std::vector<double> values;         // [n_nodes, n_outputs, n_values], row-major

  // `tree` is the Tree object (e.g. est.attr("tree_")). `has_missing_field`
  // caches, across the trees of one model, whether the node dtype has the
  // 1.3+ missing_go_to_left field (-1: not probed yet, 0: no, 1: yes).
  static SklearnTree read(const Object& tree, int* has_missing_field = nullptr);
  // Reads only the output shape (cheap: for infer).
  static void read_shape(const Object& tree, int64_t& n_outputs, int64_t& n_values);
  // The number of nodes the tree's node array holds, after checking that
  // node_count (when pickled) says the same: node_count is only a claim,
  // and a hostile one (negative, 10^12) must not size anything.
  static int64_t checked_node_count(const Object& tree);

  double value(int64_t node, int64_t output, int64_t k) const {
    return values[size_t((node * n_outputs + output) * n_values + k)];
  }
};

// One HistGradientBoosting TreePredictor.
struct HistTree : NodeArrays {
  std::vector<double> value;
  std::vector<uint8_t> is_leaf;
  // Categorical splits (0.24+): node i with is_categorical[i] sends a
  // category c to the left when bit c of left_cat_bitsets row bitset_idx[i]
  // is set (raw_left_cat_bitsets: rows of 8 uint32 words, bit c in word
  // c / 32). bitset_idx is checked against the rows present.
  std::vector<uint8_t> is_categorical;
  std::vector<int64_t> bitset_idx;
  std::vector<int64_t> left_cat_bitsets;  // [n_rows * 8]
  bool any_categorical = false;
  // Set splits for the SDK, filled in by the converter (see TreeNodes).
  std::vector<uint8_t> is_set;
  std::vector<std::vector<double>> set_values;

  static HistTree read(const Object& predictor);
  bool left_has(int64_t node, int64_t category) const {
    const size_t row = size_t(bitset_idx[size_t(node)]);
    return (uint64_t(left_cat_bitsets[row * 8 + size_t(category / 32)]) >> (category % 32)) & 1u;
  }
  sdk::TreeNodes view() const;
};

}  // namespace onnxconv::trees

#endif  // ONNXCONV_PLUGINS_TREES_TREE_READER_HPP
