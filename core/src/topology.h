// The conversion topology: which converter handles which estimator, what
// flows between them, and in what order nodes are emitted.
//
// Like skl2onnx, conversion runs in phases: plan (resolve converters and run
// every converter's shape inference), name (final outputs take skl2onnx's
// names, intermediates get unique readable ones), emit (each converter adds
// its nodes). `inspect` stops after planning.
//
// This file is generic: composite estimators (Pipeline, FeatureUnion,
// ColumnTransformer...) are planned by the table of composite planners in
// composites/ through the PlanBuilder interface Topology implements. The
// glue between their members (column selection, weights, Concat) is emitted
// by core steps (core_steps.h) that go through the same three phases as
// plugin converters. Glue that would do nothing is not planned at all: the
// value it would copy is used instead.
#ifndef ONNXCONV_CORE_TOPOLOGY_H
#define ONNXCONV_CORE_TOPOLOGY_H

#include "composites/plan_builder.h"
#include "core_steps.h"
#include "host_api.h"
#include "input_schema.h"

#include <onnxconv/engine.h>
#include <onnxconv/pyvalue.h>
#include <onnxconv/registry.h>
#include <onnxconv/sdk/c_api.h>

#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace onnxconv {
class GraphBuilder;

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
  // Plugin steps: `inputs` are a DataFrame's columns as the model takes
  // them (their types differ, so they were not concatenated). A member the
  // converter has the host convert on exactly these inputs is planned on
  // the columns too (StepSubs), as the composite's own members were fitted.
  bool table = false;
  // Lenient plans (inspect) only: why this step cannot be converted; its
  // outputs then have an unknown type and the steps after it are not inferred.
  std::string problem;
  // Sub-estimators its converter had the host plan (ABI 1.3), for inspect.
  std::vector<StepDescription> nested;
};

class Topology : public PlanBuilder {
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

 // PlanBuilder: what composite planners use.
  std::vector<size_t> plan_estimator(const py::Value& est, const std::string& path, const std::string& prefix,
                                     std::vector<size_t> inputs, bool table, Use use) override;
  std::vector<size_t> plan_converter(const py::Value& est, const std::string& path, const std::string& prefix,
                                     std::vector<size_t> inputs) override;
  size_t plan_core(std::shared_ptr<const CoreStep> step, const py::Value& owner, const std::string& path,
                   const std::string& prefix, std::vector<size_t> inputs) override;
  std::vector<size_t> merge_table(const py::Value& owner, const std::vector<size_t>& columns,
                                  const std::string& path, const std::string& prefix) override;
  const Variable& variable(size_t v) const override { return variables_[v]; }
  bool has_unknown(const std::vector<size_t>& values) const override;
  int32_t float_type() const override { return float_type_; }

 private:
  std::vector<size_t> plan_unconverted(Operator op, std::string problem, size_t n_outputs);
  std::vector<size_t> plan_step(const py::Value& est, const std::string& path, const std::string& prefix,
                                std::vector<size_t> inputs, bool table);
  void check_options() const;
  std::set<std::string> offered_options(bool& complete) const;
  void check_member_options(const SubConversions::Options& member_options, const std::string& path) const;
  std::string roles_problem(const Operator& op, const std::vector<std::string>& roles) const;
  std::string failure(const Operator& op, const std::string& phase, const std::string& message) const;
  oc_context context_for(const std::vector<oc_value_type>& input_types, SubConversions* subs);
  void emit_steps();

  // Sub-estimators (infer_sub / convert_sub): a child topology per call,
  // sharing the graph; `root_` keeps strings handed to plugins and the
  // types of core-step values for the whole conversion.
  friend class StepSubs;
  struct Nested {};
  Topology(Topology& parent, Nested, const SubConversions::Options& member_options);
  // `columns`: the DataFrame column names when the inputs are a table's
  // columns (see Operator::table), else empty.
  void plan_nested(const py::Value& sub, const std::string& path, const std::string& prefix,
                   const std::vector<oc_value_type>& input_types, const std::vector<std::string>& columns);
  const char* keep(std::string s);
  std::string unclaimed_detail(const std::string& cls) const;
  ErrorKind resolve_failure_kind(const std::string& cls) const;

  registry::Registry& registry_;
  // Members planned through the seam: the model's options with the map
  // its composite gave (ABI 1.4) instead of the model's; options_ refers to it.
  std::unique_ptr<const ConvertOptions> member_options_;
  const ConvertOptions& options_;
  int32_t float_type_;
  GraphBuilder& graph_;
  std::vector<Variable> variables_;
  std::vector<Operator> operators_;
  std::vector<size_t> inputs_;
  InputSchema schema_;
  std::vector<size_t> outputs_;
  bool lenient_ = false;
  Topology* root_ = this;
  int depth_ = 0;
  std::deque<std::string> kept_;
  std::map<std::string, int32_t> core_types_;  // types the core knows for sure
};

std::string describe_type(const oc_value_type& type);

// Planned by a composite planner (composites/table.cpp), not a converter.
bool is_composite(const py::Value& est);

// The class a converter is looked up by: the file's class path, with older
// releases' paths mapped to the current ones (legacy_classes.h).
std::string converter_class(const py::Value& est);

}  // namespace onnxconv

#endif
