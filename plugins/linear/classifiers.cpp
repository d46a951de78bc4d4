// Linear classifiers (scikit-learn 1.0 to 1.9 semantics).
//
// Every family shares one graph: decision scores from linear_scores.hpp,
// the label from them, and the probabilities the family's predict_proba
// makes of them. A family only says which Proba it is (and, for
// RidgeClassifier, where its classes live).
#include "converters.hpp"
#include <onnxconv/sdk/sklearn_version.hpp>

namespace onnxconv::linear {

using sdk::ClassLabels;

namespace {

// [N, 1] positive-class probability p -> [N, 2] [1 - p, p], as
// scikit-learn builds it.
std::string two_columns(const Context& ctx, const std::string& p) {
  std::string q = ctx.op("Sub", {scalar(ctx, 1.0), p});
  return ctx.op("Concat", {q, p}, {Attr::i("axis", 1)});
}

// p / p.sum(axis=1): the OvR normalisation.
std::string normalise_rows(const Context& ctx, const std::string& p) {
  return ctx.op("Div", {p, row_sum(ctx, p)});
}

// log(expit(x)) = min(x, 0) - log(1 + exp(-|x|)): finite and accurate for
// every x. ONNX Runtime's Sigmoid is not good enough here: its float kernel
// is 2e-4 relative off at x = -10 and returns 0 below -18, its double
// kernel returns 0 below about -37, and it has no double Softplus.
std::string log_sigmoid(const Context& ctx, const std::string& x) {
  std::string e = ctx.op("Exp", {ctx.op("Neg", {ctx.op("Abs", {x})})});
  std::string log1p = ctx.op("Log", {ctx.op("Add", {e, scalar(ctx, 1.0)})});
  return ctx.op("Sub", {ctx.op("Min", {x, scalar(ctx, 0.0)}), log1p});
}

// scores: [N, n_outputs] (binary: [N, 1] = d); decision: [N, n_classes].
std::string probabilities(const Context& ctx, Proba kind, const std::string& scores,
                          const std::string& decision, bool binary) {
  switch (kind) {
    case Proba::DecisionScores:
      return decision;
    case Proba::Softmax:
      // numpy's softmax over [-d, d] for binary (LogisticRegression's
      // multinomial workaround), over the classes otherwise.
      return ctx.op("Softmax", {decision}, {Attr::i("axis", 1)});
    case Proba::OvrLogistic: {
      // expit(d); multiclass normalised by the row sum, computed as a
      // softmax of log(expit(d)) so rows whose every expit underflows
      // (all d << 0) still come out right instead of 0 / 0.
      std::string log_p = log_sigmoid(ctx, scores);
      if (binary) return two_columns(ctx, ctx.op("Exp", {log_p}));
      return ctx.op("Softmax", {log_p}, {Attr::i("axis", 1)});
    }
    case Proba::ModifiedHuber: {
      std::string clipped = clip(ctx, scores, -1.0, 1.0);
      std::string p = ctx.op("Div", {ctx.op("Add", {clipped, scalar(ctx, 1.0)}),
                                     scalar(ctx, 2.0)});
      if (binary) return two_columns(ctx, p);
      // Rows where every class got 0 become uniform (scikit-learn sets them
      // to 1 before normalising).
      std::string all_zero = ctx.op("Equal", {row_sum(ctx, p), scalar(ctx, 0.0)});
      p = ctx.op("Where", {all_zero, scalar(ctx, 1.0), p});
      return normalise_rows(ctx, p);
    }
  }
  throw sdk::Error("unknown probability kind");
}

}  // namespace

struct LinearClassifierConverter::Plan {
  LinearModel model;
  ClassLabels classes;
  bool binary = false;  // one decision column d for two classes
  Proba proba = Proba::DecisionScores;
  bool zipmap = false;
};

LinearClassifierConverter::Plan LinearClassifierConverter::plan(
    const Context& ctx, const Object& est, bool with_data) const {
  require_opset(ctx, kMinOpset, est.path());
  Plan p;
  p.model = with_data ? LinearModel::read(est) : LinearModel::shape_of(est);
  p.classes = ClassLabels::read(classes(est));
  size_t k = p.classes.size();
  size_t rows = size_t(p.model.n_outputs);
  p.binary = rows == 1 && k == 2;
  if (!p.binary && !(rows == k && k >= 2))
    est.fail("coef_ has " + std::to_string(rows) + " rows for " + std::to_string(k) +
             " classes (expected 1 row for 2 classes, or one row per class)");
  p.proba = ctx.option_bool("raw_scores", false) ? Proba::DecisionScores : proba(est, k);
  if (p.proba == Proba::ModifiedHuber && !p.binary)
    require_opset(ctx, 11, est.path() + " (modified_huber probabilities: Equal on floats)");
  p.zipmap = sdk::zipmap_option(ctx);
  if (p.zipmap) sdk::require_ml_domain(ctx, "the zipmap option");
  return p;
}

std::vector<ValueType> LinearClassifierConverter::infer(
    Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  Plan p = plan(ctx, est, false);
  check_input(ctx, est, inputs, p.model.n_features);
  return sdk::classifier_outputs(ctx, p.classes, p.zipmap);
}

void LinearClassifierConverter::convert(Context& ctx, const Object& est,
                                        const std::vector<std::string>& inputs,
                                        const std::vector<std::string>& outputs) {
  Plan p = plan(ctx, est, true);
  std::string scores = emit_scores(ctx, inputs[0], p.model);
  std::string decision = p.binary ? sdk::binary_scores(ctx, scores) : scores;
  sdk::emit_label(ctx, decision, p.classes, outputs[0]);
  std::string probs = probabilities(ctx, p.proba, scores, decision, p.binary);
  sdk::emit_probabilities(ctx, probs, p.classes, p.zipmap, outputs[1]);
}

// predict_proba in sklearn/linear_model/_logistic.py, as the release that
// wrote the file computes it:
// - 1.8+ (no multi_class any more): OvR for two classes, softmax else;
// - before: OvR when multi_class is 'ovr' (or the old 'warn'), or when it
//   is 'auto' ('deprecated' in 1.5-1.7 means the same) and there are two
//   classes or the solver has no multinomial backend: liblinear, and
//   newton-cholesky from 1.2 (where it appeared) until 1.6 gave it one.
Proba LogisticRegressionConverter::proba(const Object& est, size_t n_classes) const {
  auto version = sdk::SklearnVersion::of(est);
  auto mc = est.find("multi_class");
  if (!mc) {
    if (!version.at_least(1, 8))
      est.fail("missing attribute 'multi_class', which " + version.describe() +
               " (the release the file names) always writes");
    return n_classes <= 2 ? Proba::OvrLogistic : Proba::Softmax;
  }
  std::string multi_class = mc->to_string();
  if (multi_class == "ovr" || multi_class == "warn") return Proba::OvrLogistic;
  if (multi_class == "multinomial") return Proba::Softmax;
  if (multi_class == "auto" || multi_class == "deprecated") {
    std::string solver = est.attr("solver").to_string();
    bool newton_ovr = solver == "newton-cholesky" && !version.at_least(1, 6);
    bool ovr = n_classes <= 2 || solver == "liblinear" || newton_ovr;
    return ovr ? Proba::OvrLogistic : Proba::Softmax;
  }
  mc->fail("unsupported multi_class '" + multi_class +
           "' (known: auto, deprecated, ovr, multinomial)");
}

// SGDClassifier.predict_proba exists for log_loss (and its old name 'log')
// and modified_huber only.
Proba SgdClassifierConverter::proba(const Object& est, size_t) const {
  std::string loss = est.attr("loss").to_string();
  if (loss == "log_loss" || loss == "log") return Proba::OvrLogistic;
  if (loss == "modified_huber") return Proba::ModifiedHuber;
  return Proba::DecisionScores;
}

// In scikit-learn 1.2 RidgeClassifier.classes_ is a property over
// _label_binarizer, so a pickle holds only the binarizer.
Object RidgeClassifierConverter::classes(const Object& est) const {
  auto binarizer = est.find("_label_binarizer");
  if (binarizer) {
    auto type = binarizer->find("y_type_");
    if (type && type->kind() == sdk::Kind::String &&
        type->to_string().rfind("multilabel", 0) == 0)
      est.fail("multilabel RidgeClassifier is not supported (its predict thresholds "
               "each output separately)");
  }
  if (auto direct = est.find("classes_")) return *direct;
  if (!binarizer) est.fail("has neither classes_ nor _label_binarizer");
  return binarizer->attr("classes_");
}

}  // namespace onnxconv::linear
