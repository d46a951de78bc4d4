// Side-by-side branches concatenated into one value: what FeatureUnion and
// ColumnTransformer share.
#ifndef ONNXCONV_CORE_COMPOSITES_BRANCHES_H
#define ONNXCONV_CORE_COMPOSITES_BRANCHES_H

#include "plan_builder.h"

namespace onnxconv {

struct Branch {
  std::string name;
  std::string path;
  std::string prefix;
  const py::Value* transformer = nullptr;  // nullptr: passthrough
  std::vector<size_t> inputs;              // the value it transforms, or its table's columns
  bool table = false;
};

// A branch's transformer: nullptr for 'passthrough' (the caller skips 'drop').
const py::Value* branch_transformer(const py::Value& trans, const std::string& path);
// A branch's output: its input transformed (unless passthrough), weighted
// by the composite's transformer_weights.
size_t plan_branch(PlanBuilder& plan, const py::Value& composite, const Branch& branch);
// np.hstack of the parts: one Concat, with parts of another element type
// cast to the model's float type first. One part is its own result.
size_t concat(PlanBuilder& plan, const py::Value& composite, const std::vector<size_t>& parts,
              const std::string& path, const std::string& prefix);
// A FeatureUnion or ColumnTransformer takes one value (or a table).
void check_one_input(const CompositeCall& call);

}  // namespace onnxconv

#endif
