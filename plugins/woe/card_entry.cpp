#include "card_entry.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace onnxconv::woe {

using sdk::Kind;
using sdk::Object;

namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// "25", "-0.3", "1e-3", "inf", "+inf", "-inf": the nearest double.
std::optional<double> parse_edge(const std::string& text) {
  std::string s = trim(text);
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (s == "inf" || s == "+inf") return inf;
  if (s == "-inf") return -inf;
  if (s.empty() || s == "+" || s == "-" || s.rfind("+-", 0) == 0) return std::nullopt;
  const char* first = s.data() + (s[0] == '+' ? 1 : 0);
  const char* last = s.data() + s.size();
  // from_chars also takes "nan" and "infinity": only digits or a point may start.
  char lead = *first == '-' ? first[1] : *first;
  if (!((lead >= '0' && lead <= '9') || lead == '.')) return std::nullopt;
  double d = 0;
  auto [end, ec] = std::from_chars(first, last, d, std::chars_format::general);
  if (ec != std::errc() || end != last) return std::nullopt;
  return d;
}

}  // namespace

std::optional<Interval> parse_interval(const std::string& text) {
  std::string s = trim(text);
  if (s.size() < 5) return std::nullopt;
  const char open = s.front(), close = s.back();
  if ((open != '[' && open != '(') || (close != ']' && close != ')')) return std::nullopt;
  std::string inner = s.substr(1, s.size() - 2);
  size_t comma = inner.find(',');
  if (comma == std::string::npos || inner.find(',', comma + 1) != std::string::npos) return std::nullopt;
  auto lo = parse_edge(inner.substr(0, comma));
  auto hi = parse_edge(inner.substr(comma + 1));
  if (!lo || !hi) return std::nullopt;
  Interval iv;
  iv.lo = *lo;
  iv.hi = *hi;
  // An infinite end holds its infinity: binning tools write "(-inf, 25)"
  // for "everything below 25".
  iv.lo_closed = open == '[' || std::isinf(iv.lo);
  iv.hi_closed = close == ']' || std::isinf(iv.hi);
  return iv;
}

Entry::Entry(Object obj, std::string file, std::string label)
    : obj_(std::move(obj)), file_(std::move(file)), label_(std::move(label)) {}

Entry Entry::root(const Object& card) {
  auto file = card.find("__file__");
  return Entry(card, file ? file->to_string() : std::string("scorecard"), "");
}

int64_t Entry::line() const {
  auto l = obj_.find("__line__");
  return l ? l->to_int() : 1;
}

int64_t Entry::line_of(const char* key) const {
  auto lines = obj_.find("__lines__");
  auto l = lines ? lines->find(key) : std::nullopt;
  return l ? l->to_int() : line();
}

void Entry::fail(const std::string& message) const {
  throw sdk::Error(file_ + ":" + std::to_string(line()) + ": " + (label_.empty() ? "" : label_ + ": ") + message);
}

void Entry::fail_at(const char* key, const std::string& message) const {
  throw sdk::Error(file_ + ":" + std::to_string(line_of(key)) + ": " + (label_.empty() ? "" : label_ + ": ") +
                   message);
}

void Entry::allow_only(std::initializer_list<const char*> allowed) const {
  auto lines = obj_.find("__lines__");  // every key of the mapping, in file order
  if (!lines) return;
  for (size_t i = 0; i < lines->size(); ++i) {
    std::string key = lines->dict_item(i).first.to_string();
    if (std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) continue;
    std::vector<std::string> names(allowed.begin(), allowed.end());
    std::sort(names.begin(), names.end());
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    fail_at(key.c_str(), "unknown key '" + key + "' (expected one of: " + list + ")");
  }
}

std::optional<Object> Entry::get(const char* key) const {
  auto v = obj_.find(key);
  if (v && v->is_none()) return std::nullopt;  // `key:` with no value = absent
  return v;
}

Object Entry::need(const char* key) const {
  auto v = get(key);
  if (!v) fail(std::string("missing key '") + key + "'");
  return *v;
}

double Entry::as_number(const Object& v, const char* key) const {
  double d = 0;
  if (v.kind() == Kind::Int) d = double(v.to_int());
  else if (v.kind() == Kind::Float) d = v.to_double();
  else fail_at(key, std::string("'") + key + "' must be a number");
  if (!std::isfinite(d)) fail_at(key, std::string("'") + key + "' must be finite");
  return d;
}

std::string Entry::text(const char* key) const {
  Object v = need(key);
  if (v.kind() != Kind::String) fail_at(key, std::string("'") + key + "' must be a string");
  return v.to_string();
}

std::optional<std::string> Entry::opt_text(const char* key) const {
  if (!has(key)) return std::nullopt;
  return text(key);
}

double Entry::number(const char* key) const { return as_number(need(key), key); }

std::optional<double> Entry::opt_number(const char* key) const {
  auto v = get(key);
  if (!v) return std::nullopt;
  return as_number(*v, key);
}

std::optional<int64_t> Entry::opt_integer(const char* key) const {
  auto v = get(key);
  if (!v) return std::nullopt;
  if (v->kind() != Kind::Int) fail_at(key, std::string("'") + key + "' must be an integer");
  return v->to_int();
}

std::vector<int64_t> Entry::integers(const char* key) const {
  Object v = need(key);
  if (v.kind() != Kind::List || v.size() == 0) fail_at(key, std::string("'") + key + "' must be a non-empty list");
  std::vector<int64_t> out;
  for (size_t i = 0; i < v.size(); ++i) {
    Object item = v[i];
    if (item.kind() != Kind::Int)
      fail_at(key, std::string("'") + key + "' item " + std::to_string(i) + " must be an integer");
    out.push_back(item.to_int());
  }
  return out;
}

Entry Entry::child(const Object& v, const std::string& label) const {
  return Entry(v, file_, label_.empty() ? label : label_ + ": " + label);
}

Entry Entry::entry(const char* key) const {
  Object v = need(key);
  if (v.kind() != Kind::Dict) fail_at(key, std::string("'") + key + "' must be a mapping");
  return child(v, key);
}

std::vector<Entry> Entry::entries(const char* key) const {
  Object v = need(key);
  if (v.kind() != Kind::List || v.size() == 0)
    fail_at(key, std::string("'") + key + "' must be a non-empty list");
  std::vector<Entry> out;
  for (size_t i = 0; i < v.size(); ++i) {
    Object item = v[i];
    std::string label = std::string(key) + "[" + std::to_string(i) + "]";
    if (item.kind() != Kind::Dict) fail_at(key, label + " must be a mapping");
    out.push_back(child(item, label));
  }
  return out;
}

Interval Entry::interval(const char* key) const {
  std::string s = text(key);
  auto iv = parse_interval(s);
  if (!iv) fail_at(key, "interval \"" + s + "\" is not of the form \"[a, b)\" (ends [ ] ( ), numbers or inf)");
  return *iv;
}

}  // namespace onnxconv::woe
