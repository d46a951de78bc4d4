#include "host_api.h"

#include "graph_builder.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

struct oc_status {
  std::string message;
  int32_t kind = OC_ERROR_OTHER;
};

namespace onnxconv {
namespace {

using py::Kind;
using py::Value;

thread_local ObjectArena* current_arena = nullptr;

oc_status* error(std::string message, int32_t kind = OC_ERROR_OTHER) {
  return new oc_status{std::move(message), kind};
}

// Runs `body`; any exception becomes a status, so nothing crosses the ABI.
template <class Body>
oc_status* guarded(Body&& body) noexcept {
  try {
    body();
    return nullptr;
  } catch (const Error& e) {  // a sub-estimator's failure keeps its kind
    return error(e.what(), static_cast<int32_t>(e.kind()));
  } catch (const std::exception& e) {
    return error(e.what());
  } catch (...) {
    return error("unknown error in the host");
  }
}

std::string describe(const Value* v) { return v == nullptr ? "null" : v->type_name(); }

[[noreturn]] void wrong_kind(const char* expected, const Value* v) {
  throw std::runtime_error(std::string("expected ") + expected + ", got " + describe(v));
}

// Pointers a plugin must pass: null is refused with a status, not followed.
void need(const void* p, const char* what) {
  if (p == nullptr) throw std::runtime_error(std::string(what) + " is null");
}

const py::Array& array_of(const Value* v) {
  if (v == nullptr || v->kind != Kind::Array || !v->array) wrong_kind("a numpy array", v);
  return *v->array;
}

// ---- statuses ----

oc_status* make_status(const char* message) { return error(message ? message : "(no message)"); }
const char* status_message(const oc_status* s) { return s ? s->message.c_str() : ""; }
void release_status(oc_status* s) { delete s; }
oc_status* make_status_of_kind(int32_t kind, const char* message) {
  return error(message ? message : "(no message)", kind >= OC_ERROR_OTHER && kind <= OC_ERROR_LIMIT ? kind : OC_ERROR_OTHER);
}
int32_t status_kind(const oc_status* s) { return s ? s->kind : OC_ERROR_OTHER; }

// ---- objects ----

oc_kind object_kind(const oc_object* o) {
  return static_cast<oc_kind>(from_handle(o)->kind);
}

const char* object_module(const oc_object* o) { return from_handle(o)->module.c_str(); }
const char* object_name(const oc_object* o) { return from_handle(o)->name.c_str(); }

oc_status* object_attr(const oc_object* o, const char* name, const oc_object** out) {
  return guarded([&] {
    need(out, "out");
    need(name, "name");
    const Value* v = from_handle(o);
    *out = nullptr;
    // Value::get covers dicts, instance __dict__ states, (dict, slots)
    // states and dict subclasses' own items.
    if (v->kind == Kind::Instance || v->kind == Kind::Dict) {
      *out = to_handle(v->get(name));
      return;
    }
    wrong_kind("an object with attributes or a dict", v);
  });
}

const oc_object* object_args(const oc_object* o) {
  const Value* v = from_handle(o);
  return v->kind == Kind::Instance ? to_handle(v->args.get()) : nullptr;
}

oc_status* object_to_int(const oc_object* o, int64_t* out) {
  return guarded([&] {
    need(out, "out");
    const Value* v = from_handle(o);
    if (v->kind == Kind::Int) *out = v->i;
    else if (v->kind == Kind::Bool) *out = v->b ? 1 : 0;
    else wrong_kind("an integer", v);
  });
}

oc_status* object_to_double(const oc_object* o, double* out) {
  return guarded([&] {
    need(out, "out");
    const Value* v = from_handle(o);
    if (v->kind == Kind::Float) *out = v->f;
    else if (v->kind == Kind::Int) *out = static_cast<double>(v->i);
    else if (v->kind == Kind::Bool) *out = v->b ? 1.0 : 0.0;
    else wrong_kind("a number", v);
  });
}

oc_status* object_to_string(const oc_object* o, const char** data, size_t* size) {
  return guarded([&] {
    need(data, "data");
    need(size, "size");
    const Value* v = from_handle(o);
    if (v->kind != Kind::String && v->kind != Kind::Bytes) wrong_kind("a string", v);
    *data = v->s.data();
    *size = v->s.size();
  });
}

size_t object_len(const oc_object* o) {
  const Value* v = from_handle(o);
  switch (v->kind) {
    case Kind::List: case Kind::Tuple: case Kind::Set: case Kind::Dict:
      return v->items.size();
    case Kind::Array:
      return v->array ? v->array->size() : 0;
    default:
      return 0;
  }
}

// Decodes UTF-32LE code points to UTF-8, dropping numpy's NUL padding.
std::string utf32_to_utf8(const uint8_t* p, size_t itemsize) {
  std::string out;
  for (size_t i = 0; i + 4 <= itemsize; i += 4) {
    uint32_t c = uint32_t(p[i]) | uint32_t(p[i + 1]) << 8 | uint32_t(p[i + 2]) << 16 |
                 uint32_t(p[i + 3]) << 24;
    if (c == 0) break;
    if (c < 0x80) {
      out += char(c);
    } else if (c < 0x800) {
      out += char(0xC0 | (c >> 6));
      out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += char(0xE0 | (c >> 12));
      out += char(0x80 | ((c >> 6) & 0x3F));
      out += char(0x80 | (c & 0x3F));
    } else {
      out += char(0xF0 | (c >> 18));
      out += char(0x80 | ((c >> 12) & 0x3F));
      out += char(0x80 | ((c >> 6) & 0x3F));
      out += char(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// Reads one numeric element of kind/itemsize at p as double or int64.
template <class T>
T read_number(char kind, size_t itemsize, const uint8_t* p) {
  auto load = [p](auto tag) {
    decltype(tag) x;
    std::memcpy(&x, p, sizeof x);
    return static_cast<T>(x);
  };
  switch (kind) {
    case 'f':
      if (itemsize == 8) return load(double{});
      if (itemsize == 4) return load(float{});
      break;
    case 'i':
      if (itemsize == 8) return load(int64_t{});
      if (itemsize == 4) return load(int32_t{});
      if (itemsize == 2) return load(int16_t{});
      if (itemsize == 1) return load(int8_t{});
      break;
    case 'u':
      if (itemsize == 8) return load(uint64_t{});
      if (itemsize == 4) return load(uint32_t{});
      if (itemsize == 2) return load(uint16_t{});
      if (itemsize == 1) return load(uint8_t{});
      break;
    case 'b':
      if (itemsize == 1) return static_cast<T>(*p != 0);
      break;
  }
  throw std::runtime_error(std::string("cannot read a number from numpy dtype kind '") + kind +
                           "' of " + std::to_string(itemsize) + " bytes");
}

// Converts `count` elements `stride` bytes apart, starting at p: the
// element type is dispatched once per array, not once per element (tree
// node arrays have millions).
template <class Src, class T>
void convert_strided(const uint8_t* p, size_t stride, T* out, size_t count) {
  for (size_t i = 0; i < count; ++i, p += stride) {
    Src x;
    std::memcpy(&x, p, sizeof x);
    out[i] = static_cast<T>(x);
  }
}

template <class T>
void read_numbers(char kind, size_t itemsize, const uint8_t* p, size_t stride, T* out, size_t count) {
  switch (kind) {
    case 'f':
      if (itemsize == 8) return convert_strided<double>(p, stride, out, count);
      if (itemsize == 4) return convert_strided<float>(p, stride, out, count);
      break;
    case 'i':
      if (itemsize == 8) return convert_strided<int64_t>(p, stride, out, count);
      if (itemsize == 4) return convert_strided<int32_t>(p, stride, out, count);
      if (itemsize == 2) return convert_strided<int16_t>(p, stride, out, count);
      if (itemsize == 1) return convert_strided<int8_t>(p, stride, out, count);
      break;
    case 'u':
      if (itemsize == 8) return convert_strided<uint64_t>(p, stride, out, count);
      if (itemsize == 4) return convert_strided<uint32_t>(p, stride, out, count);
      if (itemsize == 2) return convert_strided<uint16_t>(p, stride, out, count);
      if (itemsize == 1) return convert_strided<uint8_t>(p, stride, out, count);
      break;
    case 'b':
      if (itemsize == 1) {
        for (size_t i = 0; i < count; ++i, p += stride) out[i] = static_cast<T>(*p != 0);
        return;
      }
      break;
  }
  throw std::runtime_error(std::string("cannot read a number from numpy dtype kind '") + kind + "' of " +
                           std::to_string(itemsize) + " bytes");
}

py::ValuePtr box_element(const py::Array& a, size_t i) {
  const py::DType& dt = *a.dtype;
  const uint8_t* p = a.data.data() + i * dt.itemsize;
  auto v = std::make_shared<Value>();
  v->scalar_dtype = a.dtype;
  switch (dt.kind) {
    case 'f':
      v->kind = Kind::Float;
      v->f = read_number<double>(dt.kind, dt.itemsize, p);
      break;
    case 'i': case 'u':
      v->kind = Kind::Int;
      v->i = read_number<int64_t>(dt.kind, dt.itemsize, p);
      break;
    case 'b':
      v->kind = Kind::Bool;
      v->b = *p != 0;
      v->i = v->b;
      break;
    case 'U':
      v->kind = Kind::String;
      v->s = utf32_to_utf8(p, dt.itemsize);
      break;
    case 'S':
      v->kind = Kind::Bytes;
      v->s.assign(reinterpret_cast<const char*>(p), strnlen(reinterpret_cast<const char*>(p), dt.itemsize));
      break;
    default:
      throw std::runtime_error("cannot take an element of an array of dtype " + dt.str());
  }
  return v;
}

oc_status* object_item(const oc_object* o, size_t i, const oc_object** out) {
  return guarded([&] {
    need(out, "out");
    const Value* v = from_handle(o);
    if (v->kind == Kind::Array) {
      const py::Array& a = array_of(v);
      if (i >= a.size()) throw std::out_of_range("index " + std::to_string(i) + " past the array's " + std::to_string(a.size()) + " elements");
      if (a.dtype->kind == 'O') {
        *out = to_handle(a.objects.at(i).get());
        return;
      }
      if (current_arena == nullptr) throw std::logic_error("no object arena for this conversion");
      *out = to_handle(current_arena->keep(box_element(a, i)));
      return;
    }
    if (v->kind != Kind::List && v->kind != Kind::Tuple && v->kind != Kind::Set)
      wrong_kind("a list, tuple, set or array", v);
    if (i >= v->items.size())
      throw std::out_of_range("index " + std::to_string(i) + " past the " + std::to_string(v->items.size()) + " items");
    *out = to_handle(v->items[i].get());
  });
}

oc_status* dict_item(const oc_object* o, size_t i, const oc_object** key, const oc_object** value) {
  return guarded([&] {
    need(key, "key");
    need(value, "value");
    const Value* v = from_handle(o);
    if (v->kind != Kind::Dict) wrong_kind("a dict", v);
    if (i >= v->items.size()) throw std::out_of_range("dict index past the end");
    *key = to_handle(v->items[i].get());
    *value = to_handle(v->values[i].get());
  });
}

// ---- arrays ----

oc_status* array_info(const oc_object* o, oc_array_info* out) {
  return guarded([&] {
    need(out, "out");
    const py::Array& a = array_of(from_handle(o));
    oc_array_info info{};
    info.struct_size = sizeof info;
    info.dtype_kind = a.dtype->kind;
    info.itemsize = a.dtype->itemsize;
    info.ndim = a.shape.size();
    info.shape = a.shape.data();
    info.size = a.size();
    info.data = a.dtype->kind == 'O' ? nullptr : a.data.data();
    // Copy only what the plugin's struct has room for.
    std::memcpy(out, &info, std::min(out->struct_size, sizeof info));
    out->struct_size = std::min(out->struct_size, sizeof info);
  });
}

// The element layout to convert: a whole numeric dtype or one field of it.
struct ElementView {
  char kind;
  size_t itemsize;
  size_t offset;
};

ElementView element_view(const py::DType& dt, const char* field) {
  if (field == nullptr) return {dt.kind, dt.itemsize, 0};
  for (const auto& f : dt.fields)
    if (f.name == field) return {f.type->kind, f.type->itemsize, f.offset};
  throw std::runtime_error(std::string("dtype ") + dt.str() + " has no field '" + field + "'");
}

template <class T>
oc_status* array_to(const oc_object* o, const char* field, T* out, size_t count) {
  return guarded([&] {
    if (count > 0) need(out, "the output buffer");
    const py::Array& a = array_of(from_handle(o));
    if (count != a.size())
      throw std::runtime_error("asked for " + std::to_string(count) + " elements of an array of " +
                               std::to_string(a.size()));
    ElementView view = element_view(*a.dtype, field);
    if (a.dtype->kind == 'O') {
      for (size_t i = 0; i < count; ++i) {
        const Value* item = a.objects[i].get();
        if (item->kind == Kind::Float) out[i] = static_cast<T>(item->f);
        else if (item->kind == Kind::Int || item->kind == Kind::Bool) out[i] = static_cast<T>(item->i);
        else wrong_kind("a number in the object array", item);
      }
      return;
    }
    if (count > 0)
      read_numbers<T>(view.kind, view.itemsize, a.data.data() + view.offset, a.dtype->itemsize, out, count);
  });
}

oc_status* array_to_doubles(const oc_object* o, const char* field, double* out, size_t count) {
  return array_to<double>(o, field, out, count);
}

oc_status* array_to_int64s(const oc_object* o, const char* field, int64_t* out, size_t count) {
  return array_to<int64_t>(o, field, out, count);
}

// ---- the conversion request and the graph ----

const char* option(oc_context* ctx, const char* name) {
  auto it = ctx->options->find(name);
  return it == ctx->options->end() ? nullptr : it->second.c_str();
}

int32_t float_type(oc_context* ctx) { return ctx->float_type; }

int64_t opset(oc_context* ctx, const char* domain) {
  return ctx->graph->target_opset(domain == nullptr ? "" : domain);
}

const char* unique_name(oc_context* ctx, const char* hint) {
  try {
    return ctx->graph->unique_name(hint == nullptr ? "" : hint).c_str();
  } catch (...) {
    return "";
  }
}

oc_status* add_initializer(oc_context* ctx, const char* hint, const oc_tensor* t, const char** out) {
  return guarded([&] {
    need(ctx, "the context");
    need(t, "the tensor");
    need(out, "the name's out pointer");
    *out = ctx->graph->add_initializer(hint == nullptr ? "" : hint, *t).c_str();
  });
}

oc_status* add_node(oc_context* ctx, const oc_node* node) {
  return guarded([&] {
    need(ctx, "the context");
    need(node, "the node");
    ctx->graph->add_node(*node);
  });
}

oc_status* add_node_adopting(oc_context* ctx, const oc_node* node, const oc_adopted_array* const* adopted) {
  return guarded([&] {
    need(ctx, "the context");
    need(node, "the node");
    ctx->graph->add_node(*node, adopted);
  });
}

oc_status* input_type(oc_context* ctx, size_t index, oc_value_type* out) {
  return guarded([&] {
    need(out, "out");
    if (ctx->input_types == nullptr || index >= ctx->input_types->size())
      throw std::out_of_range("input " + std::to_string(index) + " past the converter's " +
                              std::to_string(ctx->input_types ? ctx->input_types->size() : 0) + " inputs");
    size_t size = out->struct_size;
    if (size < sizeof(size_t)) throw std::invalid_argument("oc_value_type without struct_size");
    oc_value_type t = (*ctx->input_types)[index];
    t.name = nullptr;
    t.struct_size = std::min(size, sizeof t);
    std::memcpy(out, &t, t.struct_size);
  });
}

std::vector<oc_value_type> value_types(const oc_value_type* types, size_t n) {
  std::vector<oc_value_type> out;
  for (size_t i = 0; i < n; ++i) {
    if (types[i].struct_size < sizeof(oc_value_type))
      throw std::invalid_argument("input type " + std::to_string(i) + ": oc_value_type of an older, smaller layout");
    oc_value_type t = types[i];
    t.struct_size = sizeof t;
    t.name = nullptr;
    out.push_back(t);
  }
  return out;
}

onnxconv::SubConversions& subs_of(oc_context* ctx) {
  need(ctx, "the context");
  if (ctx->subs == nullptr) throw std::logic_error("sub-estimators can only be converted from a converter call");
  return *ctx->subs;
}

std::string member_of(const char* member) {
  return member != nullptr && *member != '\0' ? member : "sub";
}

// The options a composite sets for one member (ABI 1.4).
onnxconv::SubConversions::Options sub_options(const char* const* names, const char* const* values, size_t n) {
  onnxconv::SubConversions::Options options;
  if (n > 0) {
    need(names, "the option names");
    need(values, "the option values");
  }
  for (size_t i = 0; i < n; ++i) {
    need(names[i], "an option name");
    need(values[i], "an option value");
    options[names[i]] = values[i];
  }
  return options;
}

oc_status* infer_sub_with_options(oc_context* ctx, const oc_object* sub, const char* member,
                                  const char* const* option_names, const char* const* option_values,
                                  size_t n_options, const oc_value_type* inputs, size_t n_inputs,
                                  oc_value_type* outputs, size_t capacity, size_t* n_outputs) {
  return guarded([&] {
    need(n_outputs, "n_outputs");
    if (n_inputs > 0) need(inputs, "the input types");
    if (capacity > 0) need(outputs, "the output slots");
    std::vector<oc_value_type> types =
        subs_of(ctx).infer_sub(*from_handle(sub), member_of(member), value_types(inputs, n_inputs),
                               sub_options(option_names, option_values, n_options));
    if (types.size() > capacity)
      throw std::runtime_error(member_of(member) + " has " + std::to_string(types.size()) +
                               " outputs; room was given for " + std::to_string(capacity));
    for (size_t i = 0; i < types.size(); ++i) {
      size_t size = outputs[i].struct_size;
      if (size < sizeof(size_t)) throw std::invalid_argument("output slot without struct_size");
      types[i].struct_size = std::min(size, sizeof(oc_value_type));
      std::memcpy(&outputs[i], &types[i], types[i].struct_size);
    }
    *n_outputs = types.size();
  });
}

oc_status* infer_sub(oc_context* ctx, const oc_object* sub, const char* member, const oc_value_type* inputs,
                     size_t n_inputs, oc_value_type* outputs, size_t capacity, size_t* n_outputs) {
  return infer_sub_with_options(ctx, sub, member, nullptr, nullptr, 0, inputs, n_inputs, outputs, capacity,
                                n_outputs);
}

oc_status* convert_sub_with_options(oc_context* ctx, const oc_object* sub, const char* member,
                                    const char* const* option_names, const char* const* option_values,
                                    size_t n_options, const char* const* inputs, const oc_value_type* input_types,
                                    size_t n_inputs, const char** out_names, const char** out_roles,
                                    size_t capacity, size_t* n_outputs) {
  return guarded([&] {
    need(n_outputs, "n_outputs");
    if (n_inputs > 0) {
      need(inputs, "the inputs");
      need(input_types, "the input types");
    }
    if (capacity > 0) {
      need(out_names, "out_names");
      need(out_roles, "out_roles");
    }
    std::vector<std::string> names;
    for (size_t i = 0; i < n_inputs; ++i) {
      need(inputs[i], "an input name");
      names.emplace_back(inputs[i]);
    }
    auto outs = subs_of(ctx).convert_sub(*from_handle(sub), member_of(member), names,
                                         value_types(input_types, n_inputs),
                                         sub_options(option_names, option_values, n_options));
    if (outs.size() > capacity)
      throw std::runtime_error(member_of(member) + " has " + std::to_string(outs.size()) +
                               " outputs; room was given for " + std::to_string(capacity));
    for (size_t i = 0; i < outs.size(); ++i) {
      out_names[i] = outs[i].name;
      out_roles[i] = outs[i].role;
    }
    *n_outputs = outs.size();
  });
}

oc_status* convert_sub(oc_context* ctx, const oc_object* sub, const char* member, const char* const* inputs,
                       const oc_value_type* input_types, size_t n_inputs, const char** out_names,
                       const char** out_roles, size_t capacity, size_t* n_outputs) {
  return convert_sub_with_options(ctx, sub, member, nullptr, nullptr, 0, inputs, input_types, n_inputs, out_names,
                                  out_roles, capacity, n_outputs);
}

oc_host_api make_table() {
  oc_host_api t{};
  t.struct_size = sizeof t;
  t.abi_major = OC_ABI_MAJOR;
  t.abi_minor = OC_ABI_MINOR;
  t.make_status = make_status;
  t.status_message = status_message;
  t.release_status = release_status;
  t.object_kind = object_kind;
  t.object_module = object_module;
  t.object_name = object_name;
  t.object_attr = object_attr;
  t.object_args = object_args;
  t.object_to_int = object_to_int;
  t.object_to_double = object_to_double;
  t.object_to_string = object_to_string;
  t.object_len = object_len;
  t.object_item = object_item;
  t.dict_item = dict_item;
  t.array_info = array_info;
  t.array_to_doubles = array_to_doubles;
  t.array_to_int64s = array_to_int64s;
  t.option = option;
  t.float_type = float_type;
  t.opset = opset;
  t.unique_name = unique_name;
  t.add_initializer = add_initializer;
  t.add_node = add_node;
  t.add_node_adopting = add_node_adopting;
  t.input_type = input_type;
  t.infer_sub = infer_sub;
  t.convert_sub = convert_sub;
  t.make_status_of_kind = make_status_of_kind;
  t.status_kind = status_kind;
  t.infer_sub_with_options = infer_sub_with_options;
  t.convert_sub_with_options = convert_sub_with_options;
  return t;
}

}  // namespace

const oc_host_api* host_api() {
  static const oc_host_api table = make_table();
  return &table;
}

ErrorKind status_error_kind(const oc_status* status) {
  return status ? static_cast<ErrorKind>(status->kind) : ErrorKind::Other;
}

std::string take_status_message(oc_status* status) {
  std::string message = status ? std::move(status->message) : std::string();
  delete status;
  return message;
}

ArenaScope::ArenaScope(ObjectArena& arena) : previous_(current_arena) { current_arena = &arena; }
ArenaScope::~ArenaScope() { current_arena = previous_; }

}  // namespace onnxconv
