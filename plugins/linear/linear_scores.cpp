#include "linear_scores.hpp"

#include <onnxconv/sdk/reduce.hpp>

#include <algorithm>
#include <cstdio>

namespace onnxconv::linear {

using sdk::Error;
using sdk::Kind;

namespace {

std::string elem_name(int32_t elem) {
  switch (elem) {
    case OC_ELEM_FLOAT: return "float";
    case OC_ELEM_DOUBLE: return "double";
    case OC_ELEM_INT64: return "int64";
    case OC_ELEM_STRING: return "string";
    default: return "element type " + std::to_string(elem);
  }
}

// coef_ as an array object, with a clear error for what it can be instead.
Object coef_array(const Object& est) {
  Object coef = est.attr("coef_");
  if (coef.kind() == Kind::Instance &&
      coef.class_name().rfind("scipy.sparse", 0) == 0)
    coef.fail("is a scipy.sparse matrix (the model was sparsify()'d); "
              "call densify() on it before saving");
  if (coef.kind() != Kind::Array) coef.fail("expected a numpy array");
  return coef;
}

// intercept_: a number, or an array with one value, or one per row of coef_
// (numpy broadcasting).
std::vector<double> intercepts(const Object& est, int64_t rows) {
  Object icpt = est.attr("intercept_");
  std::vector<double> b;
  if (icpt.kind() == Kind::Float || icpt.kind() == Kind::Int ||
      icpt.kind() == Kind::Bool) {
    b.push_back(icpt.to_double());
  } else if (icpt.kind() == Kind::Array) {
    b = icpt.to_doubles();
  } else {
    icpt.fail("expected a number or a numpy array");
  }
  if (b.size() == 1) b.assign(size_t(rows), b[0]);
  if (b.size() != size_t(rows))
    icpt.fail("has " + std::to_string(b.size()) + " values but coef_ has " +
              std::to_string(rows) + " rows");
  return b;
}

}  // namespace

void require_opset(const Context& ctx, int64_t min, const std::string& what) {
  int64_t opset = ctx.opset("");
  if (opset < min)
    throw Error(what + " needs ai.onnx opset " + std::to_string(min) +
                " or later; the target is opset " + std::to_string(opset));
}

LinearModel LinearModel::coef_shape(const Object& est) {
  Object coef = coef_array(est);
  oc_array_info info = coef.array_info();
  if (info.dtype_kind != 'f' && info.dtype_kind != 'i' && info.dtype_kind != 'u')
    coef.fail(std::string("expected a numeric array, got dtype kind '") +
              info.dtype_kind + "'");
  LinearModel m;
  if (info.ndim == 1) {
    m.n_outputs = 1;
    m.n_features = info.shape[0];
  } else if (info.ndim == 2) {
    m.n_outputs = info.shape[0];
    m.n_features = info.shape[1];
  } else {
    coef.fail("expected a 1-D or 2-D array, got " + std::to_string(info.ndim) +
              " dimensions");
  }
  if (m.n_outputs < 1 || m.n_features < 1)
    coef.fail("is empty (shape [" + std::to_string(m.n_outputs) + ", " +
              std::to_string(m.n_features) + "])");
  if (auto n_in = est.find("n_features_in_")) {
    if (n_in->to_int() != m.n_features)
      coef.fail("has " + std::to_string(m.n_features) +
                " columns but n_features_in_ is " + std::to_string(n_in->to_int()));
  }
  return m;
}

LinearModel LinearModel::shape_of(const Object& est) {
  LinearModel m = coef_shape(est);
  m.intercept = intercepts(est, m.n_outputs);
  return m;
}

LinearModel LinearModel::read(const Object& est) {
  LinearModel m = shape_of(est);
  m.coef = coef_array(est).to_doubles();
  return m;
}

LinearModel LinearModel::read_coef(const Object& est) {
  LinearModel m = coef_shape(est);
  m.coef = coef_array(est).to_doubles();
  return m;
}

void check_input(const Context& ctx, const Object& est,
                 const std::vector<ValueType>& inputs, int64_t n_features) {
  if (inputs.size() != 1)
    est.fail("expects one input tensor [N, " + std::to_string(n_features) +
             "], got " + std::to_string(inputs.size()) + " inputs");
  const ValueType& x = inputs[0];
  if (x.kind != OC_VALUE_TENSOR) est.fail("expects a tensor input, not a sequence");
  if (x.elem_type != ctx.float_type())
    est.fail("input is tensor(" + elem_name(x.elem_type) +
             ") but the model computes in " + elem_name(ctx.float_type()));
  if (x.dims.empty()) return;  // rank not known: nothing more to check
  if (x.dims.size() != 2)
    est.fail("expects a 2-D input [N, " + std::to_string(n_features) + "], got rank " +
             std::to_string(x.dims.size()));
  if (x.dims[1] >= 0 && x.dims[1] != n_features)
    est.fail("input has " + std::to_string(x.dims[1]) + " features but coef_ has " +
             std::to_string(n_features));
}

std::string emit_scores(const Context& ctx, const std::string& x,
                        const LinearModel& m, const std::string& out) {
  // MatMul wants coef_.T: [n_features, n_outputs].
  std::vector<double> wt(m.coef.size());
  for (int64_t r = 0; r < m.n_outputs; ++r)
    for (int64_t f = 0; f < m.n_features; ++f)
      wt[size_t(f * m.n_outputs + r)] = m.coef[size_t(r * m.n_features + f)];
  std::string w = ctx.add_floats("coef", wt, {m.n_features, m.n_outputs});
  bool has_intercept = std::any_of(m.intercept.begin(), m.intercept.end(),
                                   [](double v) { return v != 0.0; });
  std::string product = named(ctx, "MatMul", {x, w}, {}, has_intercept ? "" : out);
  if (!has_intercept) return product;
  std::string b = ctx.add_floats("intercept", m.intercept, {m.n_outputs});
  return named(ctx, "Add", {product, b}, {}, out);
}

std::string scalar(const Context& ctx, double value) {
  char hint[40];
  std::snprintf(hint, sizeof hint, "const_%g", value);  // e.g. const_1, const_-1
  return ctx.add_floats(hint, {value}, {});
}

std::string row_sum(const Context& ctx, const std::string& x) {
  return sdk::reduce(ctx, "ReduceSum", x, {1}, true);
}

std::string clip(const Context& ctx, const std::string& x, double lo, double hi) {
  // Not the Clip op: ONNX Runtime has no double Clip kernel before opset 12,
  // and Clip's bounds move from attributes to inputs at 11.
  return ctx.op("Max", {ctx.op("Min", {x, scalar(ctx, hi)}), scalar(ctx, lo)});
}

std::string named(const Context& ctx, const std::string& op_type,
                  const std::vector<std::string>& inputs,
                  const std::vector<Attr>& attrs, const std::string& out) {
  if (out.empty()) return ctx.op(op_type, inputs, attrs);
  ctx.add_node(op_type, inputs, {out}, attrs);
  return out;
}

}  // namespace onnxconv::linear
