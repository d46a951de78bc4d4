#include "bundle.h"

#include <onnxconv/engine.h>

namespace onnxconv {
namespace {

std::string quoted_keys(const py::Value& dict, const std::vector<size_t>& which) {
  std::string out;
  for (size_t i : which) out += (out.empty() ? "'" : ", '") + key_text(*dict.items[i]) + "'";
  return out;
}

std::string all_keys(const py::Value& dict) {
  std::vector<size_t> every(dict.items.size());
  for (size_t i = 0; i < every.size(); ++i) every[i] = i;
  return every.empty() ? "none" : quoted_keys(dict, every);
}

SelectedModel by_key(const py::Value& root, const std::string& key, const std::string& file) {
  if (root.kind != py::Kind::Dict)
    throw Error(file + ": --key '" + key + "' names a dict entry, but the file holds a " + root.type_name() +
                ", not a dict");
  // The last of repeated keys wins, as in Python.
  for (size_t i = root.items.size(); i-- > 0;)
    if (key_text(*root.items[i]) == key) return {root.values[i].get(), key};
  throw Error(file + ": the dict has no key '" + key + "' (keys: " + all_keys(root) + ")");
}

}  // namespace

std::string key_text(const py::Value& key) {
  if (key.kind == py::Kind::String) return key.s;
  if (key.kind == py::Kind::Int) return std::to_string(key.i);
  return key.type_name();
}

SelectedModel select_model(const py::Value& root, const std::string& key, const std::string& file,
                           const std::function<bool(const py::Value&)>& is_estimator) {
  if (!key.empty()) return by_key(root, key, file);
  if (root.kind != py::Kind::Dict) return {&root, ""};
  std::vector<size_t> found;
  for (size_t i = 0; i < root.values.size(); ++i)
    if (is_estimator(*root.values[i])) found.push_back(i);
  if (found.size() == 1) return {root.values[found[0]].get(), key_text(*root.items[found[0]])};
  if (found.empty())
    throw Error(file + ": the file holds a dict (keys: " + all_keys(root) +
                ") and no value of it is an estimator any plugin converts; name the entry with --key NAME");
  throw Error(file + ": the file holds a dict with several estimators (keys " + quoted_keys(root, found) +
              "; all keys: " + all_keys(root) + "): name the one to convert with --key NAME");
}

}  // namespace onnxconv
