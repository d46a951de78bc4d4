#include "document.hpp"

#include <onnxconv/sdk/sdk.hpp>

#include <charconv>
#include <cstring>
#include <limits>

namespace onnxconv::xgboost {

namespace {

using Type = DocNode::Type;

// XGBoost's documents nest about 6 deep; 64 leaves room and bounds recursion.
constexpr int kMaxDepth = 64;

class Cursor {
 public:
  Cursor(const std::string& data, const std::string& source) : d_(data), source_(source) {}

  [[noreturn]] void fail(const std::string& what, size_t at) const {
    throw sdk::Error(source_ + ": byte " + std::to_string(at) + ": " + what);
  }
  [[noreturn]] void fail(const std::string& what) const { fail(what, pos_); }

  size_t pos() const { return pos_; }
  size_t left() const { return d_.size() - pos_; }
  bool at_end() const { return pos_ >= d_.size(); }
  char peek() const {
    if (at_end()) fail("the document ends early (truncated?)");
    return d_[pos_];
  }
  char next() {
    char c = peek();
    ++pos_;
    return c;
  }
  const char* take(size_t n) {
    if (n > left())
      fail("needs " + std::to_string(n) + " bytes, " + std::to_string(left()) + " left (truncated?)");
    const char* p = d_.data() + pos_;
    pos_ += n;
    return p;
  }
  const std::string& data() const { return d_; }
  void seek(size_t p) { pos_ = p; }

 private:
  const std::string& d_;
  const std::string& source_;
  size_t pos_ = 0;
};

// Appends `v` to an array, keeping it as plain numbers while it can.
void append(DocNode& array, DocNode v) {
  const bool numeric = v.type == Type::Number || v.type == Type::Bool;
  if (array.items.empty() && numeric) {
    array.numbers.push_back(v.number);
    return;
  }
  if (!array.numbers.empty()) {  // first non-number: the numbers become nodes
    for (double n : array.numbers) {
      DocNode x;
      x.type = Type::Number;
      x.number = n;
      array.items.push_back(std::move(x));
    }
    array.numbers.clear();
    array.numbers.shrink_to_fit();
  }
  array.items.push_back(std::move(v));
}

// ------------------------------------------------------------------ JSON

class JsonParser {
 public:
  explicit JsonParser(Cursor& c) : c_(c) {}

  DocNode value(int depth) {
    skip_space();
    if (depth > kMaxDepth) c_.fail("nested deeper than " + std::to_string(kMaxDepth));
    DocNode v;
    v.offset = c_.pos();
    const char ch = c_.peek();
    if (ch == '{') return object(depth, v);
    if (ch == '[') return array(depth, v);
    if (ch == '"') {
      v.type = Type::String;
      v.text = string();
      return v;
    }
    if (literal("true")) return boolean(v, 1);
    if (literal("false")) return boolean(v, 0);
    if (literal("null")) return v;
    v.type = Type::Number;
    v.number = number();
    return v;
  }

  void skip_space() {
    while (!c_.at_end()) {
      char ch = c_.data()[c_.pos()];
      if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') break;
      c_.next();
    }
  }

 private:
  static DocNode boolean(DocNode v, int b) {
    v.type = Type::Bool;
    v.number = b;
    return v;
  }

  bool literal(const char* word) {
    const size_t n = std::strlen(word);
    if (c_.left() < n || c_.data().compare(c_.pos(), n, word) != 0) return false;
    c_.take(n);
    return true;
  }

  DocNode object(int depth, DocNode v) {
    v.type = Type::Object;
    c_.next();  // '{'
    skip_space();
    if (c_.peek() == '}') {
      c_.next();
      return v;
    }
    for (;;) {
      skip_space();
      if (c_.peek() != '"') c_.fail("expected a quoted key");
      std::string key = string();
      skip_space();
      if (c_.next() != ':') c_.fail("expected ':' after key \"" + key + "\"", c_.pos() - 1);
      v.members.emplace_back(std::move(key), value(depth + 1));
      skip_space();
      const char sep = c_.next();
      if (sep == '}') return v;
      if (sep != ',') c_.fail("expected ',' or '}' in an object", c_.pos() - 1);
    }
  }

  DocNode array(int depth, DocNode v) {
    v.type = Type::Array;
    c_.next();  // '['
    skip_space();
    if (c_.peek() == ']') {
      c_.next();
      return v;
    }
    for (;;) {
      append(v, value(depth + 1));
      skip_space();
      const char sep = c_.next();
      if (sep == ']') return v;
      if (sep != ',') c_.fail("expected ',' or ']' in an array", c_.pos() - 1);
    }
  }

