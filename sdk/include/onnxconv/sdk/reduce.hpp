// onnxconv converter SDK: ai.onnx Reduce* nodes over given axes, at any
// opset. ReduceSum takes its axes as an input from opset 13 on, the other
// Reduce* operators (ReduceMax, ReduceMean, ReduceL1, ReduceSumSquare, ...)
// from opset 18 on; before that they are an attribute. Header-only.
#ifndef ONNXCONV_SDK_REDUCE_HPP
#define ONNXCONV_SDK_REDUCE_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv::sdk {

// True when `op` (a Reduce* type) takes its axes as an input at the target
// ai.onnx opset.
inline bool reduce_axes_are_input(const Context& ctx, const std::string& op) {
  return ctx.opset("") >= (op == "ReduceSum" ? 13 : 18);
}

// op(x) over `axes`; returns the new value's name.
inline std::string reduce(const Context& ctx, const std::string& op, const std::string& x,
                          const std::vector<int64_t>& axes, bool keepdims) {
  std::vector<Attr> attrs{Attr::i("keepdims", keepdims ? 1 : 0)};
  std::vector<std::string> inputs{x};
  if (reduce_axes_are_input(ctx, op))
    inputs.push_back(ctx.add_int64s("axes", axes, {int64_t(axes.size())}));
  else
    attrs.push_back(Attr::ints("axes", axes));
  return ctx.op(op, inputs, attrs);
}

}  // namespace onnxconv::sdk

#endif  // ONNXCONV_SDK_REDUCE_HPP
