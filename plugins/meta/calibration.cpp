#include "calibration.hpp"

#include "calibrators.hpp"

#include <onnxconv/sdk/classifier.hpp>
#include <onnxconv/sdk/reduce.hpp>
#include <onnxconv/sdk/sklearn_version.hpp>

#include <algorithm>
#include <optional>
#include <set>

namespace onnxconv::meta {
namespace {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Context;
using sdk::Object;
using sdk::SklearnVersion;
using sdk::ValueType;

// ---------------------------------------------------------------------------
// Which method scores the estimator: scikit-learn calls decision_function
// when the estimator has it, else predict_proba (_get_prediction_method
// before 1.4, _get_response_values(["decision_function", "predict_proba"])
// since). hasattr is decided per class, as scikit-learn's available_if does.
// ---------------------------------------------------------------------------

struct Methods {
  bool decision_function = false;
  bool predict_proba = false;
};

// The estimator a wrapper delegates both methods to, if `clf` is one.
std::optional<Object> delegate(const Object& clf) {
  const std::string name = clf.short_class_name();
  if (name == "FrozenEstimator") return clf.attr("estimator");
  if (name == "Pipeline") {
    Object steps = clf.attr("steps");
    if (steps.size() == 0) steps.fail("is empty");
    Object last = steps[steps.size() - 1];
    return last.size() == 2 ? last[1] : last;
  }
  if (name == "GridSearchCV" || name == "RandomizedSearchCV" || name == "HalvingGridSearchCV" ||
      name == "HalvingRandomSearchCV")
    return clf.attr("best_estimator_");
  return std::nullopt;
}

Methods methods_of(const Object& clf) {
  if (auto inner = delegate(clf)) return methods_of(*inner);
  static const std::set<std::string> both = {
      "LogisticRegression", "LogisticRegressionCV", "GradientBoostingClassifier", "HistGradientBoostingClassifier",
      "LinearDiscriminantAnalysis", "QuadraticDiscriminantAnalysis", "AdaBoostClassifier"};
  static const std::set<std::string> decision_only = {"LinearSVC", "Perceptron", "PassiveAggressiveClassifier",
                                                      "RidgeClassifier", "RidgeClassifierCV"};
  static const std::set<std::string> proba_only = {
      "DecisionTreeClassifier", "ExtraTreeClassifier", "RandomForestClassifier", "ExtraTreesClassifier",
      "GaussianNB", "MultinomialNB", "BernoulliNB", "ComplementNB", "CategoricalNB", "KNeighborsClassifier",
      "RadiusNeighborsClassifier", "MLPClassifier", "GaussianProcessClassifier", "LabelPropagation",
      "LabelSpreading", "CalibratedClassifierCV", "XGBClassifier", "LGBMClassifier"};
  const std::string name = clf.short_class_name();
  if (both.count(name)) return {true, true};
  if (decision_only.count(name)) return {true, false};
  if (proba_only.count(name)) return {false, true};
  if (name == "SGDClassifier") {  // predict_proba for the probabilistic losses only
    std::string loss = clf.attr("loss").to_string();
    return {true, loss == "log_loss" || loss == "log" || loss == "modified_huber"};
  }
  if (name == "SVC" || name == "NuSVC") {  // 1.9 writes 'deprecated', its default: no predict_proba
    Object probability = clf.attr("probability");
    return {true, probability.kind() == sdk::Kind::String ? false : probability.to_bool()};
  }
  if (name == "VotingClassifier") return {false, clf.attr("voting").to_string() == "soft"};
  clf.unsupported("calibrating a '" + clf.class_name() +
                  "' is not converted: which of decision_function / predict_proba scikit-learn calls on it is "
                  "not known here");
}

// The estimator's classes_ (a wrapper's are its delegate's).
Object classes_of(const Object& clf) {
  if (auto found = clf.find("classes_")) return *found;
  if (auto inner = delegate(clf)) return classes_of(*inner);
  return clf.attr("classes_");  // refuses, naming it
}

// ---------------------------------------------------------------------------
// The fitted state
// ---------------------------------------------------------------------------

// One _CalibratedClassifier: column score_columns[j] of its estimator's
// `probabilities` output (predict_proba, or the decision function, binary
// as [-d, d]) calibrated by calibrators[j] into the probability of class
// column_of[j] of classes_.
struct Calibrated {
  Object estimator;
  std::string member;                  // its path, for errors and node names
  std::vector<Object> calibrators;     // the ones predict_proba's zip uses
  std::vector<int64_t> score_columns;
  std::vector<int64_t> column_of;
  bool decision_function = false;      // else predict_proba
  bool raw_scores = false;             // ask its converter for the decision function (raw_scores)
};

struct Calibration {
  ClassLabels classes;
  std::vector<Calibrated> members;

