#include "sklearn_common.h"

#include <onnxconv/engine.h>

namespace onnxconv {

std::string class_of(const py::Value& v) {
  if (v.kind == py::Kind::Instance || v.kind == py::Kind::Global)
    return v.module.empty() ? v.name : v.module + "." + v.name;
  return v.type_name();
}

bool is_class(const py::Value& v, const char* module, const char* name) {
  return v.kind == py::Kind::Instance && v.module == module && v.name == name;
}

bool is_string(const py::Value& v, const char* s) { return v.kind == py::Kind::String && v.s == s; }

bool is_passthrough(const py::Value& step) {
  return step.kind == py::Kind::None || is_string(step, "passthrough");
}

std::string join(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "/" + name;
}

std::string member_path(const std::string& path, const char* list, size_t i, const std::string& name) {
  return path + "." + list + "[" + std::to_string(i) + "] '" + name + "'";
}

const py::Value& named_tuple(const py::Value& item, size_t arity, const std::string& path) {
  if (item.kind != py::Kind::Tuple || item.items.size() != arity || item.items[0]->kind != py::Kind::String)
    throw Error(path + ": expected a (name, ...) tuple of " + std::to_string(arity) + ", got " + item.type_name());
  return item;
}

const py::Value& list_attr(const py::Value& est, const char* name, const std::string& path) {
  const py::Value* v = est.get(name);
  if (v == nullptr || (v->kind != py::Kind::List && v->kind != py::Kind::Tuple))
    throw Error(path + ": " + est.name + " without a list '" + name + "'" +
                (std::string(name).back() == '_' ? " (is it fitted?)" : ""));
  return *v;
}

int64_t int_attr(const py::Value& est, const char* name) {
  const py::Value* v = est.get(name);
  return v != nullptr && v->kind == py::Kind::Int ? v->i : -1;
}

}  // namespace onnxconv
