// An XGBoost model as its predictor sees it, read from the model document
// (JSON/UBJSON, XGBoost 1.7 to 3.x): the trees that predict() walks, each
// with its output group and weight, the margin-space base score and the
// objective.
#ifndef ONNXCONV_PLUGINS_XGBOOST_XGB_MODEL_HPP
#define ONNXCONV_PLUGINS_XGBOOST_XGB_MODEL_HPP

#include "document.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv::xgboost {

// What predict() does with the margin.
enum class Transform {
  Identity,  // reg:squarederror, ...: the margin itself
  Sigmoid,   // reg:logistic, binary:logistic
  Exp,       // count:poisson, reg:gamma, reg:tweedie
  Hinge,     // binary:hinge: 1 where margin > 0, else 0
  Softmax,   // multi:softprob
  ArgMax,    // multi:softmax: the class index, as a float
};

struct XgbTree {
  // Node arrays as XGBoost stores them; leaves have left == -1.
  std::vector<int64_t> left, right, feature;
  std::vector<double> split;     // threshold (float32 value) or leaf value
  std::vector<uint8_t> default_left;
  std::vector<uint8_t> categorical;             // split_type == 1
  std::vector<std::vector<double>> categories;  // per categorical node: the categories that go right
  int64_t group = 0;                            // output column (tree_info)
  double weight = 1.0;                          // dart's weight_drop, else 1
};

struct XgbModel {
  std::string objective;
  Transform transform = Transform::Identity;
  std::string booster;          // gbtree or dart
  int64_t n_features = 0;
  int64_t n_outputs = 1;        // margin columns: classes, targets or quantiles
  int64_t n_classes = 0;        // num_class (0: not a multi-class model)
  std::vector<double> base_margin;  // per output column, margin space (float32 values)
  std::vector<XgbTree> trees;   // the trees predict() uses, in model order
  std::vector<uint8_t> categorical_features;  // per feature: has categorical splits
  int64_t best_iteration = -1;  // learner attribute, -1 when absent
  int64_t trees_per_iteration = 1;
  std::vector<int64_t> version;  // [major, minor, patch] of the writer
};

// Reads the model document `bytes` (JSON or UBJSON; a pickle's
// {"Model": ..., "Config": ...} serialisation too). `where` names it in
// errors. With `use_best_iteration`, only the rounds up to the document's
// best_iteration attribute are kept, as the scikit-learn wrapper predicts.
XgbModel read_model(const std::string& bytes, const std::string& where, bool use_best_iteration);

}  // namespace onnxconv::xgboost

#endif  // ONNXCONV_PLUGINS_XGBOOST_XGB_MODEL_HPP
