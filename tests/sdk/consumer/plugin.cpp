// A plugin that only matters for its ABI answer: PLUGIN_NAME and
// ONNXCONV_PLUGIN_MIN_ABI_MINOR come from CMakeLists.txt (abi_plugin).
#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace {

using onnxconv::sdk::Context;
using onnxconv::sdk::Object;
using onnxconv::sdk::ValueType;

class Identity : public onnxconv::sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object&,
                               const std::vector<ValueType>& inputs) override {
    return {ValueType::tensor("variable", ctx.float_type(), inputs.at(0).dims)};
  }
  void convert(Context& ctx, const Object&, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override {
    ctx.add_node("Identity", {inputs[0]}, {outputs[0]});
  }
};

}  // namespace

ONNXCONV_PLUGIN(PLUGIN_NAME, "1.0.0",
                onnxconv::sdk::converter_for<Identity>("abi_test." PLUGIN_NAME))
