// Tree models of scikit-learn 1.1 to 1.9 (semantics from sklearn/tree/_classes.py,
// sklearn/ensemble/_forest.py, _gb.py, _gb_losses.py (<1.4), sklearn/_loss
// (1.4+) and _hist_gradient_boosting/gradient_boosting.py).
#include "converters.hpp"

#include "hgb_categories.hpp"
#include "tree_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include <onnxconv/sdk/sklearn_version.hpp>

namespace onnxconv::trees {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Error;
using sdk::TreeEnsemble;

namespace {

// ---------------------------------------------------------------- helpers

// n_features_in_ (1.0+); files before 1.0 only have n_features_ (which
// 1.2 removed).
int64_t n_features_of(const Object& est) {
  std::optional<Object> found = est.find("n_features_in_");
  if (!found) found = est.find("n_features_");
  if (!found) est.attr("n_features_in_");  // the error names the attribute
  int64_t n = found->to_int();
  if (n < 1) found->fail("is " + std::to_string(n));
  return n;
}

// A scalar of the model float type.
std::string scalar(const Context& ctx, double v, const std::string& hint = "c") {
  return ctx.add_floats(hint, {v}, {});
}

// One node writing to `out` (fresh when empty); returns the output name.
std::string node(const Context& ctx, const std::string& op, const std::vector<std::string>& in,
                 const std::vector<Attr>& attrs = {}, const std::string& out = "") {
  std::string name = out.empty() ? ctx.unique_name(op) : out;
  ctx.add_node(op, in, {name}, attrs);
  return name;
}

// labels[ArgMax(scores, axis 1)] written to `out`; with last = true the last
// maximum wins (ArgMax's select_last_index, opset 12).
void emit_label_argmax(const Context& ctx, const std::string& scores, const ClassLabels& classes,
                       bool last, const std::string& out) {
  if (!last) {
    sdk::emit_label(ctx, scores, classes, out);
    return;
  }
  if (ctx.opset() < 12) throw Error("this classifier's label needs ArgMax select_last_index (ai.onnx opset 12)");
  std::string index = ctx.op("ArgMax", {scores},
                             {Attr::i("axis", 1), Attr::i("keepdims", 0), Attr::i("select_last_index", 1)});
  std::string labels = classes.add_initializer(ctx);
  ctx.add_node("Gather", {labels, index}, {out}, {Attr::i("axis", 0)});
}

const double kFloat32Eps = std::ldexp(1.0, -23);  // np.finfo(np.float32).eps

double clip_eps(double p) { return std::min(std::max(p, kFloat32Eps), 1.0 - kFloat32Eps); }

// The class name of an object, "" when it is not an instance.
std::string short_name(const Object& o) {
  return o.kind() == sdk::Kind::Instance ? o.short_class_name() : std::string();
}

// ---------------------------------------------------- sklearn.tree leaves

// Adds one sklearn Tree. Classifiers: per-leaf class fractions (scikit-learn's
// DecisionTreeClassifier.predict_proba: value / value.sum(), a zero sum
// left as is). Regressors: value[node, o, 0] * scale to target
// target_offset + o.
void add_sklearn_tree(TreeEnsemble& ens, const Object& tree_obj, const Plan& p, int64_t target_offset,
                      double scale, int* has_missing_field) {
  SklearnTree t = SklearnTree::read(tree_obj, has_missing_field);
  const std::string where = tree_obj.path();
  if (p.classifier && p.head == Head::AverageProba) {
    const int64_t k = int64_t(p.classes.size());
    if (t.n_outputs != 1 || t.n_values < k)
      tree_obj.fail("values have shape [" + std::to_string(t.n_nodes) + ", " + std::to_string(t.n_outputs) + ", " +
                    std::to_string(t.n_values) + "]; expected one output of " + std::to_string(k) + " classes");
    ens.add_tree(t.view(), [&](int64_t node, auto&& emit) {
      double sum = 0;
      for (int64_t c = 0; c < k; ++c) sum += t.value(node, 0, c);
      const double normalizer = sum == 0.0 ? 1.0 : sum;
      for (int64_t c = 0; c < k; ++c) {
        double v = t.value(node, 0, c) / normalizer;
        if (v != 0.0) emit(c, v);
      }
    }, where);
    return;
  }
  const int64_t outputs = p.head == Head::BinaryLogistic || p.head == Head::Softmax ? 1 : p.n_outputs;
  if (t.n_outputs != outputs || t.n_values != 1)
    tree_obj.fail("values have shape [" + std::to_string(t.n_nodes) + ", " + std::to_string(t.n_outputs) + ", " +
                  std::to_string(t.n_values) + "]; expected [n_nodes, " + std::to_string(outputs) + ", 1]");
  ens.add_tree(t.view(), [&](int64_t node, auto&& emit) {
    for (int64_t o = 0; o < outputs; ++o) {
      double v = scale * t.value(node, o, 0);
      if (v != 0.0) emit(target_offset + o, v);
    }
  }, where);
}

// Reserves the ensemble's arrays from the trees' node counts (a cheap read
// per tree): exact sizes instead of doubling growth, which would cost copies
// and up to twice the memory on large forests. Leaf weights: a binary tree
// of n nodes has (n + 1) / 2 leaves; regressors give each n_outputs weights,
// classifiers one per class present in the leaf (one for pure leaves, the
// usual case in deep forests: more grow the arrays).
void reserve_for(TreeEnsemble& ens, const Plan& p, const Object& trees, size_t n) {
  size_t nodes = 0;
  for (size_t i = 0; i < n; ++i)
    nodes += size_t(SklearnTree::checked_node_count(trees[i].attr("tree_")));
  const size_t per_leaf = p.head == Head::Regression ? size_t(p.n_outputs) : 1;
  ens.reserve(nodes, (nodes + n) / 2 * per_leaf);
}

// Plan fields shared by single trees and forests.
void describe_tree_model(const Object& est, Plan& p, int64_t n_trees) {
  p.n_features = n_features_of(est);
  p.n_trees = n_trees;
  p.source_input = sdk::SourceInput::RoundedToFloat32;  // sklearn.tree casts X to float32
  p.divisor = double(n_trees);
  if (est.has("classes_")) {
    p.classifier = true;
    if (auto n_out = est.find("n_outputs_"); n_out && n_out->to_int() != 1)
      est.fail("multi-output classification (n_outputs_=" + std::to_string(n_out->to_int()) +
               ") is not supported");
    p.classes = ClassLabels::read(est.attr("classes_"));
    p.n_targets = int64_t(p.classes.size());
    p.head = Head::AverageProba;
  } else {
    p.n_outputs = est.attr("n_outputs_").to_int();
    if (p.n_outputs < 1) est.fail("n_outputs_ is " + std::to_string(p.n_outputs));
    p.n_targets = p.n_outputs;
    p.head = Head::Regression;
  }
}

}  // namespace

// ------------------------------------------------------------ the base

Plan TreeModelConverter::plan(const Context& ctx, const Object& est) const {
  Plan p = describe(ctx, est);
  p.zipmap = p.classifier && sdk::zipmap_option(ctx);
  p.raw_scores = ctx.option_bool("raw_scores", false);
  p.decision_leaf = ctx.option_bool("decision_leaf", false);
  if (!p.classifier && ctx.option("zipmap"))
    throw Error(est.path() + ": option zipmap applies to classifiers only");
  if (p.raw_scores && !p.has_decision_function)
    throw Error(est.path() + ": option raw_scores needs a decision_function, which " +
                est.short_class_name() + " does not have");
  if (ctx.opset("ai.onnx.ml") < 3)
    throw Error(est.path() + ": tree ensembles need ai.onnx.ml opset 3 (target: " +
                std::to_string(ctx.opset("ai.onnx.ml")) + ")");
  if (ctx.opset() < 13) throw Error(est.path() + ": the trees plugin needs ai.onnx opset 13 or newer");
  if (p.n_trees < 1) est.fail("has no trees");
  return p;
}

std::vector<ValueType> TreeModelConverter::infer(Context& ctx, const Object& est,
                                                 const std::vector<ValueType>& inputs) {
  Plan p = plan(ctx, est);
  check_inputs(ctx, est, p, inputs);
  std::vector<ValueType> out;
  if (p.classifier) {
    out = sdk::classifier_outputs(ctx, p.classes, p.zipmap);
  } else {
    out.push_back(ValueType::tensor("variable", ctx.float_type(), {-1, p.n_outputs}));
  }
  if (p.decision_leaf) out.push_back(ValueType::tensor("decision_leaf", OC_ELEM_INT64, {-1, p.n_trees}));
  return out;
}

void TreeModelConverter::check_inputs(const Context& ctx, const Object& est, const Plan& p,
                                      const std::vector<ValueType>& inputs) const {
  if (inputs.size() != 1) est.fail("expects one input, got " + std::to_string(inputs.size()));
  const ValueType& in = inputs[0];
  if (in.kind != OC_VALUE_TENSOR || in.elem_type != ctx.float_type() || in.dims.size() != 2)
    est.fail("expects a 2-D tensor of the model's float type");
  if (in.dim(1) >= 0 && in.dim(1) != p.n_features)
    est.fail("expects " + std::to_string(p.n_features) + " features, the input has " + std::to_string(in.dim(1)));
}

void TreeModelConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                 const std::vector<std::string>& outputs) {
  Plan p = plan(ctx, est);
  TreeEnsemble::Options o;
  o.estimator = est.path();
  o.n_features = p.n_features + p.n_derived_features;
  o.n_targets = p.n_targets;
  o.float_type = ctx.float_type();
  o.compare = sdk::Compare::LessOrEqual;
  o.source_input = p.source_input;
  TreeEnsemble ens(o);
  add_trees(ens, est, p);
  if (int64_t(ens.n_trees()) != p.n_trees)
    est.fail("read " + std::to_string(ens.n_trees()) + " trees, expected " + std::to_string(p.n_trees));
  ens.set_base_values(p.base_values);

  const std::string x = ensemble_input(ctx, est, p, inputs);
  if (p.decision_leaf) ens.emit_leaf_indices(ctx, x, outputs.back(), /*release=*/false);
  // Float models: the ensemble's float32 scores. Double models: its sums
  // recovered in double from float32-exact parts (emit_exact_sums), so the
  // float64 outputs are as exact as scikit-learn's own sums.
  const bool direct = p.head == Head::Regression && p.divisor == 1.0;
  std::string scores = ctx.is_double() ? ens.emit_exact_sums(ctx, x, direct ? outputs[0] : "")
                                       : ens.emit_regressor(ctx, x, direct ? outputs[0] : "");
  if (direct) return;

  switch (p.head) {
    case Head::Regression:
      if (p.divisor != 1.0) node(ctx, "Div", {scores, scalar(ctx, p.divisor, "n_trees")}, {}, outputs[0]);
      return;
    case Head::RegressionExp:
      node(ctx, "Exp", {scores}, {}, outputs[0]);
      return;
    case Head::AverageProba: {
      // The label from the sums: exact for whole-number sums (pure leaves).
      emit_label_argmax(ctx, scores, p.classes, false, outputs[0]);
      std::string probs = p.divisor != 1.0 ? node(ctx, "Div", {scores, scalar(ctx, p.divisor, "n_trees")}) : scores;
      sdk::emit_probabilities(ctx, probs, p.classes, p.zipmap, outputs[1]);
      return;
    }
    case Head::BinaryLogistic: {
      std::string decision = sdk::binary_scores(ctx, scores);  // [-d, d]
      emit_label_argmax(ctx, decision, p.classes, p.positive_on_tie, outputs[0]);
      std::string probs = decision;
      if (!p.raw_scores) {
        std::string z = p.logistic_scale != 1.0 ? node(ctx, "Mul", {scores, scalar(ctx, p.logistic_scale)}) : scores;
        std::string pos = node(ctx, "Sigmoid", {z});
        std::string neg = node(ctx, "Sub", {scalar(ctx, 1.0, "one"), pos});
        probs = node(ctx, "Concat", {neg, pos}, {Attr::i("axis", 1)});
      }
      sdk::emit_probabilities(ctx, probs, p.classes, p.zipmap, outputs[1]);
      return;
    }
    case Head::Softmax: {
      emit_label_argmax(ctx, scores, p.classes, false, outputs[0]);
      std::string probs = p.raw_scores ? scores : node(ctx, "Softmax", {scores}, {Attr::i("axis", 1)});
      sdk::emit_probabilities(ctx, probs, p.classes, p.zipmap, outputs[1]);
      return;
    }
  }
}

