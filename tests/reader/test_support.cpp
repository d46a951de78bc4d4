#include "test_support.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>
#include <sstream>
#include <unordered_set>

// ---- allocation meter: replaces the global operator new ----

namespace {
std::atomic<size_t> g_largest{0};

void* counted_alloc(size_t n) {
  size_t seen = g_largest.load(std::memory_order_relaxed);
  while (n > seen && !g_largest.compare_exchange_weak(seen, n, std::memory_order_relaxed)) {
  }
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(size_t n) { return counted_alloc(n); }
void* operator new[](size_t n) { return counted_alloc(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

namespace reader_test {

using mini_json::Json;
using py::Kind;
using py::Value;

void reset_largest_allocation() { g_largest.store(0); }
size_t largest_allocation() { return g_largest.load(); }

std::string fixtures_dir() {
  if (const char* env = std::getenv("READER_FIXTURES_DIR")) return env;
  return READER_FIXTURES_DIR;
}

std::string fixture(const std::string& name) { return fixtures_dir() + "/" + name; }

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    throw std::runtime_error("cannot read fixture " + path +
                             " (run ctest, or make_reader_fixtures.py, to create the fixtures)");
  }
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& data) {
  std::ofstream f(path, std::ios::binary);
  f << data;
}

Json read_json(const std::string& path) { return mini_json::parse(read_file(path)); }

py::ValuePtr read_bytes(const std::string& data, const ReadLimits& limits) {
  return read_shared(std::make_shared<const std::string>(data), limits);
}

py::ValuePtr read_shared(const std::shared_ptr<const std::string>& data, const ReadLimits& limits) {
  return onnxconv::read_pickle(data, reinterpret_cast<const uint8_t*>(data->data()), data->size(), "test.pkl",
                               limits);
}

py::ValuePtr read_bytes_copied(const std::string& data, const ReadLimits& limits) {
  return onnxconv::read_pickle(reinterpret_cast<const uint8_t*>(data.data()), data.size(), "test.pkl", limits);
}

// ---- the pickle assembler ----

Pickle& Pickle::u16(uint16_t v) { return u8(v & 0xFF).u8(v >> 8); }
Pickle& Pickle::u32(uint32_t v) {
  for (int i = 0; i < 4; ++i) u8(static_cast<uint8_t>(v >> (8 * i)));
  return *this;
}
Pickle& Pickle::u64(uint64_t v) {
  for (int i = 0; i < 8; ++i) u8(static_cast<uint8_t>(v >> (8 * i)));
  return *this;
}
Pickle& Pickle::str(std::string_view s) {
  if (s.size() < 256) op(0x8c).u8(static_cast<uint8_t>(s.size()));
  else op('X').u32(static_cast<uint32_t>(s.size()));
  return raw(s);
}
Pickle& Pickle::bytes(std::string_view s) {
  if (s.size() < 256) op('C').u8(static_cast<uint8_t>(s.size()));
  else op('B').u32(static_cast<uint32_t>(s.size()));
  return raw(s);
}
Pickle& Pickle::integer(int64_t v) {
  if (v >= 0 && v < 256) return op('K').u8(static_cast<uint8_t>(v));
  if (v >= INT32_MIN && v <= INT32_MAX) return op('J').u32(static_cast<uint32_t>(v));
  return op(0x8a).u8(8).u64(static_cast<uint64_t>(v));
}
Pickle& Pickle::global(std::string_view module, std::string_view name) {
  return str(module).str(name).op(0x93);
}
Pickle& Pickle::text_global(std::string_view module, std::string_view name) {
  return op('c').raw(module).raw("\n").raw(name).raw("\n");
}
Pickle& Pickle::dtype(std::string_view spec, char order, std::string_view) {
  global("numpy", "dtype").str(spec).op(0x89).op(0x88).op(0x87).op('R');
  op('(').integer(3).str(std::string(1, order)).op('N').op('N').op('N');
  return integer(-1).integer(-1).integer(0).op('t').op('b');
}

// ---- following paths and replaying checks ----

const Value* follow(const Value& root, const Json& path, std::string* trail) {
  const Value* v = &root;
  for (const Json& step : path.items) {
    if (v == nullptr) return nullptr;
    if (step.is_string()) {
      *trail += "." + step.text;
      v = step.text == "#args" ? v->args.get() : v->get(step.text);
      continue;
    }
    size_t i = static_cast<size_t>(step.int64());
    *trail += "[" + step.text + "]";
    if (v->kind == Kind::Array && v->array && v->array->dtype->kind == 'O') {
      v = i < v->array->objects.size() ? v->array->objects[i].get() : nullptr;
    } else if (v->kind == Kind::List || v->kind == Kind::Tuple || v->kind == Kind::Set) {
      v = i < v->items.size() ? v->items[i].get() : nullptr;
    } else {
      return nullptr;
    }
  }
  return v;
}

namespace {

std::string hex(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

double json_double(const Json& j) {
  if (j.is_string()) {
    if (j.text == "nan") return NAN;
    return j.text == "inf" ? INFINITY : -INFINITY;
  }
  return j.number();
}

void expect_double(double got, const Json& want, const std::string& where) {
  double w = json_double(want);
  if (std::isnan(w)) {
    EXPECT_TRUE(std::isnan(got)) << where;
  } else {
    EXPECT_EQ(got, w) << where;
  }
}

double half_to_double(uint16_t h) {
  int e = h >> 10 & 0x1F, m = h & 0x3FF;
  double v = e == 0 ? std::ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : std::ldexp(m + 1024, e - 25);
  return (h & 0x8000) ? -v : v;
}

std::string utf32(const uint8_t* p, size_t n) {
  std::u32string s;
  for (size_t i = 0; i + 4 <= n; i += 4) {
    char32_t c;
    std::memcpy(&c, p + i, 4);
    if (c == 0) break;
    s += c;
  }
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) out += char(c);
    else if (c < 0x800) { out += char(0xC0 | c >> 6); out += char(0x80 | (c & 0x3F)); }
    else if (c < 0x10000) { out += char(0xE0 | c >> 12); out += char(0x80 | (c >> 6 & 0x3F)); out += char(0x80 | (c & 0x3F)); }
    else { out += char(0xF0 | c >> 18); out += char(0x80 | (c >> 12 & 0x3F)); out += char(0x80 | (c >> 6 & 0x3F)); out += char(0x80 | (c & 0x3F)); }
  }
  return out;
}

// One element of kind/itemsize at p against its JSON value.
void expect_element(const py::DType& d, const uint8_t* p, const Json& want, const std::string& where) {
  const size_t n = d.itemsize;
  switch (d.kind) {
    case 'f': {
      double got;
      if (n == 8) std::memcpy(&got, p, 8);
      else if (n == 4) { float f; std::memcpy(&f, p, 4); got = f; }
      else { uint16_t h; std::memcpy(&h, p, 2); got = half_to_double(h); }
      expect_double(got, want, where);
      break;
    }
    case 'i': case 'M': case 'm': {
      int64_t got = 0;
      if (n == 1) got = static_cast<int8_t>(p[0]);
      else if (n == 2) { int16_t v; std::memcpy(&v, p, 2); got = v; }
      else if (n == 4) { int32_t v; std::memcpy(&v, p, 4); got = v; }
      else std::memcpy(&got, p, 8);
      EXPECT_EQ(got, want.int64()) << where;
      break;
    }
    case 'u': {
      uint64_t got = 0;
      std::memcpy(&got, p, n);
      EXPECT_EQ(got, want.uint64()) << where;
      break;
    }
    case 'b': EXPECT_EQ(p[0] != 0, want.b) << where; break;
    case 'c': {
      double re, im;
      if (n == 16) { std::memcpy(&re, p, 8); std::memcpy(&im, p + 8, 8); }
      else { float r, i; std::memcpy(&r, p, 4); std::memcpy(&i, p + 4, 4); re = r; im = i; }
      expect_double(re, want.items.at(0), where + ".real");
      expect_double(im, want.items.at(1), where + ".imag");
      break;
    }
    case 'U': EXPECT_EQ(utf32(p, n), want.text) << where; break;
    case 'S': {
      size_t len = n;
      while (len > 0 && p[len - 1] == 0) --len;
      EXPECT_EQ(hex(std::string_view(reinterpret_cast<const char*>(p), len)), want.text) << where;
      break;
    }
    default: ADD_FAILURE() << where << ": cannot compare dtype " << d.str();
  }
}

// Values of one field (or the whole element) of every element, flat.
void expect_values(const py::Array& a, const py::DType& d, size_t offset, const Json& want, const std::string& where) {
  const py::DType* leaf = &d;
  size_t per_element = 1;
  if (d.subarray_base) {
    leaf = d.subarray_base.get();
    per_element = 1;
    for (int64_t s : d.subarray_shape) per_element *= static_cast<size_t>(s);
  }
  ASSERT_EQ(want.items.size(), a.size() * per_element) << where;
  for (size_t i = 0; i < a.size(); ++i) {
    for (size_t k = 0; k < per_element; ++k) {
      const uint8_t* p = a.data.data() + i * a.dtype->itemsize + offset + k * leaf->itemsize;
      expect_element(*leaf, p, want.items[i * per_element + k], where + "[" + std::to_string(i * per_element + k) + "]");
    }
  }
}

std::string python_type(const Value& v) {
  std::string t = v.type_name();
  if (t == "None") return "NoneType";
  return t;
}

void check_array(const Value& v, const Json& c, const std::string& where) {
  ASSERT_EQ(v.kind, Kind::Array) << where << " is a " << v.type_name();
  const py::Array& a = *v.array;
  EXPECT_EQ(a.dtype->str(), c["dtype"].text) << where;
  std::vector<int64_t> shape;
  for (const Json& d : c["shape"].items) shape.push_back(d.int64());
  ASSERT_EQ(a.shape, shape) << where;
  ASSERT_EQ(a.data.size(), a.dtype->kind == 'O' ? 0 : a.size() * a.dtype->itemsize) << where;
  if (const Json* objects = c.find("objects")) {
    ASSERT_EQ(a.objects.size(), objects->items.size()) << where;
    for (size_t i = 0; i < a.objects.size(); ++i)
      EXPECT_EQ(python_type(*a.objects[i]), objects->items[i].text) << where << "[" << i << "]";
  }
  if (const Json* values = c.find("values")) expect_values(a, *a.dtype, 0, *values, where);
  if (const Json* fields = c.find("fields")) {
    for (const auto& [name, values] : fields->members) {
      const py::DType::Field* field = nullptr;
      for (const auto& f : a.dtype->fields)
        if (f.name == name) field = &f;
      ASSERT_NE(field, nullptr) << where << " has no field " << name;
      expect_values(a, *field->type, field->offset, values, where + "." + name);
    }
  }
}

void check_scalar(const Value& v, const Json& c, const std::string& where) {
  ASSERT_TRUE(v.scalar_dtype) << where << " is a " << v.type_name() << ", not a numpy scalar";
  EXPECT_EQ(v.scalar_dtype->str(), c["dtype"].text) << where;
  const Json& want = c["value"];
  switch (v.scalar_dtype->kind) {
    case 'f': ASSERT_EQ(v.kind, Kind::Float) << where; expect_double(v.f, want, where); break;
    case 'i': ASSERT_EQ(v.kind, Kind::Int) << where; EXPECT_EQ(v.i, want.int64()) << where; break;
    case 'u':
      if (v.kind == Kind::Other) EXPECT_EQ(v.s, want.text) << where;
      else EXPECT_EQ(static_cast<uint64_t>(v.i), want.uint64()) << where;
      break;
    case 'b': ASSERT_EQ(v.kind, Kind::Bool) << where; EXPECT_EQ(v.b, want.b) << where; break;
    case 'U': ASSERT_EQ(v.kind, Kind::String) << where; EXPECT_EQ(v.s, want.text) << where; break;
    case 'c':
      ASSERT_EQ(v.kind, Kind::Other) << where;
      ASSERT_EQ(v.items.size(), 2u) << where;
      expect_double(v.items[0]->f, want.items[0], where);
      expect_double(v.items[1]->f, want.items[1], where);
      break;
    default: ADD_FAILURE() << where << ": unexpected scalar kind";
  }
}

void check_one(const Value& v, const Json& c, const std::string& where) {
  const std::string& type = c["type"].text;
  if (type == "array") return check_array(v, c, where);
  if (type == "numpy_scalar") return check_scalar(v, c, where);
  if (type == "instance") {
    EXPECT_EQ(v.kind, Kind::Instance) << where;
    EXPECT_EQ(v.type_name(), c["class"].text) << where;
  } else if (type == "global") {
    EXPECT_EQ(v.kind, Kind::Global) << where;
    EXPECT_EQ(v.module + "." + v.name, c["class"].text) << where;
  } else if (type == "dtype") {
    ASSERT_EQ(v.kind, Kind::Other) << where;
    EXPECT_EQ(v.name, "numpy.dtype") << where;
    ASSERT_TRUE(v.scalar_dtype) << where;
    EXPECT_EQ(v.scalar_dtype->str(), c["dtype"].text) << where;
  } else if (type == "int") {
    ASSERT_EQ(v.kind, Kind::Int) << where << " is a " << v.type_name();
    EXPECT_FALSE(v.scalar_dtype) << where;
    EXPECT_EQ(v.i, c["value"].int64()) << where;
  } else if (type == "bigint") {
    ASSERT_EQ(v.kind, Kind::Other) << where << " is a " << v.type_name();
    EXPECT_EQ(v.name, "int") << where;
    EXPECT_EQ(v.s, c["value"].text) << where;
  } else if (type == "float") {
    ASSERT_EQ(v.kind, Kind::Float) << where << " is a " << v.type_name();
    expect_double(v.f, c["value"], where);
  } else if (type == "bool") {
    ASSERT_EQ(v.kind, Kind::Bool) << where;
    EXPECT_EQ(v.b, c["value"].b) << where;
  } else if (type == "str") {
    ASSERT_EQ(v.kind, Kind::String) << where << " is a " << v.type_name();
    EXPECT_EQ(v.s, c["value"].text) << where;
  } else if (type == "bytes") {
    ASSERT_EQ(v.kind, Kind::Bytes) << where << " is a " << v.type_name();
    EXPECT_EQ(hex(v.s), c["value"].text) << where;
  } else if (type == "none") {
    EXPECT_EQ(v.kind, Kind::None) << where;
  } else if (type == "list" || type == "tuple" || type == "set" || type == "dict") {
    Kind k = type == "list" ? Kind::List : type == "tuple" ? Kind::Tuple : type == "set" ? Kind::Set : Kind::Dict;
    ASSERT_EQ(v.kind, k) << where << " is a " << v.type_name();
    EXPECT_EQ(v.items.size(), static_cast<size_t>(c["len"].int64())) << where;
  } else {
    ADD_FAILURE() << where << ": unknown check type " << type;
  }
}

}  // namespace

void replay_checks(const Value& root, const Json& checks, const std::string& label) {
  ASSERT_FALSE(checks.items.empty()) << label;
  for (const Json& c : checks.items) {
    std::string trail;
    const Value* v = follow(root, c["path"], &trail);
    std::string where = label + ":" + (trail.empty() ? "<root>" : trail);
    if (v == nullptr) {
      ADD_FAILURE() << where << " not found";
      continue;
    }
    check_one(*v, c, where);
  }
}

}  // namespace reader_test
