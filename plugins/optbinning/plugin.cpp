// The optbinning plugin's export (checked against plugin.yaml at build time):
// OptimalBinning and ContinuousOptimalBinning alone, as transform(x) with x
// 1-D: input X [N] (strings for a categorical variable of string
// categories, else the model float type), output `variable` [N].
#include "binning_emit.hpp"
#include "process.hpp"
#include "variable_binning.hpp"

namespace onnxconv::optbinning {

using sdk::ValueType;

class SingleBinningConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override {
    VariableBinning v = VariableBinning::read(est, variable_name(est));
    BinValues values = bin_values(v, settings(ctx, v));
    check_input(ctx, est, v, inputs);
    const ValueType& x = inputs[0];
    std::vector<int64_t> dims{x.dim(0)};
    if (x.dims.size() == 2) dims.push_back(1);
    return {ValueType::tensor("variable", value_elem(ctx, values), dims)};
  }

  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override {
    VariableBinning v = VariableBinning::read(est, variable_name(est));
    BinnedVariable bv{&v, bin_values(v, settings(ctx, v)), string_input(v), inputs[0], 0};
    const bool one_d = ctx.input_type(0).dims.size() == 1;
    if (!bv.string_input && one_d)  // the tree ensemble takes [N, 1]
      bv.tensor = ctx.op("Reshape", {inputs[0], ctx.add_int64s("column_shape", {-1, 1}, {2})});
    bv.string_1d = bv.string_input && one_d;
    std::string binned = one_d ? ctx.unique_name("binned") : outputs[0];
    emit_binned(ctx, {bv}, est.path(), binned);
    if (one_d) ctx.add_node("Reshape", {binned, ctx.add_int64s("shape", {-1}, {1})}, {outputs[0]});
  }

 private:
  // "variable 'income'" (its name parameter), for errors.
  static std::string variable_name(const Object& est) {
    auto name = est.find("name");
    if (name && name->kind() == sdk::Kind::String && !name->to_string().empty())
      return "variable '" + name->to_string() + "'";
    return "variable (unnamed " + est.short_class_name() + ")";
  }

  static bool string_input(const VariableBinning& v) { return v.categorical && v.string_codes(); }

  static TransformSettings settings(const Context& ctx, const VariableBinning& v) {
    return transform_settings(ctx, v.n_classes ? "mean_woe" : v.continuous ? "mean" : "woe", v.continuous);
  }

  static void check_input(const Context& ctx, const Object& est, const VariableBinning& v,
                          const std::vector<ValueType>& inputs) {
    if (inputs.size() != 1) est.fail("takes one input, got " + std::to_string(inputs.size()));
    const ValueType& x = inputs[0];
    const int32_t want = string_input(v) ? OC_ELEM_STRING : ctx.float_type();
    const bool shape_ok = x.dims.size() == 1 || (x.dims.size() == 2 && (x.dim(1) == 1 || x.dim(1) == -1));
    if (x.kind != OC_VALUE_TENSOR || x.elem_type != want || !shape_ok)
      est.fail(std::string("expects x as transform() takes it: [N] (or [N, 1]) of ") +
               (want == OC_ELEM_STRING ? "strings (its categories are strings)" : "the model's float type"));
  }
};

}  // namespace onnxconv::optbinning

using onnxconv::optbinning::BinningProcessConverter;
using onnxconv::optbinning::ScorecardConverter;
using onnxconv::optbinning::SingleBinningConverter;
using onnxconv::sdk::converter_for;

ONNXCONV_PLUGIN("optbinning", "0.1.0",
                converter_for<SingleBinningConverter>("optbinning.binning.binning.OptimalBinning"),
                converter_for<SingleBinningConverter>(
                    "optbinning.binning.continuous_binning.ContinuousOptimalBinning"),
                converter_for<SingleBinningConverter>(
                    "optbinning.binning.multiclass_binning.MulticlassOptimalBinning"),
                converter_for<BinningProcessConverter>("optbinning.binning.binning_process.BinningProcess"),
                converter_for<ScorecardConverter>("optbinning.scorecard.scorecard.Scorecard"))