  std::string string() {
    c_.next();  // '"'
    std::string out;
    for (;;) {
      const char ch = c_.next();
      if (ch == '"') return out;
      if (static_cast<unsigned char>(ch) < 0x20) c_.fail("control character in a string", c_.pos() - 1);
      if (ch != '\\') {
        out.push_back(ch);
        continue;
      }
      const char e = c_.next();
      switch (e) {
        case '"': case '\\': case '/': out.push_back(e); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          // Names and objectives are ASCII: keep the escape's code unit as
          // UTF-8 without pairing surrogates (nothing here compares them).
          const char* h = c_.take(4);
          unsigned code = 0;
          auto r = std::from_chars(h, h + 4, code, 16);
          if (r.ec != std::errc() || r.ptr != h + 4) c_.fail("bad \\u escape", c_.pos() - 4);
          if (code < 0x80) {
            out.push_back(char(code));
          } else if (code < 0x800) {
            out.push_back(char(0xC0 | (code >> 6)));
            out.push_back(char(0x80 | (code & 0x3F)));
          } else {
            out.push_back(char(0xE0 | (code >> 12)));
            out.push_back(char(0x80 | ((code >> 6) & 0x3F)));
            out.push_back(char(0x80 | (code & 0x3F)));
          }
          break;
        }
        default: c_.fail(std::string("bad escape '\\") + e + "'", c_.pos() - 1);
      }
    }
  }

  double number() {
    const size_t start = c_.pos();
    const char* first = c_.data().data() + start;
    const char* last = c_.data().data() + c_.data().size();
    double v = 0;
    auto r = std::from_chars(first, last, v);  // locale-independent
    if (r.ec == std::errc::result_out_of_range) c_.fail("number out of range", start);
    if (r.ec != std::errc() || r.ptr == first) {
      if (c_.at_end()) c_.fail("the document ends early (truncated?)");
      c_.fail(std::string("unexpected character '") + c_.peek() + "'", start);
    }
    c_.take(size_t(r.ptr - first));
    return v;
  }

  Cursor& c_;
};

// ---------------------------------------------------------------- UBJSON

class UbjsonParser {
 public:
  explicit UbjsonParser(Cursor& c) : c_(c) {}

  // A value whose type marker is `marker` (already read).
  DocNode value(char marker, int depth) {
    if (depth > kMaxDepth) c_.fail("nested deeper than " + std::to_string(kMaxDepth));
    DocNode v;
    v.offset = c_.pos() - 1;
    switch (marker) {
      case 'Z': return v;
      case 'T': v.type = Type::Bool; v.number = 1; return v;
      case 'F': v.type = Type::Bool; v.number = 0; return v;
      case 'S': case 'H':
        v.type = Type::String;
        v.text = string_body();
        return v;
      case 'C': v.type = Type::String; v.text = std::string(1, c_.next()); return v;
      case '[': return array(depth, v);
      case '{': return object(depth, v);
      default:
        if (!is_number_marker(marker)) c_.fail(std::string("unknown UBJSON type marker '") + marker + "'", v.offset);
        v.type = Type::Number;
        v.number = scalar(marker);
        return v;
    }
  }

  DocNode next_value(int depth) {
    char m = c_.next();
    while (m == 'N') m = c_.next();  // no-op
    return value(m, depth);
  }

 private:
  static bool is_number_marker(char m) {
    return m == 'i' || m == 'U' || m == 'I' || m == 'l' || m == 'L' || m == 'd' || m == 'D';
  }
  static size_t scalar_size(char m) {
    switch (m) {
      case 'i': case 'U': case 'C': case 'T': case 'F': return 1;
      case 'I': return 2;
      case 'l': case 'd': return 4;
      default: return 8;  // 'L', 'D'
    }
  }

  // A big-endian number of type `m`.
  double scalar(char m) {
    const size_t n = scalar_size(m);
    const unsigned char* p = reinterpret_cast<const unsigned char*>(c_.take(n));
    uint64_t bits = 0;
    for (size_t i = 0; i < n; ++i) bits = (bits << 8) | p[i];
    switch (m) {
      case 'i': return double(int8_t(uint8_t(bits)));
      case 'U': return double(uint8_t(bits));
      case 'I': return double(int16_t(uint16_t(bits)));
      case 'l': return double(int32_t(uint32_t(bits)));
      case 'L': return double(int64_t(bits));
      case 'd': {
        uint32_t b32 = uint32_t(bits);
        float f;
        std::memcpy(&f, &b32, 4);
        return double(f);
      }
      default: {
        double d;
        std::memcpy(&d, &bits, 8);
        return d;
      }
    }
  }

