// Column-wise transformers: scalers, Normalizer, Binarizer (scikit-learn 1.2
// sklearn/preprocessing/_data.py). Each emits the same arithmetic, in the
// same order, as its transform(), so float64 models agree to the last bits.
#include "converters.hpp"

#include <cfloat>
#include <cmath>

namespace onnxconv::preprocessing {
namespace {

// A fitted per-column array as a [n] constant; required when `wanted`.
std::optional<std::string> row_constant(const Context& ctx, const Object& est, const char* name, int64_t n,
                                        bool wanted) {
  if (!wanted) return std::nullopt;
  auto values = column_values(est, name, n);
  if (!values) est.fail(std::string(name) + " is None although the transform uses it");
  return ctx.add_floats(name, *values, {int64_t(values->size())});
}

int64_t width(const Object& est) { return est.attr("n_features_in_").to_int(); }

// x - offset (when given), then / divisor (when given).
void center_and_scale(const Context& ctx, const std::string& x, const std::optional<std::string>& offset,
                      const std::optional<std::string>& divisor, const std::string& out) {
  Chain chain(ctx, x);
  if (offset) chain.then("Sub", {*offset});
  if (divisor) chain.then("Div", {*divisor});
  chain.into(out);
}

}  // namespace

std::vector<ValueType> ColumnwiseConverter::infer(Context& ctx, const Object& est,
                                                  const std::vector<ValueType>& inputs) {
  return transformed(ctx, inputs, check_input(ctx, est, inputs));
}

void StandardScalerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                      const std::vector<std::string>& out) {
  int64_t n = width(est);
  center_and_scale(ctx, in[0], row_constant(ctx, est, "mean_", n, flag(est, "with_mean", true)),
                   row_constant(ctx, est, "scale_", n, flag(est, "with_std", true)), out[0]);
}

void RobustScalerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                    const std::vector<std::string>& out) {
  int64_t n = width(est);
  center_and_scale(ctx, in[0], row_constant(ctx, est, "center_", n, flag(est, "with_centering", true)),
                   row_constant(ctx, est, "scale_", n, flag(est, "with_scaling", true)), out[0]);
}

void MaxAbsScalerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                    const std::vector<std::string>& out) {
  center_and_scale(ctx, in[0], std::nullopt, row_constant(ctx, est, "scale_", width(est), true), out[0]);
}

// transform: X *= scale_; X += min_; then np.clip(X, *feature_range) if clip.
void MinMaxScalerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                    const std::vector<std::string>& out) {
  int64_t n = width(est);
  Chain chain(ctx, in[0]);
  chain.then("Mul", {*row_constant(ctx, est, "scale_", n, true)});
  chain.then("Add", {*row_constant(ctx, est, "min_", n, true)});
  if (flag(est, "clip", false)) {
    Object range = est.attr("feature_range");
    if (range.size() != 2) range.fail("expected (min, max)");
    chain.then("Clip", {ctx.add_floats("range_min", {range[0].to_double()}, {}),
                        ctx.add_floats("range_max", {range[1].to_double()}, {})});
  }
  chain.into(out[0]);
}

// normalize(): norms = |X|.sum(1) (l1), sqrt((X*X).sum(1)) (l2) or
// max(|X|, 1) (max); norms below 10 * eps of the dtype become 1
// (_handle_zeros_in_scale); X / norms[:, None].
void NormalizerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                  const std::vector<std::string>& out) {
  Object norm_attr = est.attr("norm");
  std::string norm = norm_attr.to_string();
  std::string norms;
  if (norm == "l1") norms = reduce_rows(ctx, "ReduceL1", in[0]);
  else if (norm == "l2") norms = reduce_rows(ctx, "ReduceL2", in[0]);
  else if (norm == "max") norms = reduce_rows(ctx, "ReduceMax", ctx.op("Abs", {in[0]}));
  else norm_attr.fail("unsupported norm '" + norm + "' (known: l1, l2, max)");
  double eps = ctx.is_double() ? DBL_EPSILON : FLT_EPSILON;
  std::string tiny = ctx.op("Less", {norms, ctx.add_floats("tiny", {10 * eps}, {})});
  std::string safe = ctx.op("Where", {tiny, ctx.add_floats("one", {1.0}, {}), norms});
  ctx.add_node("Div", {in[0], safe}, {out[0]});
}

// X > threshold as 1.0 / 0.0 (NaN compares false: 0). scikit-learn compares
// with the double threshold; for float32 inputs, x > t holds exactly when x
// is above the largest float32 not above t, which is the constant used.
void BinarizerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                 const std::vector<std::string>& out) {
  double t = est.attr("threshold").to_double();
  if (!ctx.is_double()) {
    float f = static_cast<float>(t);
    if (static_cast<double>(f) > t) f = std::nextafter(f, -INFINITY);
    t = f;
  }
  std::string threshold = ctx.add_floats("threshold", {t}, {});
  std::string above = ctx.op("Greater", {in[0], threshold});
  ctx.add_node("Cast", {above}, {out[0]}, {Attr::i("to", ctx.float_type())});
}

}  // namespace onnxconv::preprocessing
