#include "validate.h"

#include <onnxconv/engine.h>

#include <onnx/checker.h>
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <vector>

namespace onnxconv {
namespace {

std::string type_text(const onnx::TypeProto& t) {
  if (t.has_tensor_type()) {
    std::string s = "tensor(" + std::to_string(t.tensor_type().elem_type()) + ")";
    if (t.tensor_type().has_shape()) {
      s += "[";
      const auto& shape = t.tensor_type().shape();
      for (int i = 0; i < shape.dim_size(); ++i) {
        if (i) s += ",";
        s += shape.dim(i).has_dim_value() ? std::to_string(shape.dim(i).dim_value()) : "?";
      }
      s += "]";
    }
    return s;
  }
  if (t.has_sequence_type()) return "seq(" + type_text(t.sequence_type().elem_type()) + ")";
  if (t.has_map_type())
    return "map(" + std::to_string(t.map_type().key_type()) + "," + type_text(t.map_type().value_type()) + ")";
  return "unknown";
}

// Does what inference found agree with what was declared? Unknown dims on
// either side agree with anything; element types and ranks must match.
bool agrees(const onnx::TypeProto& declared, const onnx::TypeProto& inferred) {
  if (declared.value_case() != inferred.value_case()) return false;
  if (declared.has_sequence_type())
    return agrees(declared.sequence_type().elem_type(), inferred.sequence_type().elem_type());
  if (declared.has_map_type())
    return declared.map_type().key_type() == inferred.map_type().key_type() &&
           agrees(declared.map_type().value_type(), inferred.map_type().value_type());
  if (!declared.has_tensor_type()) return false;
  const auto& d = declared.tensor_type();
  const auto& i = inferred.tensor_type();
  if (d.elem_type() != i.elem_type()) return false;
  if (!d.has_shape() || !i.has_shape()) return true;
  if (d.shape().dim_size() != i.shape().dim_size()) return false;
  for (int k = 0; k < d.shape().dim_size(); ++k) {
    const auto& dd = d.shape().dim(k);
    const auto& id = i.shape().dim(k);
    if (dd.has_dim_value() && id.has_dim_value() && dd.dim_value() != id.dim_value()) return false;
  }
  return true;
}

}  // namespace

void validate_model(onnx::ModelProto& model) {
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception& e) {
    throw Error(std::string("the converted model fails the onnx checker: ") + e.what());
  }

  // Infer the outputs from scratch: take the declared types out, let shape
  // inference fill them in, compare, then put the declared types back.
  auto* graph = model.mutable_graph();
  std::vector<onnx::TypeProto> declared;
  for (auto& output : *graph->mutable_output()) {
    declared.push_back(output.type());
    output.clear_type();
  }
  try {
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                       onnx::ShapeInferenceOptions(true, 1, false));
  } catch (const std::exception& e) {
    for (int k = 0; k < graph->output_size(); ++k) *graph->mutable_output(k)->mutable_type() = declared[k];
    graph->clear_value_info();
    throw Error(std::string("onnx shape inference rejects the converted model: ") + e.what());
  }
  std::string mismatch;
  for (int k = 0; k < graph->output_size(); ++k) {
    auto* output = graph->mutable_output(k);
    if (!output->has_type() || !agrees(declared[k], output->type())) {
      mismatch += "output '" + output->name() + "': converters declared " + type_text(declared[k]) +
                  ", shape inference found " + (output->has_type() ? type_text(output->type()) : "nothing") + "; ";
    }
    *output->mutable_type() = declared[k];
  }
  graph->clear_value_info();
  if (!mismatch.empty()) throw Error("the converted model's types disagree: " + mismatch);
}

}  // namespace onnxconv
