// numpy arrays and scalars from their pickled parts: shape tuples, raw
// element bytes in memory order (C, Fortran or permuted), object lists.
// Results are always C order and native byte order.
#ifndef ONNXCONV_READER_NUMPY_ARRAY_H
#define ONNXCONV_READER_NUMPY_ARRAY_H

#include <onnxconv/model_reader.h>
#include <onnxconv/pyvalue.h>

#include "byte_cursor.h"
#include "numpy_dtype.h"
#include "stream_bytes.h"
#include "value_graph.h"

#include <memory>
#include <string_view>
#include <vector>

namespace onnxconv::reader {

// A shape: a tuple of non-negative ints (or one int).
std::vector<int64_t> shape_of(const py::Value& v, const ReadLimits& limits, const At& at);

// prod(shape), and prod(shape) * itemsize, with overflow checks.
uint64_t element_count(const std::vector<int64_t>& shape, const At& at);
uint64_t byte_count(uint64_t count, uint32_t itemsize, const At& at);

// How raw bytes are laid out in memory.
struct MemoryOrder {
  enum Kind { C, Fortran, Permuted } kind = C;
  std::vector<size_t> axes;  // Permuted: logical = physical.transpose(axes)
};

// An array of t (no objects) from exactly byte_count(...) bytes. For
// Permuted, `shape` is the physical (C-order) shape of the bytes. Bytes
// already in C order and native byte order are kept as `data` keeps them
// (a view when owned); others are rearranged into a copy.
std::shared_ptr<py::Array> array_from_bytes(const FileDType& t, std::vector<int64_t> shape,
                                            const MemoryOrder& order, const SourceBytes& data,
                                            const At& at);

// An object array from its items in C order.
std::shared_ptr<py::Array> array_from_objects(const FileDType& t, std::vector<int64_t> shape,
                                              std::vector<py::ValuePtr> items, const At& at);

// A numpy scalar of type t from its raw bytes (native or not).
py::ValuePtr scalar_from_bytes(const FileDType& t, std::string_view raw, ValueFactory& make,
                               const At& at);

// An empty placeholder, the array _reconstruct makes before its BUILD.
std::shared_ptr<py::Array> placeholder_array();

}  // namespace onnxconv::reader

#endif
