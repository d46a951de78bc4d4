// Pieces the bagging and boosting converters share: reading a member list,
// scikit-learn's hasattr(member, "predict_proba"), numpy's float64 sum, a
// column subset of the input, one-hot votes and sums of member outputs.
#ifndef ONNXCONV_PLUGINS_META_ENSEMBLE_HELPERS_HPP
#define ONNXCONV_PLUGINS_META_ENSEMBLE_HELPERS_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace onnxconv::meta::ensemble {

using sdk::Attr;
using sdk::Context;
using sdk::Object;
using sdk::ValueType;

inline std::string member_name(size_t i) { return "estimators_[" + std::to_string(i) + "]"; }

// The fitted members (estimators_, a list), at least one.
inline std::vector<Object> fitted_members(const Object& est) {
  Object list = est.attr("estimators_");
  if (list.kind() != sdk::Kind::List && list.kind() != sdk::Kind::Tuple)
    list.fail("expected a list of fitted estimators");
  std::vector<Object> out;
  for (size_t i = 0; i < list.size(); ++i) out.push_back(list[i]);
  if (out.empty()) list.fail("is empty (is the ensemble fitted?)");
  return out;
}

// An integer parameter the predictions depend on (n_estimators, the
// divisor of bagging's mean), checked to be at least 1.
inline int64_t positive_int(const Object& est, const char* name) {
  Object v = est.attr(name);
  int64_t n = v.to_int();
  if (n < 1) v.fail("must be at least 1, got " + std::to_string(n));
  return n;
}

// The output of `role` among a member's inferred outputs, or a refusal
// naming the member.
inline const ValueType& output_of_role(const Object& member, const std::vector<ValueType>& outs,
                                       const std::string& role) {
  for (const auto& t : outs)
    if (t.name == role) return t;
  member.fail("its conversion gives no '" + role + "' output");
}

// The options of a member whose probabilities are combined: a plain tensor
// whatever the model-level zipmap option says. Members read for their
// label or variable get no options (not every converter offers zipmap).
inline sdk::SubOptions plain_probabilities() { return {{"zipmap", "false"}}; }

// A plain [N, width] tensor of `elem` (width -1: any), else a refusal
// saying what `what` needs.
inline void require_matrix(const Object& member, const ValueType& t, int32_t elem, int64_t width,
                           const std::string& what) {
  if (t.kind != OC_VALUE_TENSOR || t.elem_type != elem || t.dims.size() != 2 || (width >= 0 && t.dim(1) != width))
    member.fail(what + " must be a plain [N, " + (width >= 0 ? std::to_string(width) : std::string("k")) +
                "] tensor of the model's float type (is the zipmap option on?)");
}

// A Pipeline answers for its last step (scikit-learn delegates predict_proba
// and classes_ to it).
inline Object final_step(const Object& member) {
  if (member.short_class_name() != "Pipeline") return member;
  Object steps = member.attr("steps");
  if (steps.size() == 0) steps.fail("a Pipeline without steps");
  Object last = steps[steps.size() - 1];
  if (last.size() != 2) last.fail("expected a (name, estimator) step");
  return final_step(last[1]);
}

// hasattr(member, "predict_proba") as scikit-learn answers it: classifiers
// without it (decision-only linear models, SVC/NuSVC without
// probability=True, SGDClassifier with a loss that has no probabilities,
// NearestCentroid) predict a label only; every other classifier we convert
// has it.
inline bool has_predict_proba(const Object& member) {
  Object m = final_step(member);
  std::string name = m.short_class_name();
  if (name == "Perceptron" || name == "RidgeClassifier" || name == "RidgeClassifierCV" || name == "LinearSVC" ||
      name == "PassiveAggressiveClassifier" || name == "NearestCentroid")
    return false;
  if (name == "SVC" || name == "NuSVC") {
    auto p = m.find("probability");
    // 1.9's default is the string 'deprecated', meaning False.
    return p && (p->kind() == sdk::Kind::Bool || p->kind() == sdk::Kind::Int) && p->to_bool();
  }
  if (name == "SGDClassifier") {
    std::string loss = m.attr("loss").to_string();
    return loss == "log" || loss == "log_loss" || loss == "modified_huber";
  }
  return true;
}

// member.classes_ (its Pipeline's last step's).
inline Object member_classes(const Object& member) { return final_step(member).attr("classes_"); }

// numpy's float64 sum of a 1-D array (ndarray.sum): pairwise, 8
// accumulators per block of up to 128, so a total matches bit for bit.
inline double numpy_sum(const double* a, size_t n) {
  if (n < 8) {
    double s = 0.0;  // (newer numpy starts at -0.0: the same for any sum but one of zeros)
    for (size_t i = 0; i < n; ++i) s += a[i];
    return s;
  }
  if (n <= 128) {
    double r[8];
    for (size_t j = 0; j < 8; ++j) r[j] = a[j];
    size_t i = 8;
    for (; i < n - n % 8; i += 8)
      for (size_t j = 0; j < 8; ++j) r[j] += a[i + j];
    double s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) s += a[i];
    return s;
  }
  size_t half = n / 2;
  half -= half % 8;
  return numpy_sum(a, half) + numpy_sum(a + half, n - half);
}

// A double scalar (or `dims`) constant, whatever the model's float type.
inline std::string add_doubles(const Context& ctx, const std::string& hint, const std::vector<double>& v,
                               const std::vector<int64_t>& dims) {
  return ctx.add_initializer(hint, OC_ELEM_DOUBLE, dims, v.data());
}

// sum of `values` in order, as Python's sum() and numpy's `+=` add them.
inline std::string sum_in_order(const Context& ctx, const std::vector<std::string>& values) {
  std::string acc = values.at(0);
  for (size_t i = 1; i < values.size(); ++i) acc = ctx.op("Add", {acc, values[i]});
  return acc;
}

// `labels` [N] against `classes` [1, K] (an initializer): Equal, [N, K].
inline std::string one_hot_matches(const Context& ctx, const std::string& labels, const std::string& class_row) {
  std::string column = ctx.add_int64s("column", {-1, 1}, {2});
  return ctx.op("Equal", {ctx.op("Reshape", {labels, column}), class_row});
}

// [0, 1, ..., k - 1] as a [1, k] int64 row.
inline std::string index_row(const Context& ctx, int64_t k) {
  std::vector<int64_t> v(static_cast<size_t>(k));
  for (int64_t c = 0; c < k; ++c) v[static_cast<size_t>(c)] = c;
  return ctx.add_int64s("class_indices", v, {1, k});
}

// The columns `features` of x (a Gather on axis 1); x itself when they are
// all the columns in order.
inline std::string column_subset(const Context& ctx, const std::string& x, const std::vector<int64_t>& features,
                                 int64_t n_features) {
  bool identity = static_cast<int64_t>(features.size()) == n_features;
  for (size_t j = 0; identity && j < features.size(); ++j) identity = features[j] == static_cast<int64_t>(j);
  if (identity) return x;
  std::string idx = ctx.add_int64s("features", features, {static_cast<int64_t>(features.size())});
  return ctx.op("Gather", {x, idx}, {Attr::i("axis", 1)});
}

}  // namespace onnxconv::meta::ensemble

#endif
