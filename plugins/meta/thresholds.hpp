// FixedThresholdClassifier and TunedThresholdClassifierCV (scikit-learn
// >= 1.5): the fitted estimator_ is converted by the host; this converter
// thresholds its response as _threshold_scores_to_class_labels does.
#ifndef ONNXCONV_PLUGINS_META_THRESHOLDS_HPP
#define ONNXCONV_PLUGINS_META_THRESHOLDS_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace onnxconv::meta {

class ThresholdClassifierConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::meta

#endif
