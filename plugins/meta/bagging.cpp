#include "bagging.hpp"

#include "ensemble_helpers.hpp"

#include <onnxconv/sdk/classifier.hpp>

namespace onnxconv::meta {
namespace {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Context;
using sdk::Object;
using sdk::ValueType;
using namespace ensemble;

// The fitted members and the input columns each was fitted on
// (estimators_features_: X[:, features], in that order, repeats allowed
// with bootstrap_features=True).
struct Bag {
  std::vector<Object> members;
  std::vector<std::vector<int64_t>> features;
  int64_t n_features = 0;
  int64_t n_estimators = 0;  // the divisor of the mean, as scikit-learn uses it

  static Bag read(const Object& est) {
    Bag b;
    b.members = fitted_members(est);
    b.n_features = positive_int(est, est.has("n_features_in_") ? "n_features_in_" : "n_features_");
    b.n_estimators = positive_int(est, "n_estimators");
    if (b.n_estimators != static_cast<int64_t>(b.members.size()))
      est.attr("n_estimators").fail("is " + std::to_string(b.n_estimators) + " but estimators_ holds " +
                                    std::to_string(b.members.size()) + " fitted members");
    Object all = est.attr("estimators_features_");
    if (all.size() != b.members.size())
      all.fail("has " + std::to_string(all.size()) + " column subsets for " + std::to_string(b.members.size()) +
               " fitted members");
    for (size_t i = 0; i < all.size(); ++i) b.features.push_back(read_features(all[i], b.n_features));
    return b;
  }

  ValueType member_input(const Context& ctx, const std::vector<ValueType>& inputs, size_t i) const {
    return ValueType::tensor("X", ctx.float_type(), {inputs[0].dim(0), static_cast<int64_t>(features[i].size())});
  }

  // The member's input: its columns of the ensemble's input.
  std::string member_columns(const Context& ctx, const std::string& x, size_t i) const {
    return column_subset(ctx, x, features[i], n_features);
  }

 private:
  // 1 to n_features column indices, each in [0, n_features) (max_features
  // is at most n_features in every release).
  static std::vector<int64_t> read_features(const Object& a, int64_t n_features) {
    if (a.kind() != sdk::Kind::Array || a.shape().size() != 1 || a.array_info().dtype_kind != 'i')
      a.fail("expected a 1-D integer array of column indices");
    int64_t n = a.shape()[0];
    if (n < 1 || n > n_features)
      a.fail("holds " + std::to_string(n) + " column indices; expected 1 to n_features = " + std::to_string(n_features));
    std::vector<int64_t> f = a.to_int64s();
    for (int64_t c : f)
      if (c < 0 || c >= n_features)
        a.fail("column index " + std::to_string(c) + " is outside [0, " + std::to_string(n_features) + ")");
    return f;
  }
};

// How a member enters predict_proba (_parallel_predict_proba): its
// probabilities over its own classes_ (indices into the ensemble's classes_:
// members are fitted on np.unique's inverse), or, without predict_proba,
// one vote for its predicted index.
struct ClassifierMember {
  bool proba = false;
  std::vector<int64_t> classes;  // proba: the member's classes_