// ---------------------------------------------------------- single trees

Plan SingleTreeConverter::describe(const Context&, const Object& est) const {
  Plan p;
  describe_tree_model(est, p, 1);
  return p;
}

void SingleTreeConverter::add_trees(TreeEnsemble& ens, const Object& est, const Plan& p) const {
  int has_missing_field = -1;
  add_sklearn_tree(ens, est.attr("tree_"), p, 0, 1.0, &has_missing_field);
}

// --------------------------------------------------------------- forests

Plan ForestConverter::describe(const Context&, const Object& est) const {
  Object trees = est.attr("estimators_");
  if (trees.kind() != sdk::Kind::List && trees.kind() != sdk::Kind::Tuple)
    trees.fail("expected a list of fitted trees");
  Plan p;
  describe_tree_model(est, p, int64_t(trees.size()));
  return p;
}

void ForestConverter::add_trees(TreeEnsemble& ens, const Object& est, const Plan& p) const {
  Object trees = est.attr("estimators_");
  reserve_for(ens, p, trees, trees.size());
  int has_missing_field = -1;
  for (size_t i = 0; i < trees.size(); ++i)
    add_sklearn_tree(ens, trees[i].attr("tree_"), p, 0, 1.0, &has_missing_field);
}

// ------------------------------------------------------ gradient boosting

