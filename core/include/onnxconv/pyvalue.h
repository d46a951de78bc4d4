// The plain object tree a model file is read into.
//
// The restricted pickle reader builds these values and nothing else: classes
// are references by module and name, never imported; "calls" recorded in the
// pickle (REDUCE, NEWOBJ) become Instance values holding the callable's name
// and its arguments. Only a fixed set of numpy/Python reconstructors is
// interpreted (to rebuild arrays, dtypes, scalars and bytes); see reader.
#ifndef ONNXCONV_PYVALUE_H
#define ONNXCONV_PYVALUE_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace onnxconv::py {

struct Value;
using ValuePtr = std::shared_ptr<Value>;

// Mirrors oc_kind in the SDK (same order and numbers).
enum class Kind {
  None = 0,
  Bool,
  Int,
  Float,
  String,
  Bytes,
  List,
  Tuple,
  Dict,
  Set,
  Array,
  Instance,
  Global,
  Other,
};

// A numpy dtype. Structured dtypes list their fields.
//
// The reader normalises every array to native byte order, so a DType carries
// no byte order: str() prints the native one ('<' on little-endian hosts) for
// multi-byte kinds and '|' for the rest. Datetime units are not kept.
struct DType {
  char kind = 'V';      // numpy kind: b i u f c U S O V (also M m: datetimes)
  uint32_t itemsize = 0;
  struct Field {
    std::string name;
    std::shared_ptr<const DType> type;
    uint32_t offset = 0;
  };
  std::vector<Field> fields;  // structured dtypes only, in declared order
  // Sub-array dtypes (the type of a field declared ('x', '<f8', (2, 3))):
  // kind 'V', itemsize == subarray_base->itemsize * prod(subarray_shape).
  std::shared_ptr<const DType> subarray_base;
  std::vector<int64_t> subarray_shape;
  std::string str() const;    // e.g. "<f8", "|O", "{left_child:<i8@0,...}", "(2,3)<f8"
};
using DTypePtr = std::shared_ptr<const DType>;

// The raw bytes of an array: read-only, and either a view of memory some
// other object owns (the model file's mapping, a decompressed stream) or
// bytes of its own. Whichever, `owner` keeps them alive as long as any copy
// of this ArrayBytes lives, so a value tree may outlive its reader. Copies
// share the bytes. The view may be unaligned (pickles put array data at any
// offset): read elements with memcpy.
class ArrayBytes {
 public:
  ArrayBytes() = default;
  // Bytes of its own.
  explicit ArrayBytes(std::vector<uint8_t> bytes);
  // A view of [data, data + size), which `owner` keeps alive.
  ArrayBytes(std::shared_ptr<const void> owner, const uint8_t* data, size_t size)
      : owner_(std::move(owner)), data_(data), size_(size) {}

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const uint8_t* begin() const { return data_; }
  const uint8_t* end() const { return data_ + size_; }
  uint8_t operator[](size_t i) const { return data_[i]; }

 private:
  std::shared_ptr<const void> owner_;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// An ndarray. Numeric/structured data is kept as raw bytes in C order and
// native (little-endian) byte order, usually a view of the model file's
// bytes (see ArrayBytes); object arrays keep their items.
struct Array {
  DTypePtr dtype;
  std::vector<int64_t> shape;
  ArrayBytes data;                // size() * itemsize bytes; empty for 'O'
  std::vector<ValuePtr> objects;  // 'O' arrays only
  size_t size() const;            // product of shape
};

// One value of the object graph.
//
// Shape of the graph the reader returns: a DAG, never a cycle. The pickle
// memo lets one value be referenced from several places (the same ValuePtr
// appears under several parents), and a pickle may share values so that the
// number of *paths* grows exponentially with its size. The reader refuses
// cyclic graphs (a list or object that contains itself) and graphs nested
// deeper than ReadLimits::max_container_depth, so destroying a graph and
// walking one path of it are always safe; code that walks the WHOLE graph
// must remember the nodes it visited (or bound its work), never recurse
// blindly into every child.
//
// Kinds and the fields they use:
//   None; Bool (b, and i = 0/1); Int (i); Float (f); String (s, UTF-8);
//   Bytes (s, raw: bytes and bytearray);
//   List, Tuple, Set (items); Dict (items = keys, values, parallel, in order);
//   Array (array); numpy scalars are Bool/Int/Float/String/Bytes values with
//     scalar_dtype set (np.float64(1.5) is Float 1.5 with dtype <f8);
//   Instance (module, name, args, kwargs, state; plus items/values for the
//     list items or dict items of list/dict subclasses, e.g. Bunch);
//   Global (module, name): a class or function reference, never called;
//   Other (name says what):
//     "int"          an integer beyond 64 bits; s holds it in decimal (hex
//                    "0x..." when longer than 64 bytes); also a numpy
//                    uint64 scalar above INT64_MAX (with scalar_dtype)
//     "numpy.dtype"  a dtype object; scalar_dtype holds it
//     "complex"      a numpy complex scalar; items = {real, imag} Floats
//     "numpy.longdouble" / "numpy.clongdouble"  a scalar of that type (its
//                    raw bytes as in the file, platform-specific, in s)
//     "call"         the result of calling something that is not a named
//                    global (e.g. a bound method getattr(obj, 'f')):
//                    items = {callable}, args = the arguments
struct Value {
  Kind kind = Kind::None;

  bool b = false;
  int64_t i = 0;     // Int (and Bool as 0/1). Ints beyond 64 bits: Other.
  double f = 0;      // Float
  std::string s;     // String (UTF-8), Bytes
  // List, Tuple, Set: items. Dict: keys and values (parallel, in order).
  std::vector<ValuePtr> items;
  std::vector<ValuePtr> values;

  // Instance and Global: the class (or callable) by name.
  std::string module;
  std::string name;
  ValuePtr args;   // Instance: constructor/callable arguments (a Tuple), may be null
  ValuePtr kwargs; // Instance made by NEWOBJ_EX / copyreg.__newobj_ex__: keyword arguments (a Dict), may be null
  ValuePtr state;  // Instance: the BUILD state (usually a Dict), may be null

  std::shared_ptr<Array> array;  // Array
  // A numpy scalar (np.float64(1.5), np.int64(3)) is an Int/Float/Bool/
  // String value whose `scalar_dtype` records where it came from.
  DTypePtr scalar_dtype;

  // Dict lookup by string key; null when absent. On an Instance: its state
  // dict (also the (dict, slots) pair objects with __slots__ pickle), then
  // the items of a dict subclass. When a key repeats, the last one wins (as
  // in Python).
  const Value* get(const std::string& key) const;
  // For messages: "int", "list", "sklearn...Foo", "numpy.float64",
  // "numpy.ndarray(<f8, shape (2, 3))", "global numpy.float64", ...
  std::string type_name() const;
};

// Every array reachable from `root` (including object arrays' items), each
// once, in depth-first order. The graph may share values but has no cycles
// (the reader refuses them); shared values are visited once.
std::vector<const Array*> arrays_in(const Value& root);

}  // namespace onnxconv::py

#endif  // ONNXCONV_PYVALUE_H
