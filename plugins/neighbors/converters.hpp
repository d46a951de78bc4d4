// The neighbours converters. Each reads the fitted state (fitted.hpp) and
// builds on the shared distance / TopK graph (knn_graph.hpp).
#ifndef ONNXCONV_PLUGINS_NEIGHBORS_CONVERTERS_HPP
#define ONNXCONV_PLUGINS_NEIGHBORS_CONVERTERS_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace onnxconv::neighbors {

#define ONNXCONV_NEIGHBORS_CONVERTER(Name)                                                      \
  class Name : public sdk::Converter {                                                          \
   public:                                                                                      \
    std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,                \
                                      const std::vector<sdk::ValueType>& inputs) override;      \
    void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs, \
                 const std::vector<std::string>& outputs) override;                             \
  };

// KNeighborsClassifier: label [N], probabilities [N, n_classes].
ONNXCONV_NEIGHBORS_CONVERTER(KNeighborsClassifierConverter)
// KNeighborsRegressor: variable [N, n_targets].
ONNXCONV_NEIGHBORS_CONVERTER(KNeighborsRegressorConverter)
// NearestNeighbors: kneighbors() as index [N, k] int64, distance [N, k].
ONNXCONV_NEIGHBORS_CONVERTER(NearestNeighborsConverter)
// KNNImputer: variable [N, n_output_columns].
ONNXCONV_NEIGHBORS_CONVERTER(KNNImputerConverter)
// LocalOutlierFactor(novelty=True): label [N] (1 / -1), scores [N, 1]
// (decision_function), score_samples [N, 1] with the option.
ONNXCONV_NEIGHBORS_CONVERTER(LocalOutlierFactorConverter)
// RadiusNeighborsClassifier: label [N] (outlier_label_ for rows without
// neighbours), probabilities [N, n_classes].
ONNXCONV_NEIGHBORS_CONVERTER(RadiusNeighborsClassifierConverter)
// RadiusNeighborsRegressor: variable [N, n_targets] (NaN without neighbours).
ONNXCONV_NEIGHBORS_CONVERTER(RadiusNeighborsRegressorConverter)

#undef ONNXCONV_NEIGHBORS_CONVERTER

}  // namespace onnxconv::neighbors

#endif  // ONNXCONV_PLUGINS_NEIGHBORS_CONVERTERS_HPP
