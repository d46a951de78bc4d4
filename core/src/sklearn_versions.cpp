#include "sklearn_versions.h"

#include <set>

namespace onnxconv {

std::string sklearn_version_of(const py::Value& est) {
  if (est.kind != py::Kind::Instance) return "";
  const py::Value* v = est.get("_sklearn_version");
  return v != nullptr && v->kind == py::Kind::String ? v->s : "";
}

std::string version_note(const py::Value& est) {
  std::string v = sklearn_version_of(est);
  // scikit-learn stamps only its own classes (module sklearn.*): a
  // third-party class (optbinning, a user's) never carries the version.
  const bool sklearn_class = est.kind == py::Kind::Instance && est.module.rfind("sklearn.", 0) == 0;
  if (v.empty() && !sklearn_class) return "(" + est.module + "." + est.name + " is not a scikit-learn class)";
  if (v.empty()) return "(no _sklearn_version in the file: written before 0.18)";
  return "(file written by scikit-learn " + v + ")";
}

namespace {

// The children a walk follows: containers' items and values, instances'
// arguments and state, object arrays' items.
void push_children(const py::Value& v, std::vector<const py::Value*>& todo) {
  for (const auto& c : v.items) todo.push_back(c.get());
  for (const auto& c : v.values) todo.push_back(c.get());
  for (const py::ValuePtr* c : {&v.args, &v.kwargs, &v.state})
    if (*c) todo.push_back(c->get());
  if (v.kind == py::Kind::Array && v.array)
    for (const auto& c : v.array->objects) todo.push_back(c.get());
}

}  // namespace

std::vector<std::string> differing_nested_versions(const py::Value& root) {
  std::string own = sklearn_version_of(root);
  std::set<const py::Value*> seen;
  std::set<std::string> reported;
  std::vector<std::string> out;
  std::vector<const py::Value*> todo{&root};
  while (!todo.empty()) {
    const py::Value* v = todo.back();
    todo.pop_back();
    if (v == nullptr || !seen.insert(v).second) continue;
    std::string version = sklearn_version_of(*v);
    if (!version.empty() && version != own && reported.insert(version).second)
      out.push_back(version + " (" + v->module + "." + v->name + ")");
    push_children(*v, todo);
  }
  return out;
}

}  // namespace onnxconv
