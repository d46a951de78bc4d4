#include "topology.h"

#include "graph_builder.h"
#include "host_api.h"

#include <algorithm>
#include <map>

namespace onnxconv {
namespace {

constexpr size_t kMaxOutputs = 16;

std::string class_of(const py::Value& v) {
  if (v.kind == py::Kind::Instance || v.kind == py::Kind::Global)
    return v.module.empty() ? v.name : v.module + "." + v.name;
  return v.type_name();
}

oc_value_type tensor_type(int32_t elem, int64_t rows, int64_t cols) {
  oc_value_type t{};
  t.struct_size = sizeof t;
  t.kind = OC_VALUE_TENSOR;
  t.elem_type = elem;
  t.rank = 2;
  t.dims[0] = rows;
  t.dims[1] = cols;
  return t;
}

const char* elem_name(int32_t elem) {
  switch (elem) {
    case OC_ELEM_FLOAT: return "float";
    case OC_ELEM_DOUBLE: return "double";
    case OC_ELEM_INT64: return "int64";
    case OC_ELEM_INT32: return "int32";
    case OC_ELEM_STRING: return "string";
    case OC_ELEM_BOOL: return "bool";
    case OC_ELEM_UINT8: return "uint8";
    case OC_ELEM_INT8: return "int8";
    default: return "undefined";
  }
}

bool is_passthrough(const py::Value& step) {
  return step.kind == py::Kind::None || (step.kind == py::Kind::String && step.s == "passthrough");
}

}  // namespace

std::string describe_type(const oc_value_type& t) {
  if (t.kind == OC_VALUE_SEQUENCE_OF_MAPS)
    return std::string("seq(map(") + elem_name(t.key_type) + ",tensor(" + elem_name(t.elem_type) + ")))";
  std::string s = std::string("tensor(") + elem_name(t.elem_type) + ")";
  if (t.rank < 0) return s;
  s += "[";
  for (int32_t i = 0; i < t.rank; ++i) {
    if (i) s += ",";
    s += t.dims[i] >= 0 ? std::to_string(t.dims[i]) : std::string("N");
  }
  return s + "]";
}

Topology::Topology(registry::Registry& registry, const ConvertOptions& options,
                   int32_t float_type, GraphBuilder& graph)
    : registry_(registry), options_(options), float_type_(float_type), graph_(graph) {}

void Topology::plan(const py::Value& root) {
  int64_t n_features = -1;
  if (root.kind == py::Kind::Instance && root.state) {
    const py::Value* n = root.state->get("n_features_in_");
    if (n != nullptr && n->kind == py::Kind::Int) n_features = n->i;
  }
  Variable x;
  x.role = options_.input_name;
  x.type = tensor_type(float_type_, -1, n_features);
  variables_.push_back(x);
  input_ = 0;
  outputs_ = plan_estimator(root, root.name.empty() ? class_of(root) : root.name, "", {input_});
  check_options();
}

std::vector<size_t> Topology::plan_estimator(const py::Value& est, const std::string& path,
                                             const std::string& prefix, std::vector<size_t> inputs) {
  if (est.kind == py::Kind::Instance && est.module == "sklearn.pipeline" && est.name == "Pipeline")
    return plan_pipeline(est, path, std::move(inputs));
  return plan_converter(est, path, prefix, std::move(inputs));
}

// A Pipeline chains its steps: each step's output feeds the next.
std::vector<size_t> Topology::plan_pipeline(const py::Value& pipeline, const std::string& path,
                                            std::vector<size_t> inputs) {
  const py::Value* steps = pipeline.state ? pipeline.state->get("steps") : nullptr;
  if (steps == nullptr || steps->kind != py::Kind::List)
    throw Error(path + ": Pipeline without a list of steps");
  std::vector<size_t> current = std::move(inputs);
  for (size_t i = 0; i < steps->items.size(); ++i) {
    const py::Value& step = *steps->items[i];
    std::string step_path = path + ".steps[" + std::to_string(i) + "]";
    if (step.kind != py::Kind::Tuple || step.items.size() != 2 || step.items[0]->kind != py::Kind::String)
      throw Error(step_path + ": expected a (name, estimator) tuple, got " + step.type_name());
    const std::string& name = step.items[0]->s;
    const py::Value& estimator = *step.items[1];
    if (is_passthrough(estimator)) continue;
    if (current.size() != 1)
      throw Error(step_path + " '" + name + "': the previous step has " + std::to_string(current.size()) +
                  " outputs; a pipeline step takes one");
    current = plan_estimator(estimator, step_path + " '" + name + "'", name, current);
  }
  return current;
}

std::vector<size_t> Topology::plan_converter(const py::Value& est, const std::string& path,
                                             const std::string& prefix, std::vector<size_t> inputs) {
  std::string cls = class_of(est);
  if (est.kind != py::Kind::Instance)
    throw Error(path + ": expected an estimator object, got " + cls);
  Operator op;
  op.path = path;
  op.node_prefix = prefix.empty() ? est.name : prefix;
  op.estimator = &est;
  op.inputs = std::move(inputs);
  try {
    op.converter = registry_.resolve(cls);
  } catch (const std::exception& e) {
    throw Error(path + ": " + cls + ": " + e.what());
  }

  std::vector<oc_value_type> in_types;
  for (size_t v : op.inputs) in_types.push_back(variables_[v].type);
  std::vector<oc_value_type> out_types(kMaxOutputs);
  for (auto& t : out_types) t.struct_size = sizeof t;
  size_t n_out = 0;
  oc_context ctx;
  ctx.graph = &graph_;
  ctx.options = &options_.options;
  ctx.float_type = float_type_;
  oc_status* status = op.converter.converter->infer(&ctx, host_api(), to_handle(&est), in_types.data(),
                                                    in_types.size(), out_types.data(), out_types.size(), &n_out);
  if (status != nullptr)
    throw Error(describe_failure(op) + " (shape inference): " + take_status_message(status));
  if (n_out == 0 || n_out > kMaxOutputs)
    throw Error(describe_failure(op) + ": shape inference declared " + std::to_string(n_out) + " outputs");

  for (size_t i = 0; i < n_out; ++i) {
    Variable var;
    var.role = out_types[i].name != nullptr ? out_types[i].name : "output" + std::to_string(i);
    var.type = out_types[i];
    var.type.name = nullptr;  // the plugin's string is only valid during the call
    op.outputs.push_back(variables_.size());
    variables_.push_back(std::move(var));
  }
  operators_.push_back(std::move(op));
  return operators_.back().outputs;
}

// Every option the user gave must be offered by some converter in the model,
// so a typo is an error rather than silently ignored.
void Topology::check_options() const {
  std::set<std::string> offered;
  for (const auto& op : operators_)
    for (const auto& o : op.converter.manifest->options) offered.insert(o);
  for (const auto& [name, value] : options_.options) {
    if (offered.count(name)) continue;
    std::string list;
    for (const auto& o : offered) list += (list.empty() ? "" : ", ") + o;
    throw Error("option '" + name + "' is not offered by any converter of this model" +
                (list.empty() ? std::string(" (they offer none)") : " (offered: " + list + ")"));
  }
}

void Topology::name_variables() {
  Variable& x = variables_[input_];
  x.name = x.role;
  graph_.reserve_name(x.name);
  std::set<std::string> finals;
  for (size_t v : outputs_) {
    std::string name = variables_[v].role;
    for (int k = 1; finals.count(name); ++k) name = variables_[v].role + std::to_string(k);
    finals.insert(name);
    variables_[v].name = name;
    graph_.reserve_name(name);
  }
  for (const auto& op : operators_)
    for (size_t v : op.outputs)
      if (variables_[v].name.empty())
        variables_[v].name = graph_.unique_name(op.node_prefix + "_" + variables_[v].role);
}

std::string Topology::describe_failure(const Operator& op) const {
  return "plugin '" + op.converter.plugin->name + "' (" + op.converter.plugin->library_path +
         ") failed on " + class_of(*op.estimator) + " at " + op.path;
}

void Topology::emit() {
  graph_.add_input(variables_[input_].name, variables_[input_].type);
  for (const auto& op : operators_) {
    std::vector<const char*> in, out;
    for (size_t v : op.inputs) in.push_back(variables_[v].name.c_str());
    for (size_t v : op.outputs) out.push_back(variables_[v].name.c_str());
    oc_context ctx;
    ctx.graph = &graph_;
    ctx.options = &options_.options;
    ctx.float_type = float_type_;
    graph_.set_node_prefix(op.node_prefix);
    oc_status* status = op.converter.converter->convert(&ctx, host_api(), to_handle(op.estimator), in.data(),
                                                        in.size(), out.data(), out.size());
    if (status != nullptr) throw Error(describe_failure(op) + ": " + take_status_message(status));
  }
  graph_.set_node_prefix("");
  for (size_t v : outputs_) graph_.add_output(variables_[v].name, variables_[v].type);
}

ConversionPlan Topology::describe() const {
  auto value = [this](size_t v) {
    return ValueDescription{variables_[v].name.empty() ? variables_[v].role : variables_[v].name,
                            describe_type(variables_[v].type)};
  };
  ConversionPlan plan;
  plan.inputs.push_back(value(input_));
  for (size_t v : outputs_) plan.outputs.push_back(value(v));
  for (const auto& op : operators_) {
    StepDescription step;
    step.path = op.path;
    step.estimator_class = class_of(*op.estimator);
    step.plugin = op.converter.plugin->name;
    step.plugin_library = op.converter.plugin->library_path;
    for (size_t v : op.inputs) step.inputs.push_back(value(v));
    for (size_t v : op.outputs) step.outputs.push_back(value(v));
    plan.steps.push_back(std::move(step));
  }
  return plan;
}

}  // namespace onnxconv
