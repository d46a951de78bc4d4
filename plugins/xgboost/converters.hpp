// The converters of the xgboost plugin: XGBoost's model documents (a saved
// JSON/UBJSON file, or the bytes a pickled Booster holds) and the
// scikit-learn wrappers around them.
//
// Every model becomes ONE TreeEnsembleRegressor (sdk/tree_ensemble.hpp)
// giving the margin [N, n_outputs] (base score in margin space added), then
// the objective's transform:
//
//   class                               outputs (onnxmltools names)
//   Booster, model file                 variable [N, n_outputs] = Booster.predict
//   XGBRegressor, XGBRFRegressor,       variable [N, n_outputs] = predict, using
//   XGBRanker                           best_iteration as the wrapper does
//   XGBClassifier, XGBRFClassifier      label [N] int64, probabilities [N, n_classes]
//
// Routing is exact for float32 and float64 input: XGBoost compares the input
// rounded to float32 with float32 thresholds (`<`), which sdk::encode_threshold
// re-encodes for double inputs; NaN follows default_left; categorical
// splits become set membership (see categorical_input).
#ifndef ONNXCONV_PLUGINS_XGBOOST_CONVERTERS_HPP
#define ONNXCONV_PLUGINS_XGBOOST_CONVERTERS_HPP

#include <onnxconv/sdk/classifier.hpp>
#include <onnxconv/sdk/sdk.hpp>
#include <onnxconv/sdk/tree_ensemble.hpp>

#include <string>
#include <vector>

namespace onnxconv::xgboost {

// What the scikit-learn class (or the bare Booster) adds to the model.
enum class Wrapper { Booster, Regressor, Classifier };

template <Wrapper W>
class XgbConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

using BoosterConverter = XgbConverter<Wrapper::Booster>;
using RegressorConverter = XgbConverter<Wrapper::Regressor>;
using ClassifierConverter = XgbConverter<Wrapper::Classifier>;

}  // namespace onnxconv::xgboost

#endif  // ONNXCONV_PLUGINS_XGBOOST_CONVERTERS_HPP
