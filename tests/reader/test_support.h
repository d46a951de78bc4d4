// Shared helpers of the reader tests: fixture files, a pickle assembler,
// an allocation meter, and the replay of the Python-made sidecar checks.
#ifndef ONNXCONV_TESTS_READER_TEST_SUPPORT_H
#define ONNXCONV_TESTS_READER_TEST_SUPPORT_H

#include <onnxconv/model_reader.h>
#include <onnxconv/pyvalue.h>

#include "mini_json.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace reader_test {

using onnxconv::ReadError;
using onnxconv::ReadLimits;
namespace py = onnxconv::py;

// The folder make_reader_fixtures.py wrote (READER_FIXTURES_DIR).
std::string fixtures_dir();
std::string fixture(const std::string& name);  // fixtures_dir() + "/" + name
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& data);
mini_json::Json read_json(const std::string& path);

// Reads a pickle held in memory the way files are read: the reader may
// view the bytes (here a copy the result co-owns), as it views a file's
// mapping.
py::ValuePtr read_bytes(const std::string& data, const ReadLimits& limits = {});
// The same from a buffer that `data` owns (arrays may view *data).
py::ValuePtr read_shared(const std::shared_ptr<const std::string>& data, const ReadLimits& limits = {});
// The same with no owner: the reader must copy whatever it keeps.
py::ValuePtr read_bytes_copied(const std::string& data, const ReadLimits& limits = {});

// Assembles pickle opcodes by hand.
class Pickle {
 public:
  Pickle& raw(std::string_view s) { data_.append(s); return *this; }
  Pickle& op(uint8_t c) { data_ += static_cast<char>(c); return *this; }
  Pickle& u8(uint8_t v) { return op(v); }
  Pickle& u16(uint16_t v);
  Pickle& u32(uint32_t v);
  Pickle& u64(uint64_t v);
  Pickle& proto(int v = 4) { return op(0x80).u8(static_cast<uint8_t>(v)); }
  Pickle& str(std::string_view s);    // SHORT_BINUNICODE / BINUNICODE
  Pickle& bytes(std::string_view s);  // SHORT_BINBYTES / BINBYTES
  Pickle& integer(int64_t v);         // BININT1 / BININT / LONG1
  Pickle& global(std::string_view module, std::string_view name);       // STACK_GLOBAL
  Pickle& text_global(std::string_view module, std::string_view name);  // GLOBAL
  // numpy.dtype(spec, False, True) + BUILD((3, order, None, None, None, -1, -1, 0))
  Pickle& dtype(std::string_view spec, char order = '<', std::string_view numpy_core = "numpy.core");
  Pickle& stop() { return op('.'); }
  const std::string& data() const { return data_; }

 private:
  std::string data_;
};

// The largest single allocation since reset (global operator new is
// replaced in this test binary).
void reset_largest_allocation();
size_t largest_allocation();

// Replays the checks make_reader_fixtures.py wrote for one object.
void replay_checks(const py::Value& root, const mini_json::Json& checks, const std::string& label);

// Follows a path of keys (str) and indices (int) from root; null if absent.
const py::Value* follow(const py::Value& root, const mini_json::Json& path, std::string* trail);

}  // namespace reader_test

#endif