namespace {

// What a GradientBoostingClassifier's loss computes, whichever release
// wrote it: 1.1-1.3 pickle sklearn.ensemble._gb_losses objects, 1.4+ the
// shared sklearn._loss ones (wheels of 1.4-1.8 write their Cython part under
// a bare `_loss` module, scikit-learn issue 30062: only the class name is
// read here). Files before 1.1 hold the object as `loss_`.
enum class GbLoss { Binomial, Multinomial, Exponential, Regression };

GbLoss gb_loss_kind(const Object& est, size_t n_classes) {
  std::optional<Object> obj = est.find("_loss");
  if (!obj || obj->kind() != sdk::Kind::Instance) obj = est.find("loss_");
  if (obj && obj->kind() == sdk::Kind::Instance) {
    const std::string name = obj->short_class_name();
    if (name == "BinomialDeviance" || name == "HalfBinomialLoss") return GbLoss::Binomial;
    if (name == "MultinomialDeviance" || name == "HalfMultinomialLoss") return GbLoss::Multinomial;
    if (name == "ExponentialLoss") return GbLoss::Exponential;
    for (const char* r : {"LeastSquaresError", "LeastAbsoluteError", "HuberLossFunction", "QuantileLossFunction",
                          "HalfSquaredError", "AbsoluteError", "HuberLoss", "PinballLoss"})
      if (name == r) return GbLoss::Regression;
    obj->fail("unsupported GradientBoosting loss '" + name + "'");
  }
  // No loss object: the `loss` parameter ('deviance' is 1.1-1.2's alias of
  // 'log_loss').
  if (!est.has("classes_")) return GbLoss::Regression;
  if (est.attr("loss").is_string("exponential")) return GbLoss::Exponential;
  return n_classes > 2 ? GbLoss::Multinomial : GbLoss::Binomial;
}

// init_'s class priors, clipped as _init_raw_predictions clips them.
std::vector<double> gb_priors(const Object& init_, size_t n_classes) {
  if (init_.has("strategy") && !init_.attr("strategy").is_string("prior"))
    init_.fail("expected the default DummyClassifier(strategy='prior')");
  std::vector<double> prior = init_.attr("class_prior_").to_doubles();
  if (prior.size() != n_classes)
    init_.fail("class_prior_ has " + std::to_string(prior.size()) + " values for " + std::to_string(n_classes) +
               " classes");
  for (double& v : prior) v = clip_eps(v);
  return prior;
}

// Multiclass init raw predictions. Up to 1.3 (MultinomialDeviance):
// log(p). From 1.4 (HalfMultinomialLoss's symmetric MultinomialLogit link):
// log(p / gmean(p)), gmean = exp(mean(log p)): same probabilities, other
// decision_function.
std::vector<double> gb_multinomial_init(const std::vector<double>& prior, bool centred) {
  std::vector<double> raw(prior.size());
  double mean_log = 0;
  for (size_t c = 0; c < prior.size(); ++c) {
    raw[c] = std::log(prior[c]);
    mean_log += raw[c];
  }
  if (!centred) return raw;
  const double gmean = std::exp(mean_log / double(prior.size()));
  for (size_t c = 0; c < prior.size(); ++c) raw[c] = std::log(prior[c] / gmean);
  return raw;
}

void describe_gb_regressor(const Object& est, const Object& init_, bool zero, int64_t k, Plan& p) {
  if (k != 1) est.attr("estimators_").fail("a regressor has one tree per stage, got " + std::to_string(k));
  if (gb_loss_kind(est, 0) != GbLoss::Regression) est.fail("a regressor with a classification loss");
  p.head = Head::Regression;
  p.n_outputs = 1;
  double c = 0.0;
  if (!zero) {
    std::vector<double> constant = init_.attr("constant_").to_doubles();
    if (constant.size() != 1) init_.fail("expected one constant_, got " + std::to_string(constant.size()));
    c = constant[0];
  }
  p.base_values = {c};
}

void describe_gb_classifier(const Object& est, const Object& init_, bool zero, int64_t k, Plan& p) {
  const Object stages = est.attr("estimators_");
  p.classifier = true;
  p.has_decision_function = true;
  p.classes = ClassLabels::read(est.attr("classes_"));
  const size_t n_classes = p.classes.size();
  const GbLoss loss = gb_loss_kind(est, n_classes);
  const bool since_1_4 = sdk::SklearnVersion::of(est).at_least(1, 4);
  std::vector<double> prior;
  if (!zero) prior = gb_priors(init_, n_classes);
  if (loss == GbLoss::Binomial || loss == GbLoss::Exponential) {
    if (n_classes != 2 || k != 1)
      stages.fail("a binary loss expects 2 classes and one tree per stage, got " + std::to_string(n_classes) +
                  " classes and " + std::to_string(k));
    const bool exponential = loss == GbLoss::Exponential;
    // log(p / (1 - p)) (times 0.5 for exponential: its half-logit link).
    double raw = zero ? 0.0 : std::log(prior[1] / (1 - prior[1]));
    if (exponential) raw = 0.5 * raw;
    p.base_values = {raw};
    p.head = Head::BinaryLogistic;
    p.logistic_scale = exponential ? 2.0 : 1.0;
    // Up to 1.3 the log loss predicts argmax([1 - expit(d), expit(d)]):
    // classes_[1] iff d > 0; the exponential loss, and from 1.4 every loss,
    // classes_[1] iff d >= 0.
    p.positive_on_tie = exponential || since_1_4;
  } else if (loss == GbLoss::Multinomial) {
    if (int64_t(n_classes) != k)
      stages.fail("the multinomial loss expects one tree per class per stage, got " + std::to_string(k) + " for " +
                  std::to_string(n_classes) + " classes");
    p.base_values = zero ? std::vector<double>(n_classes, 0.0) : gb_multinomial_init(prior, since_1_4);
    p.head = Head::Softmax;
  } else {
    est.fail("a classifier with a regression loss");
  }
}

}  // namespace

