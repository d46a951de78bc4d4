// XGBoost's model documents: JSON (save_model("m.json")) and UBJSON
// (save_model("m.ubj"), and the bytes a pickled Booster holds), read into
// one small tree. Arrays of numbers are kept as plain doubles (a 1000-tree
// model has millions of them), everything else as nodes.
//
// The parser checks every length and count against the bytes left before
// allocating, bounds nesting, and reports any problem as
// "<source>: byte <offset>: <what>" (the offset counts in the document's
// own bytes). Nothing is executed; numbers are never interpreted beyond
// their value.
#ifndef ONNXCONV_PLUGINS_XGBOOST_DOCUMENT_HPP
#define ONNXCONV_PLUGINS_XGBOOST_DOCUMENT_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace onnxconv::xgboost {

struct DocNode {
  enum class Type { Null, Bool, Number, String, Array, Object };
  Type type = Type::Null;
  double number = 0;              // Number, Bool (0/1)
  std::string text;               // String
  std::vector<double> numbers;    // Array whose elements are all numbers/bools
  std::vector<DocNode> items;     // Array with any other element
  std::vector<std::pair<std::string, DocNode>> members;  // Object, in file order
  uint64_t offset = 0;            // where the value starts

  bool is_array() const { return type == Type::Array; }
  bool is_object() const { return type == Type::Object; }
  // Array length, whichever form it has.
  size_t length() const { return numbers.empty() ? items.size() : numbers.size(); }
  const DocNode* find(const std::string& key) const {
    for (const auto& m : members)
      if (m.first == key) return &m.second;
    return nullptr;
  }
};

enum class DocFormat { Json, Ubjson };

// The format of `data` by its content: UBJSON when the byte after the
// opening '{' is a UBJSON length marker, JSON when it is a quote or
// whitespace. Throws when it is neither.
DocFormat sniff_document(const std::string& data, const std::string& source);

// Parses a whole document (trailing bytes other than JSON whitespace are
// refused).
DocNode parse_document(const std::string& data, const std::string& source);

}  // namespace onnxconv::xgboost

#endif  // ONNXCONV_PLUGINS_XGBOOST_DOCUMENT_HPP
