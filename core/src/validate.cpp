#include "validate.h"

#include <onnxconv/engine.h>

#include <onnx/checker.h>
#include <onnx/common/constants.h>
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <new>
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

bool is_zipmap(const onnx::NodeProto& node) {
  return node.op_type() == "ZipMap" && node.domain() == onnx::AI_ONNX_ML_DOMAIN;
}

// onnx 1.12's shape inference cannot type ZipMap's output (onnx issue 5231:
// "type case unsupported"), so ZipMap nodes sit out of inference and their
// outputs are checked here by hand: a float tensor in, a sequence of maps
// out whose key type follows the class labels.
class ZipMapsSetAside {
 public:
  explicit ZipMapsSetAside(onnx::GraphProto& graph) : graph_(graph) {
    auto* nodes = graph.mutable_node();
    for (int i = nodes->size() - 1; i >= 0; --i) {
      if (!is_zipmap(nodes->Get(i))) continue;
      removed_.push_back({i, std::move(*nodes->Mutable(i))});
      nodes->DeleteSubrange(i, 1);
    }
  }
  ~ZipMapsSetAside() { restore(); }

  // The declared type a ZipMap output must have, or nullptr when `name` is
  // not a ZipMap output.
  const onnx::NodeProto* producer(const std::string& name) const {
    for (const auto& r : removed_)
      if (r.node.output_size() == 1 && r.node.output(0) == name) return &r.node;
    return nullptr;
  }

  void restore() {
    auto* nodes = graph_.mutable_node();
    for (auto it = removed_.rbegin(); it != removed_.rend(); ++it) {
      *nodes->Add() = std::move(it->node);
      for (int k = nodes->size() - 1; k > it->index; --k) nodes->SwapElements(k, k - 1);
    }
    removed_.clear();
  }

 private:
  struct Removed {
    int index;
    onnx::NodeProto node;
  };
  onnx::GraphProto& graph_;
  std::vector<Removed> removed_;
};

const onnx::TypeProto* inferred_type(const onnx::GraphProto& graph, const std::string& name) {
  for (const auto& v : graph.value_info())
    if (v.name() == name) return &v.type();
  for (const auto& v : graph.input())
    if (v.name() == name) return &v.type();
  return nullptr;
}

std::string check_zipmap_output(const onnx::GraphProto& graph, const onnx::NodeProto& zipmap,
                                const onnx::TypeProto& declared) {
  const onnx::TypeProto* in = inferred_type(graph, zipmap.input(0));
  if (in == nullptr || !in->has_tensor_type() || in->tensor_type().elem_type() != onnx::TensorProto::FLOAT)
    return "ZipMap input '" + zipmap.input(0) + "' is not a float tensor; ";
  bool int_keys = false;
  for (const auto& a : zipmap.attribute())
    if (a.name() == "classlabels_int64s") int_keys = true;
  int32_t key = int_keys ? onnx::TensorProto::INT64 : onnx::TensorProto::STRING;
  bool ok = declared.has_sequence_type() && declared.sequence_type().elem_type().has_map_type() &&
            declared.sequence_type().elem_type().map_type().key_type() == key &&
            declared.sequence_type().elem_type().map_type().value_type().tensor_type().elem_type() ==
                onnx::TensorProto::FLOAT;
  return ok ? std::string() : "output '" + zipmap.output(0) + "': declared " + type_text(declared) +
                                  ", but its ZipMap makes seq(map(" + std::to_string(key) + ",tensor(1))); ";
}

}  // namespace

void validate_model(onnx::ModelProto& model) {
  try {
    onnx::checker::check_model(model);
  } catch (const std::bad_alloc&) {
    throw;  // out of memory is not the model's fault
  } catch (const std::exception& e) {
    throw Error(std::string("the converted model fails the onnx checker: ") + e.what());
  }

  // Infer the outputs from scratch: take the declared types out, let shape
  // inference fill them in, compare, then put the declared types back.
  auto* graph = model.mutable_graph();
  ZipMapsSetAside zipmaps(*graph);
  std::vector<onnx::TypeProto> declared;
  for (auto& output : *graph->mutable_output()) {
    declared.push_back(output.type());
    output.clear_type();
  }
  try {
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                       onnx::ShapeInferenceOptions(true, 1, false));
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    for (int k = 0; k < graph->output_size(); ++k) *graph->mutable_output(k)->mutable_type() = declared[k];
    graph->clear_value_info();
    throw Error(std::string("onnx shape inference rejects the converted model: ") + e.what());
  }
  std::string mismatch;
  for (int k = 0; k < graph->output_size(); ++k) {
    auto* output = graph->mutable_output(k);
    if (const onnx::NodeProto* zipmap = zipmaps.producer(output->name())) {
      mismatch += check_zipmap_output(*graph, *zipmap, declared[k]);
    } else if (!output->has_type() || !agrees(declared[k], output->type())) {
      mismatch += "output '" + output->name() + "': converters declared " + type_text(declared[k]) +
                  ", shape inference found " + (output->has_type() ? type_text(output->type()) : "nothing") + "; ";
    }
    *output->mutable_type() = declared[k];
  }
  graph->clear_value_info();
  if (!mismatch.empty()) throw Error("the converted model's types disagree: " + mismatch);
}

}  // namespace onnxconv
