// IsolationForest (scikit-learn 1.2): `label` (predict, -1/1), `scores`
// (decision_function) and, with --option score_samples=true,
// `score_samples`. The graph, and why it is exact, is in README.md.
#ifndef ONNXCONV_PLUGINS_ISOLATION_FOREST_CONVERTER_HPP
#define ONNXCONV_PLUGINS_ISOLATION_FOREST_CONVERTER_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace onnxconv::isolation_forest {

class IsolationForestConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::isolation_forest

#endif  // ONNXCONV_PLUGINS_ISOLATION_FOREST_CONVERTER_HPP
