// TransformedTargetRegressor: regressor_ converted by the host, then the
// inverse of the target transform.
#ifndef ONNXCONV_PLUGINS_META_TRANSFORMED_TARGET_HPP
#define ONNXCONV_PLUGINS_META_TRANSFORMED_TARGET_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace onnxconv::meta {

class TransformedTargetConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::meta

#endif
