// The conversion topology: which converter handles which estimator, what
// flows between them, and in what order nodes are emitted.
//
// Like skl2onnx, conversion runs in phases: plan (resolve converters and run
// every converter's shape inference), name (final outputs take skl2onnx's
// names, intermediates get unique readable ones), emit (each converter adds
// its nodes). `inspect` stops after planning.
//
// Composition is the core's own business: Pipeline (steps feed each other),
// FeatureUnion and ColumnTransformer (branches side by side, concatenated)
// are planned here, and the glue between their branches (column selection,
// weights, Concat) is emitted by core steps (core_steps.h) that go through
// the same three phases as plugin converters. Glue that would do nothing is
// not planned at all: the value it would copy is used instead.
#ifndef ONNXCONV_CORE_TOPOLOGY_H
#define ONNXCONV_CORE_TOPOLOGY_H

#include "core_steps.h"
#include "input_schema.h"

#include <onnxconv/engine.h>
#include <onnxconv/pyvalue.h>
#include <onnxconv/registry.h>
#include <onnxconv/sdk/c_api.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace onnxconv {
class GraphBuilder;

struct Variable {
  std::string name;   // set by name_variables()
  std::string role;   // as the converter declared it, e.g. "probabilities"
  std::string hint;   // readable base of its name when it is not a graph output
  oc_value_type type{};
};

// One step of the plan: a plugin converter applied to an estimator, or a
// core step (glue of a composite estimator).
struct Operator {
  std::string path;        // where the estimator sits, for messages
  std::string node_prefix; // readable prefix of its node names
  const py::Value* estimator = nullptr;   // converted estimator, or the composite owning the glue
  registry::ResolvedConverter converter;  // plugin steps
  std::shared_ptr<const CoreStep> core;   // core steps
  std::vector<size_t> inputs;   // indices into variables
  std::vector<size_t> outputs;
  // Lenient plans (inspect) only: why this step cannot be converted; its
  // outputs then have an unknown type and the steps after it are not inferred.
  std::string problem;
};

class Topology {
 public:
  Topology(registry::Registry& registry, const ConvertOptions& options,
           int32_t float_type, GraphBuilder& graph);

  // Lenient: a class no plugin converts, or a shape inference that fails,
  // is recorded in Operator::problem instead of thrown (for inspect); emit()
  // still refuses such a plan.
  void set_lenient(bool lenient) { lenient_ = lenient; }
  // `key`: the dict entry `root` came from (dict bundles), for messages.
  void plan(const py::Value& root, const std::string& key = "");
  void name_variables();
  void emit();

  const std::vector<Variable>& variables() const { return variables_; }
  const std::vector<Operator>& operators() const { return operators_; }
  const std::vector<size_t>& inputs() const { return inputs_; }
  const std::vector<size_t>& outputs() const { return outputs_; }
  ConversionPlan describe() const;

 private:
  // One branch of a FeatureUnion or ColumnTransformer.
  struct Branch {
    std::string name;
    std::string path;
    std::string prefix;
    const py::Value* transformer = nullptr;  // nullptr: passthrough
    std::vector<size_t> inputs;              // the value it transforms, or its table's columns
    bool table = false;
  };

  // `table`: `inputs` are a DataFrame's columns, one [N, 1] value each, in
  // the estimator's column order (per-column inputs, see input_schema.h).
  // Composites select among them; a converter gets them merged (merge_table).
  std::vector<size_t> plan_estimator(const py::Value& est, const std::string& path,
                                     const std::string& prefix, std::vector<size_t> inputs, bool table = false);
  std::vector<size_t> plan_pipeline(const py::Value& pipeline, const std::string& path,
                                    const std::string& prefix, std::vector<size_t> inputs, bool table);
  size_t plan_feature_union(const py::Value& union_, const std::string& path,
                            const std::string& prefix, const std::vector<size_t>& inputs, bool table);
  size_t plan_column_transformer(const py::Value& ct, const std::string& path,
                                 const std::string& prefix, const std::vector<size_t>& inputs, bool table);
  std::vector<size_t> merge_table(const py::Value& owner, const std::vector<size_t>& columns,
                                  const std::string& path, const std::string& prefix);
  std::vector<size_t> plan_converter(const py::Value& est, const std::string& path,
                                     const std::string& prefix, std::vector<size_t> inputs);
  size_t plan_core(std::shared_ptr<const CoreStep> step, const py::Value& owner, const std::string& path,
                   const std::string& prefix, std::vector<size_t> inputs);
  size_t plan_branch(const py::Value& composite, const Branch& branch);
  std::vector<size_t> plan_columns(const py::Value& ct, const std::vector<int64_t>& columns, int64_t n_features,
                                   const std::string& path, const std::string& prefix,
                                   const std::vector<size_t>& inputs, bool table);
  size_t concat(const py::Value& composite, const std::vector<size_t>& parts, const std::string& path,
                const std::string& prefix);
  void check_output_indices(const py::Value& ct, const std::vector<Branch>& branches,
                            const std::vector<size_t>& parts, const std::string& path) const;
  std::vector<size_t> plan_unconverted(Operator op, std::string problem, size_t n_outputs);
  bool has_unknown(const std::vector<size_t>& values) const;
  void check_options() const;
  std::string failure(const Operator& op, const std::string& phase, const std::string& message) const;
  std::string unclaimed_detail(const std::string& cls) const;

  registry::Registry& registry_;
  const ConvertOptions& options_;
  int32_t float_type_;
  GraphBuilder& graph_;
  std::vector<Variable> variables_;
  std::vector<Operator> operators_;
  std::vector<size_t> inputs_;
  InputSchema schema_;
  std::vector<size_t> outputs_;
  bool lenient_ = false;
};

std::string describe_type(const oc_value_type& type);

// Pipeline, FeatureUnion, ColumnTransformer: composed by the core itself.
bool is_composite(const py::Value& est);

// The class a converter is looked up by: the file's class path, with older
// releases' paths mapped to the current ones (legacy_classes.h).
std::string converter_class(const py::Value& est);

}  // namespace onnxconv

#endif
