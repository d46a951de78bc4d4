// Reading a fitted IsolationForest into what its scores need: per tree, the
// split nodes (features mapped back to the original columns) and each
// leaf's path length, as scikit-learn 1.2's _compute_score_samples adds it.
#ifndef ONNXCONV_PLUGINS_ISOLATION_FOREST_FOREST_HPP
#define ONNXCONV_PLUGINS_ISOLATION_FOREST_FOREST_HPP

#include <onnxconv/sdk/tree_ensemble.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv::isolation_forest {

using sdk::Object;

// scikit-learn's _average_path_length for one leaf size n: the expected path
// length of an unsuccessful search in a binary search tree of n keys.
// 0 for n <= 1, 1 for n == 2, else 2 (ln(n - 1) + gamma) - 2 (n - 1) / n.
double average_path_length(int64_t n);

// One ExtraTreeRegressor of the forest.
struct IsolationTree {
  std::string where;  // e.g. "IsolationForest.estimators_[3].tree_"
  std::vector<int64_t> left, right, feature;  // feature: original column
  std::vector<double> threshold;
  // At leaves: depth + c(n_node_samples), computed exactly as scikit-learn
  // adds it per tree: ((depth + 1) + c(n)) - 1.0 in double. 0 elsewhere.
  std::vector<double> path_length;
  double max_path_length = 0;

  sdk::TreeNodes view() const;
};

// The scalars of a fitted IsolationForest (cheap: for infer).
struct ForestHeader {
  int64_t n_features = 0;   // n_features_in_
  int64_t n_trees = 0;      // len(estimators_)
  int64_t max_samples = 0;  // max_samples_
  int64_t max_features = 0; // _max_features
  double offset = 0;        // offset_

  static ForestHeader read(const Object& est);
  // scikit-learn's denominator: n_trees * c(max_samples_).
  double path_length_norm() const { return double(n_trees) * average_path_length(max_samples); }
};

struct Forest {
  ForestHeader header;
  std::vector<IsolationTree> trees;

  static Forest read(const Object& est);
};

}  // namespace onnxconv::isolation_forest

#endif  // ONNXCONV_PLUGINS_ISOLATION_FOREST_FOREST_HPP
