// The binning plugin's one export (checked against plugin.yaml at build time), and the
// helpers its converters share.
#include "converters.hpp"

namespace onnxconv::woe {

void check_input(const Context& ctx, const Object& est, const std::vector<ValueType>& inputs, int64_t width) {
  if (inputs.size() != 1) est.fail("takes one input, got " + std::to_string(inputs.size()));
  const ValueType& x = inputs[0];
  if (x.kind != OC_VALUE_TENSOR || x.elem_type != ctx.float_type() || x.dims.size() != 2)
    est.fail("expects a 2-D tensor of the model's float type as input");
  if (x.dim(1) >= 0 && width >= 0 && x.dim(1) != width)
    est.fail("expects " + std::to_string(width) + " input columns, the input has " + std::to_string(x.dim(1)));
}

ValueType float_output(const Context& ctx, int64_t width) {
  return ValueType::tensor("variable", ctx.float_type(), {-1, width});
}

// Host errors ("expected a number, got str") gain the value's path.
template <class Read>
auto read_at(const Object& o, Read&& read) {
  try {
    return read();
  } catch (const sdk::Error& e) {
    o.fail(e.what());
  }
}

double read_double(const Object& o) {
  return read_at(o, [&] { return o.to_double(); });
}
int64_t read_int(const Object& o) {
  return read_at(o, [&] { return o.to_int(); });
}
bool read_bool(const Object& o) {
  return read_at(o, [&] { return o.to_bool(); });
}

}  // namespace onnxconv::woe

using onnxconv::sdk::converter_for;
using namespace onnxconv::woe;

ONNXCONV_PLUGIN("woe", "0.1.0",
                converter_for<WoeTransformerConverter>("skl2onnx.sklapi.woe_transformer.WOETransformer"),
                converter_for<KBinsDiscretizerConverter>("sklearn.preprocessing._discretization.KBinsDiscretizer"),
                converter_for<ScorecardConverter>("onnxconv.scorecard.Scorecard"))
