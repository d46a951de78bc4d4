// The conversion topology: which converter handles which estimator, what
// flows between them, and in what order nodes are emitted.
//
// Like skl2onnx, conversion runs in phases: plan (resolve converters and run
// every converter's shape inference), name (final outputs take skl2onnx's
// names, intermediates get unique readable ones), emit (each converter adds
// its nodes). `inspect` stops after planning.
#ifndef ONNXCONV_CORE_TOPOLOGY_H
#define ONNXCONV_CORE_TOPOLOGY_H

#include <onnxconv/engine.h>
#include <onnxconv/pyvalue.h>
#include <onnxconv/registry.h>
#include <onnxconv/sdk/c_api.h>

#include <set>
#include <string>
#include <vector>

namespace onnxconv {
class GraphBuilder;

struct Variable {
  std::string name;   // set by name_variables()
  std::string role;   // as the converter declared it, e.g. "probabilities"
  oc_value_type type{};
};

struct Operator {
  std::string path;        // where the estimator sits, for messages
  std::string node_prefix; // readable prefix of its node names
  const py::Value* estimator = nullptr;
  registry::ResolvedConverter converter;
  std::vector<size_t> inputs;   // indices into variables
  std::vector<size_t> outputs;
};

class Topology {
 public:
  Topology(registry::Registry& registry, const ConvertOptions& options,
           int32_t float_type, GraphBuilder& graph);

  void plan(const py::Value& root);
  void name_variables();
  void emit();

  const std::vector<Variable>& variables() const { return variables_; }
  const std::vector<Operator>& operators() const { return operators_; }
  size_t input() const { return input_; }
  const std::vector<size_t>& outputs() const { return outputs_; }
  ConversionPlan describe() const;

 private:
  std::vector<size_t> plan_estimator(const py::Value& est, const std::string& path,
                                     const std::string& prefix, std::vector<size_t> inputs);
  std::vector<size_t> plan_pipeline(const py::Value& pipeline, const std::string& path,
                                    std::vector<size_t> inputs);
  std::vector<size_t> plan_converter(const py::Value& est, const std::string& path,
                                     const std::string& prefix, std::vector<size_t> inputs);
  void check_options() const;
  std::string describe_failure(const Operator& op) const;

  registry::Registry& registry_;
  const ConvertOptions& options_;
  int32_t float_type_;
  GraphBuilder& graph_;
  std::vector<Variable> variables_;
  std::vector<Operator> operators_;
  size_t input_ = 0;
  std::vector<size_t> outputs_;
};

std::string describe_type(const oc_value_type& type);

}  // namespace onnxconv

#endif
