// Acme's composite: acme_transforms.BlendRegressor to ONNX, through the
// host's composition seam (host ABI 1.3). Its two members are whatever
// scikit-learn estimators the user chose (a LinearRegression, a Pipeline
// holding Acme's own LogClipTransformer...): the host converts them with
// their own converters and hands back the names of their outputs, so this
// converter only adds the blend,
//   weight * first + (1 - weight) * second.
#ifndef ACME_BLEND_CONVERTER_HPP
#define ACME_BLEND_CONVERTER_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace acme {

// [snippet:blend_infer]
class BlendConverter : public onnxconv::sdk::Converter {
 public:
  // The host infers each member on the blend's own input; both must give
  // one prediction per row ("variable", [N, 1]) of the model's float type.
  std::vector<onnxconv::sdk::ValueType> infer(onnxconv::sdk::Context& ctx, const onnxconv::sdk::Object& est,
                                              const std::vector<onnxconv::sdk::ValueType>& inputs) override {
    weight(est);
    int64_t rows = -1;
    for (const char* member : {"first_", "second_"}) {
      std::vector<onnxconv::sdk::ValueType> out = ctx.infer_sub(est.attr(member), member, inputs);
      const onnxconv::sdk::ValueType* prediction = nullptr;
      for (const auto& t : out)
        if (t.name == "variable") prediction = &t;
      if (prediction == nullptr || prediction->elem_type != ctx.float_type() || prediction->dims.size() != 2 ||
          prediction->dim(1) != 1)
        est.attr(member).fail("must predict one float value per row (a single-target regressor)");
      rows = prediction->dim(0);
    }
    return {onnxconv::sdk::ValueType::tensor("variable", ctx.float_type(), {rows, 1})};
  }
  // [/snippet:blend_infer]

  // [snippet:blend_convert]
  // Each member's nodes read the blend's input; convert_sub returns the
  // names of what they computed, by role.
  void convert(onnxconv::sdk::Context& ctx, const onnxconv::sdk::Object& est,
               const std::vector<std::string>& inputs, const std::vector<std::string>& outputs) override {
    std::vector<onnxconv::sdk::ValueType> types = {ctx.input_type(0)};
    onnxconv::sdk::SubOutputs first = ctx.convert_sub(est.attr("first_"), "first_", inputs, types);
    onnxconv::sdk::SubOutputs second = ctx.convert_sub(est.attr("second_"), "second_", inputs, types);
    double w = weight(est);
    std::string a = ctx.op("Mul", {first["variable"], ctx.add_floats("weight", {w}, {})});
    std::string b = ctx.op("Mul", {second["variable"], ctx.add_floats("one_minus_weight", {1.0 - w}, {})});
    ctx.add_node("Add", {a, b}, outputs);
  }
  // [/snippet:blend_convert]

 private:
  static double weight(const onnxconv::sdk::Object& est) {
    double w = est.attr("weight").to_double();
    if (!(w >= 0.0 && w <= 1.0)) est.attr("weight").fail("must be within [0, 1], got " + std::to_string(w));
    return w;
  }
};

}  // namespace acme

#endif
