#include "graph_hygiene.h"

#include <set>
#include <vector>

namespace onnxconv {
namespace {

// Ops whose first output has the element type of their first input.
const std::set<std::string>& same_type_ops() {
  static const std::set<std::string> ops = {
      "Identity", "Add", "Sub", "Mul", "Div", "Neg", "Abs", "Exp", "Log", "Sqrt", "Pow", "Reciprocal",
      "Relu", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "MatMul", "Gemm", "Concat", "Gather", "Slice",
      "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose", "Clip", "Max", "Min", "Sum", "Mean",
      "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceL1", "ReduceL2", "ReduceProd",
      "Tile", "Expand", "Floor", "Ceil", "Round", "Sign"};
  return ops;
}

const std::set<std::string>& bool_ops() {
  static const std::set<std::string> ops = {"Less", "LessOrEqual", "Greater", "GreaterOrEqual", "Equal",
                                            "Not", "And", "Or", "Xor", "IsNaN", "IsInf"};
  return ops;
}

const std::set<std::string>& int64_ops() {
  static const std::set<std::string> ops = {"ArgMax", "ArgMin", "Shape", "Size", "NonZero"};
  return ops;
}

// The element type of `node`'s first output, or 0 when not known here.
int32_t output_type(const onnx::NodeProto& node, const std::map<std::string, int32_t>& types) {
  if (!node.domain().empty() && node.domain() != "ai.onnx") return 0;
  const std::string& op = node.op_type();
  if (op == "Cast") {
    for (const auto& a : node.attribute())
      if (a.name() == "to") return static_cast<int32_t>(a.i());
    return 0;
  }
  if (bool_ops().count(op)) return onnx::TensorProto::BOOL;
  if (int64_ops().count(op)) return onnx::TensorProto::INT64;
  std::string source = op == "Where" && node.input_size() > 1 ? node.input(1) : node.input_size() ? node.input(0) : "";
  if (op != "Where" && !same_type_ops().count(op)) return 0;
  auto it = types.find(source);
  return it == types.end() ? 0 : it->second;
}

bool is_noop(const onnx::NodeProto& node, const std::map<std::string, int32_t>& types) {
  if (!node.domain().empty() || node.input_size() != 1 || node.output_size() != 1) return false;
  if (node.op_type() == "Identity") return true;
  if (node.op_type() != "Cast") return false;
  auto it = types.find(node.input(0));
  return it != types.end() && it->second == output_type(node, types);
}

class NoopRemover {
 public:
  NoopRemover(onnx::GraphProto& graph, const std::map<std::string, int32_t>& known) : graph_(graph), types_(known) {
    for (const auto& v : graph.input()) {
      sources_.insert(v.name());
      types_[v.name()] = v.type().tensor_type().elem_type();
    }
    for (const auto& t : graph.initializer()) {
      sources_.insert(t.name());
      types_[t.name()] = t.data_type();
    }
    for (const auto& v : graph.output()) outputs_.insert(v.name());
  }

  void run() {
    auto* nodes = graph_.mutable_node();
    for (int i = 0; i < nodes->size(); ++i) {
      onnx::NodeProto& node = *nodes->Mutable(i);
      for (auto& in : *node.mutable_input()) in = resolved(in);
      if (node.output_size() > 0 && !types_.count(node.output(0)))
        if (int32_t t = output_type(node, types_)) types_[node.output(0)] = t;
      if (is_noop(node, types_) && bypass(i)) removed_.push_back(i);
    }
    for (auto it = removed_.rbegin(); it != removed_.rend(); ++it) nodes->DeleteSubrange(*it, 1);
  }

 private:
  // Follows aliases: a value may have been routed around more than once.
  std::string resolved(std::string name) const {
    for (auto it = alias_.find(name); it != alias_.end(); it = alias_.find(name)) name = it->second;
    return name;
  }

  // Routes around node i (input `in`, output `out`); false when it must stay.
  bool bypass(int i) {
    const onnx::NodeProto& node = graph_.node(i);
    const std::string in = node.input(0), out = node.output(0);
    if (!outputs_.count(out)) {
      alias_[out] = in;  // later consumers read `in`
      return true;
    }
    if (sources_.count(in) || outputs_.count(in)) return false;
    // `out` is a graph output: the producer of `in` writes `out` instead.
    for (int k = 0; k < i; ++k) {
      onnx::NodeProto& earlier = *graph_.mutable_node(k);
      for (auto& o : *earlier.mutable_output()) if (o == in) o = out;
      for (auto& x : *earlier.mutable_input()) if (x == in) x = out;
    }
    alias_[in] = out;
    types_[out] = types_.count(in) ? types_[in] : 0;
    return true;
  }

  onnx::GraphProto& graph_;
  std::map<std::string, int32_t> types_;
  std::set<std::string> sources_;  // graph inputs and initializers
  std::set<std::string> outputs_;
  std::map<std::string, std::string> alias_;
  std::vector<int> removed_;
};

}  // namespace

void remove_noop_nodes(onnx::GraphProto& graph, const std::map<std::string, int32_t>& known) {
  NoopRemover(graph, known).run();
}

namespace {
bool has_subgraphs(const onnx::GraphProto& graph) {
  for (const auto& node : graph.node())
    for (const auto& a : node.attribute())
      if (a.has_g() || a.graphs_size() > 0) return true;
  return false;
}
}  // namespace

void remove_unused_nodes(onnx::GraphProto& graph) {
  if (has_subgraphs(graph)) return;
  std::set<std::string> read;  // values a graph output depends on
  for (const auto& v : graph.output()) read.insert(v.name());
  auto* nodes = graph.mutable_node();
  std::vector<int> unused;
  for (int i = nodes->size() - 1; i >= 0; --i) {
    const onnx::NodeProto& node = nodes->Get(i);
    bool needed = false;
    for (const auto& out : node.output()) needed = needed || read.count(out) > 0;
    if (!needed) {
      unused.push_back(i);
      continue;
    }
    for (const auto& in : node.input()) read.insert(in);
  }
  for (int i : unused) nodes->DeleteSubrange(i, 1);  // descending: indices stay valid
  auto* initializers = graph.mutable_initializer();
  for (int i = initializers->size() - 1; i >= 0; --i)
    if (!read.count(initializers->Get(i).name())) initializers->DeleteSubrange(i, 1);
}

}  // namespace onnxconv
