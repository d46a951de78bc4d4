// MultiOutputRegressor, MultiOutputClassifier, RegressorChain and
// ClassifierChain (sklearn.multioutput): one fitted member per target, each
// converted by the host; these converters only wire the members together
// (chains feed each member X plus the previous members' predictions) and put
// the targets back in order.
#ifndef ONNXCONV_PLUGINS_META_MULTIOUTPUT_HPP
#define ONNXCONV_PLUGINS_META_MULTIOUTPUT_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace onnxconv::meta {

class MultiOutputRegressorConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

class MultiOutputClassifierConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// RegressorChain and ClassifierChain (the estimator's classes_ tells them
// apart).
class ChainConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::meta

#endif
