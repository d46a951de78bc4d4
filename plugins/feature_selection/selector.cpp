#include "selector.hpp"

#include <cmath>

namespace onnxconv::feature_selection {
namespace {

int64_t count(const Mask& m) {
  int64_t n = 0;
  for (bool b : m) n += b;
  return n;
}

std::string mask_text(const Mask& m) {
  std::string s;
  for (size_t i = 0; i < m.size(); ++i)
    if (m[i]) s += (s.empty() ? "" : ",") + std::to_string(i);
  return "[" + s + "]";
}

}  // namespace

int64_t SelectorConverter::fitted_width(const Object& est) const {
  auto n = est.find("n_features_in_");
  return n ? n->to_int() : -1;
}

// The mask, checked against the width the estimator says it was fitted on.
Mask SelectorConverter::checked_mask(const Object& est) const {
  Mask m = mask(est);
  int64_t n = fitted_width(est);
  if (n >= 0 && static_cast<int64_t>(m.size()) != n)
    est.fail("its fitted state gives a mask over " + std::to_string(m.size()) +
             " columns, but n_features_in_ is " + std::to_string(n));
  if (m.empty()) est.fail("its fitted state selects among zero columns");
  return m;
}

std::vector<ValueType> SelectorConverter::infer(Context& ctx, const Object& est,
                                                const std::vector<ValueType>& inputs) {
  sdk::require_opset(ctx, est, kMinOpset);
  Mask m = checked_mask(est);
  if (inputs.size() != 1 || inputs[0].kind != OC_VALUE_TENSOR)
    est.fail("expects one input tensor, got " + std::to_string(inputs.size()) + " inputs");
  const ValueType& x = inputs[0];
  if (!x.dims.empty() && x.dims.size() != 2)
    est.fail("expects a 2-D input [N, features], got rank " + std::to_string(x.dims.size()));
  if (x.dim(1) >= 0 && x.dim(1) != static_cast<int64_t>(m.size()))
    est.fail("input has " + std::to_string(x.dim(1)) + " columns but it selects among " +
             std::to_string(m.size()));
  // The columns keep their element type (transform indexes, it never casts).
  return {ValueType::tensor("variable", x.elem_type, {x.dim(0), count(m)})};
}

// X[:, mask]: a Gather of the kept columns in input order; nothing to do
// when every column is kept (the host drops the Identity).
void SelectorConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                const std::vector<std::string>& outputs) {
  Mask m = checked_mask(est);
  std::vector<int64_t> kept;
  for (size_t i = 0; i < m.size(); ++i)
    if (m[i]) kept.push_back(static_cast<int64_t>(i));
  if (kept.size() == m.size()) {
    ctx.add_node("Identity", {inputs[0]}, {outputs[0]});
    return;
  }
  std::string idx = ctx.add_int64s("kept_columns", kept, {static_cast<int64_t>(kept.size())});
  ctx.add_node("Gather", {inputs[0], idx}, {outputs[0]}, {sdk::Attr::i("axis", 1)});
}

Mask VarianceThresholdConverter::mask(const Object& est) const {
  Values var = read_values(est.attr("variances_"));
  double t = number_attr(est, "threshold");
  return agreed_mask(est, "variances_ > threshold", thresholds_for(t, var.f32), [&](double thr) {
    Mask m(var.v.size());
    for (size_t i = 0; i < m.size(); ++i) m[i] = var.v[i] > thr;  // NaN variance: dropped
    return m;
  });
}

Mask SupportConverter::mask(const Object& est) const {
  Object support = est.attr("support_");
  if (support.kind() != sdk::Kind::Array || support.array_info().dtype_kind != 'b')
    support.fail("expected a boolean array");
  Values v = read_values(support);
  Mask m(v.v.size());
  for (size_t i = 0; i < m.size(); ++i) m[i] = v.v[i] != 0.0;
  return m;
}

// ---------------------------------------------------------------- helpers

Values read_values(const Object& array, int64_t size) {
  if (array.kind() != sdk::Kind::Array) array.fail("expected a numpy array");
  oc_array_info info = array.array_info();
  if (info.ndim != 1) array.fail("expected a 1-D array, got " + std::to_string(info.ndim) + " dimensions");
  char kind = info.dtype_kind;
  bool numeric = kind == 'i' || kind == 'u' || kind == 'b' || (kind == 'f' && (info.itemsize == 4 || info.itemsize == 8));
  if (!numeric)
    array.fail(std::string("expected an int, bool, float32 or float64 array, got dtype kind '") + kind +
               "' of " + std::to_string(info.itemsize) + " bytes");
  if (size >= 0 && static_cast<int64_t>(info.size) != size)
    array.fail("has " + std::to_string(info.size) + " values; expected " + std::to_string(size));
  return {array.to_doubles(), kind == 'f' && info.itemsize == 4};
}

std::vector<double> thresholds_for(double t, bool f32) {
  if (!f32) return {t};
  return {t, static_cast<double>(static_cast<float>(t))};
}

Mask agreed_mask(const Object& where, const std::string& what, const std::vector<double>& candidates,
                 const std::function<Mask(double)>& make) {
  Mask first = make(candidates.at(0));
  for (size_t i = 1; i < candidates.size(); ++i) {
    Mask other = make(candidates[i]);
    if (other != first)
      where.fail(what + " keeps columns " + mask_text(first) + " or " + mask_text(other) +
                 " depending on how numpy rounds the float32 values it compares (numpy before / since 2.0, "
                 "float32 or float64 arithmetic); refused rather than guessed");
  }
  return first;
}

double number_attr(const Object& est, const char* name) {
  Object v = est.attr(name);
  switch (v.kind()) {
    case sdk::Kind::Int: case sdk::Kind::Float: case sdk::Kind::Bool: return v.to_double();
    default: break;
  }
  try {
    return v.to_double();  // numpy scalars
  } catch (const sdk::Error&) {
    v.fail("expected a number");
  }
}

}  // namespace onnxconv::feature_selection