  static ClassifierMember read(const Object& member, int64_t n_classes) {
    ClassifierMember m;
    m.proba = has_predict_proba(member);
    if (!m.proba) return m;
    Object cls = member_classes(member);
    ClassLabels labels = ClassLabels::read(cls);
    if (labels.is_string()) cls.fail("expected class indices (bagging fits its members on encoded labels)");
    m.classes = labels.ints();
    for (size_t j = 0; j < m.classes.size(); ++j)
      if (m.classes[j] < 0 || m.classes[j] >= n_classes || (j > 0 && m.classes[j] <= m.classes[j - 1]))
        cls.fail("class index " + std::to_string(m.classes[j]) + " at position " + std::to_string(j) +
                 ": expected increasing class indices in [0, " + std::to_string(n_classes) + ")");
    return m;
  }
  int64_t width() const { return static_cast<int64_t>(classes.size()); }
  sdk::SubOptions options() const { return proba ? plain_probabilities() : sdk::SubOptions{}; }
};

// proba[:, member.classes_] += member_proba: the member's columns moved to
// their classes, zeros elsewhere (a zero column padded on, then gathered).
std::string spread_columns(const Context& ctx, const std::string& p, const std::vector<int64_t>& classes,
                           int64_t n_classes) {
  const int64_t m = static_cast<int64_t>(classes.size());
  if (m == n_classes) return p;  // scikit-learn adds them as they are
  std::vector<int64_t> source(static_cast<size_t>(n_classes), m);
  for (int64_t j = 0; j < m; ++j) source[static_cast<size_t>(classes[static_cast<size_t>(j)])] = j;
  std::string padded = ctx.op("Pad", {p, ctx.add_int64s("pads", {0, 0, 0, 1}, {4})});
  return ctx.op("Gather", {padded, ctx.add_int64s("class_source", source, {n_classes})}, {Attr::i("axis", 1)});
}

}  // namespace

// predict_proba: the sum over members of their probabilities (spread over
// the ensemble's classes) or one-hot votes, divided by n_estimators;
// predict: classes_[argmax], the first on a tie.
std::vector<ValueType> BaggingClassifierConverter::infer(Context& ctx, const Object& est,
                                                         const std::vector<ValueType>& inputs) {
  sdk::require_opset(ctx, est, 11);  // Pad with its pads as an input
  Bag b = Bag::read(est);
  sdk::check_matrix_input(ctx, est, inputs, b.n_features);
  ClassLabels classes = ClassLabels::read(est.attr("classes_"));
  const int64_t k = static_cast<int64_t>(classes.size());
  for (size_t i = 0; i < b.members.size(); ++i) {
    ClassifierMember m = ClassifierMember::read(b.members[i], k);
    std::vector<ValueType> outs = ctx.infer_sub(b.members[i], member_name(i), {b.member_input(ctx, inputs, i)},
                                                m.options());
    if (m.proba)
      require_matrix(b.members[i], output_of_role(b.members[i], outs, "probabilities"), ctx.float_type(), m.width(),
                     "its probabilities");
    else if (output_of_role(b.members[i], outs, "label").elem_type != OC_ELEM_INT64)
      b.members[i].fail("voting needs integer labels (indices into the ensemble's classes_)");
  }
  int64_t rows = inputs[0].dim(0);
  return {ValueType::tensor("label", classes.elem_type(), {rows}),
          ValueType::tensor("probabilities", ctx.float_type(), {rows, k})};
}

void BaggingClassifierConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                         const std::vector<std::string>& outputs) {
  Bag b = Bag::read(est);
  ClassLabels classes = ClassLabels::read(est.attr("classes_"));
  const int64_t k = static_cast<int64_t>(classes.size());
  std::vector<ValueType> types = {ctx.input_type(0)};
  std::vector<std::string> parts;
  std::string class_row;
  for (size_t i = 0; i < b.members.size(); ++i) {
    ClassifierMember m = ClassifierMember::read(b.members[i], k);
    auto outs = ctx.convert_sub(b.members[i], member_name(i), {b.member_columns(ctx, inputs[0], i)},
                                {b.member_input(ctx, types, i)}, m.options());
    if (m.proba) {
      parts.push_back(spread_columns(ctx, outs["probabilities"], m.classes, k));
      continue;
    }
    if (class_row.empty()) class_row = index_row(ctx, k);
    parts.push_back(ctx.op("Cast", {one_hot_matches(ctx, outs["label"], class_row)},
                           {Attr::i("to", ctx.float_type())}));
  }
  std::string sum = sum_in_order(ctx, parts);
  ctx.add_node("Div", {sum, ctx.add_floats("n_estimators", {static_cast<double>(b.n_estimators)}, {})},
               {outputs[1]});
  sdk::emit_label(ctx, outputs[1], classes, outputs[0]);
}

// predict: the members' predictions summed in order, divided by n_estimators.
std::vector<ValueType> BaggingRegressorConverter::infer(Context& ctx, const Object& est,
                                                        const std::vector<ValueType>& inputs) {
  Bag b = Bag::read(est);
  sdk::check_matrix_input(ctx, est, inputs, b.n_features);
  for (size_t i = 0; i < b.members.size(); ++i) {
    std::vector<ValueType> outs = ctx.infer_sub(b.members[i], member_name(i), {b.member_input(ctx, inputs, i)});
    require_matrix(b.members[i], output_of_role(b.members[i], outs, "variable"), ctx.float_type(), 1,
                   "its prediction");
  }
  return {ValueType::tensor("variable", ctx.float_type(), {inputs[0].dim(0), 1})};
}

void BaggingRegressorConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                        const std::vector<std::string>& outputs) {
  Bag b = Bag::read(est);
  std::vector<ValueType> types = {ctx.input_type(0)};
  std::vector<std::string> parts;
  for (size_t i = 0; i < b.members.size(); ++i)
    parts.push_back(ctx.convert_sub(b.members[i], member_name(i), {b.member_columns(ctx, inputs[0], i)},
                                    {b.member_input(ctx, types, i)})["variable"]);
  std::string sum = sum_in_order(ctx, parts);
  ctx.add_node("Div", {sum, ctx.add_floats("n_estimators", {static_cast<double>(b.n_estimators)}, {})},
               {outputs[0]});
}

}  // namespace onnxconv::meta