  // A length or count: an integer marker, then a non-negative value.
  size_t length() {
    const size_t at = c_.pos();
    const char m = c_.next();
    if (!(m == 'i' || m == 'U' || m == 'I' || m == 'l' || m == 'L'))
      c_.fail(std::string("expected an integer length, found marker '") + m + "'", at);
    const double n = scalar(m);
    if (n < 0) c_.fail("negative length " + std::to_string(int64_t(n)), at);
    if (n > double(c_.left())) c_.fail("length " + std::to_string(uint64_t(n)) + " exceeds the " +
                                        std::to_string(c_.left()) + " bytes left (truncated?)", at);
    return size_t(n);
  }

  std::string string_body() {
    const size_t n = length();
    return std::string(c_.take(n), n);
  }

  // Optional "$type#count" or "#count" header of a container.
  void container_header(char* type, size_t* count) {
    *type = 0;
    *count = SIZE_MAX;
    if (c_.peek() == '$') {
      c_.next();
      *type = c_.next();
      if (c_.peek() != '#') c_.fail("a typed container needs a '#' count");
    }
    if (c_.peek() == '#') {
      c_.next();
      const size_t at = c_.pos();
      *count = length();
      // Every element takes at least its typed size (1 byte untyped).
      const size_t each = *type ? (is_number_marker(*type) ? scalar_size(*type) : 1) : 1;
      if (*type != 'Z' && *type != 'T' && *type != 'F' && *count > c_.left() / each)
        c_.fail(std::to_string(*count) + " elements cannot fit in the " + std::to_string(c_.left()) +
                    " bytes left (truncated?)",
                at);
      if ((*type == 'Z' || *type == 'T' || *type == 'F') && *count > (size_t(1) << 28))
        c_.fail("implausible element count " + std::to_string(*count), at);
    }
  }

  DocNode element(char type, int depth) { return type ? value(type, depth) : next_value(depth); }

  DocNode array(int depth, DocNode v) {
    v.type = Type::Array;
    char type;
    size_t count;
    container_header(&type, &count);
    if (count == SIZE_MAX) {
      while (c_.peek() != ']') append(v, next_value(depth + 1));
      c_.next();
      return v;
    }
    if (type && is_number_marker(type)) {  // the common case: typed numeric arrays
      v.numbers.reserve(count);
      for (size_t i = 0; i < count; ++i) v.numbers.push_back(scalar(type));
      return v;
    }
    for (size_t i = 0; i < count; ++i) append(v, element(type, depth + 1));
    return v;
  }

  DocNode object(int depth, DocNode v) {
    v.type = Type::Object;
    char type;
    size_t count;
    container_header(&type, &count);
    for (size_t i = 0; count == SIZE_MAX || i < count; ++i) {
      if (count == SIZE_MAX) {
        while (c_.peek() == 'N') c_.next();
        if (c_.peek() == '}') {
          c_.next();
          break;
        }
      }
      std::string key = string_body();
      v.members.emplace_back(std::move(key), element(type, depth + 1));
    }
    return v;
  }

  Cursor& c_;
};

bool is_ubjson_length_marker(char c) { return c == 'i' || c == 'U' || c == 'I' || c == 'l' || c == 'L' || c == '$' || c == '#' || c == '}'; }

}  // namespace

DocFormat sniff_document(const std::string& data, const std::string& source) {
  size_t i = 0;
  while (i < data.size() && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r')) ++i;
  if (i >= data.size() || data[i] != '{')
    throw sdk::Error(source + ": byte " + std::to_string(i) + ": not an XGBoost model document (JSON or UBJSON "
                     "starts with '{')");
  if (i == 0 && data.size() > 1 && is_ubjson_length_marker(data[1])) return DocFormat::Ubjson;
  return DocFormat::Json;
}

DocNode parse_document(const std::string& data, const std::string& source) {
  Cursor c(data, source);
  if (sniff_document(data, source) == DocFormat::Ubjson) {
    UbjsonParser p(c);
    DocNode root = p.next_value(0);
    if (!c.at_end()) c.fail(std::to_string(c.left()) + " unexpected bytes after the document");
    return root;
  }
  JsonParser p(c);
  DocNode root = p.value(0);
  p.skip_space();
  if (!c.at_end()) c.fail("unexpected bytes after the document");
  return root;
}

}  // namespace onnxconv::xgboost
