// The host side of the SDK's C table: plugins read model objects and build
// the graph only through the functions in host_api().
#ifndef ONNXCONV_CORE_HOST_API_H
#define ONNXCONV_CORE_HOST_API_H

#include <onnxconv/engine.h>
#include <onnxconv/pyvalue.h>
#include <onnxconv/sdk/c_api.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace onnxconv {
class GraphBuilder;

const oc_host_api* host_api();

inline const oc_object* to_handle(const py::Value* v) {
  return reinterpret_cast<const oc_object*>(v);
}
// A null handle reads as None: a plugin that passes one on (say, an absent
// attribute it did not check) gets an error status, not a crashed host.
inline const py::Value* from_handle(const oc_object* o) {
  static const py::Value none;
  return o != nullptr ? reinterpret_cast<const py::Value*>(o) : &none;
}

// Owns a status's message until the host reads and frees it.
std::string take_status_message(oc_status* status);
// The kind the status carries (read before take_status_message frees it).
ErrorKind status_error_kind(const oc_status* status);

// Scalars boxed out of arrays (object_item on an ARRAY) live here until the
// conversion ends; one arena per conversion, installed by ArenaScope.
class ObjectArena {
 public:
  const py::Value* keep(py::ValuePtr v) {
    boxed_.push_back(std::move(v));
    return boxed_.back().get();
  }

 private:
  std::vector<py::ValuePtr> boxed_;
};

class ArenaScope {
 public:
  explicit ArenaScope(ObjectArena& arena);
  ~ArenaScope();
  ArenaScope(const ArenaScope&) = delete;
  ArenaScope& operator=(const ArenaScope&) = delete;

 private:
  ObjectArena* previous_;
};

// The host side of infer_sub / convert_sub (ABI 1.3): the plan of the
// converter being called, bound to that step (Topology implements it).
class SubConversions {
 public:
  // Converter options for one member's plan (ABI 1.4), over the model's.
  using Options = std::map<std::string, std::string>;
  // Output types; each `name` is its role, kept alive until the conversion ends.
  virtual std::vector<oc_value_type> infer_sub(const py::Value& sub, const std::string& member,
                                               const std::vector<oc_value_type>& inputs,
                                               const Options& options) = 0;
  struct Output {
    const char* name;
    const char* role;
  };
  virtual std::vector<Output> convert_sub(const py::Value& sub, const std::string& member,
                                          const std::vector<std::string>& inputs,
                                          const std::vector<oc_value_type>& input_types,
                                          const Options& options) = 0;

 protected:
  ~SubConversions() = default;
};

}  // namespace onnxconv

// One converter call's view of the conversion (opaque to plugins).
struct oc_context {
  onnxconv::GraphBuilder* graph = nullptr;
  const std::map<std::string, std::string>* options = nullptr;
  int32_t float_type = OC_ELEM_FLOAT;
  const std::vector<oc_value_type>* input_types = nullptr;  // the converter's inputs (ABI 1.2)
  onnxconv::SubConversions* subs = nullptr;                 // sub-estimators (ABI 1.3)
};

#endif
