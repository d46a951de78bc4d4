#include "common.hpp"

namespace onnxconv::preprocessing {
namespace {

std::string elem_name(int32_t elem) {
  switch (elem) {
    case OC_ELEM_FLOAT: return "float";
    case OC_ELEM_DOUBLE: return "double";
    case OC_ELEM_INT64: return "int64";
    default: return "element type " + std::to_string(elem);
  }
}

}  // namespace

int64_t check_input(const Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  if (ctx.opset() < kMinOpset)
    est.fail("needs ai.onnx opset " + std::to_string(kMinOpset) + " or later; the target is " +
             std::to_string(ctx.opset()));
  if (inputs.size() != 1) est.fail("expects one input tensor, got " + std::to_string(inputs.size()));
  const ValueType& x = inputs[0];
  if (x.kind != OC_VALUE_TENSOR) est.fail("expects a tensor input, not a sequence");
  if (x.elem_type != ctx.float_type())
    est.fail("input is tensor(" + elem_name(x.elem_type) + ") but the model computes in " +
             elem_name(ctx.float_type()));
  if (!x.dims.empty() && x.dims.size() != 2)
    est.fail("expects a 2-D input [N, features], got rank " + std::to_string(x.dims.size()));
  int64_t n = est.has("n_features_in_") ? est.attr("n_features_in_").to_int() : -1;
  int64_t width = x.dim(1);
  if (n >= 0 && width >= 0 && n != width)
    est.fail("input has " + std::to_string(width) + " features but it was fitted on " + std::to_string(n));
  return n >= 0 ? n : width;
}

std::vector<ValueType> transformed(const Context& ctx, const std::vector<ValueType>& inputs, int64_t columns) {
  return {ValueType::tensor("variable", ctx.float_type(), {inputs.at(0).dim(0), columns})};
}

std::optional<std::vector<double>> column_values(const Object& est, const char* name, int64_t size) {
  Object a = est.attr(name);
  if (a.is_none()) return std::nullopt;
  if (a.kind() != sdk::Kind::Array) a.fail("expected a numpy array");
  std::vector<int64_t> shape = a.shape();
  if (shape.size() != 1 || (size >= 0 && shape[0] != size))
    a.fail("expected " + (size >= 0 ? std::to_string(size) + " values" : std::string("a 1-D array")) +
           " (one per input column)");
  return a.to_doubles();
}

bool flag(const Object& est, const char* name, bool fallback) {
  auto v = est.find(name);
  return v ? v->to_bool() : fallback;
}

Chain& Chain::then(const std::string& op, std::vector<std::string> extra, std::vector<Attr> attrs) {
  if (op_) flush(ctx_.unique_name(*op_));
  op_ = op;
  extra_ = std::move(extra);
  attrs_ = std::move(attrs);
  return *this;
}

void Chain::flush(const std::string& output) {
  std::vector<std::string> inputs{current_};
  inputs.insert(inputs.end(), extra_.begin(), extra_.end());
  ctx_.add_node(*op_, inputs, {output}, attrs_);
  current_ = output;
  op_.reset();
}

void Chain::into(const std::string& output) {
  if (!op_) op_ = "Identity";
  flush(output);
}

std::string reduce_rows(const Context& ctx, const std::string& op, const std::string& x) {
  std::vector<Attr> attrs{Attr::i("keepdims", 1)};
  std::vector<std::string> inputs{x};
  if (ctx.opset() >= 18) inputs.push_back(ctx.add_int64s("axes", {1}, {1}));
  else attrs.push_back(Attr::ints("axes", {1}));
  return ctx.op(op, inputs, attrs);
}

std::string gather_columns(const Context& ctx, const std::string& x, const std::vector<int64_t>& indices) {
  std::string idx = ctx.add_int64s("columns", indices, {int64_t(indices.size())});
  return ctx.op("Gather", {x, idx}, {Attr::i("axis", 1)});
}

}  // namespace onnxconv::preprocessing
