// numpy dtypes as pickled: numpy.dtype(spec, align, copy) + BUILD(state).
//
// The reader keeps two views of each dtype: the public py::DType converters
// see (native byte order, as the array data is normalised to), and this
// FileDType, which remembers what the file said: byte orders (to swap the
// data), whether the dtype holds Python objects, and how deep it nests.
#ifndef ONNXCONV_READER_NUMPY_DTYPE_H
#define ONNXCONV_READER_NUMPY_DTYPE_H

#include <onnxconv/model_reader.h>
#include <onnxconv/pyvalue.h>

#include "byte_cursor.h"

#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace onnxconv::reader {

struct FileDType;
using FileDTypePtr = std::shared_ptr<const FileDType>;

struct FileDType {
  py::DTypePtr dtype;       // the public view
  char order = '=';         // byte order as written: < > | =
  bool needs_swap = false;  // some bytes of an element are not in native order
  bool has_object = false;  // 'O' itself or anywhere inside
  size_t depth = 1;         // nesting of structured / sub-array dtypes
  // Steps swap_to_native takes per element (only when needs_swap). Kept
  // proportional to the item size, so swapping costs O(bytes) even for
  // hostile dtypes (thousands of overlapping fields).
  uint64_t swap_cost = 0;
  struct Field {
    FileDTypePtr type;
    uint32_t offset;
  };
  std::vector<Field> fields;  // structured dtypes, in declared order
  FileDTypePtr sub_base;      // sub-array dtypes
  uint64_t sub_count = 0;     // prod(subarray shape)
};

// FileDType of every dtype the read has made, found from the public DType a
// dtype value (Other "numpy.dtype") holds in scalar_dtype.
class DTypeTable {
 public:
  // Records t and returns its public DType.
  py::DTypePtr add(FileDTypePtr t);
  // The dtype a value stands for: a dtype value, or null when v is not one.
  FileDTypePtr of_value(const py::Value& v) const;

 private:
  std::unordered_map<const py::DType*, FileDTypePtr> table_;
};

// numpy.dtype("f8" | "U3" | "V56" | "O8" | "M8" ...): the dtype before BUILD,
// in native byte order.
FileDTypePtr dtype_from_spec(std::string_view spec, const At& at);

// BUILD on a dtype: numpy's __setstate__ tuple (version 3/4 and older
// layouts), fields and sub-arrays resolved through `table`.
FileDTypePtr dtype_with_state(const FileDType& made, const py::Value& state, const DTypeTable& table,
                              const ReadLimits& limits, const At& at);

// Byte-swaps `count` elements of type t to native order (no-op unless
// t.needs_swap).
void swap_to_native(uint8_t* data, uint64_t count, const FileDType& t);

}  // namespace onnxconv::reader

#endif
