// CalibratedClassifierCV: each calibrated classifier's estimator is
// converted by the host; this converter calibrates its scores column by
// column and averages the calibrated probabilities, as
// _CalibratedClassifier.predict_proba and CalibratedClassifierCV.predict_proba do.
#ifndef ONNXCONV_PLUGINS_META_CALIBRATION_HPP
#define ONNXCONV_PLUGINS_META_CALIBRATION_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace onnxconv::meta {

class CalibratedClassifierConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::meta

#endif
