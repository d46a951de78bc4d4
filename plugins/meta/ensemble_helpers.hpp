// Pieces the bagging and boosting converters share: reading a member list,
// scikit-learn's hasattr(member, "predict_proba"), numpy's float64 sum, a
// column subset of the input, one-hot votes and sums of member outputs.
#ifndef ONNXCONV_PLUGINS_META_ENSEMBLE_HELPERS_HPP
#define ONNXCONV_PLUGINS_META_ENSEMBLE_HELPERS_HPP

#include "response_methods.hpp"

#include <onnxconv/sdk/numpy_sum.hpp>
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

// A plain [N, width] tensor of `elem` (width -1: any), else a refusal
// saying what `what` needs.
inline void require_matrix(const Object& member, const ValueType& t, int32_t elem, int64_t width,
                           const std::string& what) {
  if (t.kind != OC_VALUE_TENSOR || t.elem_type != elem || t.dims.size() != 2 || (width >= 0 && t.dim(1) != width))
    member.fail(what + " must be a plain [N, " + (width >= 0 ? std::to_string(width) : std::string("k")) +
                "] tensor of the model's float type (is the zipmap option on?)");
}

// hasattr(member, "predict_proba") as scikit-learn answers it.
inline bool has_predict_proba(const Object& member) { return ResponseMethods::of(member).predict_proba; }

// member.classes_ (a Pipeline's last step's...).
inline Object member_classes(const Object& member) { return classes_of(member); }

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
