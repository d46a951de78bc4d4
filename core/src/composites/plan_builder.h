// Composite planners: estimators made of other estimators, planned by the
// core rather than converted by one plugin converter.
//
// The generic planning machinery (topology.cpp: resolve converters, run
// their shape inference, name values, emit) knows nothing of scikit-learn's
// composition. Each composite class has one entry in a table
// (composites/table.cpp) whose `plan` function lays out its members through
// the PlanBuilder interface below: plan a member estimator on some values,
// add a glue step (core_steps.h), merge a DataFrame's columns. Adding the
// next composite is one new file and one table line.
#ifndef ONNXCONV_CORE_COMPOSITES_PLAN_BUILDER_H
#define ONNXCONV_CORE_COMPOSITES_PLAN_BUILDER_H

#include "../core_steps.h"

#include <onnxconv/pyvalue.h>
#include <onnxconv/sdk/c_api.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace onnxconv {

// A value that flows between steps of the plan.
struct Variable {
  std::string name;   // set by name_variables()
  std::string role;   // as the converter declared it, e.g. "probabilities"
  std::string hint;   // readable base of its name when it is not a graph output
  oc_value_type type{};
};

// What the caller does with an estimator's output, as scikit-learn calls
// it. Predict: the model's own estimator, a Pipeline's last step (when the
// Pipeline itself predicts), a fitted member a composite or a converter
// (through the seam) converts. Transform: a Pipeline's earlier steps, every
// branch of a FeatureUnion or ColumnTransformer. Only estimators that do
// both plan differently (RFE and RFECV: composites/rfe.cpp).
enum class Use { Predict, Transform };

// Where a composite sits and what it receives. `table`: `inputs` are a
// DataFrame's columns, one [N, 1] value each, in the estimator's column
// order (see input_schema.h); otherwise one value per input.
struct CompositeCall {
  const py::Value& estimator;
  std::string path;    // for messages, e.g. "Pipeline.steps[1] 'clf'"
  std::string prefix;  // node-name prefix of its members, "prep/num"
  std::vector<size_t> inputs;
  bool table = false;
  Use use = Use::Predict;
};

// What a composite planner may ask of the plan being built (Topology).
class PlanBuilder {
 public:
  // Any estimator, composite or not: its output values.
  virtual std::vector<size_t> plan_estimator(const py::Value& est, const std::string& path,
                                             const std::string& prefix, std::vector<size_t> inputs, bool table,
                                             Use use) = 0;
  // An estimator through its plugin converter, never through a planner.
  virtual std::vector<size_t> plan_converter(const py::Value& est, const std::string& path,
                                             const std::string& prefix, std::vector<size_t> inputs) = 0;
  // A glue step owned by `owner`: its one output value.
  virtual size_t plan_core(std::shared_ptr<const CoreStep> step, const py::Value& owner, const std::string& path,
                           const std::string& prefix, std::vector<size_t> inputs) = 0;
  // A table's columns as a converter takes them (one value when they share
  // an element type, else each column).
  virtual std::vector<size_t> merge_table(const py::Value& owner, const std::vector<size_t>& columns,
                                          const std::string& path, const std::string& prefix) = 0;
  virtual const Variable& variable(size_t v) const = 0;
  // Some value's type is unknown (a lenient plan went on past a failure).
  virtual bool has_unknown(const std::vector<size_t>& values) const = 0;
  virtual int32_t float_type() const = 0;

 protected:
  ~PlanBuilder() = default;
};

struct CompositePlanner {
  const char* module;
  const char* name;
  // Further condition on the instance (nullptr: every instance of the class).
  bool (*claims)(const py::Value& est);
  // Takes a DataFrame's columns as they are (it selects among them); other
  // composites get them merged first.
  bool takes_columns;
  std::vector<size_t> (*plan)(PlanBuilder& plan, const CompositeCall& call);
  // The member that sees the input first, for the input width of composites
  // that do not store n_features_in_ (nullptr: none, or not known).
  const py::Value* (*first_member)(const py::Value& est);
};

// The planner of `est`, or nullptr when a plugin converter handles it.
const CompositePlanner* find_composite(const py::Value& est);

// The number of input columns an estimator was fitted on, or -1.
int64_t declared_width(const py::Value& est);

}  // namespace onnxconv

#endif
