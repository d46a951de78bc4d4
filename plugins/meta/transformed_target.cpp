#include "transformed_target.hpp"

#include <cmath>

namespace onnxconv::meta {
namespace {

using sdk::Context;
using sdk::Object;
using sdk::ValueType;

// The inverse transform, read from transformer_ (fit on y as a column):
// a StandardScaler (y * scale_ + mean_), or a FunctionTransformer holding
// the numpy ufunc given as inverse_func (None: the identity).
struct Inverse {
  enum class Kind { Identity, Affine, Exp, Expm1, Log, Log1p, Sqrt, Square } kind = Kind::Identity;
  double scale = 1.0, offset = 0.0;

  static Inverse read(const Object& est) {
    Object t = est.attr("transformer_");
    std::string cls = t.class_name();
    Inverse inv;
    if (cls == "sklearn.preprocessing._data.StandardScaler") {
      inv.kind = Kind::Affine;
      auto mean = t.find("mean_"), scale = t.find("scale_");
      if (mean && !mean->is_none()) inv.offset = single(*mean);
      if (scale && !scale->is_none()) inv.scale = single(*scale);
      return inv;
    }
    if (cls != "sklearn.preprocessing._function_transformer.FunctionTransformer")
      t.unsupported("only a StandardScaler or func/inverse_func numpy ufuncs are converted as the target transform");
    Object f = t.attr("inverse_func");
    if (f.is_none()) return inv;
    std::string name = ufunc_name(f);
    static const std::pair<const char*, Kind> known[] = {{"exp", Kind::Exp},     {"expm1", Kind::Expm1},
                                                         {"log", Kind::Log},     {"log1p", Kind::Log1p},
                                                         {"sqrt", Kind::Sqrt},   {"square", Kind::Square}};
    for (const auto& [n, k] : known)
      if (name == n) {
        inv.kind = k;
        return inv;
      }
    f.unsupported("inverse_func numpy." + name + " is not converted (exp, expm1, log, log1p, sqrt, square are)");
  }

  // numpy >= 1.20 pickles a ufunc as the global numpy.<name>; older ones
  // as _ufunc_reconstruct('numpy', '<name>'), which the reader keeps as an
  // object with those arguments (never called).
  static std::string ufunc_name(const Object& f) {
    std::string cls = f.class_name();
    if (f.kind() == sdk::Kind::Global && cls.rfind("numpy.", 0) == 0) return f.short_class_name();
    bool reconstruct = cls.size() > 19 && cls.compare(cls.size() - 19, 19, "._ufunc_reconstruct") == 0;
    if (auto args = f.args(); reconstruct && args && args->size() == 2 &&
                              (*args)[0].kind() == sdk::Kind::String && (*args)[0].to_string().rfind("numpy", 0) == 0)
      return (*args)[1].to_string();
    f.unsupported("inverse_func must be a numpy ufunc (exp, expm1, log, log1p, sqrt, square), got " + cls);
  }

  static double single(const Object& a) {
    std::vector<double> v = a.to_doubles();
    if (v.size() != 1) a.unsupported("a single target is converted; it has " + std::to_string(v.size()));
    if (!std::isfinite(v[0])) a.fail("is not finite");
    return v[0];
  }

  void emit(const Context& ctx, const std::string& y, const std::string& out) const {
    auto one = [&] { return ctx.add_floats("one", {1.0}, {}); };
    switch (kind) {
      case Kind::Identity: ctx.add_node("Identity", {y}, {out}); return;
      case Kind::Affine:
        ctx.add_node("Add", {ctx.op("Mul", {y, ctx.add_floats("scale", {scale}, {})}), ctx.add_floats("mean", {offset}, {})},
                     {out});
        return;
      case Kind::Exp: ctx.add_node("Exp", {y}, {out}); return;
      case Kind::Expm1: ctx.add_node("Sub", {ctx.op("Exp", {y}), one()}, {out}); return;
      case Kind::Log: ctx.add_node("Log", {y}, {out}); return;
      case Kind::Log1p: ctx.add_node("Log", {ctx.op("Add", {y, one()})}, {out}); return;
      case Kind::Sqrt: ctx.add_node("Sqrt", {y}, {out}); return;
      case Kind::Square: ctx.add_node("Mul", {y, y}, {out}); return;
    }
  }
};

}  // namespace

std::vector<ValueType> TransformedTargetConverter::infer(Context& ctx, const Object& est,
                                                         const std::vector<ValueType>& inputs) {
  Inverse::read(est);
  std::vector<ValueType> outs = ctx.infer_sub(est.attr("regressor_"), "regressor_", inputs);
  for (const auto& t : outs)
    if (t.name == "variable") {
      if (t.elem_type != ctx.float_type() || t.dims.size() != 2 || t.dim(1) != 1)
        est.attr("regressor_").unsupported("a single-target regressor is converted");
      return {ValueType::tensor("variable", ctx.float_type(), t.dims)};
    }
  est.attr("regressor_").fail("its conversion gives no 'variable' output");
}

void TransformedTargetConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                         const std::vector<std::string>& outputs) {
  Inverse inv = Inverse::read(est);
  std::vector<ValueType> types;
  for (size_t i = 0; i < inputs.size(); ++i) types.push_back(ctx.input_type(i));
  inv.emit(ctx, ctx.convert_sub(est.attr("regressor_"), "regressor_", inputs, types)["variable"], outputs[0]);
}

}  // namespace onnxconv::meta
