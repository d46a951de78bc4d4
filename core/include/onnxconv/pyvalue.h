// The plain object tree a model file is read into.
//
// The restricted pickle reader builds these values and nothing else: classes
// are references by module and name, never imported; "calls" recorded in the
// pickle (REDUCE, NEWOBJ) become Instance values holding the callable's name
// and its arguments. Only a fixed set of numpy/Python reconstructors is
// interpreted (to rebuild arrays, dtypes, scalars and bytes); see reader.
#ifndef ONNXCONV_PYVALUE_H
#define ONNXCONV_PYVALUE_H

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
struct DType {
  char kind = 'V';      // numpy kind: b i u f c U S O V
  uint32_t itemsize = 0;
  struct Field {
    std::string name;
    std::shared_ptr<const DType> type;
    uint32_t offset = 0;
  };
  std::vector<Field> fields;  // structured dtypes only, in declared order
  std::string str() const;    // e.g. "<f8", "|O", "{left_child:<i8@0,...}"
};
using DTypePtr = std::shared_ptr<const DType>;

// An ndarray. Numeric/structured data is kept as raw bytes in C order and
// native (little-endian) byte order; object arrays keep their items.
struct Array {
  DTypePtr dtype;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;      // size() * itemsize bytes; empty for 'O'
  std::vector<ValuePtr> objects;  // 'O' arrays only
  size_t size() const;            // product of shape
};

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
  ValuePtr state;  // Instance: the BUILD state (usually a Dict), may be null

  std::shared_ptr<Array> array;  // Array
  // A numpy scalar (np.float64(1.5), np.int64(3)) is an Int/Float/Bool/
  // String value whose `scalar_dtype` records where it came from.
  DTypePtr scalar_dtype;

  // Dict lookup by string key (also Instance state); null when absent.
  const Value* get(const std::string& key) const;
  std::string type_name() const;  // "int", "list", "sklearn...Foo", ...
};

}  // namespace onnxconv::py

#endif  // ONNXCONV_PYVALUE_H
