#include "double_math.hpp"

#include <array>
#include <cmath>

namespace onnxconv::preprocessing {
namespace {

// AS 241 (Wichura 1988, Applied Statistics 37, 477-484), PPND16: numerator
// and denominator coefficients, lowest degree first, for |p - 0.5| <= 0.425
// (in r = 0.180625 - q^2), and for the tails (in r = sqrt(-log(min(p, 1-p))))
// below and above r = 5 (shifted by 1.6 and 5).
using Poly = std::array<double, 8>;
constexpr Poly kCentralNum = {3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
                              1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
                              3.3430575583588128105e+4, 2.5090809287301226727e+3};
constexpr Poly kCentralDen = {1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
                              2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
                              5.2264952788528545610e+3};
constexpr Poly kNearNum = {1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
                           3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
                           2.27238449892691845833e-2, 7.74545014278341407640e-4};
constexpr Poly kNearDen = {1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
                           1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
                           1.05075007164441684324e-9};
constexpr Poly kFarNum = {6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
                          2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
                          2.71155556874348757815e-5, 2.01033439929228813265e-7};
constexpr Poly kFarDen = {1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
                          7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
                          2.04426310338993978564e-15};

// Horner's rule in the graph.
std::string horner(const Context& ctx, const Poly& c, const std::string& r) {
  std::string v = double_scalar(ctx, "c", c[7]);
  for (int k = 6; k >= 0; --k)
    v = ctx.op("Add", {ctx.op("Mul", {v, r}), double_scalar(ctx, "c", c[k])});
  return v;
}

double horner(const Poly& c, double r) {
  double v = c[7];
  for (int k = 6; k >= 0; --k) v = v * r + c[k];
  return v;
}

std::string ratio(const Context& ctx, const Poly& num, const Poly& den, const std::string& r) {
  return ctx.op("Div", {horner(ctx, num, r), horner(ctx, den, r)});
}

// a <= b as Not(a > b): LessOrEqual needs opset 12 (NaN rows are NaN in
// every branch, so which one they take does not matter).
std::string not_above(const Context& ctx, const std::string& a, const std::string& b) {
  return ctx.op("Not", {ctx.op("Greater", {a, b})});
}

}  // namespace

std::string as_double(const Context& ctx, const std::string& x) {
  if (ctx.is_double()) return x;
  return ctx.op("Cast", {x}, {Attr::i("to", OC_ELEM_DOUBLE)});
}

void double_into(const Context& ctx, const std::string& x, const std::string& out) {
  if (ctx.is_double()) ctx.add_node("Identity", {x}, {out});
  else ctx.add_node("Cast", {x}, {out}, {Attr::i("to", OC_ELEM_FLOAT)});
}

std::string double_constant(const Context& ctx, const std::string& hint, const std::vector<double>& values,
                            const std::vector<int64_t>& dims) {
  return ctx.add_initializer(hint, OC_ELEM_DOUBLE, dims, values.data());
}

std::string double_scalar(const Context& ctx, const std::string& hint, double value) {
  return double_constant(ctx, hint, {value}, {});
}

std::string log1p(const Context& ctx, const std::string& x) {
  std::string one = double_scalar(ctx, "one", 1.0);
  std::string u = ctx.op("Add", {x, one});
  std::string u_minus_1 = ctx.op("Sub", {u, one});
  std::string general = ctx.op("Div", {ctx.op("Mul", {ctx.op("Log", {u}), x}), u_minus_1});
  return ctx.op("Where", {ctx.op("Equal", {u, one}), x, general});
}

std::string expm1(const Context& ctx, const std::string& y) {
  std::string one = double_scalar(ctx, "one", 1.0);
  std::string minus_one = double_scalar(ctx, "minus_one", -1.0);
  std::string u = ctx.op("Exp", {y});
  std::string u_minus_1 = ctx.op("Sub", {u, one});
  std::string general = ctx.op("Div", {ctx.op("Mul", {u_minus_1, y}), ctx.op("Log", {u})});
  std::string saturated = ctx.op("Where", {ctx.op("Equal", {u_minus_1, minus_one}), minus_one, general});
  return ctx.op("Where", {ctx.op("Equal", {u, one}), y, saturated});
}

std::string normal_quantile(const Context& ctx, const std::string& p) {
  std::string q = ctx.op("Sub", {p, double_scalar(ctx, "half", 0.5)});
  std::string r_central = ctx.op("Sub", {double_scalar(ctx, "c", 0.180625), ctx.op("Mul", {q, q})});
  std::string central = ctx.op("Mul", {q, ratio(ctx, kCentralNum, kCentralDen, r_central)});
  std::string smaller_tail = ctx.op("Min", {p, ctx.op("Sub", {double_scalar(ctx, "one", 1.0), p})});
  std::string r = ctx.op("Sqrt", {ctx.op("Neg", {ctx.op("Log", {smaller_tail})})});
  std::string near = ratio(ctx, kNearNum, kNearDen, ctx.op("Sub", {r, double_scalar(ctx, "c", 1.6)}));
  std::string far = ratio(ctx, kFarNum, kFarDen, ctx.op("Sub", {r, double_scalar(ctx, "c", 5.0)}));
  std::string tail = ctx.op("Where", {not_above(ctx, r, double_scalar(ctx, "c", 5.0)), near, far});
  std::string zero = double_scalar(ctx, "zero", 0.0);
  tail = ctx.op("Where", {ctx.op("Less", {q, zero}), ctx.op("Neg", {tail}), tail});
  std::string in_centre = not_above(ctx, ctx.op("Abs", {q}), double_scalar(ctx, "c", 0.425));
  return ctx.op("Where", {in_centre, central, tail});
}

std::string per_column_select(const Context& ctx, const std::vector<bool>& mask, const std::string& a,
                              const std::string& b) {
  size_t set = 0;
  for (bool m : mask) set += m ? 1 : 0;
  if (set == mask.size()) return a;
  if (set == 0) return b;
  std::vector<uint8_t> bytes(mask.begin(), mask.end());
  std::string m = ctx.add_initializer("column_mask", OC_ELEM_BOOL, {int64_t(mask.size())}, bytes.data());
  return ctx.op("Where", {m, a, b});
}

std::string fail_if_any(const Context& ctx, const std::string& bad, const std::string& node_name) {
  // ReduceSum without axes: over everything, 0 for an empty batch.
  std::string count = ctx.op("ReduceSum", {ctx.op("Cast", {bad}, {Attr::i("to", OC_ELEM_INT64)})},
                             {Attr::i("keepdims", 0)});
  std::string index = ctx.op("Min", {count, ctx.add_int64s("one", {1}, {})});
  std::string gate = ctx.unique_name(node_name);
  ctx.add_node("Gather", {double_constant(ctx, "one", {1.0}, {1}), index}, {gate}, {}, "", node_name);
  return gate;
}

double normal_quantile(double p) {
  double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    double r = 0.180625 - q * q;
    return q * horner(kCentralNum, r) / horner(kCentralDen, r);
  }
  double r = std::sqrt(-std::log(std::fmin(p, 1.0 - p)));
  double v = r <= 5.0 ? horner(kNearNum, r - 1.6) / horner(kNearDen, r - 1.6)
                      : horner(kFarNum, r - 5.0) / horner(kFarDen, r - 5.0);
  return q < 0 ? -v : v;
}

}  // namespace onnxconv::preprocessing