Plan GradientBoostingConverter::describe(const Context&, const Object& est) const {
  Plan p;
  p.n_features = n_features_of(est);
  p.source_input = sdk::SourceInput::RoundedToFloat32;
  Object stages = est.attr("estimators_");
  if (stages.kind() != sdk::Kind::Array) stages.fail("expected a 2-D object array of trees");
  std::vector<int64_t> shape = stages.shape();
  if (shape.size() != 2 || shape[0] < 1 || shape[1] < 1)
    stages.fail("expected a non-empty 2-D array [n_stages, K] of trees");
  const int64_t k = shape[1];
  p.n_trees = shape[0] * k;
  p.n_targets = k;

  // init: the default (a Dummy estimator fitted by GradientBoosting) or
  // "zero". A user-given estimator predicts per row: refuse it.
  if (auto init = est.find("init"); init && !init->is_none() && !init->is_string("zero"))
    init->fail("a custom init estimator (" +
               (init->kind() == sdk::Kind::Instance ? init->class_name() : std::string("a non-string value")) +
               ") is not supported; only init=None or init='zero' can be converted");
  Object init_ = est.attr("init_");
  const bool zero = init_.is_string("zero");
  if (!zero && short_name(init_) != "DummyClassifier" && short_name(init_) != "DummyRegressor")
    init_.fail("unexpected init_ (" + short_name(init_) + "); expected 'zero' or the default Dummy estimator");
  if (est.has("classes_")) describe_gb_classifier(est, init_, zero, k, p);
  else describe_gb_regressor(est, init_, zero, k, p);
  return p;
}

