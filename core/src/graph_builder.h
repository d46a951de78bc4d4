// Assembles the ONNX graph that converters emit into.
//
// The builder is the only place that touches onnx protobuf types while a
// model is converted: converters reach it through the SDK's C table, which
// host_api.cpp forwards here.
#ifndef ONNXCONV_CORE_GRAPH_BUILDER_H
#define ONNXCONV_CORE_GRAPH_BUILDER_H

#include "adopted_attributes.h"
#include "conversion_budget.h"

#include <onnxconv/sdk/c_api.h>

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace onnxconv {

class GraphBuilder {
 public:
  // Target opsets: ai.onnx ("") and ai.onnx.ml. `budget` (may be null)
  // bounds the nodes and bytes added and the time spent adding them.
  GraphBuilder(int64_t onnx_opset, int64_t ml_opset, ConversionBudget* budget = nullptr);

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
  // `adopted`: NULL, or one entry per attribute (see add_node_adopting).
  void add_node(const oc_node& node, const oc_adopted_array* const* adopted = nullptr);

  // 0 when the domain is not a target.
  int64_t target_opset(const std::string& domain) const;

  // Finishes the model: opset imports (only the domains used), metadata.
  BuiltModel finish();
  onnx::GraphProto& graph() { return *model_.mutable_graph(); }

 private:
  void fill_type(onnx::TypeProto* type, const oc_value_type& t) const;
  void fill_tensor(onnx::TensorProto* proto, const oc_tensor& t);
  void take_bytes(uint64_t bytes, const std::string& what);
  void fill_attribute(onnx::AttributeProto* proto, const oc_attribute& a,
                      std::shared_ptr<const AdoptedArray> adopted);
  // Owners of the node's adopted arrays, by attribute index.
  std::vector<std::shared_ptr<const AdoptedArray>> take_adopted(const oc_node& node,
                                                                 const oc_adopted_array* const* adopted);

  ConversionBudget* budget_;
  onnx::ModelProto model_;
  AdoptedAttributes adopted_;
  std::map<std::string, int64_t> targets_;   // domain -> opset version
  std::map<std::string, bool> used_domains_;
  std::unordered_set<std::string> names_;
  std::map<std::string, int> hint_counters_;
  std::string node_prefix_;
  std::string last_name_;
};

}  // namespace onnxconv

#endif
