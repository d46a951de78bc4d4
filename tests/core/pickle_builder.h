// Writes small protocol-2 pickles by hand, so core tests can make model
// files of classes that exist nowhere (and hostile ones) without Python.
#ifndef ONNXCONV_TESTS_PICKLE_BUILDER_H
#define ONNXCONV_TESTS_PICKLE_BUILDER_H

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace onnxconv::test {

class PickleBuilder {
 public:
  PickleBuilder() { out_ += "\x80\x02"; }

  PickleBuilder& global(const std::string& module, const std::string& name) {
    out_ += 'c' + module + '\n' + name + '\n';
    return *this;
  }
  PickleBuilder& str(const std::string& s) {
    out_ += 'X';
    put32(static_cast<uint32_t>(s.size()));
    out_ += s;
    return *this;
  }
  PickleBuilder& integer(int32_t v) {
    out_ += 'J';
    put32(static_cast<uint32_t>(v));
    return *this;
  }
  PickleBuilder& real(double v) {
    out_ += 'G';
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    for (int i = 7; i >= 0; --i) out_ += static_cast<char>((bits >> (8 * i)) & 0xFF);
    return *this;
  }
  PickleBuilder& op(char opcode) {
    out_ += opcode;
    return *this;
  }
  // cls() with a state dict of the given entries: the shape scikit-learn
  // estimators pickle as (NEWOBJ then BUILD).
  PickleBuilder& estimator(const std::string& module, const std::string& name,
                           const std::vector<std::pair<std::string, double>>& state) {
    global(module, name).op(')').op('\x81').op('}').op('(');
    for (const auto& [key, value] : state) {
      str(key);
      if (value == static_cast<int32_t>(value)) integer(static_cast<int32_t>(value));
      else real(value);
    }
    return op('u').op('b');
  }
  // cls() then BUILD with a state dict whose entries the caller writes
  // between begin_estimator() and end_estimator() as key, value pairs.
  PickleBuilder& begin_estimator(const std::string& module, const std::string& name) {
    return global(module, name).op(')').op('\x81').op('}').op('(');
  }
  PickleBuilder& end_estimator() { return op('u').op('b'); }
  PickleBuilder& none() { return op('N'); }
  PickleBuilder& bytes(const std::string& raw) {
    out_ += 'B';
    put32(static_cast<uint32_t>(raw.size()));
    out_ += raw;
    return *this;
  }
  // numpy.dtype(spec, False, True) with its little-endian state, as numpy pickles it.
  PickleBuilder& dtype(const std::string& spec) {
    global("numpy", "dtype").str(spec).op('\x89').op('\x88').op('\x87').op('R');
    op('(').integer(3).str(spec[0] == 'i' || spec[0] == 'f' ? "<" : "|").none().none().none();
    return integer(-1).integer(-1).integer(0).op('t').op('b');
  }
  // numpy.core.numeric._frombuffer(raw, dtype, shape, 'C'): a C-order array.
  PickleBuilder& array(const std::string& spec, const std::vector<int32_t>& shape, const std::string& raw) {
    global("numpy.core.numeric", "_frombuffer").op('(').bytes(raw).dtype(spec).op('(');
    for (int32_t d : shape) integer(d);
    return op('t').str("C").op('t').op('R');
  }
  PickleBuilder& doubles(const std::vector<double>& v, const std::vector<int32_t>& shape) {
    return array("f8", shape, std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double)));
  }
  PickleBuilder& int64s(const std::vector<int64_t>& v, const std::vector<int32_t>& shape) {
    return array("i8", shape, std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(int64_t)));
  }
  std::string finish() { return out_ + '.'; }

 private:
  void put32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_ += static_cast<char>((v >> (8 * i)) & 0xFF);
  }
  std::string out_;
};

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace onnxconv::test

#endif