void GradientBoostingConverter::add_trees(TreeEnsemble& ens, const Object& est, const Plan& p) const {
  Object stages = est.attr("estimators_");
  const int64_t k = stages.shape()[1];
  const double lr = est.attr("learning_rate").to_double();
  reserve_for(ens, p, stages, size_t(p.n_trees));
  // predict_stages: raw[:, k] += learning_rate * tree.value[leaf].
  int has_missing_field = -1;
  for (int64_t i = 0; i < p.n_trees; ++i)
    add_sklearn_tree(ens, stages[size_t(i)].attr("tree_"), p, i % k, lr, &has_missing_field);
}

namespace {

// The inverse link of a HistGradientBoosting loss, named as 1.1+ names its
// link object. 1.0 and earlier pickle their own loss classes
// (ensemble/_hist_gradient_boosting/loss.py), which have no link attribute.
std::string hgb_link(const Object& loss) {
  if (loss.has("link")) return short_name(loss.attr("link"));
  static const std::map<std::string, std::string> old_losses = {
      {"LeastSquares", "IdentityLink"},     {"LeastAbsoluteDeviation", "IdentityLink"},
      {"Poisson", "LogLink"},               {"BinaryCrossEntropy", "LogitLink"},
      {"CategoricalCrossEntropy", "MultinomialLogit"}};
  auto found = old_losses.find(short_name(loss));
  return found == old_losses.end() ? std::string() : found->second;
}

}  // namespace

