// StackingClassifier and StackingRegressor: the members and the final
// estimator are converted by the host; this converter builds the meta
// features between them as _BaseStacking._concatenate_predictions does.
#ifndef ONNXCONV_PLUGINS_META_STACKING_HPP
#define ONNXCONV_PLUGINS_META_STACKING_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace onnxconv::meta {

class StackingConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::meta

#endif
