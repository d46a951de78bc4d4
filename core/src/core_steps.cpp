#include "core_steps.h"

#include "graph_builder.h"

#include <cstdio>
#include <stdexcept>

namespace onnxconv {
namespace {

// ---- emitting through the GraphBuilder directly ----

void add_node(GraphBuilder& graph, const char* op_type, const std::vector<std::string>& inputs,
              const std::string& output, const std::vector<oc_attribute>& attributes = {}) {
  std::vector<const char*> in;
  for (const auto& s : inputs) in.push_back(s.c_str());
  const char* out = output.c_str();
  oc_node node{};
  node.struct_size = sizeof node;
  node.op_type = op_type;
  node.name_hint = op_type;
  node.inputs = in.data();
  node.n_inputs = in.size();
  node.outputs = &out;
  node.n_outputs = 1;
  node.attributes = attributes.data();
  node.n_attributes = attributes.size();
  graph.add_node(node);
}

oc_attribute int_attribute(const char* name, int64_t value) {
  oc_attribute a{};
  a.struct_size = sizeof a;
  a.name = name;
  a.type = OC_ATTR_INT;
  a.i = value;
  return a;
}

std::string int64s_initializer(GraphBuilder& graph, const std::string& hint, const std::vector<int64_t>& values) {
  int64_t n = static_cast<int64_t>(values.size());
  oc_tensor t{};
  t.struct_size = sizeof t;
  t.elem_type = OC_ELEM_INT64;
  t.rank = 1;
  t.dims = &n;
  t.data = values.data();
  return graph.add_initializer(hint, t);
}

// A scalar of a floating element type.
std::string scalar_initializer(GraphBuilder& graph, const std::string& hint, int32_t elem, double value) {
  float f = static_cast<float>(value);
  oc_tensor t{};
  t.struct_size = sizeof t;
  t.elem_type = elem;
  t.rank = 0;
  t.data = elem == OC_ELEM_DOUBLE ? static_cast<const void*>(&value) : static_cast<const void*>(&f);
  return graph.add_initializer(hint, t);
}

// ---- type checks shared by the steps ----

const oc_value_type& one_matrix(const std::vector<oc_value_type>& inputs, const char* what) {
  if (inputs.size() != 1) throw std::runtime_error(std::string(what) + " takes one input");
  const oc_value_type& t = inputs[0];
  if (t.kind != OC_VALUE_TENSOR || t.rank != 2)
    throw std::runtime_error(std::string(what) + " needs a [N, columns] tensor input");
  return t;
}

bool is_floating(int32_t elem) { return elem == OC_ELEM_FLOAT || elem == OC_ELEM_DOUBLE; }

std::string list_text(const std::vector<int64_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

// First index of a contiguous ascending run covering all of `v`, or -1.
int64_t contiguous_start(const std::vector<int64_t>& v) {
  for (size_t i = 1; i < v.size(); ++i)
    if (v[i] != v[0] + static_cast<int64_t>(i)) return -1;
  return v.empty() ? -1 : v[0];
}

// ---- the steps ----

class SelectColumns : public CoreStep {
 public:
  explicit SelectColumns(std::vector<int64_t> indices) : indices_(std::move(indices)) {}

  std::string describe() const override {
    return (contiguous_start(indices_) >= 0 ? "Slice" : "Gather") + std::string(" columns ") + list_text(indices_);
  }
  std::string output_hint() const override { return "columns"; }

  oc_value_type infer(const std::vector<oc_value_type>& inputs) const override {
    oc_value_type t = one_matrix(inputs, "a column selection");
    for (int64_t i : indices_)
      if (i < 0 || (t.dims[1] >= 0 && i >= t.dims[1]))
        throw std::runtime_error("column " + std::to_string(i) + " is out of range for an input of " +
                                 std::to_string(t.dims[1]) + " columns");
    t.dims[1] = static_cast<int64_t>(indices_.size());
    return t;
  }

  // A contiguous run is a Slice (no index tensor to gather through);
  // anything else a Gather along the columns.
  void emit(GraphBuilder& graph, const std::vector<std::string>& inputs, const std::vector<oc_value_type>&,
            const std::string& output) const override {
    int64_t start = contiguous_start(indices_);
    if (start >= 0 && graph.target_opset("") >= 10) {
      std::string starts = int64s_initializer(graph, "starts", {start});
      std::string ends = int64s_initializer(graph, "ends", {start + static_cast<int64_t>(indices_.size())});
      std::string axes = int64s_initializer(graph, "axes", {1});
      add_node(graph, "Slice", {inputs[0], starts, ends, axes}, output);
      return;
    }
    std::string indices = int64s_initializer(graph, "columns", indices_);
    add_node(graph, "Gather", {inputs[0], indices}, output, {int_attribute("axis", 1)});
  }

 private:
  std::vector<int64_t> indices_;
};

class ConcatColumns : public CoreStep {
 public:
  std::string describe() const override { return "Concat columns"; }
  std::string output_hint() const override { return "concat"; }

  oc_value_type infer(const std::vector<oc_value_type>& inputs) const override {
    if (inputs.empty()) throw std::runtime_error("nothing to concatenate");
    oc_value_type out = one_matrix({inputs[0]}, "a concatenation");
    out.dims[1] = 0;
    for (const auto& t : inputs) {
      one_matrix({t}, "a concatenation");
      if (t.elem_type != out.elem_type)
        throw std::runtime_error("a concatenation needs inputs of one element type");
      out.dims[1] = out.dims[1] < 0 || t.dims[1] < 0 ? -1 : out.dims[1] + t.dims[1];
    }
    return out;
  }
  void emit(GraphBuilder& graph, const std::vector<std::string>& inputs, const std::vector<oc_value_type>&,
            const std::string& output) const override {
    add_node(graph, "Concat", inputs, output, {int_attribute("axis", 1)});
  }
};

class MultiplyBy : public CoreStep {
 public:
  explicit MultiplyBy(double weight) : weight_(weight) {}
  std::string describe() const override {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", weight_);
    return std::string("Mul by weight ") + text;
  }
  std::string output_hint() const override { return "weighted"; }

  oc_value_type infer(const std::vector<oc_value_type>& inputs) const override {
    const oc_value_type& t = one_matrix(inputs, "a weight");
    if (!is_floating(t.elem_type)) throw std::runtime_error("a weight applies to float or double values only");
    return t;
  }
  void emit(GraphBuilder& graph, const std::vector<std::string>& inputs, const std::vector<oc_value_type>& types,
            const std::string& output) const override {
    std::string w = scalar_initializer(graph, "weight", types[0].elem_type, weight_);
    add_node(graph, "Mul", {inputs[0], w}, output);
  }

 private:
  double weight_;
};

class CastTo : public CoreStep {
 public:
  explicit CastTo(int32_t elem) : elem_(elem) {}
  std::string describe() const override { return "Cast to element type " + std::to_string(elem_); }
  std::string output_hint() const override { return "cast"; }
  oc_value_type infer(const std::vector<oc_value_type>& inputs) const override {
    oc_value_type t = one_matrix(inputs, "a cast");
    if (t.elem_type == elem_) throw std::runtime_error("a cast to the type the value already has");
    t.elem_type = elem_;
    return t;
  }
  void emit(GraphBuilder& graph, const std::vector<std::string>& inputs, const std::vector<oc_value_type>&,
            const std::string& output) const override {
    add_node(graph, "Cast", inputs, output, {int_attribute("to", elem_)});
  }

 private:
  int32_t elem_;
};

class Rename : public CoreStep {
 public:
  std::string describe() const override { return "Identity (the output is the input itself)"; }
  std::string output_hint() const override { return "output"; }
  oc_value_type infer(const std::vector<oc_value_type>& inputs) const override {
    if (inputs.size() != 1) throw std::runtime_error("a rename takes one input");
    return inputs[0];
  }
  void emit(GraphBuilder& graph, const std::vector<std::string>& inputs, const std::vector<oc_value_type>&,
            const std::string& output) const override {
    add_node(graph, "Identity", inputs, output);
  }
};

}  // namespace

std::shared_ptr<CoreStep> select_columns(std::vector<int64_t> indices) {
  return std::make_shared<SelectColumns>(std::move(indices));
}
std::shared_ptr<CoreStep> concat_columns() { return std::make_shared<ConcatColumns>(); }
std::shared_ptr<CoreStep> multiply_by(double weight) { return std::make_shared<MultiplyBy>(weight); }
std::shared_ptr<CoreStep> cast_to(int32_t elem_type) { return std::make_shared<CastTo>(elem_type); }
std::shared_ptr<CoreStep> rename() { return std::make_shared<Rename>(); }

}  // namespace onnxconv