// ------------------------------------------------- histogram boosting

Plan HistGradientBoostingConverter::describe(const Context&, const Object& est) const {
  Plan p;
  p.n_features = n_features_of(est);
  p.source_input = sdk::SourceInput::AsIs;  // HGB predicts on X as float64
  p.n_derived_features = HgbCategories::n_derived(est, p.n_features);
  Object predictors = est.attr("_predictors");
  if (predictors.kind() != sdk::Kind::List) predictors.fail("expected a list of per-iteration predictor lists");
  const int64_t k = est.attr("n_trees_per_iteration_").to_int();
  if (k < 1) est.fail("n_trees_per_iteration_ is " + std::to_string(k));
  p.n_trees = int64_t(predictors.size()) * k;
  p.n_targets = k;
  // 1.0 and earlier pickle a regressor's baseline as a numpy scalar, later
  // releases as an array of n_trees_per_iteration_ values.
  Object baseline_obj = est.attr("_baseline_prediction");
  std::vector<double> baseline = baseline_obj.kind() == sdk::Kind::Array
                                     ? baseline_obj.to_doubles()
                                     : std::vector<double>{baseline_obj.to_double()};
  if (int64_t(baseline.size()) != k)
    est.fail("_baseline_prediction has " + std::to_string(baseline.size()) + " values for " + std::to_string(k) +
             " trees per iteration");
  p.base_values = baseline;

  Object loss = est.attr("_loss");
  std::string link = hgb_link(loss);
  if (!est.has("classes_")) {
    if (k != 1) est.fail("a regressor has one tree per iteration, got " + std::to_string(k));
    p.n_outputs = 1;
    if (link == "IdentityLink") p.head = Head::Regression;
    else if (link == "LogLink") p.head = Head::RegressionExp;
    else loss.fail("unsupported link '" + link + "' of loss " + short_name(loss));
    return p;
  }
  p.classifier = true;
  p.has_decision_function = true;
  p.classes = ClassLabels::read(est.attr("classes_"));
  if (link == "LogitLink") {
    if (p.classes.size() != 2 || k != 1) loss.fail("binary loss with " + std::to_string(p.classes.size()) + " classes");
    // predict: argmax([1 - expit(d), expit(d)]) -> classes_[1] iff d > 0.
    p.head = Head::BinaryLogistic;
  } else if (link == "MultinomialLogit") {
    if (int64_t(p.classes.size()) != k)
      loss.fail("multinomial loss with " + std::to_string(k) + " trees per iteration for " +
                std::to_string(p.classes.size()) + " classes");
    p.head = Head::Softmax;
  } else {
    loss.fail("unsupported link '" + link + "' of loss " + short_name(loss));
  }
  return p;
}

