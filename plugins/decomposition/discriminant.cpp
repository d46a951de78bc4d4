// LinearDiscriminantAnalysis and QuadraticDiscriminantAnalysis (scikit-learn
// 0.24 to 1.9: predict, predict_proba, decision_function and transform did
// not change; 1.6 moved QDA's decision_function into
// DiscriminantAnalysisPredictionMixin with the same formula, and its
// predict_proba stayed a softmax of it).
#include "decomposition.hpp"

#include "gaussian_log_prob.hpp"

#include <onnxconv/sdk/classifier.hpp>

#include <algorithm>
#include <cmath>

namespace onnxconv::decomposition {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Kind;

namespace {

// --option lda_transform=true: LDA's transform() as `variable` (what a
// Pipeline step ahead of another estimator needs) instead of the
// classifier outputs.
// It wins over raw_scores: every converter of a model sees every option, so
// Pipeline(LDA, LogisticRegression) converted with lda_transform=true and
// raw_scores=true (for the LogisticRegression's decision) hands both to the
// LDA, whose transform has no `probabilities` for raw_scores to change.
bool lda_transform(const Context& ctx) { return ctx.option_bool("lda_transform", false); }

// --option raw_scores=true: `probabilities` is decision_function (binary
// [-d, d]) instead of predict_proba, as the linear plugin's classifiers do;
// what a meta-estimator reads of a member that has both methods.
bool raw_scores(const Context& ctx) { return ctx.option_bool("raw_scores", false); }

// LinearClassifierMixin.decision_function: X @ coef_.T + intercept_.
struct LinearScores {
  int64_t rows = 0, n_features = 0;
  std::vector<double> coef_t, intercept;  // [D, rows], [rows]

  static LinearScores read(const Object& est, bool with_values) {
    Object coef = est.attr("coef_");
    std::vector<int64_t> shape = sdk::matrix_shape(coef);
    LinearScores s{shape[0], shape[1], {}, {}};
    check_n_features(est, s.n_features, coef);
    std::vector<double> c = sdk::finite_floats(coef, shape, with_values);
    s.intercept = sdk::finite_floats(est.attr("intercept_"), {s.rows}, with_values);
    if (with_values) {
      s.coef_t.resize(c.size());
      for (int64_t r = 0; r < s.rows; ++r)
        for (int64_t f = 0; f < s.n_features; ++f) s.coef_t[size_t(f * s.rows + r)] = c[size_t(r * s.n_features + f)];
    }
    return s;
  }
};

// transform(): svd (X - xbar_) @ scalings_[:, :_max_components], eigen
// X @ scalings_[:, :_max_components]; lsqr has none.
Projection lda_projection(const Object& est, bool with_values) {
  std::string solver = est.attr("solver").to_string();
  if (solver != "svd" && solver != "eigen")
    est.attr("solver").fail("solver '" + solver + "' has no transform (scikit-learn raises NotImplementedError)");
  Object scalings = est.attr("scalings_");
  std::vector<int64_t> shape = sdk::matrix_shape(scalings);
  check_n_features(est, shape[0], scalings);
  int64_t max_components = est.attr("_max_components").to_int();
  if (max_components < 1) est.attr("_max_components").fail("must be positive");
  Projection p{shape[0], std::min(shape[1], max_components), {}, {}};
  if (solver == "svd") p.mean = sdk::finite_floats(est.attr("xbar_"), {p.n_features}, with_values);
  std::vector<double> s = sdk::finite_floats(scalings, shape, with_values);
  if (with_values)
    for (int64_t f = 0; f < p.n_features; ++f)
      for (int64_t j = 0; j < p.n_out; ++j) p.w.push_back(s[size_t(f * shape[1] + j)]);
  return p;
}

// The classes and the number of decision columns must agree: one column
// for two classes, else one per class.
ClassLabels lda_classes(const Object& est, int64_t rows) {
  ClassLabels classes = ClassLabels::read(est.attr("classes_"));
  bool binary = classes.size() == 2 && rows == 1;
  if (!binary && int64_t(classes.size()) != rows)
    est.attr("coef_").fail("has " + std::to_string(rows) + " rows for " + std::to_string(classes.size()) +
                           " classes (expected 1 row for 2 classes, or one row per class)");
  return classes;
}

// QDA: means_ [K, D]; rotations_[k] [D, r_k] and scalings_[k] [r_k] (r_k
// may be below D), zero-padded to P [K, D, D] (zero columns add nothing to
// the squared norm); constant_k = -0.5 sum(log scalings_[k]) + log(priors_[k]).
struct Qda {
  ClassLabels classes;
  int64_t n_features = 0;
  std::vector<double> means, factors, constants;

