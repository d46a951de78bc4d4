// feature_importances_ of the tree models, a property scikit-learn computes
// from the fitted trees (not stored in the file): computed here the same
// way, in the same order, so SelectFromModel thresholds them exactly.
#ifndef ONNXCONV_PLUGINS_FEATURE_SELECTION_TREE_IMPORTANCES_HPP
#define ONNXCONV_PLUGINS_FEATURE_SELECTION_TREE_IMPORTANCES_HPP

#include "selector.hpp"

#include <optional>
#include <vector>

namespace onnxconv::feature_selection {

// The impurity-based feature_importances_ of a DecisionTree / ExtraTree
// (classifier or regressor), RandomForest / ExtraTrees (classifier or
// regressor) or GradientBoosting (classifier or regressor); nothing when
// `model` is none of those.
std::optional<std::vector<double>> tree_model_importances(const Object& model);

}  // namespace onnxconv::feature_selection

#endif
