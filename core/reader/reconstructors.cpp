#include "reconstructors.h"

#include "numpy_array.h"
#include "text_codecs.h"

#include <string_view>
#include <unordered_map>

namespace onnxconv::reader {

using py::Kind;
using py::Value;
using py::ValuePtr;

namespace {

enum class Known {
  kNone,
  kReconstruct,    // numpy.core.multiarray._reconstruct
  kFromBuffer,     // numpy.core.numeric._frombuffer
  kScalar,         // numpy.core.multiarray.scalar
  kDType,          // numpy.dtype
  kCodecsEncode,   // _codecs.encode
  kBytes,          // builtins.bytes, builtins.bytearray
  kSet,            // builtins.set, builtins.frozenset
  kReconstructor,  // copyreg._reconstructor
  kNewObj,         // copyreg.__newobj__
  kNewObjEx,       // copyreg.__newobj_ex__
  kPandasIndex,    // pandas.core.indexes.base._new_Index
};

// numpy 2.x moved numpy.core to numpy._core; both spell the same names.
std::string numpy1_module(const std::string& module) {
  static const std::string_view kNew = "numpy._core";
  std::string m = module;
  if (m.compare(0, kNew.size(), kNew) == 0 && (m.size() == kNew.size() || m[kNew.size()] == '.')) {
    m = "numpy.core" + m.substr(kNew.size());
  }
  if (m == "numpy.core._multiarray_umath") m = "numpy.core.multiarray";
  return m;
}

Known identify(const Value& fn) {
  static const std::unordered_map<std::string, Known> kTable = {
      {"numpy.core.multiarray._reconstruct", Known::kReconstruct},
      {"numpy.core.numeric._frombuffer", Known::kFromBuffer},
      {"numpy.core.multiarray.scalar", Known::kScalar},
      {"numpy.dtype", Known::kDType},
      {"_codecs.encode", Known::kCodecsEncode},
      {"builtins.bytes", Known::kBytes},
      {"builtins.bytearray", Known::kBytes},
      {"builtins.set", Known::kSet},
      {"builtins.frozenset", Known::kSet},
      {"copyreg._reconstructor", Known::kReconstructor},
      {"copyreg.__newobj__", Known::kNewObj},
      {"copyreg.__newobj_ex__", Known::kNewObjEx},
      {"pandas.core.indexes.base._new_Index", Known::kPandasIndex},
  };
  auto it = kTable.find(numpy1_module(fn.module) + "." + fn.name);
  return it == kTable.end() ? Known::kNone : it->second;
}

std::string full_name(const Value& fn) { return fn.module + "." + fn.name; }

// The i-th call argument, or an error naming the callable and what it takes.
const Value& arg(const Value& fn, const Value& args, size_t i, const char* signature, const At& at) {
  if (i >= args.items.size()) {
    at.fail(full_name(fn) + " called with " + std::to_string(args.items.size()) +
            " arguments, expected " + signature);
  }
  return *args.items[i];
}

FileDTypePtr dtype_arg(ReadContext& ctx, const Value& fn, const Value& v, const At& at) {
  FileDTypePtr t = ctx.dtypes.of_value(v);
  if (!t) at.fail(full_name(fn) + ": dtype argument is a " + v.type_name() + ", expected a numpy dtype");
  return t;
}

// Bytes-like data: Bytes, or a str from a Python 2 pickle.
const Value& raw_arg(const Value& fn, const Value& v, const char* what, const At& at) {
  if (v.kind != Kind::Bytes && v.kind != Kind::String) {
    at.fail(full_name(fn) + ": " + what + " is a " + v.type_name() + ", expected bytes");
  }
  return v;
}

ValuePtr make_array_value(ReadContext& ctx, std::shared_ptr<py::Array> a, const At& at) {
  ValuePtr v = ctx.make.make(Kind::Array, at.offset);
  v->array = std::move(a);
  return v;
}

ValuePtr reconstruct(ReadContext& ctx, const Value& fn, const Value& args, const At& at) {
  const Value& cls = arg(fn, args, 0, "(ndarray class, shape, typecode)", at);
  if (cls.kind != Kind::Global) {
    at.fail(full_name(fn) + ": first argument is a " + cls.type_name() + ", expected the ndarray class");
  }
  return make_array_value(ctx, placeholder_array(), at);
}

MemoryOrder order_arg(const Value& fn, const Value& args, const At& at) {
  const Value& order = arg(fn, args, 3, "(buffer, dtype, shape, order[, axis_order])", at);
  MemoryOrder m;
  if (order.kind == Kind::String && (order.s == "C" || order.s == "A")) return m;
  if (order.kind == Kind::String && order.s == "F") {
    m.kind = MemoryOrder::Fortran;
    return m;
  }
  if (order.kind == Kind::String && order.s == "K" && args.items.size() >= 5) {
    const Value& axes = *args.items[4];
    if (axes.kind == Kind::Tuple || axes.kind == Kind::List) {
      m.kind = MemoryOrder::Permuted;
      for (const auto& a : axes.items) {
        if (a->kind != Kind::Int || a->i < 0) at.fail(full_name(fn) + ": axis_order holds a " + a->type_name());
        m.axes.push_back(static_cast<size_t>(a->i));
      }
      return m;
    }
  }
  at.fail(full_name(fn) + ": unsupported order " + (order.kind == Kind::String ? quoted(order.s) : order.type_name()));
}

ValuePtr frombuffer(ReadContext& ctx, const Value& fn, const Value& args, const At& at) {
  const char* sig = "(buffer, dtype, shape, order[, axis_order])";
  const Value& buf = raw_arg(fn, arg(fn, args, 0, sig, at), "buffer", at);
  FileDTypePtr t = dtype_arg(ctx, fn, arg(fn, args, 1, sig, at), at);
  std::vector<int64_t> shape = shape_of(arg(fn, args, 2, sig, at), ctx.limits, at);
  MemoryOrder order = order_arg(fn, args, at);
  SourceBytes data = ctx.stream.source(buf);
  return make_array_value(ctx, array_from_bytes(*t, std::move(shape), order, data, at), at);
}

ValuePtr scalar(ReadContext& ctx, const Value& fn, const ValuePtr& args, const At& at) {
  const char* sig = "(dtype, data)";
  FileDTypePtr t = dtype_arg(ctx, fn, arg(fn, *args, 0, sig, at), at);
  const Value& data = arg(fn, *args, 1, sig, at);
  if (t->dtype->kind == 'O') return args->items[1];  // scalar(dtype('O'), obj) is obj
  return scalar_from_bytes(*t, ctx.stream.content(raw_arg(fn, data, "data", at)), ctx.make, at);
}

ValuePtr dtype(ReadContext& ctx, const Value& fn, const Value& args, const At& at) {
  const Value& spec = arg(fn, args, 0, "(type string, align, copy)", at);
  if (spec.kind != Kind::String) at.fail("numpy.dtype: type is a " + spec.type_name() + ", expected a str");
  ValuePtr v = ctx.make.make(Kind::Other, at.offset);
  v->name = "numpy.dtype";
  v->scalar_dtype = ctx.dtypes.add(dtype_from_spec(spec.s, at));
  return v;
}

ValuePtr bytes_value(ReadContext& ctx, std::string data, const At& at) {
  ValuePtr v = ctx.make.make(Kind::Bytes, at.offset);
  v->s = std::move(data);
  return v;
}

// str.encode(encoding) for the encodings pickles use; false for others.
bool encode(const Value& fn, const std::string& text, const std::string& encoding, std::string& out,
            const At& at) {
  if (encoding == "latin1" || encoding == "latin-1" || encoding == "iso-8859-1" || encoding == "iso8859-1") {
    if (!utf8_to_latin1(text, out)) at.fail(full_name(fn) + ": text has characters beyond Latin-1");
    return true;
  }
  if (encoding == "utf-8" || encoding == "utf8") {
    out = text;
    return true;
  }
  return false;
}

ValuePtr codecs_encode(ReadContext& ctx, const Value& fn, const Value& args, const At& at) {
  const Value& text = arg(fn, args, 0, "(str, encoding)", at);
  if (text.kind != Kind::String) at.fail(full_name(fn) + ": argument is a " + text.type_name() + ", expected a str");
  std::string encoding = "utf-8";
  if (args.items.size() >= 2) {
    if (args.items[1]->kind != Kind::String) return nullptr;
    encoding = args.items[1]->s;
  }
  std::string out;
  if (!encode(fn, text.s, encoding, out, at)) return nullptr;  // another codec: keep inert
  return bytes_value(ctx, std::move(out), at);
}

ValuePtr bytes_call(ReadContext& ctx, const Value& fn, const Value& args, const At& at) {
  if (args.items.empty()) return bytes_value(ctx, {}, at);
  const Value& src = *args.items[0];
  if (src.kind == Kind::Bytes) {
    ValuePtr v = bytes_value(ctx, {}, at);
    ctx.stream.copy_bytes(src, v);
    return v;
  }
  if (src.kind == Kind::String && args.items.size() >= 2 && args.items[1]->kind == Kind::String) {
    std::string out;
    if (!encode(fn, src.s, args.items[1]->s, out, at)) return nullptr;
    return bytes_value(ctx, std::move(out), at);
  }
  if (src.kind == Kind::List || src.kind == Kind::Tuple) {
    std::string out;
    for (const auto& b : src.items) {
      if (b->kind != Kind::Int || b->i < 0 || b->i > 255) at.fail(full_name(fn) + ": list item is not a byte value");
      out += static_cast<char>(b->i);
    }
    return bytes_value(ctx, std::move(out), at);
  }
  at.fail(full_name(fn) + ": argument is a " + src.type_name() + ", expected bytes or a list of ints");
}

ValuePtr set_call(ReadContext& ctx, const Value& fn, const Value& args, const At& at) {
  ValuePtr v = ctx.make.make(Kind::Set, at.offset);
  if (args.items.empty()) return v;
  const Value& src = *args.items[0];
  if (src.kind != Kind::List && src.kind != Kind::Tuple && src.kind != Kind::Set) {
    at.fail(full_name(fn) + ": argument is a " + src.type_name() + ", expected a list");
  }
  v->items = src.items;
  return v;
}

const Value& class_arg(const Value& fn, const Value& args, const char* sig, const At& at) {
  const Value& cls = arg(fn, args, 0, sig, at);
  if (cls.kind != Kind::Global) at.fail(full_name(fn) + ": class is a " + cls.type_name() + ", expected a class reference");
  return cls;
}

ValuePtr tuple_of(ReadContext& ctx, std::vector<ValuePtr> items, const At& at) {
  ValuePtr t = ctx.make.make(Kind::Tuple, at.offset);
  t->items = std::move(items);
  return t;
}

// copyreg._reconstructor(cls, base, state): base.__new__(cls, state) for a
// builtin base such as dict or list; plain object.__new__(cls) otherwise.
ValuePtr reconstructor(ReadContext& ctx, const Value& fn, const Value& args, const At& at) {
  const char* sig = "(class, base, state)";
  const Value& cls = class_arg(fn, args, sig, at);
  const Value& base = arg(fn, args, 1, sig, at);
  ValuePtr init = args.items.size() >= 3 ? args.items[2] : nullptr;
  bool plain = base.kind == Kind::Global && base.module == "builtins" && base.name == "object";
  ValuePtr ctor_args;
  if (!plain && init && init->kind != Kind::None) ctor_args = tuple_of(ctx, {init}, at);
  return make_instance(ctx, cls.module, cls.name, ctor_args, at);
}

ValuePtr newobj(ReadContext& ctx, const Value& fn, const Value& args, const At& at) {
  const Value& cls = class_arg(fn, args, "(class, *args)", at);
  std::vector<ValuePtr> rest(args.items.begin() + 1, args.items.end());
  return make_instance(ctx, cls.module, cls.name, tuple_of(ctx, std::move(rest), at), at);
}

ValuePtr newobj_ex(ReadContext& ctx, const Value& fn, const Value& args, const At& at) {
  const char* sig = "(class, args, kwargs)";
  const Value& cls = class_arg(fn, args, sig, at);
  const ValuePtr& cargs = args.items.size() > 1 ? args.items[1] : nullptr;
  const ValuePtr& kwargs = args.items.size() > 2 ? args.items[2] : nullptr;
  if (!cargs || cargs->kind != Kind::Tuple || !kwargs || kwargs->kind != Kind::Dict) {
    at.fail(full_name(fn) + " expects " + sig);
  }
  ValuePtr v = make_instance(ctx, cls.module, cls.name, cargs, at);
  v->kwargs = kwargs;
  return v;
}

// pandas.Index pickles as _new_Index(cls, {"data": values, "name": ...}):
// column lists (ColumnTransformer columns from df.columns) read as their
// values. Indexes without `data` (RangeIndex) stay inert Instances.
// pandas 3 keeps str columns in a StringArray, pickled as
// __pyx_unpickle_NDArrayBacked(cls, checksum, None) + BUILD((dtype, ndarray)):
// its values are that ndarray. Anything else is returned as it is.
ValuePtr backing_array(const ValuePtr& data) {
  const Value& v = *data;
  bool backed = v.kind == Kind::Instance && v.module == "pandas._libs.arrays" && v.name == "__pyx_unpickle_NDArrayBacked";
  if (!backed || !v.state || v.state->kind != Kind::Tuple || v.state->items.size() != 2) return data;
  const ValuePtr& values = v.state->items[1];
  return values->kind == Kind::Array ? values : data;
}

ValuePtr pandas_index(const Value& fn, const Value& args, const At& at) {
  const Value& d = arg(fn, args, 1, "(class, dict)", at);
  if (d.kind != Kind::Dict) return nullptr;
  for (size_t i = d.items.size(); i-- > 0;)
    if (d.items[i]->kind == Kind::String && d.items[i]->s == "data") return backing_array(d.values[i]);
  return nullptr;
}

}  // namespace

std::string code_pickler_of(const std::string& module) {
  for (const char* p : {"dill", "cloudpickle"}) {
    std::string_view m(module), prefix(p);
    if (m.substr(0, prefix.size()) == prefix && (m.size() == prefix.size() || m[prefix.size()] == '.')) return p;
  }
  return "";
}

std::string python3_module(const std::string& module) {
  if (module == "__builtin__") return "builtins";
  if (module == "copy_reg") return "copyreg";
  return module;
}

ValuePtr make_instance(ReadContext& ctx, const std::string& module, const std::string& name, ValuePtr args,
                       const At& at) {
  ValuePtr v = ctx.make.make(Kind::Instance, at.offset);
  v->module = module;
  v->name = name;
  v->args = std::move(args);
  return v;
}

ValuePtr call_known_global(ReadContext& ctx, const Value& fn, const ValuePtr& args, const At& at) {
  switch (identify(fn)) {
    case Known::kNone: return nullptr;
    case Known::kReconstruct: return reconstruct(ctx, fn, *args, at);
    case Known::kFromBuffer: return frombuffer(ctx, fn, *args, at);
    case Known::kScalar: return scalar(ctx, fn, args, at);
    case Known::kDType: return dtype(ctx, fn, *args, at);
    case Known::kCodecsEncode: return codecs_encode(ctx, fn, *args, at);
    case Known::kBytes: return bytes_call(ctx, fn, *args, at);
    case Known::kSet: return set_call(ctx, fn, *args, at);
    case Known::kReconstructor: return reconstructor(ctx, fn, *args, at);
    case Known::kNewObj: return newobj(ctx, fn, *args, at);
    case Known::kNewObjEx: return newobj_ex(ctx, fn, *args, at);
    case Known::kPandasIndex: return pandas_index(fn, *args, at);
  }
  return nullptr;
}

void set_array_state(ReadContext& ctx, Value& array, const Value& state, const At& at) {
  // (version, shape, dtype, is_fortran, data), or without the version.
  if (state.kind != Kind::Tuple || (state.items.size() != 5 && state.items.size() != 4)) {
    at.fail("ndarray state is a " + state.type_name() + " of " + std::to_string(state.items.size()) +
            " items, expected (version, shape, dtype, is_fortran, data)");
  }
  size_t i = state.items.size() == 5 ? 1 : 0;
  const Value& shape_value = *state.items[i];
  const Value& dtype_value = *state.items[i + 1];
  const Value& fortran = *state.items[i + 2];
  const ValuePtr& data = state.items[i + 3];
  FileDTypePtr t = ctx.dtypes.of_value(dtype_value);
  if (!t) at.fail("ndarray state: dtype is a " + dtype_value.type_name() + ", expected a numpy dtype");
  if (fortran.kind != Kind::Bool && fortran.kind != Kind::Int) {
    at.fail("ndarray state: is_fortran is a " + fortran.type_name() + ", expected a bool");
  }
  std::vector<int64_t> shape = shape_of(shape_value, ctx.limits, at);
  if (data->kind == Kind::List) {
    // Object arrays list their items in C order whatever the flag says.
    array.array = array_from_objects(*t, std::move(shape), data->items, at);
    return;
  }
  if (data->kind != Kind::Bytes && data->kind != Kind::String) {
    at.fail("ndarray state: data is a " + data->type_name() + ", expected bytes or a list");
  }
  MemoryOrder order;
  if (fortran.i != 0) order.kind = MemoryOrder::Fortran;
  array.array = array_from_bytes(*t, std::move(shape), order, ctx.stream.source(*data), at);
}

void set_dtype_state(ReadContext& ctx, Value& dtype, const Value& state, const At& at) {
  FileDTypePtr made = ctx.dtypes.of_value(dtype);
  if (!made) at.fail("BUILD on a dtype the reader did not make");
  dtype.scalar_dtype = ctx.dtypes.add(dtype_with_state(*made, state, ctx.dtypes, ctx.limits, at));
}

}  // namespace onnxconv::reader
