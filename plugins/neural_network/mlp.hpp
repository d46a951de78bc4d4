// MLPClassifier and MLPRegressor (scikit-learn 0.24 to 1.9): one forward
// pass, the `_forward_pass_fast` of scikit-learn, then what each class makes
// of the last layer. The graph and its accuracy are in README.md.
#ifndef ONNXCONV_PLUGINS_NEURAL_NETWORK_MLP_HPP
#define ONNXCONV_PLUGINS_NEURAL_NETWORK_MLP_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace onnxconv::neural_network {

// label [N] (binary, multiclass) or [N, n_outputs] int64 0/1 (multilabel),
// probabilities [N, n_classes]: predict and predict_proba.
class MlpClassifierConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// variable [N, n_outputs]: predict (identity output, or exp for the
// poisson loss of 1.7+).
class MlpRegressorConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::neural_network

#endif  // ONNXCONV_PLUGINS_NEURAL_NETWORK_MLP_HPP
