#include "joblib_array.h"

#include "numpy_array.h"
#include "unpickler.h"

#include <string>

namespace onnxconv::reader {

using py::Kind;
using py::Value;

bool is_numpy_array_wrapper(const Value& v) {
  return v.kind == Kind::Instance && v.name == "NumpyArrayWrapper" &&
         (v.module == "joblib.numpy_pickle" || v.module == "sklearn.externals.joblib.numpy_pickle");
}

namespace {

const Value& field(const Value& state, const char* name, const At& at) {
  const Value* v = state.get(name);
  if (v == nullptr) at.fail(std::string("joblib NumpyArrayWrapper state has no '") + name + "'");
  return *v;
}

// joblib >= 1.2 aligns the data: one byte n, then n bytes of 0xFF.
void skip_alignment_padding(ByteCursor& in) {
  const size_t at = in.pos();
  const uint8_t n = in.u8("joblib array padding length");
  const uint8_t* pad = in.take(n, "joblib array padding");
  for (uint8_t i = 0; i < n; ++i) {
    if (pad[i] != 0xFF) {
      static const char kHex[] = "0123456789abcdef";
      in.fail(at + 1 + i, std::string("joblib array padding byte is 0x") + kHex[pad[i] >> 4] +
                              kHex[pad[i] & 15] + ", expected 0xff");
    }
  }
}

std::shared_ptr<py::Array> read_raw(ReadContext& ctx, const FileDType& t, std::vector<int64_t> shape,
                                    const Value& state, const At& at) {
  const Value& order_value = field(state, "order", at);
  MemoryOrder order;
  if (order_value.kind == Kind::String && order_value.s == "F") {
    order.kind = MemoryOrder::Fortran;
  } else if (order_value.kind != Kind::String || order_value.s != "C") {
    at.fail("joblib NumpyArrayWrapper order is not 'C' or 'F'");
  }
  const Value* align = state.get("numpy_array_alignment_bytes");
  if (align != nullptr && align->kind != Kind::None) skip_alignment_padding(ctx.in);
  const size_t data_at = ctx.in.pos();
  const uint64_t bytes = byte_count(element_count(shape, at), t.dtype->itemsize, at);
  const uint8_t* data = ctx.in.take(bytes, "joblib array data");
  return array_from_bytes(t, std::move(shape), order, ctx.stream.slice(data, bytes), At{at.site, data_at});
}

std::shared_ptr<py::Array> read_nested(ReadContext& ctx, const std::vector<int64_t>& shape, size_t nesting,
                                       const At& at) {
  if (nesting + 1 > ctx.limits.max_pickle_nesting) {
    at.fail("joblib object array: nested pickle deeper than " + std::to_string(ctx.limits.max_pickle_nesting) +
            " (ReadLimits::max_pickle_nesting)");
  }
  const size_t start = ctx.in.pos();
  Unpickler nested(ctx, nesting + 1);
  py::ValuePtr result = nested.load();
  if (ctx.in.in_frame()) ctx.in.fail(ctx.in.pos(), "nested pickle of a joblib object array ends inside a FRAME");
  if (result->kind != Kind::Array || !result->array || result->array->dtype->kind != 'O') {
    ctx.in.fail(start, "joblib object array: the nested pickle holds a " + result->type_name() +
                           ", expected an object array");
  }
  if (result->array->shape != shape) {
    ctx.in.fail(start, "joblib object array: the nested array's shape differs from its wrapper's");
  }
  return std::move(result->array);  // (result itself is dropped)
}

}  // namespace

void read_wrapped_array(ReadContext& ctx, Value& wrapper, const Value& state, size_t nesting, const At& at) {
  if (state.kind != Kind::Dict) at.fail("joblib NumpyArrayWrapper state is a " + state.type_name() + ", expected a dict");
  if (ctx.in.in_frame()) {
    ctx.in.fail(ctx.in.pos(), "joblib array data inside a pickle FRAME (ends at byte " +
                                  std::to_string(ctx.in.frame_end()) + ")");
  }
  const Value& dtype_value = field(state, "dtype", at);
  FileDTypePtr t = ctx.dtypes.of_value(dtype_value);
  if (!t) at.fail("joblib NumpyArrayWrapper dtype is a " + dtype_value.type_name() + ", expected a numpy dtype");
  std::vector<int64_t> shape = shape_of(field(state, "shape", at), ctx.limits, at);
  std::shared_ptr<py::Array> array =
      t->has_object ? read_nested(ctx, shape, nesting, at) : read_raw(ctx, *t, std::move(shape), state, at);
  // The wrapper becomes the array.
  wrapper.kind = Kind::Array;
  wrapper.module.clear();
  wrapper.name.clear();
  wrapper.args.reset();
  wrapper.kwargs.reset();
  wrapper.state.reset();
  wrapper.items.clear();
  wrapper.values.clear();
  wrapper.array = std::move(array);
}

}  // namespace onnxconv::reader