  int64_t n_classes() const { return static_cast<int64_t>(classes.size()); }
  bool binary() const { return classes.size() == 2; }
};

// A label as it compares and as errors quote it.
std::string label_text(const ClassLabels& labels, size_t i) {
  return labels.is_string() ? "'" + labels.strings()[i] + "'" : std::to_string(labels.ints()[i]);
}

// The class index in `classes` of each of the estimator's classes
// (label_encoder.transform(estimator.classes_)).
std::vector<int64_t> positions(const ClassLabels& classes, const ClassLabels& own, const Object& where) {
  std::vector<int64_t> out;
  for (size_t i = 0; i < own.size(); ++i) {
    size_t k = 0;
    while (k < classes.size() && label_text(classes, k) != label_text(own, i)) ++k;
    if (k == classes.size()) where.fail("class " + label_text(own, i) + " is not one of classes_");
    out.push_back(static_cast<int64_t>(k));
  }
  return out;
}

// The estimator's score columns as scikit-learn hands them to the
// calibrators, as columns of our `probabilities` output (m = its classes):
// a binary estimator's decision function is one column, d; its
// predict_proba is the positive column for a binary problem, and since 1.4
// (_get_response_values) for any estimator with two classes (e.g. one that
// missed a class in its fold); otherwise every column.
std::vector<int64_t> score_columns(const Calibrated& c, size_t m, size_t n_classes, int64_t width,
                                   const SklearnVersion& version) {
  bool one_column = m == 2 && (c.decision_function || n_classes == 2 || version.at_least(1, 4));
  if (one_column) return {1};
  std::vector<int64_t> all;
  for (int64_t j = 0; j < width; ++j) all.push_back(j);
  return all;
}

Calibrated read_member(const Object& pair, size_t index, const ClassLabels& classes, const SklearnVersion& version) {
  Calibrated c{pair, "", {}, {}, {}, false, false};
  // _CalibratedClassifier.base_estimator became .estimator in 1.2.
  const char* estimator_attr = version.at_least(1, 2) ? "estimator" : "base_estimator";
  c.estimator = pair.attr(estimator_attr);
  c.member = "calibrated_classifiers_[" + std::to_string(index) + "]." + estimator_attr;
  if (c.estimator.short_class_name() == "FrozenEstimator") {  // 1.6+: predicts as the estimator it wraps
    c.estimator = c.estimator.attr("estimator");
    c.member += ".estimator";
  }
  auto method = pair.find("method");
  if (method && method->kind() == sdk::Kind::String && method->to_string() == "temperature")
    method->unsupported("method='temperature' is not converted (sigmoid and isotonic are)");
  if (auto own = pair.find("classes"); own && own->kind() == sdk::Kind::Array &&
                                       own->shape() != std::vector<int64_t>{int64_t(classes.size())})
    own->fail("does not have the " + std::to_string(classes.size()) + " classes of classes_");
  Methods m = methods_of(c.estimator);
  if (!m.decision_function && !m.predict_proba)
    c.estimator.unsupported("has neither decision_function nor predict_proba");
  c.decision_function = m.decision_function;
  // Without predict_proba its converter's probabilities already are the
  // decision function (LinearSVC, SVC(probability=False)...).
  c.raw_scores = m.decision_function && m.predict_proba;

  Object own_classes = classes_of(c.estimator);
  ClassLabels own = ClassLabels::read(own_classes);
  if (own.size() < 2) own_classes.fail("a calibrated estimator needs two classes or more");
  std::vector<int64_t> pos = positions(classes, own, own_classes);
  // Its output has one column per class, except an SVC's ovo decision
  // function (k (k - 1) / 2 columns); checked against the plan in infer.
  int64_t width = static_cast<int64_t>(own.size());
  if (c.decision_function && own.size() > 2) {
    auto shape = c.estimator.find("decision_function_shape");
    if (shape && shape->kind() == sdk::Kind::String && shape->to_string() == "ovo")
      width = width * (width - 1) / 2;
  }
  std::vector<int64_t> columns = score_columns(c, own.size(), classes.size(), width, version);
  Object calibrators = pair.attr("calibrators");  // `calibrators_` before 0.24 (not converted)
  // predict_proba zips class positions, score columns and calibrators; for
  // a binary problem the class is the next one (classes_[1]).
  size_t used = std::min({pos.size(), columns.size(), calibrators.size()});
  if (used == 0) calibrators.fail("is empty");
  for (size_t j = 0; j < used; ++j) {
    check_calibrator(calibrators[j]);
    c.calibrators.push_back(calibrators[j]);
    c.score_columns.push_back(columns[j]);
    c.column_of.push_back(pos[j] + (classes.size() == 2 ? 1 : 0));
    if (c.column_of.back() >= int64_t(classes.size())) own_classes.fail("does not fit classes_");
  }
  return c;
}

Calibration read(const Object& est) {
  Calibration cal;
  cal.classes = ClassLabels::read(est.attr("classes_"));
  if (cal.classes.size() < 2) est.attr("classes_").fail("a calibrated classifier needs two classes or more");
  Object method = est.attr("method");
  std::string name = method.kind() == sdk::Kind::String ? method.to_string() : "";
  if (name != "sigmoid" && name != "isotonic")
    method.unsupported("method='" + name + "' is not converted (sigmoid and isotonic are)");
  SklearnVersion version = SklearnVersion::of(est);
  Object pairs = est.attr("calibrated_classifiers_");
  if (pairs.size() == 0) pairs.fail("is empty (is it fitted?)");
  for (size_t i = 0; i < pairs.size(); ++i) cal.members.push_back(read_member(pairs[i], i, cal.classes, version));
  return cal;
}

// ---------------------------------------------------------------------------
// The members' scores
// ---------------------------------------------------------------------------

std::vector<ValueType> input_types(const Context& ctx, size_t n) {
  std::vector<ValueType> types;
  for (size_t i = 0; i < n; ++i) types.push_back(ctx.input_type(i));
  return types;
}

// The member's own options (host ABI 1.4): plain probability tensors, and
// its decision function as `probabilities` where the estimator has
// predict_proba too (without predict_proba its converter's probabilities
// already are the decision function: LinearSVC, SVC(probability=False)...).
// A member whose converter lacks raw_scores fails as a BadOption naming it.
sdk::SubOptions member_options(const Calibrated& c) {
  sdk::SubOptions options{{"zipmap", "false"}};
  if (c.raw_scores) options["raw_scores"] = "true";
  return options;
}

// The member's scores: its `probabilities` output, which is predict_proba
// or the decision function (binary as [-d, d]).
void check_scores(const Context& ctx, const Calibrated& c, const std::vector<ValueType>& inputs) {
  std::vector<ValueType> outs = ctx.infer_sub(c.estimator, c.member, inputs, member_options(c));
  const ValueType* p = nullptr;
  for (const auto& t : outs)
    if (t.name == "probabilities") p = &t;
  if (p == nullptr) c.estimator.fail("its conversion gives no 'probabilities' output");
  const int64_t needed = *std::max_element(c.score_columns.begin(), c.score_columns.end()) + 1;
  if (p->kind != OC_VALUE_TENSOR || p->elem_type != ctx.float_type() || p->dims.size() != 2 || p->dim(1) < needed)
    c.estimator.fail("its scores must be a [N, " + std::to_string(needed) + "] tensor of the model's float type");
}

// Column j of the scores, [N, 1].
std::string column(const Context& ctx, const std::string& scores, int64_t j) {
  return ctx.op("Slice", {scores, ctx.add_int64s("from", {j}, {1}), ctx.add_int64s("to", {j + 1}, {1}),
                          ctx.add_int64s("axis", {1}, {1})});
}

// The calibrated columns as [N, n_classes] in classes_ order: a Concat when
// they are every class in order, else a 0/1 placement MatMul (exact: each
// output is one product by 1 plus zeros). Classes the estimator never saw
// stay 0, as scikit-learn's np.zeros.
std::string place(const Context& ctx, const Calibration& cal, const Calibrated& c,
                  const std::vector<std::string>& columns) {
  const int64_t k = cal.n_classes();
  const int64_t n = static_cast<int64_t>(columns.size());
  bool in_order = n == k;
  for (int64_t j = 0; j < n && in_order; ++j) in_order = c.column_of[j] == j;
  std::string stacked = n == 1 ? columns[0] : ctx.op("Concat", columns, {Attr::i("axis", 1)});
  if (in_order) return stacked;
  std::vector<double> placement(static_cast<size_t>(n * k), 0.0);
  for (int64_t j = 0; j < n; ++j) placement[static_cast<size_t>(j * k + c.column_of[j])] = 1.0;
  return ctx.op("MatMul", {stacked, ctx.add_floats("placement", placement, {n, k})});
}

// _CalibratedClassifier.predict_proba for one member.
std::string calibrated_proba(const Context& ctx, const Calibration& cal, const Calibrated& c,
                             const std::string& scores) {
  if (cal.binary()) {  // proba = [1 - p, p], p from the positive column
    std::string p = calibrate(ctx, c.calibrators[0], column(ctx, scores, c.score_columns[0]));
    std::string q = ctx.op("Sub", {ctx.add_floats("one", {1.0}, {}), p});
    return ctx.op("Concat", {q, p}, {Attr::i("axis", 1)});
  }
  std::vector<std::string> columns;
  for (size_t j = 0; j < c.calibrators.size(); ++j)
    columns.push_back(calibrate(ctx, c.calibrators[j], column(ctx, scores, c.score_columns[j])));
  std::string proba = place(ctx, cal, c, columns);
  // Divided by the row sum; a row summing to 0 becomes uniform 1/n_classes
  // (np.divide(..., where=denominator != 0) since 1.0; 0.24's NaN
  // replacement gives the same).
  std::string sum = sdk::reduce(ctx, "ReduceSum", proba, {1}, true);
  std::string zero_row = ctx.op("Equal", {sum, ctx.add_floats("zero", {0.0}, {})});
  return ctx.op("Where", {zero_row, ctx.add_floats("uniform", {1.0 / static_cast<double>(cal.n_classes())}, {}),
                          ctx.op("Div", {proba, sum})});
}

// proba[(1.0 < proba) & (proba <= 1.0 + 1e-5)] = 1.0
std::string clip_just_above_one(const Context& ctx, const std::string& proba) {
  std::string one = ctx.add_floats("one", {1.0}, {});
  std::string above = ctx.op("Greater", {proba, one});
  std::string close = ctx.op("LessOrEqual", {proba, ctx.add_floats("one_plus_1e-5", {1.0 + 1e-5}, {})});
  return ctx.op("Where", {ctx.op("And", {above, close}), one, proba});
}

}  // namespace

// label = classes_[argmax(proba)], proba the mean over
// calibrated_classifiers_ of each one's calibrated probabilities.
std::vector<ValueType> CalibratedClassifierConverter::infer(Context& ctx, const Object& est,
                                                            const std::vector<ValueType>& inputs) {
  sdk::require_opset(ctx, est, 13);
  Calibration cal = read(est);
  for (const auto& c : cal.members) check_scores(ctx, c, inputs);
  int64_t rows = inputs.empty() ? -1 : inputs[0].dim(0);
  return {ValueType::tensor("label", cal.classes.elem_type(), {rows}),
          ValueType::tensor("probabilities", ctx.float_type(), {rows, cal.n_classes()})};
}

void CalibratedClassifierConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                            const std::vector<std::string>& outputs) {
  Calibration cal = read(est);
  std::vector<ValueType> types = input_types(ctx, inputs.size());
  std::string sum;
  for (const auto& c : cal.members) {
    std::string scores = ctx.convert_sub(c.estimator, c.member, inputs, types, member_options(c))["probabilities"];
    std::string proba = clip_just_above_one(ctx, calibrated_proba(ctx, cal, c, scores));
    sum = sum.empty() ? proba : ctx.op("Add", {sum, proba});
  }
  if (cal.members.size() > 1)
    sum = ctx.op("Div", {sum, ctx.add_floats("count", {static_cast<double>(cal.members.size())}, {})});
  ctx.add_node("Identity", {sum}, {outputs[1]});
  sdk::emit_label(ctx, outputs[1], cal.classes, outputs[0]);
}

}  // namespace onnxconv::meta
