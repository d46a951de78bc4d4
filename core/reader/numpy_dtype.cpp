#include "numpy_dtype.h"

#include "text_codecs.h"

#include <algorithm>
#include <limits>
#include <string>

namespace onnxconv::reader {

using py::Kind;
using py::Value;

namespace {

constexpr bool kHostLittleEndian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

uint64_t sat_add(uint64_t a, uint64_t b) {
  uint64_t r;
  return __builtin_add_overflow(a, b, &r) ? ~uint64_t{0} : r;
}
uint64_t sat_mul(uint64_t a, uint64_t b) {
  uint64_t r;
  return __builtin_mul_overflow(a, b, &r) ? ~uint64_t{0} : r;
}

bool is_foreign_order(char order) { return order == (kHostLittleEndian ? '>' : '<'); }

// Kinds whose elements are numbers stored in some byte order.
bool is_byte_ordered(char kind) {
  return kind == 'i' || kind == 'u' || kind == 'f' || kind == 'c' || kind == 'M' || kind == 'm' ||
         kind == 'U';
}

bool valid_size(char kind, uint64_t n) {
  switch (kind) {
    case 'b': return n == 1;
    case 'i': case 'u': return n == 1 || n == 2 || n == 4 || n == 8;
    case 'f': return n == 2 || n == 4 || n == 8 || n == 12 || n == 16;
    case 'c': return n == 8 || n == 16 || n == 24 || n == 32;
    case 'M': case 'm': return n == 8;
    case 'O': return n == 4 || n == 8;
    default: return true;  // S U V: any length
  }
}

std::shared_ptr<FileDType> simple(char kind, uint32_t itemsize, char order) {
  auto pub = std::make_shared<py::DType>();
  pub->kind = kind;
  pub->itemsize = itemsize;
  auto t = std::make_shared<FileDType>();
  t->dtype = pub;
  t->order = order;
  t->has_object = kind == 'O';
  t->needs_swap = is_foreign_order(order) && is_byte_ordered(kind) && itemsize > 1;
  t->swap_cost = t->needs_swap ? 1 : 0;
  return t;
}

int64_t int_item(const Value& v, const At& at, const char* what) {
  if (v.kind == Kind::Int) return v.i;
  if (v.kind == Kind::Bool) return v.b;
  at.fail(std::string("numpy dtype state: ") + what + " is a " + v.type_name() + ", expected an int");
}

}  // namespace

py::DTypePtr DTypeTable::add(FileDTypePtr t) {
  py::DTypePtr pub = t->dtype;
  table_[pub.get()] = std::move(t);
  return pub;
}

FileDTypePtr DTypeTable::of_value(const Value& v) const {
  if (v.kind != Kind::Other || v.name != "numpy.dtype" || !v.scalar_dtype) return nullptr;
  auto it = table_.find(v.scalar_dtype.get());
  return it == table_.end() ? nullptr : it->second;
}

FileDTypePtr dtype_from_spec(std::string_view spec, const At& at) {
  if (spec.empty()) at.fail("numpy.dtype: empty type string");
  char kind = spec[0];
  std::string_view rest = spec.substr(1);
  if ((kind == 'M' || kind == 'm') && !rest.empty() && rest.back() == ']') {
    rest = rest.substr(0, rest.find('['));  // "M8[ns]": the unit is not kept
  }
  static const std::string_view kKinds = "biufcUSVOMm";
  bool digits = !rest.empty() && rest.size() <= 10 &&
                std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (kKinds.find(kind) == std::string_view::npos || !digits) {
    at.fail("numpy.dtype: unsupported type string " + quoted(spec) +
            " (supported: b1, i/u 1-8, f2-f16, c8-c32, U<n>, S<n>, V<n>, O, M8, m8)");
  }
  uint64_t n = std::stoull(std::string(rest));
  if (!valid_size(kind, n)) at.fail("numpy.dtype: invalid size in type string " + quoted(spec));
  uint64_t itemsize = kind == 'U' ? n * 4 : kind == 'O' ? 8 : n;
  if (itemsize > std::numeric_limits<uint32_t>::max()) {
    at.fail("numpy.dtype: item size of " + quoted(spec) + " is too large");
  }
  return simple(kind, static_cast<uint32_t>(itemsize), '=');
}

namespace {

// The state tuple's items, by meaning (numpy has had several layouts).
struct DTypeState {
  const Value* endian = nullptr;
  const Value* subarray = nullptr;
  const Value* names = nullptr;
  const Value* fields = nullptr;
  const Value* elsize = nullptr;
};

DTypeState unpack_state(const Value& state, const At& at) {
  if (state.kind != Kind::Tuple) at.fail("numpy dtype state is a " + state.type_name() + ", expected a tuple");
  const auto& t = state.items;
  DTypeState s;
  switch (t.size()) {
    case 9: case 8: case 7:  // (version, endian, subarray, names, fields, elsize, alignment[, flags[, metadata]])
      s = {t[1].get(), t[2].get(), t[3].get(), t[4].get(), t[5].get()};
      break;
    case 6:  // (version, endian, subarray, fields, elsize, alignment)
      s = {t[1].get(), t[2].get(), nullptr, t[3].get(), t[4].get()};
      break;
    case 5:  // (endian, subarray, fields, elsize, alignment)
      s = {t[0].get(), t[1].get(), nullptr, t[2].get(), t[3].get()};
      break;
    default:
      at.fail("numpy dtype state has " + std::to_string(t.size()) + " items, expected 5 to 9");
  }
  return s;
}

char endian_of(const Value& v, const At& at) {
  if ((v.kind == Kind::String || v.kind == Kind::Bytes) && v.s.size() == 1 &&
      std::string_view("<>|=").find(v.s[0]) != std::string_view::npos) {
    return v.s[0];
  }
  at.fail("numpy dtype state: byte order is " + v.type_name() + " " + quoted(v.s) +
          ", expected one of < > | =");
}

FileDTypePtr nested_dtype(const Value& v, const DTypeTable& table, const At& at, const char* what) {
  FileDTypePtr t = table.of_value(v);
  if (!t) at.fail(std::string("numpy dtype state: ") + what + " is a " + v.type_name() + ", expected a dtype");
  return t;
}

bool is_none(const Value* v) { return v == nullptr || v->kind == Kind::None; }

// Sub-array: (base dtype, shape).
void add_subarray(FileDType& t, py::DType& pub, const Value& sub, const DTypeTable& table,
                  const ReadLimits& limits, const At& at) {
  if (sub.kind != Kind::Tuple || sub.items.size() != 2) {
    at.fail("numpy dtype state: sub-array is a " + sub.type_name() + ", expected (dtype, shape)");
  }
  t.sub_base = nested_dtype(*sub.items[0], table, at, "sub-array base");
  const Value& shape = *sub.items[1];
  std::vector<const Value*> dims;
  if (shape.kind == Kind::Tuple) {
    for (const auto& d : shape.items) dims.push_back(d.get());
  } else {
    dims.push_back(&shape);
  }
  if (dims.size() > limits.max_array_dims) at.fail("numpy dtype state: sub-array has too many dimensions");
  uint64_t count = 1;
  for (const Value* d : dims) {
    int64_t n = int_item(*d, at, "a sub-array dimension");
    if (n < 0) at.fail("numpy dtype state: negative sub-array dimension");
    pub.subarray_shape.push_back(n);
    if (__builtin_mul_overflow(count, static_cast<uint64_t>(n), &count)) {
      at.fail("numpy dtype state: sub-array size overflows");
    }
  }
  t.sub_count = count;
  pub.subarray_base = t.sub_base->dtype;
  uint64_t bytes;
  if (__builtin_mul_overflow(count, uint64_t{t.sub_base->dtype->itemsize}, &bytes) ||
      bytes != pub.itemsize) {
    at.fail("numpy dtype state: sub-array of " + std::to_string(count) + " x " +
            t.sub_base->dtype->str() + " does not fill the item size " + std::to_string(pub.itemsize));
  }
}

const Value* dict_lookup(const Value& dict, const std::string& key) {
  for (size_t i = dict.items.size(); i-- > 0;) {
    const Value& k = *dict.items[i];
    if ((k.kind == Kind::String || k.kind == Kind::Bytes) && k.s == key) return dict.values[i].get();
  }
  return nullptr;
}

// Structured: names (order) and fields {name: (dtype, offset[, title])}.
void add_fields(FileDType& t, py::DType& pub, const Value* names, const Value& fields,
                const DTypeTable& table, const At& at) {
  if (is_none(names) || names->kind != Kind::Tuple) {
    at.fail("numpy dtype state: fields without a tuple of names");
  }
  if (fields.kind != Kind::Dict) at.fail("numpy dtype state: fields is a " + fields.type_name() + ", expected a dict");
  for (const auto& name_value : names->items) {
    if (name_value->kind != Kind::String) {
      at.fail("numpy dtype state: a field name is a " + name_value->type_name() + ", expected a str");
    }
    const std::string& name = name_value->s;
    const Value* f = dict_lookup(fields, name);
    if (f == nullptr) at.fail("numpy dtype state: field " + quoted(name) + " is named but not described");
    if (f->kind != Kind::Tuple || f->items.size() < 2 || f->items.size() > 3) {
      at.fail("numpy dtype state: field " + quoted(name) + " is a " + f->type_name() +
              ", expected (dtype, offset[, title])");
    }
    FileDTypePtr ft = nested_dtype(*f->items[0], table, at, "a field type");
    int64_t offset = int_item(*f->items[1], at, "a field offset");
    if (offset < 0 || static_cast<uint64_t>(offset) + ft->dtype->itemsize > pub.itemsize) {
      at.fail("numpy dtype state: field " + quoted(name) + " (" + ft->dtype->str() + " at offset " +
              std::to_string(offset) + ") does not fit in the item size " + std::to_string(pub.itemsize));
    }
    t.fields.push_back({ft, static_cast<uint32_t>(offset)});
    pub.fields.push_back({name, ft->dtype, static_cast<uint32_t>(offset)});
  }
}

uint32_t resolved_itemsize(const FileDType& made, const Value* elsize_value, const At& at) {
  uint32_t spec_size = made.dtype->itemsize;
  char kind = made.dtype->kind;
  bool flexible = kind == 'S' || kind == 'U' || kind == 'V';
  if (!flexible || is_none(elsize_value)) return spec_size;
  int64_t elsize = int_item(*elsize_value, at, "elsize");
  if (elsize < 0) return spec_size;
  if (elsize > std::numeric_limits<uint32_t>::max() || (kind == 'U' && elsize % 4 != 0)) {
    at.fail("numpy dtype state: invalid item size " + std::to_string(elsize) + " for kind '" +
            std::string(1, kind) + "'");
  }
  return static_cast<uint32_t>(elsize);
}

}  // namespace

FileDTypePtr dtype_with_state(const FileDType& made, const Value& state, const DTypeTable& table,
                              const ReadLimits& limits, const At& at) {
  DTypeState s = unpack_state(state, at);
  char order = is_none(s.endian) ? '=' : endian_of(*s.endian, at);
  uint32_t itemsize = resolved_itemsize(made, s.elsize, at);
  auto t = simple(made.dtype->kind, itemsize, order);
  auto pub = std::make_shared<py::DType>(*t->dtype);
  bool structured = !is_none(s.fields);
  bool subarray = !is_none(s.subarray);
  if ((structured || subarray) && pub->kind != 'V') {
    at.fail("numpy dtype state: fields or a sub-array on a dtype of kind '" + std::string(1, pub->kind) + "'");
  }
  if (subarray) add_subarray(*t, *pub, *s.subarray, table, limits, at);
  if (structured) add_fields(*t, *pub, s.names, *s.fields, table, at);
  for (const auto& f : t->fields) {
    t->depth = std::max(t->depth, f.type->depth + 1);
    t->has_object |= f.type->has_object;
    t->needs_swap |= f.type->needs_swap;
  }
  if (t->sub_base) {
    t->depth = std::max(t->depth, t->sub_base->depth + 1);
    t->has_object |= t->sub_base->has_object;
    t->needs_swap |= t->sub_base->needs_swap;
  }
  if (t->needs_swap && (structured || subarray)) {
    uint64_t cost = 0;
    for (const auto& f : t->fields) cost = sat_add(cost, 1 + f.type->swap_cost);
    if (t->sub_base) cost = sat_add(cost, sat_mul(t->sub_count, t->sub_base->swap_cost));
    if (cost > 4 * uint64_t{itemsize} + 64) {
      at.fail("numpy dtype: byte-swapped structured dtype with " + std::to_string(t->fields.size()) +
              " fields is too complex for its item size " + std::to_string(itemsize));
    }
    t->swap_cost = cost;
  }
  if (t->depth > limits.max_dtype_depth) {
    at.fail("numpy dtype nests more than " + std::to_string(limits.max_dtype_depth) +
            " levels deep (ReadLimits::max_dtype_depth)");
  }
  t->dtype = pub;
  return t;
}

namespace {

void reverse_bytes(uint8_t* p, size_t n) { std::reverse(p, p + n); }

void swap_element(uint8_t* p, const FileDType& t) {
  if (!t.needs_swap) return;
  if (!t.fields.empty()) {
    for (const auto& f : t.fields) swap_element(p + f.offset, *f.type);
    return;
  }
  if (t.sub_base) {
    const size_t step = t.sub_base->dtype->itemsize;
    for (uint64_t i = 0; i < t.sub_count; ++i) swap_element(p + i * step, *t.sub_base);
    return;
  }
  const size_t n = t.dtype->itemsize;
  switch (t.dtype->kind) {
    case 'c':  // real and imaginary parts separately
      reverse_bytes(p, n / 2);
      reverse_bytes(p + n / 2, n / 2);
      break;
    case 'U':  // UTF-32 code units
      for (size_t i = 0; i + 4 <= n; i += 4) reverse_bytes(p + i, 4);
      break;
    default:
      reverse_bytes(p, n);
  }
}

}  // namespace

void swap_to_native(uint8_t* data, uint64_t count, const FileDType& t) {
  if (!t.needs_swap) return;
  const size_t step = t.dtype->itemsize;
  for (uint64_t i = 0; i < count; ++i) swap_element(data + i * step, t);
}

}  // namespace onnxconv::reader
