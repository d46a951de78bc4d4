// Acme's converter plugin: acme_transforms.LogClipTransformer to ONNX.
//
// scikit-learn computes, per feature j,
//   log1p(clip(x_j, lower_[j], upper_[j]) - lower_[j]).
// ONNX's Clip takes scalar bounds and ONNX has no Log1p, so the graph is
// Max, Min, Sub and Log(1 + t); with --option precise_log1p=true the last
// step is the form that stays accurate for tiny t (see emit_precise_log1p).
//
// Built out of tree against the installed SDK (CMakeLists.txt here); the
// marked [snippet:...] regions are quoted in docs/writing-a-converter.md.

// [snippet:includes]
// BlendConverter (blend_converter.hpp) has the host convert sub-estimators,
// added in host ABI 1.3: the whole plugin needs a 1.3 host (and says so in
// plugin.yaml).
#define ONNXCONV_PLUGIN_MIN_ABI_MINOR 3
#include <onnxconv/sdk/sdk.hpp>

#include "blend_converter.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace acme {

using onnxconv::sdk::Context;
using onnxconv::sdk::Error;
using onnxconv::sdk::Object;
using onnxconv::sdk::ValueType;
// [/snippet:includes]

// [snippet:read]
// The fitted state scikit-learn pickled: one bound of each kind per feature.
struct Bounds {
  int64_t n_features = 0;
  std::vector<double> lower, upper;

  static Bounds read(const Object& est) {
    Bounds b;
    b.n_features = est.attr("n_features_in_").to_int();
    b.lower = per_feature(est.attr("lower_"), b.n_features);
    b.upper = per_feature(est.attr("upper_"), b.n_features);
    return b;
  }

 private:
  static std::vector<double> per_feature(const Object& array, int64_t n) {
    std::vector<double> values = array.to_doubles();
    if (static_cast<int64_t>(values.size()) != n)
      array.fail("has " + std::to_string(values.size()) +
                 " values; n_features_in_ is " + std::to_string(n));
    return values;
  }
};
// [/snippet:read]

// [snippet:options]
// --option precise_log1p=true|false, declared under `options` in plugin.yaml
// (the host refuses options that no converter of the model declares).
// Its graph compares floats with Equal, which needs ai.onnx opset 11.
bool precise_log1p(const Context& ctx) {
  bool on = ctx.option_bool("precise_log1p", false);
  if (on && ctx.opset() < 11)
    throw Error("option precise_log1p=true needs ai.onnx opset 11 or later; "
                "this conversion targets opset " + std::to_string(ctx.opset()));
  return on;
}
// [/snippet:options]

// [snippet:precise]
// log1p(t) = log(u) * t / (u - 1) with u = 1 + t, and t itself where u == 1:
// the rounding of 1 + t cancels out, which Log(1 + t) loses for tiny t.
void emit_precise_log1p(const Context& ctx, const std::string& t,
                        const std::string& one, const std::string& output) {
  std::string u = ctx.op("Add", {t, one});
  std::string u_minus_1 = ctx.op("Sub", {u, one});
  std::string zero = ctx.add_floats("zero", {0.0}, {});
  std::string exact = ctx.op("Equal", {u_minus_1, zero});
  // Inf or NaN where u == 1; Where does not pick those.
  std::string ratio = ctx.op("Div", {t, u_minus_1});
  std::string log1p = ctx.op("Mul", {ctx.op("Log", {u}), ratio});
  ctx.add_node("Where", {exact, t, log1p}, {output});
}
// [/snippet:precise]

class LogClipConverter : public onnxconv::sdk::Converter {
 public:
  // [snippet:infer]
  // Shape inference: runs for every step before anything is converted, so
  // bad state or a bad option fails here, and `onnxconv inspect` shows it.
  std::vector<ValueType> infer(Context& ctx, const Object& est,
                               const std::vector<ValueType>& inputs) override {
    Bounds b = Bounds::read(est);
    if (inputs.size() != 1 || inputs[0].kind != OC_VALUE_TENSOR ||
        inputs[0].dims.size() != 2 || inputs[0].elem_type != ctx.float_type())
      est.fail("expects one 2-D tensor of the model's float type");
    const ValueType& x = inputs[0];
    if (x.dim(1) != -1 && x.dim(1) != b.n_features)
      est.fail("expects " + std::to_string(b.n_features) +
               " features; its input has " + std::to_string(x.dim(1)));
    precise_log1p(ctx);  // a bad option fails here, not mid-graph
    // Same batch size (x.dim(0), -1 when unknown), one column per feature.
    return {ValueType::tensor("variable", ctx.float_type(),
                              {x.dim(0), b.n_features})};
  }
  // [/snippet:infer]

  // [snippet:convert]
  // Emits nodes computing outputs[0] from inputs[0]; the host chose both
  // names. Initializers come in the model's float type (add_floats).
  void convert(Context& ctx, const Object& est,
               const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override {
    Bounds b = Bounds::read(est);
    const std::vector<int64_t> row = {b.n_features};  // broadcast per row
    std::string lower = ctx.add_floats("lower", b.lower, row);
    std::string upper = ctx.add_floats("upper", b.upper, row);
    std::string one = ctx.add_floats("one", {1.0}, {});

    std::string clipped = ctx.op("Min", {ctx.op("Max", {inputs[0], lower}), upper});
    std::string shifted = ctx.op("Sub", {clipped, lower});  // >= 0
    if (precise_log1p(ctx)) {
      emit_precise_log1p(ctx, shifted, one, outputs[0]);
    } else {
      ctx.add_node("Log", {ctx.op("Add", {shifted, one})}, {outputs[0]});
    }
  }
  // [/snippet:convert]
};

}  // namespace acme

// [snippet:register]
// The plugin's one exported symbol: name and version as in plugin.yaml, and
// one converter per class listed there.
ONNXCONV_PLUGIN("acme", "1.0.0",
                onnxconv::sdk::converter_for<acme::LogClipConverter>(
                    "acme_transforms.LogClipTransformer"),
                onnxconv::sdk::converter_for<acme::BlendConverter>(
                    "acme_transforms.BlendRegressor"))
// [/snippet:register]
