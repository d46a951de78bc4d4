// Out-of-line members of the object model (onnxconv/pyvalue.h).
#include <onnxconv/pyvalue.h>

#include <string>
#include <unordered_set>
#include <vector>

namespace onnxconv::py {

namespace {

constexpr char kNativeOrder = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? '<' : '>';

bool is_byte_ordered(char kind) {
  return kind == 'i' || kind == 'u' || kind == 'f' || kind == 'c' || kind == 'M' || kind == 'm' ||
         kind == 'U';
}

const Value* dict_get(const Value& d, const std::string& key) {
  const size_t n = std::min(d.items.size(), d.values.size());
  for (size_t i = n; i-- > 0;) {  // last one wins, as in Python
    const Value* k = d.items[i].get();
    if (k != nullptr && k->kind == Kind::String && k->s == key) return d.values[i].get();
  }
  return nullptr;
}

// numpy's scalar type name for a dtype: float64, int32, str_, ...
std::string numpy_scalar_name(const DType& d) {
  const std::string bits = std::to_string(d.itemsize * 8);
  switch (d.kind) {
    case 'b': return "bool_";
    case 'i': return "int" + bits;
    case 'u': return "uint" + bits;
    case 'f': return "float" + bits;
    case 'c': return "complex" + bits;
    case 'U': return "str_";
    case 'S': return "bytes_";
    case 'M': return "datetime64";
    case 'm': return "timedelta64";
    case 'O': return "object_";
    default: return "void";
  }
}

std::string shape_str(const std::vector<int64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

}  // namespace

std::string DType::str() const {
  if (subarray_base) {
    std::string s = "(";
    for (size_t i = 0; i < subarray_shape.size(); ++i) {
      if (i) s += ",";
      s += std::to_string(subarray_shape[i]);
    }
    if (subarray_shape.size() == 1) s += ",";
    return s + ")" + subarray_base->str();
  }
  if (!fields.empty()) {
    std::string s = "{";
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) s += ",";
      s += fields[i].name + ":" + (fields[i].type ? fields[i].type->str() : "?") + "@" +
           std::to_string(fields[i].offset);
    }
    return s + "}";
  }
  std::string s(1, is_byte_ordered(kind) && itemsize > 1 ? kNativeOrder : '|');
  s += kind;
  if (kind == 'O') return s;
  s += std::to_string(kind == 'U' ? itemsize / 4 : itemsize);
  return s;
}

ArrayBytes::ArrayBytes(std::vector<uint8_t> bytes) {
  auto own = std::make_shared<std::vector<uint8_t>>(std::move(bytes));
  data_ = own->data();
  size_ = own->size();
  owner_ = std::move(own);
}

std::vector<const Array*> arrays_in(const Value& root) {
  std::vector<const Array*> arrays;
  std::unordered_set<const void*> seen;
  std::vector<const Value*> todo{&root};
  auto visit = [&](const ValuePtr& v) {
    if (v && seen.insert(v.get()).second) todo.push_back(v.get());
  };
  while (!todo.empty()) {
    const Value* v = todo.back();
    todo.pop_back();
    for (const auto& c : v->items) visit(c);
    for (const auto& c : v->values) visit(c);
    visit(v->args);
    visit(v->kwargs);
    visit(v->state);
    if (v->array && seen.insert(v->array.get()).second) {
      arrays.push_back(v->array.get());
      for (const auto& c : v->array->objects) visit(c);
    }
  }
  return arrays;
}

size_t Array::size() const {
  size_t n = 1;
  for (int64_t d : shape) n *= static_cast<size_t>(d);
  return n;
}

const Value* Value::get(const std::string& key) const {
  if (kind == Kind::Dict) return dict_get(*this, key);
  if (kind != Kind::Instance) return nullptr;
  if (state) {
    if (state->kind == Kind::Dict) {
      if (const Value* v = dict_get(*state, key)) return v;
    } else if (state->kind == Kind::Tuple && state->items.size() == 2) {
      // (__dict__, __slots__ values), either may be None.
      for (const auto& part : state->items) {
        if (part && part->kind == Kind::Dict)
          if (const Value* v = dict_get(*part, key)) return v;
      }
    }
  }
  return values.empty() ? nullptr : dict_get(*this, key);  // a dict subclass's items
}

std::string Value::type_name() const {
  switch (kind) {
    case Kind::None: return "None";
    case Kind::Bool: return scalar_dtype ? "numpy.bool_" : "bool";
    case Kind::Int: return scalar_dtype ? "numpy." + numpy_scalar_name(*scalar_dtype) : "int";
    case Kind::Float: return scalar_dtype ? "numpy." + numpy_scalar_name(*scalar_dtype) : "float";
    case Kind::String: return scalar_dtype ? "numpy.str_" : "str";
    case Kind::Bytes: return scalar_dtype ? "numpy." + numpy_scalar_name(*scalar_dtype) : "bytes";
    case Kind::List: return "list";
    case Kind::Tuple: return "tuple";
    case Kind::Dict: return "dict";
    case Kind::Set: return "set";
    case Kind::Array:
      if (!array || !array->dtype) return "numpy.ndarray";
      return "numpy.ndarray(" + array->dtype->str() + ", shape " + shape_str(array->shape) + ")";
    case Kind::Instance: return module.empty() ? name : module + "." + name;
    case Kind::Global: return "global " + (module.empty() ? name : module + "." + name);
    case Kind::Other: return name.empty() ? "object" : name;
  }
  return "?";
}

}  // namespace onnxconv::py
