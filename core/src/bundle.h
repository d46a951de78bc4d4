// Files that hold more than an estimator: joblib.dump({"model": clf,
// "scaler": ..., "features": [...]}) is how many users save a model with
// its metadata. The estimator to convert is the value under the key the
// user names (--key, ConvertOptions::key), or the dict's only estimator.
#ifndef ONNXCONV_CORE_BUNDLE_H
#define ONNXCONV_CORE_BUNDLE_H

#include <onnxconv/pyvalue.h>

#include <functional>
#include <string>
#include <vector>

namespace onnxconv {

struct SelectedModel {
  const py::Value* estimator = nullptr;
  std::string key;  // "" when the file's root is the estimator itself
};

// The estimator in `root` (read from `file`, named in errors). `key` empty:
// the root itself unless it is a dict, else the dict's one value for which
// `is_estimator` holds; several or none is an Error listing the keys.
SelectedModel select_model(const py::Value& root, const std::string& key, const std::string& file,
                           const std::function<bool(const py::Value&)>& is_estimator);

// A dict key as the user types it after --key ("model", "3").
std::string key_text(const py::Value& key);

}  // namespace onnxconv

#endif
