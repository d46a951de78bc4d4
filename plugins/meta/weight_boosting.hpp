// AdaBoostClassifier (SAMME, and SAMME.R before 1.6) and AdaBoostRegressor
// (weighted median): each fitted member is converted by the host; these
// converters only add the weighted combination.
#ifndef ONNXCONV_PLUGINS_META_WEIGHT_BOOSTING_HPP
#define ONNXCONV_PLUGINS_META_WEIGHT_BOOSTING_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace onnxconv::meta {

class AdaBoostClassifierConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

class AdaBoostRegressorConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::meta

#endif
