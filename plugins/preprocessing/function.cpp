// FunctionTransformer whose func is a numpy ufunc the file names (ufunc.hpp).
// func=None (the identity) never reaches this converter: the host treats it
// as a passthrough step. kw_args would be arguments to an arbitrary call,
// so a non-empty kw_args is refused; inverse_func plays no part in transform.
#include "converters.hpp"
#include "double_math.hpp"
#include "ufunc.hpp"

namespace onnxconv::preprocessing {
namespace {

// The ufunc's qualified name, or an error naming what the file holds.
std::string transform_function(const Object& est) {
  Object func = est.attr("func");
  if (func.is_none()) return "";
  std::string name = function_name(func);
  if (!is_supported_ufunc(name))
    func.fail("is " + name + ": only these numpy ufuncs can be converted (a Python function's code is not in "
              "the file): " + supported_ufuncs());
  auto kw = est.find("kw_args");
  if (kw && !kw->is_none() && kw->size() > 0) kw->fail("is not empty: arguments to func are not converted");
  return name;
}

}  // namespace

std::vector<ValueType> FunctionTransformerConverter::infer(Context& ctx, const Object& est,
                                                          const std::vector<ValueType>& inputs) {
  int64_t n = check_input(ctx, est, inputs);
  transform_function(est);
  return transformed(ctx, inputs, n);
}

void FunctionTransformerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                           const std::vector<std::string>& out) {
  std::string name = transform_function(est);
  if (name.empty()) return ctx.add_node("Identity", {in[0]}, {out[0]});
  double_into(ctx, emit_ufunc(ctx, name, as_double(ctx, in[0])), out[0]);
}

}  // namespace onnxconv::preprocessing
