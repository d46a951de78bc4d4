#include "unpickler.h"

#include "joblib_array.h"
#include "reconstructors.h"
#include "text_codecs.h"

namespace onnxconv::reader {

using py::Kind;
using py::Value;
using py::ValuePtr;

namespace {

// Python's pickle opcodes (Lib/pickletools.py documents each).
enum Op : uint8_t {
  MARK = '(', STOP = '.', POP = '0', POP_MARK = '1', DUP = '2', FLOAT = 'F', INT = 'I',
  BININT = 'J', BININT1 = 'K', LONG = 'L', BININT2 = 'M', NONE = 'N', PERSID = 'P',
  BINPERSID = 'Q', REDUCE = 'R', STRING = 'S', BINSTRING = 'T', SHORT_BINSTRING = 'U',
  UNICODE = 'V', BINUNICODE = 'X', APPEND = 'a', BUILD = 'b', GLOBAL = 'c', DICT = 'd',
  EMPTY_DICT = '}', APPENDS = 'e', GET = 'g', BINGET = 'h', INST = 'i', LONG_BINGET = 'j',
  LIST = 'l', EMPTY_LIST = ']', OBJ = 'o', PUT = 'p', BINPUT = 'q', LONG_BINPUT = 'r',
  SETITEM = 's', TUPLE = 't', EMPTY_TUPLE = ')', SETITEMS = 'u', BINFLOAT = 'G',
  // protocol 2
  PROTO = 0x80, NEWOBJ = 0x81, EXT1 = 0x82, EXT2 = 0x83, EXT4 = 0x84, TUPLE1 = 0x85,
  TUPLE2 = 0x86, TUPLE3 = 0x87, NEWTRUE = 0x88, NEWFALSE = 0x89, LONG1 = 0x8a, LONG4 = 0x8b,
  // protocol 3
  BINBYTES = 'B', SHORT_BINBYTES = 'C',
  // protocol 4
  SHORT_BINUNICODE = 0x8c, BINUNICODE8 = 0x8d, BINBYTES8 = 0x8e, EMPTY_SET = 0x8f,
  ADDITEMS = 0x90, FROZENSET = 0x91, NEWOBJ_EX = 0x92, STACK_GLOBAL = 0x93, MEMOIZE = 0x94,
  FRAME = 0x95,
  // protocol 5
  BYTEARRAY8 = 0x96, NEXT_BUFFER = 0x97, READONLY_BUFFER = 0x98,
};

constexpr int kHighestProtocol = 5;

}  // namespace

const char* opcode_name(uint8_t op) {
  switch (op) {
    case MARK: return "MARK"; case STOP: return "STOP"; case POP: return "POP";
    case POP_MARK: return "POP_MARK"; case DUP: return "DUP"; case FLOAT: return "FLOAT";
    case INT: return "INT"; case BININT: return "BININT"; case BININT1: return "BININT1";
    case LONG: return "LONG"; case BININT2: return "BININT2"; case NONE: return "NONE";
    case PERSID: return "PERSID"; case BINPERSID: return "BINPERSID"; case REDUCE: return "REDUCE";
    case STRING: return "STRING"; case BINSTRING: return "BINSTRING";
    case SHORT_BINSTRING: return "SHORT_BINSTRING"; case UNICODE: return "UNICODE";
    case BINUNICODE: return "BINUNICODE"; case APPEND: return "APPEND"; case BUILD: return "BUILD";
    case GLOBAL: return "GLOBAL"; case DICT: return "DICT"; case EMPTY_DICT: return "EMPTY_DICT";
    case APPENDS: return "APPENDS"; case GET: return "GET"; case BINGET: return "BINGET";
    case INST: return "INST"; case LONG_BINGET: return "LONG_BINGET"; case LIST: return "LIST";
    case EMPTY_LIST: return "EMPTY_LIST"; case OBJ: return "OBJ"; case PUT: return "PUT";
    case BINPUT: return "BINPUT"; case LONG_BINPUT: return "LONG_BINPUT"; case SETITEM: return "SETITEM";
    case TUPLE: return "TUPLE"; case EMPTY_TUPLE: return "EMPTY_TUPLE"; case SETITEMS: return "SETITEMS";
    case BINFLOAT: return "BINFLOAT"; case PROTO: return "PROTO"; case NEWOBJ: return "NEWOBJ";
    case EXT1: return "EXT1"; case EXT2: return "EXT2"; case EXT4: return "EXT4";
    case TUPLE1: return "TUPLE1"; case TUPLE2: return "TUPLE2"; case TUPLE3: return "TUPLE3";
    case NEWTRUE: return "NEWTRUE"; case NEWFALSE: return "NEWFALSE"; case LONG1: return "LONG1";
    case LONG4: return "LONG4"; case BINBYTES: return "BINBYTES"; case SHORT_BINBYTES: return "SHORT_BINBYTES";
    case SHORT_BINUNICODE: return "SHORT_BINUNICODE"; case BINUNICODE8: return "BINUNICODE8";
    case BINBYTES8: return "BINBYTES8"; case EMPTY_SET: return "EMPTY_SET"; case ADDITEMS: return "ADDITEMS";
    case FROZENSET: return "FROZENSET"; case NEWOBJ_EX: return "NEWOBJ_EX";
    case STACK_GLOBAL: return "STACK_GLOBAL"; case MEMOIZE: return "MEMOIZE"; case FRAME: return "FRAME";
    case BYTEARRAY8: return "BYTEARRAY8"; case NEXT_BUFFER: return "NEXT_BUFFER";
    case READONLY_BUFFER: return "READONLY_BUFFER";
    default: return nullptr;
  }
}

ValuePtr Unpickler::load() {
  // The clock is read every few thousand opcodes: cheap, and a hostile
  // stream still stops within a millisecond or so of its deadline.
  constexpr uint32_t kOpcodesPerClockCheck = 4096;
  for (uint32_t n = 1;; ++n) {
    op_at_ = in_.pos();
    if (in_.at_end()) fail("the pickle ends without its STOP opcode");
    if (n % kOpcodesPerClockCheck == 0 && std::chrono::steady_clock::now() > ctx_.limits.deadline)
      fail("ran past its time budget (Limits::timeout_seconds, CLI --timeout)");
    if (!step(in_.u8("opcode"))) return pop();
  }
}

// ---- the stack ----

void Unpickler::push(ValuePtr v) {
  if (stack_.size() >= ctx_.limits.max_stack_depth) {
    fail("more than " + std::to_string(ctx_.limits.max_stack_depth) +
         " values on the pickle stack (ReadLimits::max_stack_depth)");
  }
  stack_.push_back(std::move(v));
}

ValuePtr Unpickler::pop() {
  if (stack_.size() <= floor()) fail(marks_.empty() ? "pops from an empty stack" : "pops past a MARK");
  ValuePtr v = std::move(stack_.back());
  stack_.pop_back();
  return v;
}

const ValuePtr& Unpickler::top_ptr() {
  if (stack_.size() <= floor()) fail(marks_.empty() ? "needs a value on the empty stack" : "needs a value above the MARK");
  return stack_.back();
}

Value& Unpickler::top() { return *top_ptr(); }

void Unpickler::mark() {
  if (marks_.size() >= ctx_.limits.max_mark_depth) {
    fail("more than " + std::to_string(ctx_.limits.max_mark_depth) + " open MARKs (ReadLimits::max_mark_depth)");
  }
  marks_.push_back(stack_.size());
}

std::vector<ValuePtr> Unpickler::pop_mark() {
  if (marks_.empty()) fail("needs a MARK, none is open");
  size_t m = marks_.back();
  marks_.pop_back();
  std::vector<ValuePtr> items(std::make_move_iterator(stack_.begin() + static_cast<ptrdiff_t>(m)),
                              std::make_move_iterator(stack_.end()));
  stack_.resize(m);
  return items;
}

// ---- the memo ----

void Unpickler::memo_put(uint64_t index) {
  const ValuePtr& v = top_ptr();
  auto it = memo_.find(index);
  if (it != memo_.end()) {
    it->second = v;
    return;
  }
  if (memo_.size() >= ctx_.limits.max_memo_entries) {
    fail("more than " + std::to_string(ctx_.limits.max_memo_entries) + " memo entries (ReadLimits::max_memo_entries)");
  }
  memo_.emplace(index, v);
}

void Unpickler::memo_get(uint64_t index) {
  auto it = memo_.find(index);
  if (it == memo_.end()) fail("memo entry " + std::to_string(index) + " was never stored");
  push(it->second);
}

uint64_t Unpickler::text_index(const char* what) {
  std::string_view line = in_.line(what);
  bool fits;
  int64_t v;
  std::string text;
  if (!parse_decimal(line, &fits, &v, &text) || !fits || v < 0) {
    fail(std::string(what) + " index " + quoted(line) + " is not a non-negative integer");
  }
  return static_cast<uint64_t>(v);
}

// ---- scalars and strings ----

void Unpickler::push_int(int64_t v) {
  ValuePtr p = make(Kind::Int);
  p->i = v;
  push(std::move(p));
}

void Unpickler::push_big_int(std::string text) {
  ValuePtr p = make(Kind::Other);
  p->name = "int";
  p->s = std::move(text);
  push(std::move(p));
}

void Unpickler::push_long(uint64_t n, const char* what) {
  const uint8_t* p = in_.take(n, what);
  int64_t v;
  std::string text;
  if (long_to_int64(p, static_cast<size_t>(n), &v, &text)) push_int(v);
  else push_big_int(std::move(text));
}

void Unpickler::push_text_int() {
  std::string_view line = in_.line("INT");
  if (line == "00" || line == "01") {  // protocol 0's False and True
    push(ctx_.make.boolean(line == "01"));
    return;
  }
  bool fits;
  int64_t v;
  std::string text;
  if (!parse_decimal(line, &fits, &v, &text)) fail("INT argument " + quoted(line) + " is not an integer");
  if (fits) push_int(v);
  else push_big_int(std::move(text));
}

void Unpickler::push_text_long() {
  std::string_view line = in_.line("LONG");
  if (!line.empty() && line.back() == 'L') line.remove_suffix(1);
  bool fits;
  int64_t v;
  std::string text;
  if (!parse_decimal(line, &fits, &v, &text)) fail("LONG argument " + quoted(line) + " is not an integer");
  if (fits) push_int(v);
  else push_big_int(std::move(text));
}

void Unpickler::push_text_float() {
  std::string_view line = in_.line("FLOAT");
  double d;
  if (!parse_float(line, &d)) fail("FLOAT argument " + quoted(line) + " is not a number");
  ValuePtr p = make(Kind::Float);
  p->f = d;
  push(std::move(p));
}

void Unpickler::push_str(uint64_t n, const char* what) {
  const size_t data_at = in_.pos();
  const uint8_t* p = in_.take(n, what);
  std::string_view text(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
  if (!is_valid_utf8(text)) in_.fail(data_at, std::string(what) + " text is not valid UTF-8");
  ValuePtr v = make(Kind::String);
  v->s.assign(text);
  push(std::move(v));
}

void Unpickler::push_bytes(uint64_t n, const char* what) {
  const uint8_t* p = in_.take(n, what);
  ValuePtr v = make(Kind::Bytes);
  ctx_.stream.set_bytes(v, p, static_cast<size_t>(n));
  push(std::move(v));
}

// A Python 2 str: Python 3 reads it as ASCII text; other bytes stay bytes.
void Unpickler::push_py2_str(std::string bytes) {
  bool ascii = true;
  for (char c : bytes) ascii &= static_cast<unsigned char>(c) < 0x80;
  ValuePtr v = make(ascii ? Kind::String : Kind::Bytes);
  v->s = std::move(bytes);
  push(std::move(v));
}

void Unpickler::push_text_string() {
  std::string_view line = in_.line("STRING");
  std::string out;
  if (!unescape_string_literal(line, out)) fail("STRING argument " + quoted(line) + " is not a quoted string");
  push_py2_str(std::move(out));
}

void Unpickler::push_text_unicode() {
  std::string_view line = in_.line("UNICODE");
  ValuePtr v = make(Kind::String);
  if (!decode_raw_unicode_escape(line, v->s)) fail("UNICODE argument has an invalid \\u escape");
  push(std::move(v));
}

// ---- containers ----

void Unpickler::push_sequence(Kind kind, std::vector<ValuePtr> items) {
  ValuePtr v = make(kind);
  v->items = std::move(items);
  push(std::move(v));
}

void Unpickler::push_tuple_of(size_t n) {
  std::vector<ValuePtr> items(n);
  for (size_t i = n; i-- > 0;) items[i] = pop();
  push_sequence(Kind::Tuple, std::move(items));
}

void Unpickler::push_dict_from_mark() {
  std::vector<ValuePtr> pairs = pop_mark();
  ValuePtr d = make(Kind::Dict);
  push(d);
  set_items(std::move(pairs), "DICT");
}

void Unpickler::append(std::vector<ValuePtr> items, const char* what) {
  Value& target = top();
  bool list_like = target.kind == Kind::List || (target.kind == Kind::Instance && target.values.empty());
  if (!list_like) fail(std::string(what) + " to a " + target.type_name() + ", expected a list");
  for (auto& v : items) target.items.push_back(std::move(v));
}

void Unpickler::set_items(std::vector<ValuePtr> pairs, const char* what) {
  if (pairs.size() % 2 != 0) fail(std::string(what) + " has an odd number of keys and values");
  Value& target = top();
  bool dict_like = target.kind == Kind::Dict ||
                   (target.kind == Kind::Instance && target.items.size() == target.values.size());
  if (!dict_like) fail(std::string(what) + " on a " + target.type_name() + ", expected a dict");
  for (size_t i = 0; i < pairs.size(); i += 2) {
    target.items.push_back(std::move(pairs[i]));
    target.values.push_back(std::move(pairs[i + 1]));
  }
}

void Unpickler::add_items(std::vector<ValuePtr> items) {
  Value& target = top();
  bool set_like = target.kind == Kind::Set || (target.kind == Kind::Instance && target.values.empty());
  if (!set_like) fail("ADDITEMS to a " + target.type_name() + ", expected a set");
  for (auto& v : items) target.items.push_back(std::move(v));
}

// ---- classes, calls, state ----

ValuePtr Unpickler::make_global(std::string module, std::string name, const char* what) {
  if (!is_dotted_name(module)) fail(std::string(what) + ": module " + quoted(module) + " is not a plain dotted name");
  if (!is_dotted_name(name)) fail(std::string(what) + ": name " + quoted(name) + " is not a plain dotted name");
  if (std::string by = code_pickler_of(module); !by.empty())
    fail(std::string(what) + " " + module + "." + name + ": the file was written by " + by + ", which defines " +
         "classes and functions on the fly when the file is loaded; such a file cannot be read safely " +
         "(without running its code). Save the model with joblib.dump or pickle.dump instead");
  ValuePtr g = make(Kind::Global);
  g->module = python3_module(module);
  g->name = std::move(name);
  return g;
}

void Unpickler::push_text_global() {
  std::string module(in_.line("GLOBAL module"));
  std::string name(in_.line("GLOBAL name"));
  push(make_global(std::move(module), std::move(name), "GLOBAL"));
}

void Unpickler::push_stack_global() {
  ValuePtr name = pop();
  ValuePtr module = pop();
  if (module->kind != Kind::String || name->kind != Kind::String) {
    fail("STACK_GLOBAL needs two str, got " + module->type_name() + " and " + name->type_name());
  }
  push(make_global(module->s, name->s, "STACK_GLOBAL"));
}

// A call: of a whitelisted reconstructor (interpreted), of any other named
// global (an inert Instance), or of something else (an inert Other "call").
void Unpickler::call(const ValuePtr& callable, ValuePtr args) {
  if (args->kind != Kind::Tuple) fail("call arguments are a " + args->type_name() + ", expected a tuple");
  if (callable->kind == Kind::Global) {
    ValuePtr known = call_known_global(ctx_, *callable, args, at());
    push(known ? known : make_instance(ctx_, callable->module, callable->name, std::move(args), at()));
    return;
  }
  ValuePtr v = make(Kind::Other);
  v->name = "call";
  v->items.push_back(callable);
  v->args = std::move(args);
  push(std::move(v));
}

void Unpickler::reduce() {
  ValuePtr args = pop();
  ValuePtr callable = pop();
  call(callable, std::move(args));
}

// cls.__new__(cls, *args): an Instance, whatever the class.
void Unpickler::newobj() {
  ValuePtr args = pop();
  ValuePtr cls = pop();
  if (args->kind != Kind::Tuple) fail("NEWOBJ arguments are a " + args->type_name() + ", expected a tuple");
  if (cls->kind != Kind::Global) fail("NEWOBJ class is a " + cls->type_name() + ", expected a class reference");
  push(make_instance(ctx_, cls->module, cls->name, std::move(args), at()));
}

void Unpickler::newobj_ex() {
  ValuePtr kwargs = pop();
  ValuePtr args = pop();
  ValuePtr cls = pop();
  if (args->kind != Kind::Tuple || kwargs->kind != Kind::Dict) {
    fail("NEWOBJ_EX needs (class, tuple, dict), got a " + args->type_name() + " and a " + kwargs->type_name());
  }
  if (cls->kind != Kind::Global) fail("NEWOBJ_EX class is a " + cls->type_name() + ", expected a class reference");
  ValuePtr v = make_instance(ctx_, cls->module, cls->name, std::move(args), at());
  v->kwargs = std::move(kwargs);
  push(std::move(v));
}

void Unpickler::inst() {
  std::string module(in_.line("INST module"));
  std::string name(in_.line("INST name"));
  ValuePtr cls = make_global(std::move(module), std::move(name), "INST");
  ValuePtr args = make(Kind::Tuple);
  args->items = pop_mark();
  call(cls, std::move(args));
}

void Unpickler::obj() {
  std::vector<ValuePtr> items = pop_mark();
  if (items.empty()) fail("OBJ needs a class after its MARK");
  ValuePtr cls = items.front();
  ValuePtr args = make(Kind::Tuple);
  args->items.assign(items.begin() + 1, items.end());
  call(cls, std::move(args));
}

// pandas extension arrays backed by an ndarray (pandas 3's StringArray,
// the default str column) pickle as __pyx_unpickle_NDArrayBacked(cls,
// checksum, None) + BUILD((dtype, ndarray)). They read as that ndarray, as
// a pandas Index reads as its values (estimators keep such arrays as
// categories, e.g. optbinning's _categories). The Value changes in place,
// so memo references to it see the array too.
static void read_as_backing_array(Value& target) {
  if (target.module != "pandas._libs.arrays" || target.name != "__pyx_unpickle_NDArrayBacked") return;
  const ValuePtr state = target.state;
  if (!state || state->kind != Kind::Tuple || state->items.size() != 2) return;
  const ValuePtr values = state->items[1];
  if (values->kind != Kind::Array) return;
  target = *values;
}

void Unpickler::build() {
  ValuePtr state = pop();
  Value& target = top();
  if (target.kind == Kind::Instance) {
    if (nesting_ == 0 && is_numpy_array_wrapper(target)) {
      read_wrapped_array(ctx_, target, *state, nesting_, at());
    } else {
      target.state = std::move(state);
      read_as_backing_array(target);
    }
  } else if (target.kind == Kind::Array) {
    set_array_state(ctx_, target, *state, at());
  } else if (ctx_.dtypes.of_value(target)) {
    set_dtype_state(ctx_, target, *state, at());
  } else {
    fail("BUILD on a " + target.type_name() + ": only objects, arrays and dtypes take a state");
  }
}

void Unpickler::refuse(uint8_t op) {
  switch (op) {
    case PERSID: case BINPERSID:
      fail(std::string(opcode_name(op)) + ": persistent ids refer to objects outside the file; not supported");
    case EXT1: case EXT2: case EXT4:
      fail(std::string(opcode_name(op)) + ": the copyreg extension registry is not supported");
    case NEXT_BUFFER: case READONLY_BUFFER:
      fail(std::string(opcode_name(op)) + ": out-of-band buffers are not in the file; not supported");
    default: {
      static const char kHex[] = "0123456789abcdef";
      fail(std::string("unknown opcode 0x") + kHex[op >> 4] + kHex[op & 15] + " (not a pickle, or corrupt)");
    }
  }
}

bool Unpickler::step(uint8_t op) {
  switch (op) {
    case PROTO: {
      uint8_t v = in_.u8("PROTO");
      if (v > kHighestProtocol) fail("unsupported pickle protocol " + std::to_string(v) + " (5 is the newest known)");
      break;
    }
    case FRAME: in_.begin_frame(in_.u64("FRAME")); break;
    case STOP: return false;

    case MARK: mark(); break;
    case POP:  // pops the top value, or the MARK when none is above it
      if (stack_.size() > floor() || marks_.empty()) pop();
      else pop_mark();
      break;
    case POP_MARK: pop_mark(); break;
    case DUP: push(top_ptr()); break;

    case NONE: push(ctx_.make.none()); break;
    case NEWTRUE: push(ctx_.make.boolean(true)); break;
    case NEWFALSE: push(ctx_.make.boolean(false)); break;
    case BININT: push_int(in_.i32("BININT")); break;
    case BININT1: push_int(in_.u8("BININT1")); break;
    case BININT2: push_int(in_.u16("BININT2")); break;
    case LONG1: push_long(in_.u8("LONG1"), "LONG1"); break;
    case LONG4: {
      int32_t n = in_.i32("LONG4");
      if (n < 0) fail("LONG4 length is negative");
      push_long(static_cast<uint64_t>(n), "LONG4");
      break;
    }
    case INT: push_text_int(); break;
    case LONG: push_text_long(); break;
    case FLOAT: push_text_float(); break;
    case BINFLOAT: {
      ValuePtr v = make(Kind::Float);
      v->f = in_.f64_big_endian("BINFLOAT");
      push(std::move(v));
      break;
    }

    case SHORT_BINUNICODE: push_str(in_.u8("SHORT_BINUNICODE"), "SHORT_BINUNICODE"); break;
    case BINUNICODE: push_str(in_.u32("BINUNICODE"), "BINUNICODE"); break;
    case BINUNICODE8: push_str(in_.u64("BINUNICODE8"), "BINUNICODE8"); break;
    case SHORT_BINBYTES: push_bytes(in_.u8("SHORT_BINBYTES"), "SHORT_BINBYTES"); break;
    case BINBYTES: push_bytes(in_.u32("BINBYTES"), "BINBYTES"); break;
    case BINBYTES8: push_bytes(in_.u64("BINBYTES8"), "BINBYTES8"); break;
    case BYTEARRAY8: push_bytes(in_.u64("BYTEARRAY8"), "BYTEARRAY8"); break;
    case SHORT_BINSTRING: {
      uint8_t n = in_.u8("SHORT_BINSTRING");
      const uint8_t* p = in_.take(n, "SHORT_BINSTRING");
      push_py2_str(std::string(reinterpret_cast<const char*>(p), n));
      break;
    }
    case BINSTRING: {
      int32_t n = in_.i32("BINSTRING");
      if (n < 0) fail("BINSTRING length is negative");
      const uint8_t* p = in_.take(static_cast<uint64_t>(n), "BINSTRING");
      push_py2_str(std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)));
      break;
    }
    case STRING: push_text_string(); break;
    case UNICODE: push_text_unicode(); break;

    case EMPTY_TUPLE: push_sequence(Kind::Tuple, {}); break;
    case TUPLE1: push_tuple_of(1); break;
    case TUPLE2: push_tuple_of(2); break;
    case TUPLE3: push_tuple_of(3); break;
    case TUPLE: push_sequence(Kind::Tuple, pop_mark()); break;
    case EMPTY_LIST: push_sequence(Kind::List, {}); break;
    case LIST: push_sequence(Kind::List, pop_mark()); break;
    case EMPTY_SET: push_sequence(Kind::Set, {}); break;
    case FROZENSET: push_sequence(Kind::Set, pop_mark()); break;
    case EMPTY_DICT: push(make(Kind::Dict)); break;
    case DICT: push_dict_from_mark(); break;
    case APPEND: {
      ValuePtr v = pop();
      append({std::move(v)}, "APPEND");
      break;
    }
    case APPENDS: append(pop_mark(), "APPENDS"); break;
    case SETITEM: {
      ValuePtr value = pop();
      ValuePtr key = pop();
      set_items({std::move(key), std::move(value)}, "SETITEM");
      break;
    }
    case SETITEMS: set_items(pop_mark(), "SETITEMS"); break;
    case ADDITEMS: add_items(pop_mark()); break;

    case PUT: memo_put(text_index("PUT")); break;
    case BINPUT: memo_put(in_.u8("BINPUT")); break;
    case LONG_BINPUT: memo_put(in_.u32("LONG_BINPUT")); break;
    case MEMOIZE: memo_put(memo_.size()); break;
    case GET: memo_get(text_index("GET")); break;
    case BINGET: memo_get(in_.u8("BINGET")); break;
    case LONG_BINGET: memo_get(in_.u32("LONG_BINGET")); break;

    case GLOBAL: push_text_global(); break;
    case STACK_GLOBAL: push_stack_global(); break;
    case REDUCE: reduce(); break;
    case NEWOBJ: newobj(); break;
    case NEWOBJ_EX: newobj_ex(); break;
    case INST: inst(); break;
    case OBJ: obj(); break;
    case BUILD: build(); break;

    default: refuse(op);
  }
  return true;
}

}  // namespace onnxconv::reader
