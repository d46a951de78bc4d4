// The binning plugin's converters; each reads its estimator into
// ColumnTables (binning_graph.hpp) and lets the shared emitter build the
// graph. See README.md.
#ifndef ONNXCONV_PLUGINS_WOE_CONVERTERS_HPP
#define ONNXCONV_PLUGINS_WOE_CONVERTERS_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace onnxconv::woe {

using sdk::Context;
using sdk::Object;
using sdk::ValueType;

// skl2onnx.sklapi.woe_transformer.WOETransformer: variable [N, n_dims_]
// (onehot) or [N, n_columns]; passthrough columns copied.
class WoeTransformerConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// sklearn.preprocessing.KBinsDiscretizer: variable [N, n_features] (ordinal)
// or [N, sum(n_bins_)] (onehot-dense, and onehot whose sparse matrix
// becomes a dense tensor).
class KBinsDiscretizerConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// onnxconv.scorecard.Scorecard (a YAML file, docs/scorecard-format.md):
// variable [N, 1] (output: score) or [N, n_features listed] (output: woe).
// Option `output` overrides the file's choice.
class ScorecardConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// Shared checks: one input [N, n] of the model's float type, n == width
// when both are known.
void check_input(const Context& ctx, const Object& est, const std::vector<ValueType>& inputs, int64_t width);
ValueType float_output(const Context& ctx, int64_t width);

// Scalars of the model file; errors name the object's path.
double read_double(const Object& o);
int64_t read_int(const Object& o);
bool read_bool(const Object& o);

}  // namespace onnxconv::woe

#endif  // ONNXCONV_PLUGINS_WOE_CONVERTERS_HPP
