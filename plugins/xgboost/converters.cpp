// Semantics from XGBoost's predictor (src/predictor, src/common/categorical.h)
// and its scikit-learn wrapper (python-package/xgboost/sklearn.py), 1.7 to 3.x.
#include "converters.hpp"

#include "xgb_model.hpp"

#include <algorithm>
#include <cmath>

namespace onnxconv::xgboost {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Context;
using sdk::Error;
using sdk::Object;
using sdk::TreeEnsemble;
using sdk::ValueType;

namespace {

// Categorical columns become integer codes before the ensemble: a NaN
// becomes kMissingCategory, which only the sets of nodes that send missing
// values right hold; negative inputs (invalid, always left) become
// kInvalidCategory, which no set holds.
constexpr double kMissingCategory = -1.0;
constexpr double kInvalidCategory = -2.0;
constexpr double kFirstInvalidCode = 16777216.0;  // 2^24: XGBoost's OutOfRangeCat()

// The model document of a Booster, of a model file, or of a wrapper's
// _Booster, and where it was found.
struct Document {
  std::string bytes;
  std::string where;
};

Document document_of(const Object& est) {
  const std::string cls = est.class_name();
  if (cls == "onnxconv.document.XGBoostModel") {
    Object data = est.attr("data");
    return {data.to_string(), est.has("__file__") ? est.attr("__file__").to_string() : data.path()};
  }
  Object booster = cls == "xgboost.core.Booster" ? est : est.attr("_Booster");
  if (booster.kind() != sdk::Kind::Instance || booster.class_name() != "xgboost.core.Booster")
    booster.fail("expected a fitted xgboost.core.Booster");
  Object handle = booster.attr("handle");
  if (handle.kind() != sdk::Kind::Bytes)
    handle.fail("expected the model's bytes (the pickle of a fitted Booster)");
  return {handle.to_string(), handle.path()};
}

// Wrappers predict with best_iteration (early stopping); a bare Booster
// predicts with every tree.
XgbModel model_of(const Object& est, Wrapper w) {
  Document d = document_of(est);
  if (d.bytes.size() >= 14 && d.bytes.compare(0, 14, "CONFIG-offset:") == 0)
    throw Error(d.where + ": the legacy binary serialisation (XGBoost before 1.6) is not supported");
  XgbModel m = read_model(d.bytes, d.where, w != Wrapper::Booster);
  if (m.trees.empty()) est.fail("the model has no trees");
  return m;
}

ClassLabels classes_of(const Object& est, const XgbModel& m) {
  if (auto c = est.find("classes_"); c && c->kind() == sdk::Kind::Array) return ClassLabels::read(*c);
  int64_t n = m.n_classes > 0 ? m.n_classes : 2;
  if (auto nc = est.find("n_classes_"); nc && !nc->is_none()) n = nc->to_int();
  if (n < 2 || n > (int64_t(1) << 24)) est.fail("n_classes_ is " + std::to_string(n));
  std::vector<int64_t> labels(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) labels[size_t(i)] = i;
  return ClassLabels::from_ints(labels);
}

// Refuses classifier models whose scores are not class probabilities the
// wrapper would compute.
void check_classifier(const Object& est, const XgbModel& m, const ClassLabels& classes) {
  const int64_t k = int64_t(classes.size());
  const bool binary = m.n_outputs == 1 && k == 2 &&
                      (m.transform == Transform::Sigmoid || m.transform == Transform::Identity ||
                       m.transform == Transform::Hinge);
  const bool multi = m.n_classes == k && k > 2 && (m.transform == Transform::Softmax || m.transform == Transform::ArgMax);
  if (!binary && !multi)
    est.fail("objective '" + m.objective + "' with " + std::to_string(m.n_outputs) + " margin column(s) for " +
             std::to_string(k) + " classes is not a classifier the wrapper predicts probabilities for");
}

int64_t output_columns(const XgbModel& m) { return m.transform == Transform::ArgMax ? 1 : m.n_outputs; }

// XGBoost reads categories as the input rounded to float32 and truncated to
// an integer; negative values, values past 2^24 - 1 and categories outside a
// node's set all go left, NaN goes the default way. The columns of
// categorical features become Floor(float32(x)) (exact for the valid range;
// every invalid value stays outside every set), NaN kMissingCategory,
// invalid values (negative, or 2^24 and above) kInvalidCategory.
std::string categorical_input(const Context& ctx, const XgbModel& m, const std::string& x) {
  std::vector<uint8_t> is_cat = m.categorical_features;
  std::string rounded = x;
  if (ctx.is_double())
    rounded = ctx.op("Cast", {ctx.op("Cast", {x}, {Attr::i("to", OC_ELEM_FLOAT)})}, {Attr::i("to", OC_ELEM_DOUBLE)});
  std::vector<int64_t> mask(is_cat.begin(), is_cat.end());
  std::string cat_mask =
      ctx.op("Cast", {ctx.add_int64s("categorical_features", mask, {1, m.n_features})}, {Attr::i("to", OC_ELEM_BOOL)});
  std::string invalid = ctx.op("Or", {ctx.op("Less", {rounded, ctx.add_floats("zero", {0.0}, {})}),
                                      ctx.op("GreaterOrEqual", {rounded, ctx.add_floats("first_invalid", {kFirstInvalidCode}, {})})});
  std::string valid = ctx.op("Where", {invalid, ctx.add_floats("invalid_category", {kInvalidCategory}, {}),
                                       ctx.op("Floor", {rounded})});
  std::string codes =
      ctx.op("Where", {ctx.op("IsNaN", {x}), ctx.add_floats("missing_category", {kMissingCategory}, {}), valid});
  return ctx.op("Where", {cat_mask, codes, rounded});
}

bool has_categorical(const XgbModel& m) {
  return std::any_of(m.categorical_features.begin(), m.categorical_features.end(), [](uint8_t c) { return c != 0; });
}

// One XGBoost tree as the SDK's node view. Categorical nodes become set
// splits: their categories go to XGBoost's right child (TreeNodes' `left`,
// the side a member takes), everything else left; a node that sends missing
// values right also holds kMissingCategory.

struct TreeView {
  std::vector<int64_t> left, right, feature;
  std::vector<double> value;  // threshold, or leaf value (times the tree weight)
  std::vector<uint8_t> is_leaf, missing_left, is_set;
  std::vector<std::vector<double>> sets;

