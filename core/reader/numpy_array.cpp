#include "numpy_array.h"

#include "text_codecs.h"

#include <cmath>
#include <cstring>
#include <string>

namespace onnxconv::reader {

using py::Kind;
using py::Value;
using py::ValuePtr;

std::vector<int64_t> shape_of(const Value& v, const ReadLimits& limits, const At& at) {
  std::vector<const Value*> dims;
  if (v.kind == Kind::Tuple || v.kind == Kind::List) {
    for (const auto& d : v.items) dims.push_back(d.get());
  } else if (v.kind == Kind::Int) {
    dims.push_back(&v);
  } else {
    at.fail("array shape is a " + v.type_name() + ", expected a tuple of ints");
  }
  if (dims.size() > limits.max_array_dims) {
    at.fail("array has " + std::to_string(dims.size()) + " dimensions, more than " +
            std::to_string(limits.max_array_dims) + " (ReadLimits::max_array_dims)");
  }
  std::vector<int64_t> shape;
  shape.reserve(dims.size());
  for (const Value* d : dims) {
    if (d->kind != Kind::Int || d->i < 0) {
      at.fail("array shape has a dimension that is not a non-negative int: " + d->type_name() +
              (d->kind == Kind::Int ? " " + std::to_string(d->i) : ""));
    }
    shape.push_back(d->i);
  }
  return shape;
}

uint64_t element_count(const std::vector<int64_t>& shape, const At& at) {
  uint64_t n = 1;
  bool empty = false;
  for (int64_t d : shape) {
    if (d == 0) {
      empty = true;
      continue;
    }
    if (__builtin_mul_overflow(n, static_cast<uint64_t>(d), &n) || n > (uint64_t{1} << 62)) {
      at.fail("array shape's element count overflows");
    }
  }
  return empty ? 0 : n;
}

uint64_t byte_count(uint64_t count, uint32_t itemsize, const At& at) {
  uint64_t bytes;
  if (__builtin_mul_overflow(count, uint64_t{itemsize}, &bytes) || bytes > SIZE_MAX) {
    at.fail("array of " + std::to_string(count) + " elements of " + std::to_string(itemsize) +
            " bytes overflows");
  }
  return bytes;
}

namespace {

// dst = src.transpose(axes) in C order, src in C order of src_shape.
void transpose_copy(const uint8_t* src, const std::vector<int64_t>& src_shape,
                    const std::vector<size_t>& axes, size_t itemsize, uint64_t count, uint8_t* dst) {
  const size_t n = src_shape.size();
  if (n == 0 || count == 0) return;  // (callers copy these directly)
  std::vector<uint64_t> src_stride(n);
  uint64_t s = itemsize;
  for (size_t d = n; d-- > 0;) {
    src_stride[d] = s;
    s *= static_cast<uint64_t>(src_shape[d]);
  }
  std::vector<int64_t> dst_shape(n);
  std::vector<uint64_t> step(n);  // src stride of each dst axis
  for (size_t k = 0; k < n; ++k) {
    dst_shape[k] = src_shape[axes[k]];
    step[k] = src_stride[axes[k]];
  }
  std::vector<int64_t> index(n, 0);
  uint64_t src_off = 0;
  for (uint64_t i = 0; i < count; ++i) {
    std::memcpy(dst + i * itemsize, src + src_off, itemsize);
    for (size_t k = n; k-- > 0;) {  // odometer over dst's axes, last fastest
      src_off += step[k];
      if (++index[k] < dst_shape[k]) break;
      src_off -= step[k] * static_cast<uint64_t>(dst_shape[k]);
      index[k] = 0;
    }
  }
}

void check_permutation(const std::vector<size_t>& axes, size_t ndim, const At& at) {
  std::vector<bool> seen(ndim, false);
  bool ok = axes.size() == ndim;
  for (size_t a : axes) {
    if (!ok || a >= ndim || seen[a]) {
      ok = false;
      break;
    }
    seen[a] = true;
  }
  if (!ok) at.fail("array axis order is not a permutation of its " + std::to_string(ndim) + " axes");
}

// The logical shape of bytes laid out as `physical`.transpose(axes).
std::vector<int64_t> permuted(const std::vector<int64_t>& physical, const std::vector<size_t>& axes) {
  std::vector<int64_t> logical(physical.size());
  for (size_t k = 0; k < physical.size(); ++k) logical[k] = physical[axes[k]];
  return logical;
}

// The elements rearranged into C order (unless `in_c_order` already) and
// swapped to native byte order, in bytes of the array's own.
py::ArrayBytes c_order_copy(const FileDType& t, const std::vector<int64_t>& shape, const MemoryOrder& order,
                            const SourceBytes& src, uint64_t count, bool in_c_order) {
  const uint32_t itemsize = t.dtype->itemsize;
  std::vector<uint8_t> out(src.size);
  const size_t ndim = shape.size();
  if (in_c_order) {
    if (!out.empty()) std::memcpy(out.data(), src.data, out.size());
  } else if (order.kind == MemoryOrder::Fortran) {
    // Fortran order is C order of the reversed shape, transposed back.
    std::vector<int64_t> physical(shape.rbegin(), shape.rend());
    std::vector<size_t> axes(ndim);
    for (size_t k = 0; k < ndim; ++k) axes[k] = ndim - 1 - k;
    transpose_copy(src.data, physical, axes, itemsize, count, out.data());
  } else {
    transpose_copy(src.data, shape, order.axes, itemsize, count, out.data());
  }
  swap_to_native(out.data(), count, t);
  return py::ArrayBytes(std::move(out));
}

}  // namespace

std::shared_ptr<py::Array> array_from_bytes(const FileDType& t, std::vector<int64_t> shape,
                                            const MemoryOrder& order, const SourceBytes& data,
                                            const At& at) {
  if (t.has_object) at.fail("array of dtype " + t.dtype->str() + " holds objects but has raw data");
  const uint64_t count = element_count(shape, at);
  const uint64_t bytes = byte_count(count, t.dtype->itemsize, at);
  if (bytes != data.size) {
    at.fail("array data has " + std::to_string(data.size) + " bytes, shape and dtype " + t.dtype->str() +
            " need " + std::to_string(bytes));
  }
  if (order.kind == MemoryOrder::Permuted) check_permutation(order.axes, shape.size(), at);
  // One axis or fewer than two elements: the bytes are in C order whatever
  // the order says.
  const bool in_c_order = order.kind == MemoryOrder::C || shape.size() < 2 || count < 2;
  auto a = std::make_shared<py::Array>();
  a->dtype = t.dtype;
  a->data = in_c_order && !t.needs_swap ? data.keep() : c_order_copy(t, shape, order, data, count, in_c_order);
  a->shape = order.kind == MemoryOrder::Permuted ? permuted(shape, order.axes) : std::move(shape);
  return a;
}

std::shared_ptr<py::Array> array_from_objects(const FileDType& t, std::vector<int64_t> shape,
                                              std::vector<ValuePtr> items, const At& at) {
  if (t.dtype->kind != 'O') {
    at.fail(t.has_object ? "structured arrays with object fields are not supported"
                         : "array of dtype " + t.dtype->str() + " has a list of objects as data");
  }
  const uint64_t count = element_count(shape, at);
  if (count != items.size()) {
    at.fail("object array has " + std::to_string(items.size()) + " items, its shape needs " +
            std::to_string(count));
  }
  auto a = std::make_shared<py::Array>();
  a->dtype = t.dtype;
  a->shape = std::move(shape);
  a->objects = std::move(items);
  return a;
}

std::shared_ptr<py::Array> placeholder_array() {
  static const py::DTypePtr kInt8 = [] {
    auto d = std::make_shared<py::DType>();
    d->kind = 'i';
    d->itemsize = 1;
    return d;
  }();
  auto a = std::make_shared<py::Array>();
  a->dtype = kInt8;
  a->shape = {0};
  return a;
}

namespace {

double half_to_double(uint16_t h) {
  int exp = h >> 10 & 0x1F;
  int mant = h & 0x3FF;
  double v;
  if (exp == 0) v = std::ldexp(mant, -24);
  else if (exp == 31) v = mant ? NAN : INFINITY;
  else v = std::ldexp(mant + 1024, exp - 25);
  return (h & 0x8000) ? -v : v;
}

template <class T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

ValuePtr scalar_from_bytes(const FileDType& t, std::string_view raw, ValueFactory& make, const At& at) {
  const py::DType& d = *t.dtype;
  if (raw.size() != d.itemsize) {
    at.fail("numpy scalar of dtype " + d.str() + " has " + std::to_string(raw.size()) + " bytes, needs " +
            std::to_string(d.itemsize));
  }
  if (t.has_object) at.fail("numpy scalar of dtype " + d.str() + " holds objects but has raw data");
  std::vector<uint8_t> buf(raw.begin(), raw.end());
  swap_to_native(buf.data(), 1, t);
  const uint8_t* p = buf.data();
  ValuePtr v;
  const size_t n = d.itemsize;
  switch (d.kind) {
    case 'b':
      v = make.make(Kind::Bool, at.offset);
      v->b = p[0] != 0;
      v->i = v->b;
      break;
    case 'i': case 'M': case 'm':
      v = make.make(Kind::Int, at.offset);
      v->i = n == 1 ? load<int8_t>(p) : n == 2 ? load<int16_t>(p) : n == 4 ? load<int32_t>(p) : load<int64_t>(p);
      break;
    case 'u': {
      uint64_t u = n == 1 ? p[0] : n == 2 ? load<uint16_t>(p) : n == 4 ? load<uint32_t>(p) : load<uint64_t>(p);
      if (u > static_cast<uint64_t>(INT64_MAX)) {
        v = make.make(Kind::Other, at.offset);
        v->name = "int";
        v->s = std::to_string(u);
      } else {
        v = make.make(Kind::Int, at.offset);
        v->i = static_cast<int64_t>(u);
      }
      break;
    }
    case 'f':
      if (n > 8) {
        v = make.make(Kind::Other, at.offset);
        v->name = "numpy.longdouble";
        v->s.assign(raw);
        break;
      }
      v = make.make(Kind::Float, at.offset);
      v->f = n == 2 ? half_to_double(load<uint16_t>(p)) : n == 4 ? load<float>(p) : load<double>(p);
      break;
    case 'c': {
      v = make.make(Kind::Other, at.offset);
      if (n > 16) {
        v->name = "numpy.clongdouble";
        v->s.assign(raw);
        break;
      }
      v->name = "complex";
      for (int part = 0; part < 2; ++part) {
        auto f = make.make(Kind::Float, at.offset);
        f->f = n == 8 ? load<float>(p + 4 * part) : load<double>(p + 8 * part);
        v->items.push_back(f);
      }
      break;
    }
    case 'U': {
      v = make.make(Kind::String, at.offset);
      if (!utf32le_to_utf8(p, n, v->s)) at.fail("numpy str_ scalar holds an invalid code point");
      break;
    }
    case 'S': {
      v = make.make(Kind::Bytes, at.offset);
      size_t len = n;
      while (len > 0 && p[len - 1] == 0) --len;
      v->s.assign(reinterpret_cast<const char*>(p), len);
      break;
    }
    default:  // 'V': structured or raw void
      v = make.make(Kind::Bytes, at.offset);
      v->s.assign(reinterpret_cast<const char*>(p), n);
  }
  v->scalar_dtype = t.dtype;
  return v;
}

}  // namespace onnxconv::reader
