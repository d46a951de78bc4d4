#include "model_text.hpp"

#include <onnxconv/sdk/sdk.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string_view>

namespace onnxconv::lightgbm {

namespace {

using onnxconv::sdk::Error;

// The text as lines ("\n" or "\r\n"), numbered from 1.
class Lines {
 public:
  Lines(const std::string& text, std::string where) : text_(text), where_(std::move(where)) {}

  // The next line as a view into the text (which outlives the parse).
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    size_t end = text_.find('\n', pos_);
    if (end == std::string::npos) end = text_.size();
    line = std::string_view(text_).substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    ++number_;
    return true;
  }
  size_t number() const { return number_; }
  [[noreturn]] void fail(size_t line, const std::string& what) const {
    throw Error(where_ + ": line " + std::to_string(line) + ": " + what);
  }

 private:
  const std::string& text_;
  std::string where_;
  size_t pos_ = 0;
  size_t number_ = 0;
};

// key=value lines of one section, each remembered with its line number.
struct Section {
  std::map<std::string, std::pair<std::string_view, size_t>, std::less<>> values;
  size_t first_line = 0;

  bool has(const std::string& key) const { return values.count(key) != 0; }
};

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

void add_key_value(Section& s, std::string_view line, size_t number, const Lines& lines) {
  const size_t eq = line.find('=');
  const std::string key(eq == std::string::npos ? line : line.substr(0, eq));
  const std::string_view value = eq == std::string::npos ? std::string_view() : line.substr(eq + 1);
  if (s.has(key)) lines.fail(number, "'" + key + "' appears twice");
  s.values[key] = {value, number};
}

const std::pair<std::string_view, size_t>& required(const Section& s, const std::string& key, const Lines& lines,
                                               const std::string& what) {
  auto it = s.values.find(key);
  if (it == s.values.end()) lines.fail(s.first_line, what + " has no '" + key + "=' line (truncated or damaged text?)");
  return it->second;
}

// Tokens are views into the model text, so each ends at a space, a line
// end or the text's terminating NUL: strtod/strtoll never read past it,
// and a token is valid when they consume all of it.
int64_t parse_int(std::string_view token, size_t line, const Lines& lines, const std::string& key) {
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(token.data(), &end, 10);
  if (token.empty() || end != token.data() + token.size() || errno != 0)
    lines.fail(line, key + ": '" + std::string(token) + "' is not an integer");
  return int64_t(v);
}

double parse_double(std::string_view token, size_t line, const Lines& lines, const std::string& key) {
  char* end = nullptr;
  double v = std::strtod(token.data(), &end);
  if (token.empty() || end != token.data() + token.size())
    lines.fail(line, key + ": '" + std::string(token) + "' is not a number");
  if (std::isnan(v)) lines.fail(line, key + ": NaN value");
  return v;
}

std::vector<std::string_view> split_spaces(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// The array under `key`, which must hold exactly `n` numbers.
template <class T, class Parse>
std::vector<T> array_of(const Section& s, const std::string& key, int64_t n, const Lines& lines,
                        const std::string& what, Parse parse) {
  const auto& [value, line] = required(s, key, lines, what);
  std::vector<std::string_view> tokens = split_spaces(value);
  if (int64_t(tokens.size()) != n)
    lines.fail(line, what + ": '" + key + "' has " + std::to_string(tokens.size()) + " values, expected " +
                         std::to_string(n));
  std::vector<T> out;
  out.reserve(tokens.size());
  for (std::string_view t : tokens) out.push_back(T(parse(t, line, lines, key)));
  return out;
}

std::vector<int64_t> ints(const Section& s, const std::string& key, int64_t n, const Lines& lines,
                          const std::string& what) {
  return array_of<int64_t>(s, key, n, lines, what, parse_int);
}
std::vector<double> doubles(const Section& s, const std::string& key, int64_t n, const Lines& lines,
                            const std::string& what) {
  return array_of<double>(s, key, n, lines, what, parse_double);
}

int64_t scalar_int(const Section& s, const std::string& key, const Lines& lines, const std::string& what) {
  const auto& [value, line] = required(s, key, lines, what);
  return parse_int(value, line, lines, key);
}

// leaf_features / leaf_coeff list each leaf's values one after the other
// (num_features[i] of them for leaf i).
void read_linear_leaves(const Section& s, const Lines& lines, const std::string& what, int64_t n_features, Tree& t) {
  t.leaf_const = doubles(s, "leaf_const", t.num_leaves, lines, what);
  const std::vector<int64_t> counts = ints(s, "num_features", t.num_leaves, lines, what);
  int64_t total = 0;
  for (int64_t c : counts) {
    if (c < 0 || c > n_features)
      lines.fail(required(s, "num_features", lines, what).second,
                 what + ": a leaf uses " + std::to_string(c) + " features of " + std::to_string(n_features));
    total += c;
  }
  const std::vector<int64_t> features = ints(s, "leaf_features", total, lines, what);
  const std::vector<double> coeff = doubles(s, "leaf_coeff", total, lines, what);
  size_t at = 0;
  for (int64_t c : counts) {
    t.leaf_features.emplace_back(features.begin() + long(at), features.begin() + long(at + size_t(c)));
    t.leaf_coeff.emplace_back(coeff.begin() + long(at), coeff.begin() + long(at + size_t(c)));
    at += size_t(c);
  }
  for (int64_t f : features)
    if (f < 0 || f >= n_features)
      lines.fail(required(s, "leaf_features", lines, what).second,
                 what + ": linear leaf on feature " + std::to_string(f) + " but max_feature_idx is " +
                     std::to_string(n_features - 1));
}

Tree read_tree(const Section& s, const Lines& lines, const std::string& what, int64_t n_features) {
  Tree t;
  t.line = s.first_line;
  t.num_leaves = scalar_int(s, "num_leaves", lines, what);
  const size_t leaves_line = required(s, "num_leaves", lines, what).second;
  // Arrays are checked against num_leaves, so no count read from the text
  // sizes anything before the values themselves are there.
  if (t.num_leaves < 1) lines.fail(leaves_line, what + ": num_leaves is " + std::to_string(t.num_leaves));
  const int64_t n_internal = t.num_leaves - 1;
  t.leaf_value = doubles(s, "leaf_value", t.num_leaves, lines, what);
  if (n_internal > 0) {
    t.split_feature = ints(s, "split_feature", n_internal, lines, what);
    t.threshold = doubles(s, "threshold", n_internal, lines, what);
    t.decision_type = ints(s, "decision_type", n_internal, lines, what);
    t.left_child = ints(s, "left_child", n_internal, lines, what);
    t.right_child = ints(s, "right_child", n_internal, lines, what);
  }
  for (int64_t f : t.split_feature)
    if (f < 0 || f >= n_features)
      lines.fail(required(s, "split_feature", lines, what).second,
                 what + ": split on feature " + std::to_string(f) + " but max_feature_idx is " +
                     std::to_string(n_features - 1));
  for (int64_t d : t.decision_type)
    if (d < 0 || d > 15)
      lines.fail(required(s, "decision_type", lines, what).second,
                 what + ": decision_type " + std::to_string(d) + " has unknown bits");
  const int64_t num_cat = s.has("num_cat") ? scalar_int(s, "num_cat", lines, what) : 0;
  if (num_cat < 0 || num_cat > n_internal)
    lines.fail(required(s, "num_cat", lines, what).second, what + ": num_cat is " + std::to_string(num_cat));
  if (num_cat > 0) {
    t.cat_boundaries = ints(s, "cat_boundaries", num_cat + 1, lines, what);
    const size_t bline = required(s, "cat_boundaries", lines, what).second;
    if (t.cat_boundaries[0] != 0) lines.fail(bline, what + ": cat_boundaries does not start at 0");
    for (int64_t i = 0; i < num_cat; ++i)
      if (t.cat_boundaries[size_t(i + 1)] < t.cat_boundaries[size_t(i)])
        lines.fail(bline, what + ": cat_boundaries decreases");
    const int64_t words = t.cat_boundaries.back();
    auto as_word = [](std::string_view tok, size_t line, const Lines& l, const std::string& key) {
      int64_t v = parse_int(tok, line, l, key);
      if (v < 0 || v > int64_t(UINT32_MAX)) l.fail(line, key + ": " + std::string(tok) + " is not a 32-bit word");
      return v;
    };
    t.cat_threshold = array_of<uint32_t>(s, "cat_threshold", words, lines, what, as_word);
  }
  if (s.has("is_linear")) t.is_linear = scalar_int(s, "is_linear", lines, what) != 0;
  if (t.is_linear) read_linear_leaves(s, lines, what, n_features, t);
  return t;
}

}  // namespace

ModelText parse_model_text(const std::string& text, const std::string& where) {
  Lines lines(text, where);
  std::string_view line;
  if (!lines.next(line) || line != "tree") lines.fail(1, "not a LightGBM model text (first line is not 'tree')");
  Section header;
  header.first_line = 1;
  std::vector<Section> tree_sections;
  bool ended = false;
  while (lines.next(line)) {
    if (line == "end of trees") {
      ended = true;
      break;
    }
    if (line.empty()) continue;
    if (starts_with(line, "Tree=")) {
      const std::string expected = "Tree=" + std::to_string(tree_sections.size());
      if (line != expected)
        lines.fail(lines.number(), "'" + std::string(line) + "' where '" + expected + "' was expected");
      tree_sections.emplace_back();
      tree_sections.back().first_line = lines.number();
      continue;
    }
    Section& s = tree_sections.empty() ? header : tree_sections.back();
    add_key_value(s, line, lines.number(), lines);
  }
  if (!ended) lines.fail(lines.number(), "the text ends before 'end of trees' (truncated?)");

  const auto& version = required(header, "version", lines, "the header");
  if (version.first != "v3" && version.first != "v4")
    lines.fail(version.second, "model version '" + std::string(version.first) + "': only v3 and v4 (LightGBM 3.x, 4.x) are read");
  ModelText m;
  m.num_class = scalar_int(header, "num_class", lines, "the header");
  m.num_tree_per_iteration = scalar_int(header, "num_tree_per_iteration", lines, "the header");
  m.max_feature_idx = scalar_int(header, "max_feature_idx", lines, "the header");
  m.average_output = header.has("average_output");
  if (header.has("objective")) m.objective = std::string(header.values.at("objective").first);
  const size_t per_iter_line = required(header, "num_tree_per_iteration", lines, "the header").second;
  if (m.num_class < 1) lines.fail(required(header, "num_class", lines, "").second, "num_class is " + std::to_string(m.num_class));
  if (m.num_tree_per_iteration < 1 || m.num_tree_per_iteration > 1000000)
    lines.fail(per_iter_line, "num_tree_per_iteration is " + std::to_string(m.num_tree_per_iteration));
  if (m.max_feature_idx < 0 || m.max_feature_idx >= (int64_t(1) << 31))
    lines.fail(required(header, "max_feature_idx", lines, "").second,
               "max_feature_idx is " + std::to_string(m.max_feature_idx));
  if (tree_sections.empty()) lines.fail(lines.number(), "the model has no trees");
  if (tree_sections.size() % size_t(m.num_tree_per_iteration) != 0)
    lines.fail(per_iter_line, std::to_string(tree_sections.size()) + " trees are not a whole number of iterations of " +
                                  std::to_string(m.num_tree_per_iteration));
  m.trees.reserve(tree_sections.size());
  for (size_t i = 0; i < tree_sections.size(); ++i)
    m.trees.push_back(read_tree(tree_sections[i], lines, "Tree=" + std::to_string(i), m.n_features()));
  return m;
}

}  // namespace onnxconv::lightgbm
