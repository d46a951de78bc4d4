#include "ufunc.hpp"

#include "double_math.hpp"

#include <cmath>
#include <functional>
#include <map>

namespace onnxconv::preprocessing {
namespace {

using Emit = std::function<std::string(const Context&, const std::string&)>;

Emit unary(const char* op) {
  return [op](const Context& ctx, const std::string& x) { return ctx.op(op, {x}); };
}

// Every op here has a double kernel in ONNX Runtime's CPU provider, so a
// float64 model computes in double as numpy does.
const std::map<std::string, Emit>& numpy_ufuncs() {
  static const std::map<std::string, Emit> table = {
      {"log1p", [](const Context& ctx, const std::string& x) { return log1p(ctx, x); }},
      {"expm1", [](const Context& ctx, const std::string& x) { return expm1(ctx, x); }},
      {"log", unary("Log")},
      {"exp", unary("Exp")},
      {"sqrt", unary("Sqrt")},
      {"absolute", unary("Abs")},
      {"fabs", unary("Abs")},
      {"negative", unary("Neg")},
      {"positive", unary("Identity")},
      {"reciprocal", unary("Reciprocal")},
      {"sin", unary("Sin")},
      {"cos", unary("Cos")},
      {"tanh", unary("Tanh")},
      {"floor", unary("Floor")},
      {"ceil", unary("Ceil")},
      {"rint", unary("Round")},  // both round half to even
      {"square", [](const Context& ctx, const std::string& x) { return ctx.op("Mul", {x, x}); }},
      // numpy.sign(NaN) is NaN; ONNX Sign gives 0 there.
      {"sign",
       [](const Context& ctx, const std::string& x) {
         return ctx.op("Where", {ctx.op("IsNaN", {x}), x, ctx.op("Sign", {x})});
       }},
      // libm's log2 / log10 / exp2 against a division or Pow: within an ulp or two.
      {"log2",
       [](const Context& ctx, const std::string& x) {
         return ctx.op("Div", {ctx.op("Log", {x}), double_scalar(ctx, "ln2", std::log(2.0))});
       }},
      {"log10",
       [](const Context& ctx, const std::string& x) {
         return ctx.op("Div", {ctx.op("Log", {x}), double_scalar(ctx, "ln10", std::log(10.0))});
       }},
      {"exp2",
       [](const Context& ctx, const std::string& x) { return ctx.op("Pow", {double_scalar(ctx, "two", 2.0), x}); }},
  };
  return table;
}

// Modules a numpy ufunc is pickled from (numpy 1.x and 2.x layouts).
bool is_numpy_ufunc_module(const std::string& module) {
  return module == "numpy" || module == "numpy.core._multiarray_umath" ||
         module == "numpy._core._multiarray_umath" || module == "numpy.core.umath" || module == "numpy._core.umath";
}

// scipy.special.expit: the logistic sigmoid.
bool is_expit(const std::string& module, const std::string& name) {
  return name == "expit" && (module == "scipy.special" || module == "scipy.special._ufuncs" ||
                             module == "scipy.special._special_ufuncs");
}

std::pair<std::string, std::string> split(const std::string& qualified) {
  size_t dot = qualified.rfind('.');
  if (dot == std::string::npos) return {"", qualified};
  return {qualified.substr(0, dot), qualified.substr(dot + 1)};
}

}  // namespace

std::string function_name(const Object& fn) {
  if (fn.kind() == sdk::Kind::Global) return fn.class_name();
  std::string cls = fn.kind() == sdk::Kind::Instance ? fn.class_name() : "";
  if (cls == "numpy.core._ufunc_reconstruct" || cls == "numpy._core._ufunc_reconstruct") {
    std::optional<Object> args = fn.args();
    if (args && args->size() == 2 && (*args)[0].kind() == sdk::Kind::String &&
        (*args)[1].kind() == sdk::Kind::String)
      return (*args)[0].to_string() + "." + (*args)[1].to_string();
  }
  if (!cls.empty()) fn.fail("is an instance of " + cls + ", not a function the converter knows");
  fn.fail("is not a function the file names (a Python function is pickled by its module and name)");
}

bool is_supported_ufunc(const std::string& qualified) {
  auto [module, name] = split(qualified);
  if (is_expit(module, name)) return true;
  return is_numpy_ufunc_module(module) && numpy_ufuncs().count(name) > 0;
}

std::string emit_ufunc(const Context& ctx, const std::string& qualified, const std::string& x) {
  auto [module, name] = split(qualified);
  if (is_expit(module, name)) return ctx.op("Sigmoid", {x});
  return numpy_ufuncs().at(name)(ctx, x);
}

std::string supported_ufuncs() {
  std::string s;
  for (const auto& [name, emit] : numpy_ufuncs()) s += (s.empty() ? "numpy." : ", numpy.") + name;
  return s + ", scipy.special.expit";
}

}  // namespace onnxconv::preprocessing
