// Glue the core emits itself when it composes estimators (ColumnTransformer,
// FeatureUnion): column selection, concatenation, weighting and casts.
//
// A core step has the same two phases as a plugin converter, without the C
// boundary: `infer` gives the output type from the input types (used while
// planning), `emit` adds the nodes (after names are chosen). Steps that would
// do nothing are never planned: Topology reuses the input value instead.
#ifndef ONNXCONV_CORE_CORE_STEPS_H
#define ONNXCONV_CORE_CORE_STEPS_H

#include <onnxconv/sdk/c_api.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace onnxconv {
class GraphBuilder;

class CoreStep {
 public:
  virtual ~CoreStep() = default;
  // What the step does, for `onnxconv inspect`, e.g. "Gather columns [0, 2]".
  virtual std::string describe() const = 0;
  // Readable hint for the output's name, e.g. "columns".
  virtual std::string output_hint() const = 0;
  // The output type; throws std::runtime_error on inputs it cannot take.
  virtual oc_value_type infer(const std::vector<oc_value_type>& inputs) const = 0;
  // `types` are the inputs' types, as infer saw them.
  virtual void emit(GraphBuilder& graph, const std::vector<std::string>& inputs,
                    const std::vector<oc_value_type>& types, const std::string& output) const = 0;
};

// Columns `indices` (in that order) of a [N, C] tensor.
std::shared_ptr<CoreStep> select_columns(std::vector<int64_t> indices);
// [N, a] ... [N, z] -> [N, a + ... + z]; all inputs of one element type.
std::shared_ptr<CoreStep> concat_columns();
// x * weight (FeatureUnion / ColumnTransformer transformer_weights).
std::shared_ptr<CoreStep> multiply_by(double weight);
// Element type conversion.
std::shared_ptr<CoreStep> cast_to(int32_t elem_type);
// A copy under another name: only for a graph output that would otherwise be
// the graph input itself (e.g. a pipeline of passthrough steps).
std::shared_ptr<CoreStep> rename();

}  // namespace onnxconv

#endif
