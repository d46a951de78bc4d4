#include "weight_boosting.hpp"

#include "ensemble_helpers.hpp"

#include <onnxconv/sdk/classifier.hpp>
#include <onnxconv/sdk/reduce.hpp>
#include <onnxconv/sdk/sklearn_version.hpp>

#include <cfloat>
#include <cmath>
#include <optional>

namespace onnxconv::meta {
namespace {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Context;
using sdk::Object;
using sdk::SklearnVersion;
using sdk::ValueType;
using namespace ensemble;

// The fitted members and their weights. estimator_weights_ has one entry
// per boosting iteration (n_estimators); an early stop leaves estimators_
// shorter, and zip() pairs each member with the first weights.
struct Boost {
  std::vector<Object> members;
  std::vector<double> weights;  // estimator_weights_[:len(estimators_)]
  double total = 0;             // estimator_weights_.sum(), all entries

  static Boost read(const Object& est) {
    Boost b;
    b.members = fitted_members(est);
    Object w = est.attr("estimator_weights_");
    if (w.kind() != sdk::Kind::Array || w.shape().size() != 1 || w.array_info().dtype_kind != 'f')
      w.fail("expected a 1-D float array");
    if (w.shape()[0] < static_cast<int64_t>(b.members.size()))
      w.fail("has " + std::to_string(w.shape()[0]) + " weights for " + std::to_string(b.members.size()) +
             " fitted members");
    std::vector<double> all = w.to_doubles();
    for (size_t i = 0; i < all.size(); ++i)
      if (!std::isfinite(all[i]) || all[i] < 0) w.fail("weight " + std::to_string(i) + " is negative or not finite");
    b.weights.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(b.members.size()));
    b.total = sdk::numpy_sum(all);
    return b;
  }
};

// How a release's AdaBoostClassifier scores its members.
struct Algorithm {
  bool samme_r = false;    // SAMME.R (log-probabilities), before 1.6
  bool symmetric = false;  // SAMME from 1.3: a miss counts -w / (K - 1), not 0

  static Algorithm of(const Object& est) {
    SklearnVersion v = SklearnVersion::of(est);
    Algorithm a;
    auto algo = est.find("algorithm");
    std::string name = algo && algo->kind() == sdk::Kind::String ? algo->to_string() : "SAMME";
    if (name != "SAMME" && name != "SAMME.R" && name != "deprecated")
      algo->fail("expected 'SAMME' or 'SAMME.R', got '" + name + "'");
    a.samme_r = name == "SAMME.R" && !v.at_least(1, 6);  // 1.6 ignores it: SAMME
    a.symmetric = v.at_least(1, 3);
    return a;
  }
};

std::string to_double(const Context& ctx, const std::string& v) {
  return ctx.is_double() ? v : ctx.op("Cast", {v}, {Attr::i("to", OC_ELEM_DOUBLE)});
}

// What a member's label is compared with: the class values, or for string
// classes their indices (ONNX Equal takes no strings before opset 19: the
// labels are mapped to indices by a LabelEncoder first, unknown ones to -1).
struct LabelMatcher {
  const ClassLabels& classes;
  std::string targets;

