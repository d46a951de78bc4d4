// Reading the mappings of a scorecard file (docs/scorecard-format.md) with
// the lines the host's reader kept, so every error names file and line:
//   card.yaml:14: features[0] 'age': bins[2]: interval "[40, 25)" is empty
#ifndef ONNXCONV_PLUGINS_WOE_CARD_ENTRY_HPP
#define ONNXCONV_PLUGINS_WOE_CARD_ENTRY_HPP

#include "intervals.hpp"

#include <onnxconv/sdk/sdk.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace onnxconv::woe {

class Entry {
 public:
  // The card's top-level mapping (the Scorecard instance's state).
  static Entry root(const sdk::Object& card);

  const std::string& label() const { return label_; }
  // The same mapping, labelled "<label> '<name>'" in messages.
  Entry named(const std::string& name) const { return Entry(obj_, file_, label_ + " '" + name + "'"); }
  // "<file>:<line>: <label>: <message>", at the mapping's line or a key's.
  [[noreturn]] void fail(const std::string& message) const;
  [[noreturn]] void fail_at(const char* key, const std::string& message) const;

  // Refuses keys outside `allowed` (the reader's own "__" keys aside).
  void allow_only(std::initializer_list<const char*> allowed) const;
  bool has(const char* key) const { return get(key).has_value(); }
  std::optional<sdk::Object> get(const char* key) const;

  std::string text(const char* key) const;                  // required string
  std::optional<std::string> opt_text(const char* key) const;
  double number(const char* key) const;                     // required finite number
  std::optional<double> opt_number(const char* key) const;
  std::optional<int64_t> opt_integer(const char* key) const;
  std::vector<int64_t> integers(const char* key) const;     // required non-empty list
  Entry entry(const char* key) const;                       // required mapping
  std::vector<Entry> entries(const char* key) const;        // required non-empty list of mappings
  // A required interval string such as "[25, 40)".
  Interval interval(const char* key) const;

 private:
  Entry(sdk::Object obj, std::string file, std::string label);
  int64_t line() const;
  int64_t line_of(const char* key) const;
  sdk::Object need(const char* key) const;
  double as_number(const sdk::Object& v, const char* key) const;
  Entry child(const sdk::Object& v, const std::string& label) const;

  sdk::Object obj_;
  std::string file_;
  std::string label_;
};

// "[a, b)" / "(-inf, 2.5]" -> Interval (an infinite end is always closed);
// nullopt when malformed.
std::optional<Interval> parse_interval(const std::string& text);

}  // namespace onnxconv::woe

#endif  // ONNXCONV_PLUGINS_WOE_CARD_ENTRY_HPP
