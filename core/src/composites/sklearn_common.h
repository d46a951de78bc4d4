// Small readers of scikit-learn's composite state shared by the planners.
#ifndef ONNXCONV_CORE_COMPOSITES_SKLEARN_COMMON_H
#define ONNXCONV_CORE_COMPOSITES_SKLEARN_COMMON_H

#include <onnxconv/pyvalue.h>

#include <cstdint>
#include <string>

namespace onnxconv {

// "module.Name" of an instance or global, else the Python type name.
std::string class_of(const py::Value& v);
bool is_class(const py::Value& v, const char* module, const char* name);
bool is_string(const py::Value& v, const char* s);
// Pipeline steps skip None and 'passthrough'.
bool is_passthrough(const py::Value& step);
// Node prefixes nest with '/': "prep/num/scale".
std::string join(const std::string& prefix, const std::string& name);
// "<path>.<list>[i] 'name'": where a step or branch sits.
std::string member_path(const std::string& path, const char* list, size_t i, const std::string& name);
// The (name, estimator[, columns]) tuple at `path`.
const py::Value& named_tuple(const py::Value& item, size_t arity, const std::string& path);
// est.<name>, a list or tuple; refused naming the attribute otherwise.
const py::Value& list_attr(const py::Value& est, const char* name, const std::string& path);
// An int attribute, or -1.
int64_t int_attr(const py::Value& est, const char* name);

}  // namespace onnxconv

#endif
