// KMeans and MiniBatchKMeans (scikit-learn 1.2): `label` is predict(),
// `scores` is transform(). The graph and its accuracy are in README.md.
#ifndef ONNXCONV_PLUGINS_KMEANS_KMEANS_HPP
#define ONNXCONV_PLUGINS_KMEANS_KMEANS_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace onnxconv::kmeans {

// label [N] int64: the first j minimising ||C_j||^2 - 2 x.C_j (what
// scikit-learn's Lloyd E-step compares); scores [N, n_clusters]:
// sqrt(max(||x||^2 - 2 x.C_j + ||C_j||^2, 0)), transform()'s distances.
class KMeansConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::kmeans

#endif  // ONNXCONV_PLUGINS_KMEANS_KMEANS_HPP