void HistGradientBoostingConverter::add_trees(TreeEnsemble& ens, const Object& est, const Plan& p) const {
  Object predictors = est.attr("_predictors");
  const int64_t k = p.n_targets;
  const HgbCategories categories = HgbCategories::read(est, p.n_features);
  for (size_t i = 0; i < predictors.size(); ++i) {
    Object iteration = predictors[i];
    if (int64_t(iteration.size()) != k)
      iteration.fail("has " + std::to_string(iteration.size()) + " predictors, expected " + std::to_string(k));
    for (int64_t c = 0; c < k; ++c) {
      Object predictor = iteration[size_t(c)];
      HistTree t = HistTree::read(predictor);
      if (!categories.empty()) categories.to_set_splits(t, predictor);
      else if (t.any_categorical) predictor.fail("has categorical splits but is_categorical_ marks no feature");
      // Leaf values already include the learning rate.
      ens.add_tree(t.view(), [&](int64_t node, auto&& emit) {
        double v = t.value[size_t(node)];
        if (v != 0.0) emit(c, v);
      }, predictor.path());
    }
  }
}

void HistGradientBoostingConverter::check_inputs(const Context& ctx, const Object& est, const Plan& p,
                                                 const std::vector<ValueType>& inputs) const {
  const HgbCategories categories = HgbCategories::read(est, p.n_features);
  if (!categories.takes_strings()) return TreeModelConverter::check_inputs(ctx, est, p, inputs);
  categories.check_table(ctx, est, inputs);
}

std::string HistGradientBoostingConverter::ensemble_input(const Context& ctx, const Object& est, const Plan& p,
                                                          const std::vector<std::string>& inputs) const {
  const HgbCategories categories = HgbCategories::read(est, p.n_features);
  if (categories.takes_strings()) return categories.assemble(ctx, inputs);
  if (p.n_derived_features == 0) return inputs.at(0);
  return categories.emit_codes(ctx, inputs.at(0));
}

}  // namespace onnxconv::trees
