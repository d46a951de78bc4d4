// LightGBM's model text (Booster.save_model / model_to_string, LightGBM 3.x
// and 4.x): the header and the trees, checked for consistency. Pickled
// Boosters and the scikit-learn wrappers carry the same text.
#ifndef ONNXCONV_PLUGINS_LIGHTGBM_MODEL_TEXT_HPP
#define ONNXCONV_PLUGINS_LIGHTGBM_MODEL_TEXT_HPP

#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv::lightgbm {

// One tree as LightGBM stores it: internal nodes 0 .. num_leaves-2, a child
// >= 0 is an internal node, a child < 0 is leaf ~child.
struct Tree {
  size_t line = 0;  // line of "Tree=<i>" in the text, for errors
  int64_t num_leaves = 0;
  std::vector<int64_t> split_feature, decision_type, left_child, right_child;
  std::vector<double> threshold, leaf_value;
  std::vector<int64_t> cat_boundaries;
  std::vector<uint32_t> cat_threshold;
  bool is_linear = false;
  // Linear trees (linear_tree=true): leaf i outputs leaf_const[i] +
  // sum_j leaf_coeff[i][j] * x[leaf_features[i][j]], or leaf_value[i] when
  // one of those features is NaN.
  std::vector<double> leaf_const;
  std::vector<std::vector<int64_t>> leaf_features;
  std::vector<std::vector<double>> leaf_coeff;
};

struct ModelText {
  int64_t num_class = 1;
  int64_t num_tree_per_iteration = 1;
  int64_t max_feature_idx = -1;
  bool average_output = false;  // boosting=rf
  std::string objective;        // the whole line, e.g. "binary sigmoid:1"
  std::vector<Tree> trees;

  int64_t n_features() const { return max_feature_idx + 1; }
  int64_t n_iterations() const { return int64_t(trees.size()) / num_tree_per_iteration; }
};

// Parses and checks the text. Errors read "<where>: line N: ..." with N
// 1-based. `where` names the source (file or pickled attribute).
ModelText parse_model_text(const std::string& text, const std::string& where);

}  // namespace onnxconv::lightgbm

#endif  // ONNXCONV_PLUGINS_LIGHTGBM_MODEL_TEXT_HPP
