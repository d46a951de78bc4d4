// The pickle opcode interpreter.
//
// One Unpickler runs one pickle, from its first opcode to STOP, over the
// shared cursor: its own stack, MARKs and memo, as Python's Unpickler has.
// Opcodes only ever build values (see pyvalue.h); calls are recorded, never
// made. The opcode set is Python's protocols 0-5; out-of-band buffers,
// persistent ids and the extension registry are refused.
#ifndef ONNXCONV_READER_UNPICKLER_H
#define ONNXCONV_READER_UNPICKLER_H

#include <onnxconv/pyvalue.h>

#include "read_context.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace onnxconv::reader {

class Unpickler {
 public:
  // `nesting` is 0 for the file's pickle, 1 for a joblib object array's.
  Unpickler(ReadContext& ctx, size_t nesting) : ctx_(ctx), in_(ctx.in), nesting_(nesting) {}

  // Runs opcodes up to and including STOP; returns the value STOP pops.
  py::ValuePtr load();

 private:
  // Returns false after STOP.
  bool step(uint8_t op);

  // Errors point at the opcode being run.
  At at() const { return At{in_.site(), op_at_}; }
  [[noreturn]] void fail(const std::string& detail) const { in_.fail(op_at_, detail); }
  py::ValuePtr make(py::Kind kind) { return ctx_.make.make(kind, op_at_); }

  // The stack. Values below the innermost MARK are out of reach, as in
  // Python, until that MARK is popped.
  void push(py::ValuePtr v);
  py::ValuePtr pop();
  py::Value& top();
  const py::ValuePtr& top_ptr();
  void mark();
  std::vector<py::ValuePtr> pop_mark();
  size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }

  // The memo.
  void memo_put(uint64_t index);
  void memo_get(uint64_t index);
  uint64_t text_index(const char* what);

  // Scalars and strings.
  void push_int(int64_t v);
  void push_big_int(std::string decimal);
  void push_long(uint64_t n, const char* what);
  void push_text_int();
  void push_text_long();
  void push_text_float();
  void push_str(uint64_t n, const char* what);
  void push_bytes(uint64_t n, const char* what);
  void push_py2_str(std::string bytes);
  void push_text_string();
  void push_text_unicode();

  // Containers.
  void push_sequence(py::Kind kind, std::vector<py::ValuePtr> items);
  void push_tuple_of(size_t n);
  void push_dict_from_mark();
  void append(std::vector<py::ValuePtr> items, const char* what);
  void set_items(std::vector<py::ValuePtr> pairs, const char* what);
  void add_items(std::vector<py::ValuePtr> items);

  // Classes, calls, state.
  py::ValuePtr make_global(std::string module, std::string name, const char* what);
  void push_text_global();
  void push_stack_global();
  void call(const py::ValuePtr& callable, py::ValuePtr args);
  void reduce();
  void newobj();
  void newobj_ex();
  void inst();
  void obj();
  void build();

  [[noreturn]] void refuse(uint8_t op);

  ReadContext& ctx_;
  ByteCursor& in_;
  const size_t nesting_;
  size_t op_at_ = 0;  // offset of the opcode being run
  std::vector<py::ValuePtr> stack_;
  std::vector<size_t> marks_;
  std::unordered_map<uint64_t, py::ValuePtr> memo_;
};

// Name of a pickle opcode for messages ("BINUNICODE"), or null.
const char* opcode_name(uint8_t op);

}  // namespace onnxconv::reader

#endif
