#include "lightgbm_text.h"

#include <cstring>
#include <memory>
#include <string>

namespace onnxconv::reader {

namespace {

bool starts_with(const uint8_t* data, size_t size, const char* prefix) {
  const size_t n = std::strlen(prefix);
  return size >= n && std::memcmp(data, prefix, n) == 0;
}

py::ValuePtr string_value(std::string s) {
  auto v = std::make_shared<py::Value>();
  v->kind = py::Kind::String;
  v->s = std::move(s);
  return v;
}

}  // namespace

bool is_lightgbm_text(const uint8_t* data, size_t size) {
  return starts_with(data, size, "tree\nversion=v") || starts_with(data, size, "tree\r\nversion=v");
}

py::ValuePtr lightgbm_text_as_booster(const uint8_t* data, size_t size) {
  auto state = std::make_shared<py::Value>();
  state->kind = py::Kind::Dict;
  state->items.push_back(string_value("_handle"));
  state->values.push_back(string_value(std::string(reinterpret_cast<const char*>(data), size)));
  state->items.push_back(string_value("_onnxconv_source"));
  state->values.push_back(string_value("text file"));
  auto booster = std::make_shared<py::Value>();
  booster->kind = py::Kind::Instance;
  booster->module = "lightgbm.basic";
  booster->name = "Booster";
  booster->state = std::move(state);
  return booster;
}

}  // namespace onnxconv::reader
