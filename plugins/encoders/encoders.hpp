// OneHotEncoder and OrdinalEncoder (sklearn/preprocessing/_encoders.py).
//
// Both look each input value up among its column's categories_ and then
// read a per-category table: the output column (one-hot) or the code
// (ordinal). The lookup is shared (categories.hpp); README.md has the graph.
#ifndef ONNXCONV_PLUGINS_ENCODERS_ENCODERS_HPP
#define ONNXCONV_PLUGINS_ENCODERS_ENCODERS_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace onnxconv::encoders {

class OneHotEncoderConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

class OrdinalEncoderConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// TargetEncoder (1.3+; multiclass 1.4+): transform(), not fit_transform's
// cross-fitted values. Unknown categories give target_mean_.
class TargetEncoderConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// LabelEncoder and LabelBinarizer on their own (fitted on y): the input is
// the labels, 1-D [N] of the classes' type; the output int64 like
// scikit-learn's: codes [N] (an unseen label fails the run, as transform
// raises), or indicator columns [N, n_classes] ([N, 1] for two classes) of
// neg_label / pos_label (an unseen label gives neg_label everywhere).
class LabelEncoderConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

class LabelBinarizerConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::encoders

#endif
