// OneVsRestClassifier and OneVsOneClassifier: each fitted binary member is
// converted by the host; these converters add scikit-learn's combination
// (sklearn/multiclass.py: _predict_binary, the OvR argmax / threshold, the
// OvO votes with _ovr_decision_function's confidence tie-break).
#ifndef ONNXCONV_PLUGINS_META_MULTICLASS_HPP
#define ONNXCONV_PLUGINS_META_MULTICLASS_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace onnxconv::meta {

class OneVsRestConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

class OneVsOneConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::meta

#endif
