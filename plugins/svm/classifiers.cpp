// SVC and NuSVC (scikit-learn 0.24 to 1.9 semantics).
//
// libsvm solves one binary problem per pair of classes (i, j), i < j, in
// that order. The graph computes their decision values at once:
//   dec = K(X, support_vectors_) @ W + _intercept_,   [N, P], P = k (k-1) / 2
// where W[s, p] is the coefficient support vector s has in pair p (0 when s
// belongs to neither class), then what each method makes of dec.
#include "converters.hpp"
#include "coupling.hpp"

#include <onnxconv/sdk/classifier.hpp>
#include <onnxconv/sdk/sklearn_version.hpp>

#include <algorithm>
#include <cmath>

namespace onnxconv::svm {

using sdk::ClassLabels;
using sdk::Kind;

namespace {

enum class Output { Probabilities, OvrDecision, OvoDecision, BinaryDecision };

struct Plan {
  LibsvmModel model;
  ClassLabels classes;
  int64_t k = 0;      // classes
  int64_t pairs = 0;  // binary problems
  Output output = Output::OvoDecision;
  bool break_ties = false;  // predict = argmax of the ovr decision function
  bool zipmap = false;
  std::vector<double> prob_a, prob_b;
  int64_t columns() const { return output == Output::OvoDecision ? pairs : k; }
};

// predict_proba exists when `probability` is true (1.9 also writes the
// string 'deprecated', its new default, meaning false).
bool has_probability(const Object& est) {
  Object p = est.attr("probability");
  if (p.kind() == Kind::String) {
    if (p.to_string() == "deprecated") return false;
    p.fail("unexpected value '" + p.to_string() + "' (expected a bool or 'deprecated')");
  }
  return p.to_bool();
}

std::vector<double> platt_parameters(const Object& est, const char* name, int64_t pairs) {
  auto found = est.find(name);
  if (!found)
    est.fail(std::string("probability=True but attribute '") + name + "' is missing, which " +
             sdk::SklearnVersion::of(est).describe() + " always writes");
  if (found->kind() != Kind::Array || found->array_info().ndim != 1 || found->array_info().dtype_kind != 'f')
    found->fail("expected a 1-D float array");
  if (found->array_info().size == 0)
    found->fail("is empty: the model was not fitted with probability=True, so scikit-learn's "
                "predict_proba raises NotFittedError");
  if (int64_t(found->array_info().size) != pairs)
    found->fail("has " + std::to_string(found->array_info().size) + " values; expected " +
                std::to_string(pairs) + " (one per pair of classes)");
  std::vector<double> v = found->to_doubles();
  for (double x : v)
    if (!std::isfinite(x)) found->fail("holds a non-finite value");
  return v;
}

Plan plan(const Context& ctx, const Object& est, bool with_values) {
  sdk::require_opset(ctx, est, kMinOpset);
  Plan p;
  p.classes = ClassLabels::read(est.attr("classes_"));
  p.k = int64_t(p.classes.size());
  if (p.k < 2) est.attr("classes_").fail("has fewer than 2 classes");
  p.pairs = p.k * (p.k - 1) / 2;
  p.model = LibsvmModel::read(est, p.k, with_values);
  std::string shape = est.attr("decision_function_shape").to_string();
  if (shape != "ovr" && shape != "ovo")
    est.attr("decision_function_shape").fail("unknown value '" + shape + "' (known: ovr, ovo)");
  p.break_ties = est.attr("break_ties").to_bool();
  if (p.break_ties && shape == "ovo")
    est.fail("break_ties=True with decision_function_shape='ovo': scikit-learn's predict "
             "refuses this combination");
  p.break_ties = p.break_ties && p.k > 2;
  // raw_scores=true: `probabilities` is decision_function even with
  // probability=True (what a meta-estimator reads); predict is unchanged.
  const bool raw_scores = ctx.option_bool("raw_scores", false);
  if (has_probability(est) && !raw_scores) {
    if (p.k > kMaxProbabilityClasses)
      est.fail("probability=True with " + std::to_string(p.k) + " classes: the plugin unrolls "
               "libsvm's probability coupling and refuses more than " +
               std::to_string(kMaxProbabilityClasses) + " classes");
    p.output = Output::Probabilities;
    p.prob_a = platt_parameters(est, "_probA", p.pairs);
    p.prob_b = platt_parameters(est, "_probB", p.pairs);
  } else if (p.k == 2) {
    p.output = Output::BinaryDecision;
  } else {
    p.output = shape == "ovr" ? Output::OvrDecision : Output::OvoDecision;
  }
  // The dense pair matrices: W has n_sv x P entries, the vote matrices P x k.
  if (std::max(p.model.n_sv, p.k) * p.pairs > (int64_t(1) << 27))
    est.fail(std::to_string(p.model.n_sv) + " support vectors, " + std::to_string(p.k) + " classes and " +
             std::to_string(p.pairs) + " class pairs exceed the plugin's limit of 2^27 dense "
             "coefficients (max(n_sv, k) x pairs)");
  p.zipmap = sdk::zipmap_option(ctx);
  if (p.zipmap && p.columns() != p.k)
    est.fail("the zipmap option needs one column per class; decision_function_shape='ovo' "
             "gives one per pair of classes");
  if (p.zipmap) sdk::require_ml_domain(ctx, "the zipmap option");
  return p;
}

// W [n_sv, P]: pair p = (i, j) takes _dual_coef_[j - 1] for the support
// vectors of class i and _dual_coef_[i] for those of class j (libsvm's
// svm_predict_values).
std::vector<double> pair_coefficients(const Plan& p) {
  const LibsvmModel& m = p.model;
  std::vector<int64_t> start(size_t(p.k + 1), 0);
  for (int64_t c = 0; c < p.k; ++c) start[size_t(c + 1)] = start[size_t(c)] + m.n_support[size_t(c)];
  std::vector<double> w(size_t(m.n_sv * p.pairs), 0.0);
  int64_t pair = 0;
  for (int64_t i = 0; i < p.k; ++i)
    for (int64_t j = i + 1; j < p.k; ++j, ++pair) {
      for (int64_t s = start[size_t(i)]; s < start[size_t(i + 1)]; ++s)
        w[size_t(s * p.pairs + pair)] = m.dual_coef[size_t((j - 1) * m.n_sv + s)];
      for (int64_t s = start[size_t(j)]; s < start[size_t(j + 1)]; ++s)
        w[size_t(s * p.pairs + pair)] = m.dual_coef[size_t(i * m.n_sv + s)];
    }
  return w;
}

// [P, k] one-hot matrices of the first (i) and second (j) class of each pair.
std::pair<std::string, std::string> pair_members(const Context& ctx, int64_t k) {
  const int64_t pairs = k * (k - 1) / 2;
  std::vector<double> first(size_t(pairs * k), 0.0), second(size_t(pairs * k), 0.0);
  int64_t p = 0;
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = i + 1; j < k; ++j, ++p) {
      first[size_t(p * k + i)] = 1.0;
      second[size_t(p * k + j)] = 1.0;
    }
  return {ctx.add_floats("pair_first", first, {pairs, k}), ctx.add_floats("pair_second", second, {pairs, k})};
}

// Votes per class [N, k] when pair p goes to its first class where
// `first_wins` [N, P] holds, else to its second.
std::string votes(const Context& ctx, const std::string& first_wins, int64_t k) {
  auto [first, second] = pair_members(ctx, k);
  std::string won = ctx.op("Cast", {first_wins}, {Attr::i("to", ctx.float_type())});
  std::string lost = ctx.op("Cast", {ctx.op("Not", {first_wins})}, {Attr::i("to", ctx.float_type())});
  return ctx.op("Add", {ctx.op("MatMul", {won, first}), ctx.op("MatMul", {lost, second})});
}

// sklearn.utils.multiclass._ovr_decision_function(dec < 0, -dec, k):
// votes (dec >= 0 votes for i) + s / (3 (|s| + 1)), s_i = sum of dec over
// i's pairs as first class minus over its pairs as second class.
std::string ovr_decision(const Context& ctx, const std::string& dec, int64_t k) {
  std::string first_wins = ctx.op("Not", {ctx.op("Less", {dec, scalar(ctx, 0.0)})});
  std::string counts = votes(ctx, first_wins, k);
  auto [first, second] = pair_members(ctx, k);
  std::string s = ctx.op("MatMul", {dec, ctx.op("Sub", {first, second})});
  std::string scaled = ctx.op("Mul", {scalar(ctx, 3.0), ctx.op("Add", {ctx.op("Abs", {s}), scalar(ctx, 1.0)})});
  return ctx.op("Add", {counts, ctx.op("Div", {s, scaled})});
}

// ai.onnx.ml SVMClassifier serves float32 models whose outputs ONNX Runtime
// computes as scikit-learn does: predict (libsvm's votes) with
// predict_proba (libsvm's coupling, two classes included) or with the ovo
// decision values. Not the binary decision (ORT's sign is the opposite),
// the ovr shape (ORT has none) or break_ties.
bool ml_classifier_applies(const Context& ctx, const Plan& p) {
  return ml_operators_apply(ctx, p.model) && !p.break_ties &&
         (p.output == Output::Probabilities || p.output == Output::OvoDecision);
}

void emit_ml_classifier(const Context& ctx, const Plan& p, const std::string& x,
                        const std::string& label, const std::string& scores) {
  MlKernel kernel = ml_kernel(ctx, x, p.model);
  std::vector<Attr> attrs = std::move(kernel.attrs);
  attrs.push_back(Attr::floats("coefficients", p.model.dual_coef));
  attrs.push_back(Attr::floats("rho", p.model.intercept));
  attrs.push_back(Attr::ints("vectors_per_class", p.model.n_support));
  attrs.push_back(p.classes.is_string() ? Attr::strings("classlabels_strings", p.classes.strings())
                                        : Attr::ints("classlabels_ints", p.classes.ints()));
  if (p.output == Output::Probabilities) {
    attrs.push_back(Attr::floats("prob_a", p.prob_a));
    attrs.push_back(Attr::floats("prob_b", p.prob_b));
  }
  ctx.add_node("SVMClassifier", {kernel.input}, {label, scores}, attrs, "ai.onnx.ml");
}

}  // namespace