  sdk::TreeNodes view(const XgbTree& t) {
    const size_t n = t.left.size();
    left = t.left;
    right = t.right;
    feature = t.feature;
    value.resize(n);
    is_leaf.assign(n, 0);
    missing_left = t.default_left;
    is_set.assign(n, 0);
    sets.assign(n, {});
    for (size_t i = 0; i < n; ++i) {
      is_leaf[i] = t.left[i] == -1;
      // dart: weight_drop * leaf, exact in double (two float32 factors).
      value[i] = is_leaf[i] ? t.weight * t.split[i] : t.split[i];
      if (is_leaf[i] || !t.categorical[i]) continue;
      is_set[i] = 1;
      std::swap(left[i], right[i]);
      sets[i] = t.categories[i];
      if (!t.default_left[i]) sets[i].push_back(kMissingCategory);
    }
    sdk::TreeNodes v;
    v.n_nodes = n;
    v.left = left.data();
    v.right = right.data();
    v.feature = feature.data();
    v.threshold = value.data();
    v.missing_left = missing_left.data();
    v.is_leaf = is_leaf.data();
    v.is_set = is_set.data();
    v.set_values = sets.data();
    return v;
  }
};

// The margin [N, n_outputs]: trees plus base score. Double models sum in
// double from float32-exact parts (docs/adr/0005).
std::string emit_margin(const Context& ctx, const Object& est, const XgbModel& m, const std::string& x) {
  const bool categorical = has_categorical(m);
  TreeEnsemble::Options o;
  o.estimator = est.path();
  o.n_features = m.n_features;
  o.n_targets = m.n_outputs;
  o.float_type = ctx.float_type();
  o.compare = sdk::Compare::Less;  // XGBoost: fvalue < split_cond goes left
  // XGBoost compares the input rounded to float32. Without categorical
  // splits the thresholds are re-encoded for double inputs; with them the
  // graph rounds the input itself (set members are compared as given).
  o.source_input = categorical ? sdk::SourceInput::AsIs : sdk::SourceInput::RoundedToFloat32;
  TreeEnsemble ens(o);
  size_t nodes = 0;
  for (const XgbTree& t : m.trees) nodes += t.left.size();
  ens.reserve(nodes, (nodes + m.trees.size()) / 2);
  TreeView view;
  for (size_t i = 0; i < m.trees.size(); ++i) {
    const XgbTree& t = m.trees[i];
    ens.add_tree(view.view(t), [&](int64_t node, auto&& emit) {
      const double v = view.value[size_t(node)];
      if (v != 0.0) emit(t.group, v);
    }, est.path() + " tree " + std::to_string(i));
  }
  ens.set_base_values(m.base_margin);
  const std::string input = categorical ? categorical_input(ctx, m, x) : x;
  return ctx.is_double() ? ens.emit_exact_sums(ctx, input) : ens.emit_regressor(ctx, input);
}

// What Booster.predict / the regressor's predict return, [N, columns].
void emit_prediction(const Context& ctx, const XgbModel& m, const std::string& margin, const std::string& out) {
  switch (m.transform) {
    case Transform::Identity: ctx.add_node("Identity", {margin}, {out}); return;
    case Transform::Sigmoid: ctx.add_node("Sigmoid", {margin}, {out}); return;
    case Transform::Exp: ctx.add_node("Exp", {margin}, {out}); return;
    case Transform::Softmax: ctx.add_node("Softmax", {margin}, {out}, {Attr::i("axis", 1)}); return;
    case Transform::Hinge: {  // 1 where margin > 0
      std::string positive = ctx.op("Greater", {margin, ctx.add_floats("zero", {0.0}, {})});
      ctx.add_node("Cast", {positive}, {out}, {Attr::i("to", ctx.float_type())});
      return;
    }
    case Transform::ArgMax: {  // the class index, as a float
      std::string index = ctx.op("ArgMax", {margin}, {Attr::i("axis", 1), Attr::i("keepdims", 1)});
      ctx.add_node("Cast", {index}, {out}, {Attr::i("to", ctx.float_type())});
      return;
    }
  }
}

// XGBClassifier.predict_proba / predict. Binary: q = the objective's
// output, probabilities [1 - q, q], label classes_[q > 0.5] (the first
// column wins the tie at 0.5). Multi-class: softmax of the margin (2.x+
// computes it for multi:softmax too), label = argmax.
void emit_classifier(const Context& ctx, const XgbModel& m, const ClassLabels& classes, const std::string& margin,
                     const std::vector<std::string>& outputs) {
  std::string probs;
  std::string label_scores;
  if (m.n_outputs == 1) {
    std::string q = ctx.unique_name("positive");
    emit_prediction(ctx, m, margin, q);
    probs = ctx.op("Concat", {ctx.op("Sub", {ctx.add_floats("one", {1.0}, {}), q}), q}, {Attr::i("axis", 1)});
    label_scores = probs;
  } else {
    probs = ctx.op("Softmax", {margin}, {Attr::i("axis", 1)});
    // multi:softmax's label is the argmax of the margin, softprob's that of
    // the probabilities (the same but for float ties).
    label_scores = m.transform == Transform::ArgMax ? margin : probs;
  }
  sdk::emit_label(ctx, label_scores, classes, outputs[0]);
  sdk::emit_probabilities(ctx, probs, classes, sdk::zipmap_option(ctx), outputs[1]);
}

void check_opsets(const Context& ctx, const Object& est) {
  if (ctx.opset("ai.onnx.ml") < 3)
    est.fail("tree ensembles need ai.onnx.ml opset 3 (target: " + std::to_string(ctx.opset("ai.onnx.ml")) + ")");
  if (ctx.opset() < 13) est.fail("the xgboost plugin needs ai.onnx opset 13 or newer");
}

}  // namespace

template <Wrapper W>
std::vector<ValueType> XgbConverter<W>::infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  check_opsets(ctx, est);
  const XgbModel m = model_of(est, W);
  if (inputs.size() != 1) est.fail("expects one input, got " + std::to_string(inputs.size()));
  const ValueType& in = inputs[0];
  if (in.kind != OC_VALUE_TENSOR || in.elem_type != ctx.float_type() || in.dims.size() != 2)
    est.fail("expects a 2-D tensor of the model's float type");
  if (in.dim(1) >= 0 && in.dim(1) != m.n_features)
    est.fail("expects " + std::to_string(m.n_features) + " features, the input has " + std::to_string(in.dim(1)));
  if (W == Wrapper::Classifier) {
    const ClassLabels classes = classes_of(est, m);
    check_classifier(est, m, classes);
    return sdk::classifier_outputs(ctx, classes, sdk::zipmap_option(ctx));
  }
  if (ctx.option("zipmap")) est.fail("option zipmap applies to classifiers only");
  return {ValueType::tensor("variable", ctx.float_type(), {in.dim(0), output_columns(m)})};
}

template <Wrapper W>
void XgbConverter<W>::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                              const std::vector<std::string>& outputs) {
  const XgbModel m = model_of(est, W);
  const std::string margin = emit_margin(ctx, est, m, inputs[0]);
  if (W == Wrapper::Classifier) {
    const ClassLabels classes = classes_of(est, m);
    check_classifier(est, m, classes);
    emit_classifier(ctx, m, classes, margin, outputs);
  } else {
    emit_prediction(ctx, m, margin, outputs[0]);
  }
}

template class XgbConverter<Wrapper::Booster>;
template class XgbConverter<Wrapper::Regressor>;
template class XgbConverter<Wrapper::Classifier>;

}  // namespace onnxconv::xgboost
