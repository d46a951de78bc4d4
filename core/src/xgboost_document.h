// XGBoost model files (save_model("m.json") / save_model("m.ubj")), known
// by their content: a JSON or UBJSON object whose first key is "learner"
// (XGBoost writes its keys sorted, so "learner" precedes "version"). The
// host does not interpret the document: it hands the bytes to the plugin
// that converts the pseudo class onnxconv.document.XGBoostModel (the
// `xgboost` plugin), as a pickled Booster hands over its raw model bytes.
#ifndef ONNXCONV_CORE_XGBOOST_DOCUMENT_H
#define ONNXCONV_CORE_XGBOOST_DOCUMENT_H

#include <onnxconv/model_reader.h>
#include <onnxconv/pyvalue.h>

#include <string>

namespace onnxconv {

// Whether the file at `path` starts like an XGBoost JSON or UBJSON model
// (reads its first bytes; false when it cannot be opened).
bool is_xgboost_document(const std::string& path);

// An Instance of onnxconv.document.XGBoostModel with state {"format":
// "json" | "ubjson", "data": the file's bytes, "__file__": path}. Files
// larger than limits.max_decompressed_bytes are refused (ReadError).
py::ValuePtr read_xgboost_document(const std::string& path, const ReadLimits& limits);

}  // namespace onnxconv

#endif  // ONNXCONV_CORE_XGBOOST_DOCUMENT_H