std::vector<ValueType> SvcConverter::infer(Context& ctx, const Object& est,
                                           const std::vector<ValueType>& inputs) {
  Plan p = plan(ctx, est, false);
  onnxconv::sdk::check_matrix_input(ctx, est, inputs, p.model.n_features);
  std::vector<ValueType> out = sdk::classifier_outputs(ctx, p.classes, p.zipmap);
  if (!p.zipmap) out[1].dims = {-1, p.columns()};
  return out;
}

void SvcConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                           const std::vector<std::string>& outputs) {
  Plan p = plan(ctx, est, true);
  if (ml_classifier_applies(ctx, p)) {
    std::string scores = ctx.unique_name("svm_scores");
    emit_ml_classifier(ctx, p, inputs[0], outputs[0], scores);
    sdk::emit_probabilities(ctx, scores, p.classes, p.zipmap, outputs[1]);
    return;
  }
  std::string dec = emit_decision(ctx, inputs[0], p.model, pair_coefficients(p), p.model.intercept);
  std::string ovr = (p.break_ties || p.output == Output::OvrDecision) ? ovr_decision(ctx, dec, p.k) : "";
  // predict: libsvm votes (dec > 0 votes for i; ties to the lowest class),
  // or with break_ties the first maximum of the ovr decision function.
  std::string scores_for_label =
      p.break_ties ? ovr : votes(ctx, ctx.op("Greater", {dec, scalar(ctx, 0.0)}), p.k);
  sdk::emit_label(ctx, scores_for_label, p.classes, outputs[0]);

  std::string probs;
  switch (p.output) {
    case Output::Probabilities:
      probs = emit_libsvm_probabilities(ctx, dec, p.k, p.prob_a, p.prob_b);
      break;
    case Output::OvrDecision:
      probs = ovr;
      break;
    case Output::OvoDecision:
      probs = dec;
      break;
    case Output::BinaryDecision:  // decision_function is -dec: [-d, d] = [dec, -dec]
      probs = ctx.op("Concat", {dec, ctx.op("Neg", {dec})}, {Attr::i("axis", 1)});
      break;
  }
  sdk::emit_probabilities(ctx, probs, p.classes, p.zipmap, outputs[1]);
}

}  // namespace onnxconv::svm
