#include "naive_bayes.hpp"

#include <onnxconv/sdk/classifier.hpp>
#include <onnxconv/sdk/reduce.hpp>

#include <cmath>

namespace onnxconv::naive_bayes {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Kind;

namespace {

// Softmax with an axis over 2-D inputs (any opset), Where (9).
constexpr int64_t kMinOpset = 9;

ClassLabels read_classes(const Context& ctx, const Object& est) {
  onnxconv::sdk::require_opset(ctx, est, kMinOpset);
  return ClassLabels::read(est.attr("classes_"));
}

}  // namespace

Matrix read_array(const Object& a, size_t ndim, int64_t rows, bool with_values, bool allow_minus_inf) {
  if (a.kind() != Kind::Array) a.fail("expected a numpy array");
  oc_array_info info = a.array_info();
  if (info.dtype_kind != 'f' && info.dtype_kind != 'i' && info.dtype_kind != 'u')
    a.fail(std::string("expected a numeric array, got dtype kind '") + info.dtype_kind + "'");
  if (info.ndim != ndim)
    a.fail("expected " + std::to_string(ndim) + " dimension(s), got " + std::to_string(info.ndim));
  Matrix m;
  m.rows = int64_t(info.shape[0]);
  m.cols = ndim == 2 ? int64_t(info.shape[1]) : 1;
  if (rows >= 0 && m.rows != rows) {
    // Discrete models fitted on one class by scikit-learn 0.24 hold two
    // rows, and their predict_proba gives two columns for the one class.
    std::string why = rows == 1 && m.rows == 2
                          ? " (scikit-learn before 1.0 fitted a single class as two; refit with 1.0 or later)"
                          : "";
    a.fail("has " + std::to_string(m.rows) + (ndim == 2 ? " rows" : " values") + " for " + std::to_string(rows) +
           " classes" + why);
  }
  if (m.cols < 1) a.fail("has no columns");
  if (!with_values) return m;
  m.values = a.to_doubles();
  for (size_t i = 0; i < m.values.size(); ++i) {
    double v = m.values[i];
    if (std::isfinite(v) || (allow_minus_inf && v < 0 && std::isinf(v))) continue;
    a.fail("holds " + std::string(std::isnan(v) ? "NaN" : v > 0 ? "+inf" : "-inf") + " at flat index " +
           std::to_string(i) + " (a smoothing alpha of 0 leaves log(0) behind: refit with alpha > 0)");
  }
  return m;
}

std::string add_doubles(const Context& ctx, const std::string& hint, const std::vector<double>& values,
                        const std::vector<int64_t>& dims) {
  return ctx.add_initializer(hint, OC_ELEM_DOUBLE, dims, values.data());
}

std::string reduce_sum(const Context& ctx, const std::string& x, int64_t axis) {
  return sdk::reduce(ctx, "ReduceSum", x, {axis}, false);
}

std::vector<ValueType> NaiveBayesConverter::infer(Context& ctx, const Object& est,
                                                  const std::vector<ValueType>& inputs) {
  ClassLabels classes = read_classes(ctx, est);
  onnxconv::sdk::check_matrix_input(ctx, est, inputs, n_features(est, int64_t(classes.size())));
  bool zipmap = sdk::zipmap_option(ctx);
  if (zipmap) sdk::require_ml_domain(ctx, "the zipmap option");
  return sdk::classifier_outputs(ctx, classes, zipmap);
}

// The jll is computed in double whatever the model float type: its terms
// reach 1e6 on rows far from the training data while probabilities depend
// on differences of order 1, which float would round away (README).
// predict is classes_[argmax(jll)] (ArgMax keeps the first maximum, as
// numpy does); predict_proba is exp(jll - logsumexp(jll)), which is the
// softmax of jll: Softmax subtracts the row maximum before exp as
// logsumexp does, so no row overflows or underflows as a whole.
void NaiveBayesConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                  const std::vector<std::string>& outputs) {
  ClassLabels classes = read_classes(ctx, est);
  const int64_t k = int64_t(classes.size());
  n_features(est, k);
  std::string xd = ctx.is_double() ? inputs[0] : ctx.op("Cast", {inputs[0]}, {Attr::i("to", OC_ELEM_DOUBLE)});
  std::string jll = joint_log_likelihood(ctx, est, k, xd);
  sdk::emit_label(ctx, jll, classes, outputs[0]);
  std::string probs = ctx.op("Softmax", {jll}, {Attr::i("axis", 1)});
  if (!ctx.is_double()) probs = ctx.op("Cast", {probs}, {Attr::i("to", ctx.float_type())});
  sdk::emit_probabilities(ctx, probs, classes, sdk::zipmap_option(ctx), outputs[1]);
}

}  // namespace onnxconv::naive_bayes
