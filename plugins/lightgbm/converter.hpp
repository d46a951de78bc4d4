// The LightGBM converter: lightgbm.basic.Booster (pickled, or a model text
// file the host hands over as one) and the scikit-learn wrappers
// LGBMClassifier, LGBMRegressor and LGBMRanker.
//
// Graph: [categorical columns truncated toward zero] -> one
// TreeEnsembleRegressor summing the raw scores of the iterations predict
// uses (double models: exact sums, sdk emit_exact_sums) -> [/ iterations
// for boosting=rf] -> the objective's transform -> outputs:
//   Booster, LGBMRegressor, LGBMRanker: variable [N, num_class]
//   LGBMClassifier: label [N], probabilities [N, n_classes]
#ifndef ONNXCONV_PLUGINS_LIGHTGBM_CONVERTER_HPP
#define ONNXCONV_PLUGINS_LIGHTGBM_CONVERTER_HPP

#include <onnxconv/sdk/classifier.hpp>
#include <onnxconv/sdk/sdk.hpp>
#include <onnxconv/sdk/tree_ensemble.hpp>

#include <string>
#include <vector>

namespace onnxconv::lightgbm {

class LightGBMConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::lightgbm

#endif  // ONNXCONV_PLUGINS_LIGHTGBM_CONVERTER_HPP
