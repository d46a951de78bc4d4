#include "xgboost_document.h"

#include <cstring>
#include <fstream>

namespace onnxconv {
namespace {

using py::Kind;
using py::Value;
using py::ValuePtr;

enum class DocKind { None, Json, Ubjson };

// JSON: '{', optional whitespace, "learner". UBJSON: '{', an integer
// length marker, the length 7, "learner".
DocKind sniff(const std::string& head) {
  if (head.empty() || head[0] != '{') return DocKind::None;
  size_t i = 1;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
  if (head.compare(i, 9, "\"learner\"") == 0) return DocKind::Json;
  static const std::string kUbjsonKeys[] = {std::string("i\x07learner", 9), std::string("U\x07learner", 9),
                                            std::string("I\0\x07learner", 10), std::string("l\0\0\0\x07learner", 12),
                                            std::string("L\0\0\0\0\0\0\0\x07learner", 16)};
  for (const std::string& key : kUbjsonKeys)
    if (head.compare(1, key.size(), key) == 0) return DocKind::Ubjson;
  return DocKind::None;
}

std::string read_head(const std::string& path, size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string head(n, '\0');
  if (!in) return {};
  in.read(head.data(), std::streamsize(n));
  head.resize(size_t(in.gcount()));
  return head;
}

ValuePtr make(Kind kind, std::string s = {}) {
  auto v = std::make_shared<Value>();
  v->kind = kind;
  v->s = std::move(s);
  return v;
}

}  // namespace

bool is_xgboost_document(const std::string& path) { return sniff(read_head(path, 64)) != DocKind::None; }

ValuePtr read_xgboost_document(const std::string& path, const ReadLimits& limits) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw ReadError(path, ReadError::kNoOffset, "cannot open the file");
  const std::streamoff size = in.tellg();
  if (size < 0) throw ReadError(path, ReadError::kNoOffset, "cannot read the file's size");
  if (uint64_t(size) > limits.max_decompressed_bytes)
    throw ReadError(path, ReadError::kNoOffset, "XGBoost model of " + std::to_string(size) +
                                                    " bytes exceeds the limit of " +
                                                    std::to_string(limits.max_decompressed_bytes));
  std::string data(size_t(size), '\0');
  in.seekg(0);
  in.read(data.data(), size);
  if (in.gcount() != size) throw ReadError(path, uint64_t(in.gcount()), "the file changed while it was read");
  const DocKind kind = sniff(data.substr(0, 64));
  if (kind == DocKind::None) throw ReadError(path, 0, "not an XGBoost JSON or UBJSON model");

  ValuePtr state = make(Kind::Dict);
  auto put = [&](const char* key, ValuePtr value) {
    state->items.push_back(make(Kind::String, key));
    state->values.push_back(std::move(value));
  };
  put("format", make(Kind::String, kind == DocKind::Json ? "json" : "ubjson"));
  put("data", make(Kind::Bytes, std::move(data)));
  put("__file__", make(Kind::String, path));
  ValuePtr doc = make(Kind::Instance);
  doc->module = "onnxconv.document";
  doc->name = "XGBoostModel";
  doc->state = state;
  return doc;
}

}  // namespace onnxconv
