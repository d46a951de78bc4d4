// The converters of the trees plugin: every tree model of scikit-learn 1.1
// to 1.9, each as the release that wrote it predicts.
//
// All of them share one shape: the trees become ONE TreeEnsembleRegressor
// (sdk/tree_ensemble.hpp) whose output columns are the model's raw scores,
// followed by a few ordinary ONNX nodes that turn scores into what
// scikit-learn's predict / predict_proba return:
//
//   family                      ensemble columns       then
//   DecisionTree*/ExtraTree*    leaf value (classif.:  regressor: as is
//   RandomForest*/ExtraTrees*   normalised per leaf)   classifier: label = argmax,
//                               summed over trees      probabilities = sum / n_trees
//   GradientBoosting*           init + lr * sum        regressor: as is; binary:
//                               (init in base_values)  [1-expit(k d), expit(k d)];
//                                                      multiclass: softmax
//   HistGradientBoosting*       baseline + sum         link inverse (identity, exp,
//                                                      expit, softmax)
//
// A TreeEnsembleClassifier is not used: ONNX Runtime special-cases two
// classes in ways that do not match scikit-learn, and the label from an
// ArgMax over the scores is what scikit-learn computes.
//
// Outputs (skl2onnx names): regressors `variable` [N, n_outputs];
// classifiers `label` [N] and `probabilities` [N, n_classes]. Options:
//   zipmap=true         probabilities as a sequence of maps (classifiers)
//   raw_scores=true     probabilities = decision_function (GradientBoosting
//                       and HistGradientBoosting classifiers; binary as [-d, d])
//   decision_leaf=true  extra output `decision_leaf` int64 [N, n_trees]: the
//                       leaf (node index) each row reaches in each tree, trees
//                       in scikit-learn's order (estimators_, stage-major for
//                       boosting: column = stage * K + k)
#ifndef ONNXCONV_PLUGINS_TREES_CONVERTERS_HPP
#define ONNXCONV_PLUGINS_TREES_CONVERTERS_HPP

#include <onnxconv/sdk/classifier.hpp>
#include <onnxconv/sdk/sdk.hpp>
#include <onnxconv/sdk/tree_ensemble.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv::trees {

using sdk::Context;
using sdk::Object;
using sdk::ValueType;

// What the graph does with the ensemble's scores.
enum class Head {
  Regression,      // variable = scores / divisor
  RegressionExp,   // variable = exp(scores)              (log link)
  AverageProba,    // label = argmax(scores); probabilities = scores / divisor
  BinaryLogistic,  // d = scores [N, 1]; probabilities = [1 - expit(s d), expit(s d)]
  Softmax,         // label = argmax(scores); probabilities = softmax(scores)
};

// Everything but the trees: cheap to compute (infer calls it too).
struct Plan {
  bool classifier = false;
  sdk::ClassLabels classes;
  int64_t n_features = -1;
  // Columns the graph appends to X before the ensemble (HistGradientBoosting
  // category codes); the ensemble reads n_features + n_derived_features.
  int64_t n_derived_features = 0;
  int64_t n_outputs = 1;   // regression targets
  int64_t n_targets = 1;   // ensemble output columns
  int64_t n_trees = 0;
  int64_t n_nodes_hint = 0;  // for reserving (0: unknown)
  sdk::SourceInput source_input = sdk::SourceInput::RoundedToFloat32;
  std::vector<double> base_values;  // per ensemble column, or empty
  Head head = Head::Regression;
  double divisor = 1.0;          // Regression, AverageProba
  double logistic_scale = 1.0;   // BinaryLogistic: 2 for the exponential loss
  bool positive_on_tie = false;  // BinaryLogistic: d == 0 gives classes_[1]
  bool has_decision_function = false;
  // options
  bool zipmap = false;
  bool raw_scores = false;
  bool decision_leaf = false;
};

class TreeModelConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est,
                               const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;

 protected:
  // The family's plan, options not yet applied.
  virtual Plan describe(const Context& ctx, const Object& est) const = 0;
  // Adds the trees in scikit-learn's order.
  virtual void add_trees(sdk::TreeEnsemble& ens, const Object& est, const Plan& plan) const = 0;
  // Checks the inputs planning gives the model: one [N, n_features]
  // tensor of the model float type.
  virtual void check_inputs(const Context& ctx, const Object& est, const Plan& plan,
                            const std::vector<ValueType>& inputs) const;
  // The ensemble's input: X itself, or X with the plan's derived columns.
  virtual std::string ensemble_input(const Context&, const Object&, const Plan&,
                                     const std::vector<std::string>& inputs) const {
    return inputs.at(0);
  }

 private:
  Plan plan(const Context& ctx, const Object& est) const;
};

// DecisionTreeClassifier/Regressor, ExtraTreeClassifier/Regressor.
class SingleTreeConverter : public TreeModelConverter {
 protected:
  Plan describe(const Context& ctx, const Object& est) const override;
  void add_trees(sdk::TreeEnsemble& ens, const Object& est, const Plan& plan) const override;
};

// RandomForestClassifier/Regressor, ExtraTreesClassifier/Regressor.
class ForestConverter : public TreeModelConverter {
 protected:
  Plan describe(const Context& ctx, const Object& est) const override;
  void add_trees(sdk::TreeEnsemble& ens, const Object& est, const Plan& plan) const override;
};

// GradientBoostingClassifier/Regressor.
class GradientBoostingConverter : public TreeModelConverter {
 protected:
  Plan describe(const Context& ctx, const Object& est) const override;
  void add_trees(sdk::TreeEnsemble& ens, const Object& est, const Plan& plan) const override;
};

// HistGradientBoostingClassifier/Regressor, categorical_features on
// numeric category codes included (see hgb_categories.hpp).
class HistGradientBoostingConverter : public TreeModelConverter {
 protected:
  Plan describe(const Context& ctx, const Object& est) const override;
  void add_trees(sdk::TreeEnsemble& ens, const Object& est, const Plan& plan) const override;
  // String categories (categorical_features='from_dtype' on a DataFrame):
  // the DataFrame's columns, string ones as tensor(string).
  void check_inputs(const Context& ctx, const Object& est, const Plan& plan,
                    const std::vector<ValueType>& inputs) const override;
  std::string ensemble_input(const Context& ctx, const Object& est, const Plan& plan,
                             const std::vector<std::string>& inputs) const override;
};

}  // namespace onnxconv::trees

#endif  // ONNXCONV_PLUGINS_TREES_CONVERTERS_HPP