  static Qda read(const Object& est, bool with_values) {
    Qda q;
    q.classes = ClassLabels::read(est.attr("classes_"));
    const int64_t k = int64_t(q.classes.size());
    Object means = est.attr("means_");
    std::vector<int64_t> shape = sdk::matrix_shape(means);
    if (shape[0] != k) means.fail("has " + std::to_string(shape[0]) + " rows for " + std::to_string(k) + " classes");
    const int64_t d = q.n_features = shape[1];
    check_n_features(est, d, means);
    q.means = sdk::finite_floats(means, shape, with_values);
    Object rotations = est.attr("rotations_"), scalings = est.attr("scalings_");
    for (const Object* list : {&rotations, &scalings})
      if ((list->kind() != Kind::List && list->kind() != Kind::Tuple) || int64_t(list->size()) != k)
        list->fail("expected a list of " + std::to_string(k) + " arrays (one per class)");
    std::vector<double> priors = sdk::finite_floats(est.attr("priors_"), {k}, with_values);
    if (!with_values) return q;
    q.factors.assign(size_t(k * d * d), 0.0);
    for (int64_t c = 0; c < k; ++c) {
      Object r_obj = rotations[size_t(c)], s_obj = scalings[size_t(c)];
      std::vector<int64_t> r_shape = sdk::matrix_shape(r_obj);
      if (r_shape[0] != d || r_shape[1] > d) r_obj.fail("expected shape [" + std::to_string(d) + ", r <= " + std::to_string(d) + "]");
      std::vector<double> r = sdk::finite_floats(r_obj, r_shape, true);
      std::vector<double> s = sdk::finite_floats(s_obj, {r_shape[1]}, true);
      double log_det = 0.0;
      for (int64_t j = 0; j < r_shape[1]; ++j) {
        if (!(s[size_t(j)] > 0.0)) s_obj.fail("holds a non-positive scaling (collinear class): S ** -0.5 is not finite");
        log_det += std::log(s[size_t(j)]);
        double inv_sqrt = 1.0 / std::sqrt(s[size_t(j)]);
        for (int64_t f = 0; f < d; ++f) q.factors[size_t((c * d + f) * d + j)] = r[size_t(f * r_shape[1] + j)] * inv_sqrt;
      }
      if (!(priors[size_t(c)] > 0.0)) est.attr("priors_").fail("holds a non-positive prior");
      q.constants.push_back(-0.5 * log_det + std::log(priors[size_t(c)]));
    }
    return q;
  }
};

}  // namespace

std::vector<ValueType> LdaConverter::infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  if (lda_transform(ctx)) {
    Projection p = lda_projection(est, false);
    onnxconv::sdk::check_matrix_input(ctx, est, inputs, p.n_features);
    return {ValueType::tensor("variable", ctx.float_type(), {inputs[0].dim(0), p.n_out})};
  }
  LinearScores s = LinearScores::read(est, false);
  onnxconv::sdk::check_matrix_input(ctx, est, inputs, s.n_features);
  raw_scores(ctx);  // a bad value fails here
  bool zipmap = sdk::zipmap_option(ctx);
  if (zipmap) sdk::require_ml_domain(ctx, "the zipmap option");
  return sdk::classifier_outputs(ctx, lda_classes(est, s.rows), zipmap);
}

void LdaConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                           const std::vector<std::string>& outputs) {
  if (lda_transform(ctx)) {
    lda_projection(est, true).emit(ctx, inputs[0], outputs[0]);
    return;
  }
  LinearScores s = LinearScores::read(est, true);
  ClassLabels classes = lda_classes(est, s.rows);
  std::string scores = ctx.op("Add", {ctx.op("MatMul", {inputs[0], ctx.add_floats("coef_t", s.coef_t, {s.n_features, s.rows})}),
                                     ctx.add_floats("intercept", s.intercept, {s.rows})});
  bool binary = s.rows == 1;
  // Binary: [-d, d] gives classes_[1] exactly when d > 0 (ArgMax takes the
  // first maximum), and softmax([-d/2, d/2]) = [1 - expit(d), expit(d)]
  // without Sigmoid's poor float kernel.
  std::string decision = binary ? sdk::binary_scores(ctx, scores) : scores;
  sdk::emit_label(ctx, decision, classes, outputs[0]);
  std::string probs = decision;
  if (!raw_scores(ctx)) {
    std::string logits = binary ? ctx.op("Mul", {decision, ctx.add_floats("half", {0.5}, {})}) : decision;
    probs = ctx.op("Softmax", {logits}, {Attr::i("axis", 1)});
  }
  sdk::emit_probabilities(ctx, probs, classes, sdk::zipmap_option(ctx), outputs[1]);
}

std::vector<ValueType> QdaConverter::infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  if (ctx.opset("") < 9) est.fail("needs ai.onnx opset 9 or later (MatMul broadcasting)");
  Qda q = Qda::read(est, false);
  onnxconv::sdk::check_matrix_input(ctx, est, inputs, q.n_features);
  raw_scores(ctx);  // a bad value fails here
  bool zipmap = sdk::zipmap_option(ctx);
  if (zipmap) sdk::require_ml_domain(ctx, "the zipmap option");
  return sdk::classifier_outputs(ctx, q.classes, zipmap);
}

void QdaConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                           const std::vector<std::string>& outputs) {
  Qda q = Qda::read(est, true);
  const int64_t k = int64_t(q.classes.size()), d = q.n_features;
  gaussian::Factors f{gaussian::Factors::Form::Matrices, {k, d, d}, q.factors};
  std::string decision = gaussian::emit_log_prob(ctx, inputs[0], d, q.means, f, q.constants);
  sdk::emit_label(ctx, decision, q.classes, outputs[0]);
  std::string probs;
  if (!raw_scores(ctx)) {
    probs = ctx.op("Softmax", {decision}, {Attr::i("axis", 1)});
  } else if (k == 2) {  // decision_function: d = column 1 - column 0, as [-d, d]
    auto column = [&](int64_t c) {
      return ctx.op("Gather", {decision, ctx.add_int64s("column", {c}, {1})}, {Attr::i("axis", 1)});
    };
    probs = sdk::binary_scores(ctx, ctx.op("Sub", {column(1), column(0)}));
  } else {
    probs = decision;
  }
  sdk::emit_probabilities(ctx, probs, q.classes, sdk::zipmap_option(ctx), outputs[1]);
}

}  // namespace onnxconv::decomposition
