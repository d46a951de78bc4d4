#include "scorecard_reader.h"

#include <onnxconv/engine.h>

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <limits>
#include <optional>
#include <set>

namespace onnxconv {
namespace {

using py::Kind;
using py::Value;
using py::ValuePtr;

constexpr const char* kMarkerKey = "onnxconv_scorecard";
// Aliases let a small file name one node many times: bound the expansion.
constexpr size_t kMaxNodes = size_t(1) << 20;
constexpr size_t kMaxDepth = 100;

ValuePtr make(Kind kind) {
  auto v = std::make_shared<Value>();
  v->kind = kind;
  return v;
}

ValuePtr make_int(int64_t i) {
  ValuePtr v = make(Kind::Int);
  v->i = i;
  return v;
}

ValuePtr make_string(std::string s) {
  ValuePtr v = make(Kind::String);
  v->s = std::move(s);
  return v;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool is_one_of(const std::string& s, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (s == w) return true;
  return false;
}

// Digits with an optional sign: a YAML 1.2 core-schema integer.
bool is_integer_text(const std::string& s) {
  size_t i = s.size() > 0 && (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

class YamlToValue {
 public:
  explicit YamlToValue(const std::string& path) : path_(path) {}

  ValuePtr convert(const YAML::Node& n, size_t depth) {
    if (++nodes_ > kMaxNodes) fail(n, "more than " + std::to_string(kMaxNodes) + " values (alias expansion?)");
    if (depth > kMaxDepth) fail(n, "nested deeper than " + std::to_string(kMaxDepth) + " levels");
    switch (n.Type()) {
      case YAML::NodeType::Null: return make(Kind::None);
      case YAML::NodeType::Scalar: return scalar(n);
      case YAML::NodeType::Sequence: return sequence(n, depth);
      case YAML::NodeType::Map: return mapping(n, depth);
      default: fail(n, "undefined YAML node");
    }
  }

  [[noreturn]] void fail(const YAML::Node& n, const std::string& message) const {
    throw Error(path_ + ":" + std::to_string(line(n)) + ": " + message);
  }

  static int64_t line(const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 1; }

 private:
  ValuePtr sequence(const YAML::Node& n, size_t depth) {
    ValuePtr list = make(Kind::List);
    for (const auto& item : n) list->items.push_back(convert(item, depth + 1));
    return list;
  }

  ValuePtr mapping(const YAML::Node& n, size_t depth) {
    ValuePtr dict = make(Kind::Dict);
    ValuePtr lines = make(Kind::Dict);
    std::set<std::string> seen;
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) fail(kv.first, "mapping keys must be plain strings");
      const std::string& key = kv.first.Scalar();
      if (key.rfind("__", 0) == 0) fail(kv.first, "key '" + key + "': keys starting with '__' are reserved");
      if (!seen.insert(key).second) fail(kv.first, "key '" + key + "' given twice");
      dict->items.push_back(make_string(key));
      dict->values.push_back(convert(kv.second, depth + 1));
      lines->items.push_back(make_string(key));
      lines->values.push_back(make_int(line(kv.first)));
    }
    dict->items.push_back(make_string("__line__"));
    dict->values.push_back(make_int(line(n)));
    dict->items.push_back(make_string("__lines__"));
    dict->values.push_back(lines);
    return dict;
  }

  // YAML 1.2 core schema for plain scalars; quoted ones stay strings.
  ValuePtr scalar(const YAML::Node& n) const {
    const std::string& tag = n.Tag();
    const std::string& s = n.Scalar();
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return make_string(s);
    if (tag != "?") fail(n, "unsupported YAML tag '" + tag + "'");
    if (is_one_of(s, {"", "~", "null", "Null", "NULL"})) return make(Kind::None);
    if (is_one_of(s, {"true", "True", "TRUE", "false", "False", "FALSE"})) {
      ValuePtr v = make(Kind::Bool);
      v->b = s[0] == 't' || s[0] == 'T';
      v->i = v->b;
      return v;
    }
    if (is_integer_text(s)) return integer(n, s);
    if (auto f = special_float(s)) return floating(*f);
    if (looks_numeric(s)) return floating(parse_double(n, s));
    return make_string(s);
  }

  ValuePtr integer(const YAML::Node& n, const std::string& s) const {
    int64_t i = 0;
    const char* first = s.data() + (s[0] == '+' ? 1 : 0);
    auto [end, ec] = std::from_chars(first, s.data() + s.size(), i);
    if (ec != std::errc() || end != s.data() + s.size()) fail(n, "integer '" + s + "' is out of range");
    return make_int(i);
  }

  static ValuePtr floating(double f) {
    ValuePtr v = make(Kind::Float);
    v->f = f;
    return v;
  }

  static std::optional<double> special_float(const std::string& s) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    if (is_one_of(s, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "inf", "+inf"})) return inf;
    if (is_one_of(s, {"-.inf", "-.Inf", "-.INF", "-inf"})) return -inf;
    if (is_one_of(s, {".nan", ".NaN", ".NAN", "nan"})) return std::numeric_limits<double>::quiet_NaN();
    return std::nullopt;
  }

  // A sign, then a digit or a point: the other scalars are strings.
  static bool looks_numeric(const std::string& s) {
    size_t i = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
    return i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.');
  }

  // The nearest double (from_chars: correctly rounded, locale-independent).
  // Text that is not all one number ("1.2.3", "12abc") stays an error, not
  // a string, since it was almost surely meant as a number.
  double parse_double(const YAML::Node& n, const std::string& s) const {
    double d = 0;
    const char* first = s.data() + (s[0] == '+' ? 1 : 0);
    auto [end, ec] = std::from_chars(first, s.data() + s.size(), d, std::chars_format::general);
    if (ec == std::errc::result_out_of_range) fail(n, "number '" + s + "' is out of the double range");
    if (ec != std::errc() || end != s.data() + s.size())
      fail(n, "'" + s + "' is not a number (quote it if it is text)");
    return d;
  }

  const std::string& path_;
  size_t nodes_ = 0;
};

YAML::Node load(const std::string& path) {
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw Error(path + ": cannot open the scorecard file");
  } catch (const YAML::ParserException& e) {
    throw Error(path + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
  }
}

}  // namespace

bool is_scorecard_path(const std::string& path) { return ends_with(path, ".yaml") || ends_with(path, ".yml"); }

py::ValuePtr read_scorecard_file(const std::string& path) {
  const YAML::Node root = load(path);
  YamlToValue to_value(path);
  if (!root.IsMap() || !root[kMarkerKey])
    throw Error(path + ":" + std::to_string(YamlToValue::line(root)) +
                ": not an onnxconv scorecard: no top-level '" + kMarkerKey +
                "' key (see docs/scorecard-format.md)");
  ValuePtr state = to_value.convert(root, 0);
  state->items.push_back(make_string("__file__"));
  state->values.push_back(make_string(path));
  ValuePtr card = make(Kind::Instance);
  card->module = "onnxconv.scorecard";
  card->name = "Scorecard";
  card->state = state;
  return card;
}

}  // namespace onnxconv
