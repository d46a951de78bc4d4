#include "calibrators.hpp"

#include <onnxconv/sdk/reduce.hpp>

#include <cmath>
#include <vector>

namespace onnxconv::meta {
namespace {

using sdk::Attr;
using sdk::Context;
using sdk::Object;

bool is_isotonic(const Object& calibrator) { return calibrator.short_class_name() == "IsotonicRegression"; }
bool is_sigmoid(const Object& calibrator) { return calibrator.short_class_name() == "_SigmoidCalibration"; }

double finite_scalar(const Object& o) {
  double v = o.to_double();
  if (!std::isfinite(v)) o.fail("is not finite");
  return v;
}

// A 1-D float array of finite values.
std::vector<double> finite_vector(const Object& a) {
  if (a.kind() != sdk::Kind::Array || a.shape().size() != 1) a.fail("expected a 1-D numpy array");
  if (a.array_info().dtype_kind != 'f') a.fail("expected a float array");
  std::vector<double> v = a.to_doubles();
  for (size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i])) a.fail("value " + std::to_string(i) + " is not finite");
  return v;
}

struct Thresholds {
  std::vector<double> x, y;
  double x_min = 0, x_max = 0;
  bool float32 = false;  // fitted on float32 scores: predict casts T to float32 too

  static Thresholds read(const Object& iso) {
    Thresholds t;
    Object xs = iso.attr("X_thresholds_");
    t.x = finite_vector(xs);
    t.y = finite_vector(iso.attr("y_thresholds_"));
    if (t.x.empty() || t.x.size() != t.y.size())
      xs.fail("has " + std::to_string(t.x.size()) + " thresholds and y_thresholds_ " + std::to_string(t.y.size()) +
              " (expected the same number, at least one)");
    for (size_t i = 1; i < t.x.size(); ++i)
      if (!(t.x[i] > t.x[i - 1])) xs.fail("is not strictly increasing at " + std::to_string(i));
    t.x_min = finite_scalar(iso.attr("X_min_"));
    t.x_max = finite_scalar(iso.attr("X_max_"));
    if (t.x_min > t.x_max) iso.attr("X_min_").fail("is above X_max_");
    t.float32 = xs.array_info().itemsize == 4;
    return t;
  }
};

void check_clip(const Object& iso) {
  auto oob = iso.find("out_of_bounds");
  std::string mode = oob && oob->kind() == sdk::Kind::String ? oob->to_string() : "";
  if (mode != "clip")
    iso.unsupported("out_of_bounds='" + mode + "' is not converted (CalibratedClassifierCV fits 'clip')");
}

// A constant of element type `elem` (float or double).
std::string constant(const Context& ctx, const std::string& hint, const std::vector<double>& v,
                     const std::vector<int64_t>& dims, int32_t elem) {
  if (elem == OC_ELEM_DOUBLE) return ctx.add_initializer(hint, OC_ELEM_DOUBLE, dims, v.data());
  std::vector<float> f(v.begin(), v.end());
  return ctx.add_initializer(hint, OC_ELEM_FLOAT, dims, f.data());
}

}  // namespace

void check_calibrator(const Object& calibrator) {
  if (is_sigmoid(calibrator)) {
    finite_scalar(calibrator.attr("a_"));
    finite_scalar(calibrator.attr("b_"));
  } else if (is_isotonic(calibrator)) {
    check_clip(calibrator);
    Thresholds::read(calibrator);
  } else {
    calibrator.unsupported("calibrator class '" + calibrator.class_name() +
                           "' is not converted (_SigmoidCalibration and IsotonicRegression are)");
  }
}

std::string calibrate(const Context& ctx, const Object& calibrator, const std::string& scores) {
  if (is_sigmoid(calibrator)) return sigmoid_predict(ctx, calibrator, scores);
  if (is_isotonic(calibrator)) return isotonic_predict(ctx, calibrator, scores);
  check_calibrator(calibrator);  // refuses
  return {};
}

// expit(-z) as 1 / (1 + exp(z)): ONNX Runtime's float Sigmoid kernel is an
// approximation (see plugins/linear/README.md); Exp is not.
std::string sigmoid_predict(const Context& ctx, const Object& calibrator, const std::string& scores) {
  double a = finite_scalar(calibrator.attr("a_"));
  double b = finite_scalar(calibrator.attr("b_"));
  std::string z = ctx.op("Add", {ctx.op("Mul", {scores, ctx.add_floats("sigmoid_a", {a}, {})}),
                                 ctx.add_floats("sigmoid_b", {b}, {})});
  std::string one = ctx.add_floats("one", {1.0}, {});
  return ctx.op("Div", {one, ctx.op("Add", {one, ctx.op("Exp", {z})})});
}

// j = the number of thresholds after the first that are <= T (T clipped),
// so X[j] <= T < X[j + 1], or j = m - 1 at the last threshold (slope 0
// there, so T == X[m-1] gives y[m-1] exactly, as numpy.interp does), then
// slope[j] * (T - X[j]) + y[j], numpy.interp's formula with the slopes
// computed in double beforehand as it does. A single threshold predicts
// y[0] everywhere (IsotonicRegression's constant f_).
std::string isotonic_predict(const Context& ctx, const Object& isotonic, const std::string& scores) {
  check_clip(isotonic);
  Thresholds t = Thresholds::read(isotonic);
  // scikit-learn casts T to X_thresholds_' dtype: float32 thresholds
  // interpolate in float32 even in a double model.
  const int32_t model = ctx.float_type();
  const int32_t work = t.float32 ? OC_ELEM_FLOAT : model;
  std::string x = work == model ? scores : ctx.op("Cast", {scores}, {Attr::i("to", work)});
  const int64_t m = static_cast<int64_t>(t.x.size());
  std::string result;
  if (m == 1) {
    result = ctx.op("Expand", {constant(ctx, "isotonic_y", t.y, {1, 1}, work), ctx.op("Shape", {x})});
  } else {
    x = ctx.op("Min", {ctx.op("Max", {x, constant(ctx, "isotonic_x_min", {t.x_min}, {}, work)}),
                       constant(ctx, "isotonic_x_max", {t.x_max}, {}, work)});
    std::vector<double> after_first(t.x.begin() + 1, t.x.end());
    std::string at_or_above = ctx.op("GreaterOrEqual", {x, constant(ctx, "isotonic_x_tail", after_first, {1, m - 1}, work)});
    std::string j = sdk::reduce(ctx, "ReduceSum", ctx.op("Cast", {at_or_above}, {Attr::i("to", OC_ELEM_INT64)}), {1}, true);
    std::vector<double> slope(t.x.size(), 0.0);
    for (size_t i = 0; i + 1 < t.x.size(); ++i) slope[i] = (t.y[i + 1] - t.y[i]) / (t.x[i + 1] - t.x[i]);
    auto at_j = [&](const char* hint, const std::vector<double>& table) {
      return ctx.op("Gather", {constant(ctx, hint, table, {m}, work), j}, {Attr::i("axis", 0)});
    };
    std::string offset = ctx.op("Sub", {x, at_j("isotonic_x", t.x)});
    result = ctx.op("Add", {ctx.op("Mul", {at_j("isotonic_slope", slope), offset}), at_j("isotonic_y", t.y)});
  }
  return work == model ? result : ctx.op("Cast", {result}, {Attr::i("to", model)});
}

}  // namespace onnxconv::meta