  LabelMatcher(const Context& ctx, const ClassLabels& c) : classes(c) {
    targets = classes.is_string() ? index_row(ctx, static_cast<int64_t>(classes.size())) : classes.add_initializer(ctx);
  }
  // predict(X) == classes_[:, None], transposed: [N, K] booleans.
  std::string matches(const Context& ctx, const std::string& label) const {
    if (!classes.is_string()) return one_hot_matches(ctx, label, targets);
    std::vector<int64_t> indices(classes.size());
    for (size_t j = 0; j < indices.size(); ++j) indices[j] = static_cast<int64_t>(j);
    std::string index = ctx.op("LabelEncoder", {label},
                               {Attr::strings("keys_strings", classes.strings()), Attr::ints("values_int64s", indices),
                                Attr::i("default_int64", -1)},
                               "ai.onnx.ml");
    return one_hot_matches(ctx, index, targets);
  }
};

// A member's SAMME term: where(predict(X) == classes_, w, miss) per class.
std::string samme_term(const Context& ctx, const LabelMatcher& matcher, const std::string& label, double w,
                       double miss) {
  return ctx.op("Where", {matcher.matches(ctx, label), add_doubles(ctx, "weight", {w}, {}),
                          add_doubles(ctx, "miss", {miss}, {})});
}

// _samme_proba: (K - 1) * (log p - (1 / K) * sum_k log p), p clipped below
// at float64 eps (the members' predict_proba is float64).
std::string samme_r_term(const Context& ctx, const std::string& proba, int64_t k) {
  std::string p = ctx.op("Max", {to_double(ctx, proba), add_doubles(ctx, "eps", {DBL_EPSILON}, {})});
  std::string log_p = ctx.op("Log", {p});
  std::string mean_part = ctx.op("Mul", {sdk::reduce(ctx, "ReduceSum", log_p, {1}, true),
                                         add_doubles(ctx, "inv_k", {1.0 / static_cast<double>(k)}, {})});
  return ctx.op("Mul", {ctx.op("Sub", {log_p, mean_part}), add_doubles(ctx, "k_minus_1", {double(k - 1)}, {})});
}

std::string column(const Context& ctx, const std::string& m, int64_t j) {
  return ctx.op("Slice", {m, ctx.add_int64s("from", {j}, {1}), ctx.add_int64s("to", {j + 1}, {1}),
                          ctx.add_int64s("axis", {1}, {1})});
}

// The model's probabilities: softmax (in double) of the decision, cast to
// the model's float type.
void emit_softmax(const Context& ctx, const std::string& scores, const std::string& out) {
  if (ctx.is_double()) {
    ctx.add_node("Softmax", {scores}, {out}, {Attr::i("axis", 1)});
    return;
  }
  ctx.add_node("Cast", {ctx.op("Softmax", {scores}, {Attr::i("axis", 1)})}, {out}, {Attr::i("to", OC_ELEM_FLOAT)});
}

}  // namespace

// decision_function, in double as scikit-learn computes it: the members'
// SAMME votes or SAMME.R terms summed in order, divided by
// estimator_weights_.sum(). Two classes: d = col1 - col0, label =
// classes_[d > 0], probabilities = softmax([-d, d] / 2); more: label =
// classes_[argmax], probabilities = softmax(decision / (K - 1))
// (_compute_proba_from_decision).
std::vector<ValueType> AdaBoostClassifierConverter::infer(Context& ctx, const Object& est,
                                                          const std::vector<ValueType>& inputs) {
  sdk::require_opset(ctx, est, 11);  // Slice and Where as used here
  Boost b = Boost::read(est);
  Algorithm a = Algorithm::of(est);
  ClassLabels classes = ClassLabels::read(est.attr("classes_"));
  const int64_t k = static_cast<int64_t>(classes.size());
  if (k < 2) est.attr("classes_").unsupported("a single class is not converted");
  if (!(b.total > 0)) est.attr("estimator_weights_").fail("the weights sum to zero");
  for (size_t i = 0; i < b.members.size(); ++i) {
    std::vector<ValueType> outs = ctx.infer_sub(b.members[i], member_name(i), inputs);
    if (a.samme_r) {
      require_matrix(b.members[i], output_of_role(b.members[i], outs, "probabilities"), ctx.float_type(), k,
                     "SAMME.R needs its probabilities; they");
    } else if (output_of_role(b.members[i], outs, "label").elem_type != classes.elem_type()) {
      b.members[i].fail("its labels are not of the type of the ensemble's classes_");
    }
  }
  int64_t rows = inputs.empty() ? -1 : inputs[0].dim(0);
  return {ValueType::tensor("label", classes.elem_type(), {rows}),
          ValueType::tensor("probabilities", ctx.float_type(), {rows, k})};
}

void AdaBoostClassifierConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                          const std::vector<std::string>& outputs) {
  Boost b = Boost::read(est);
  Algorithm a = Algorithm::of(est);
  ClassLabels classes = ClassLabels::read(est.attr("classes_"));
  const int64_t k = static_cast<int64_t>(classes.size());
  std::vector<ValueType> types;
  for (size_t i = 0; i < inputs.size(); ++i) types.push_back(ctx.input_type(i));
  if (!a.samme_r && classes.is_string()) sdk::require_ml_domain(ctx, "string class labels (LabelEncoder)");
  std::optional<LabelMatcher> matcher;
  if (!a.samme_r) matcher.emplace(ctx, classes);
  std::vector<std::string> parts;
  for (size_t i = 0; i < b.members.size(); ++i) {
    double w = b.weights[i];
    if (!a.samme_r && w == 0) continue;  // adds (-)0 to every class
    auto outs = ctx.convert_sub(b.members[i], member_name(i), inputs, types);
    if (a.samme_r)
      parts.push_back(samme_r_term(ctx, outs["probabilities"], k));
    else
      parts.push_back(samme_term(ctx, *matcher, outs["label"], w, a.symmetric ? -1.0 / double(k - 1) * w : 0.0));
  }
  if (parts.empty()) est.attr("estimator_weights_").fail("every fitted member has weight zero");
  std::string decision = ctx.op("Div", {sum_in_order(ctx, parts), add_doubles(ctx, "weight_sum", {b.total}, {})});
  if (k == 2) {
    std::string d = ctx.op("Sub", {column(ctx, decision, 1), column(ctx, decision, 0)});  // -col0 + col1
    std::string positive = ctx.op("Greater", {d, add_doubles(ctx, "zero", {0.0}, {})});
    std::string index = ctx.op("Reshape", {ctx.op("Cast", {positive}, {Attr::i("to", OC_ELEM_INT64)}),
                                           ctx.add_int64s("flat", {-1}, {1})});
    ctx.add_node("Gather", {classes.add_initializer(ctx), index}, {outputs[0]}, {Attr::i("axis", 0)});
    std::string pair = ctx.op("Concat", {ctx.op("Neg", {d}), d}, {Attr::i("axis", 1)});
    emit_softmax(ctx, ctx.op("Div", {pair, add_doubles(ctx, "two", {2.0}, {})}), outputs[1]);
    return;
  }
  sdk::emit_label(ctx, decision, classes, outputs[0]);
  emit_softmax(ctx, ctx.op("Div", {decision, add_doubles(ctx, "k_minus_1", {double(k - 1)}, {})}), outputs[1]);
}

// predict: _get_median_predict, the weighted median of the members'
// predictions. Per row: sort them (TopK, ascending), gather their weights
// in that order, CumSum, and take the first position whose cumulative
// weight reaches half the total (ArgMax of the comparison finds the first
// true); that position's sorted prediction is the answer. Members tied on
// a prediction give that value whatever their order.
std::vector<ValueType> AdaBoostRegressorConverter::infer(Context& ctx, const Object& est,
                                                         const std::vector<ValueType>& inputs) {
  sdk::require_opset(ctx, est, 12);  // GreaterOrEqual (TopK's k input and GatherElements: 11)
  Boost b = Boost::read(est);
  for (size_t i = 0; i < b.members.size(); ++i) {
    std::vector<ValueType> outs = ctx.infer_sub(b.members[i], member_name(i), inputs);
    require_matrix(b.members[i], output_of_role(b.members[i], outs, "variable"), ctx.float_type(), 1,
                   "its prediction");
  }
  return {ValueType::tensor("variable", ctx.float_type(), {inputs.empty() ? -1 : inputs[0].dim(0), 1})};
}

void AdaBoostRegressorConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                         const std::vector<std::string>& outputs) {
  Boost b = Boost::read(est);
  std::vector<ValueType> types;
  for (size_t i = 0; i < inputs.size(); ++i) types.push_back(ctx.input_type(i));
  std::vector<std::string> predictions;
  for (size_t i = 0; i < b.members.size(); ++i)
    predictions.push_back(ctx.convert_sub(b.members[i], member_name(i), inputs, types)["variable"]);
  const int64_t m = static_cast<int64_t>(predictions.size());
  std::string all = m == 1 ? predictions[0] : ctx.op("Concat", predictions, {Attr::i("axis", 1)});
  std::string sorted = ctx.unique_name("sorted_predictions");
  std::string order = ctx.unique_name("sorted_members");
  ctx.add_node("TopK", {all, ctx.add_int64s("k", {m}, {1})}, {sorted, order},
               {Attr::i("axis", 1), Attr::i("largest", 0), Attr::i("sorted", 1)});
  std::string weights = ctx.op("Gather", {add_doubles(ctx, "estimator_weights", b.weights, {m}), order},
                               {Attr::i("axis", 0)});
  std::string cdf = ctx.op("CumSum", {weights, ctx.add_int64s("axis", {1}, {})});
  std::string half = ctx.op("Mul", {column(ctx, cdf, m - 1), add_doubles(ctx, "half", {0.5}, {})});
  std::string reached = ctx.op("Cast", {ctx.op("GreaterOrEqual", {cdf, half})}, {Attr::i("to", OC_ELEM_INT32)});
  std::string median = ctx.op("ArgMax", {reached}, {Attr::i("axis", 1), Attr::i("keepdims", 1)});
  ctx.add_node("GatherElements", {sorted, median}, {outputs[0]}, {Attr::i("axis", 1)});
}

}  // namespace onnxconv::meta
