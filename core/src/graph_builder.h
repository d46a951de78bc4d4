// Assembles the ONNX graph that converters emit into.
//
// The builder is the only place that touches onnx protobuf types while a
// model is converted: converters reach it through the SDK's C table, which
// host_api.cpp forwards here.
#ifndef ONNXCONV_CORE_GRAPH_BUILDER_H
#define ONNXCONV_CORE_GRAPH_BUILDER_H

#include <onnxconv/sdk/c_api.h>

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>

namespace onnxconv {

class GraphBuilder {
 public:
  // Target opsets: ai.onnx ("") and ai.onnx.ml.
  GraphBuilder(int64_t onnx_opset, int64_t ml_opset);

  // Reserves a name exactly as given (graph inputs and final outputs).
  void reserve_name(const std::string& name);
  // A name not used before, derived from `hint`.
  const std::string& unique_name(const std::string& hint);

  void add_input(const std::string& name, const oc_value_type& type);
  void add_output(const std::string& name, const oc_value_type& type);
  // Returns the unique name given to the initializer.
  const std::string& add_initializer(const std::string& hint,
                                     const oc_tensor& tensor);
  // Prefix for node names, e.g. the pipeline step being converted.
  void set_node_prefix(std::string prefix) { node_prefix_ = std::move(prefix); }
  void add_node(const oc_node& node);

  // 0 when the domain is not a target.
  int64_t target_opset(const std::string& domain) const;

  // Finishes the model: opset imports (only the domains used), metadata.
  onnx::ModelProto finish();
  onnx::GraphProto& graph() { return *model_.mutable_graph(); }

 private:
  void fill_type(onnx::TypeProto* type, const oc_value_type& t) const;
  void fill_tensor(onnx::TensorProto* proto, const oc_tensor& t) const;
  void fill_attribute(onnx::AttributeProto* proto, const oc_attribute& a);

  onnx::ModelProto model_;
  std::map<std::string, int64_t> targets_;   // domain -> opset version
  std::map<std::string, bool> used_domains_;
  std::unordered_set<std::string> names_;
  std::map<std::string, int> hint_counters_;
  std::string node_prefix_;
  std::string last_name_;
};

}  // namespace onnxconv

#endif
