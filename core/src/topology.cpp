#include "topology.h"

#include "column_spec.h"
#include "graph_builder.h"
#include "graph_hygiene.h"
#include "host_api.h"
#include "sklearn_versions.h"
#include "composites/sklearn_common.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <type_traits>

namespace onnxconv {
namespace {

constexpr size_t kMaxOutputs = 16;
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

// The type of a value a lenient plan could not infer.
oc_value_type unknown_type() {
  oc_value_type t{};
  t.struct_size = sizeof t;
  t.kind = OC_VALUE_TENSOR;
  t.elem_type = OC_ELEM_UNDEFINED;
  t.rank = -1;
  for (auto& d : t.dims) d = -1;  // composites read dims[1] as "columns, -1 unknown"
  return t;
}

// The file's class path, plus the current one when the file is older.
std::string class_label(const py::Value& est) {
  std::string file = class_of(est), current = converter_class(est);
  return file == current ? file : file + " (now " + current + ")";
}

// A converter's message with the release the estimator's state names,
// unless the message already names it.
std::string with_version(const py::Value& est, const std::string& message) {
  std::string v = sklearn_version_of(est);
  bool named = v.empty() ? message.find("without _sklearn_version") != std::string::npos
                         : message.find("scikit-learn " + v) != std::string::npos;
  // Other libraries' own classes (lightgbm.Booster, xgboost's Booster and model files) carry no _sklearn_version:
  // "written before 0.18" would mislead there.
  bool foreign = v.empty() && est.kind == py::Kind::Instance && est.module.rfind("sklearn", 0) != 0;
  return named || foreign ? message : message + " " + version_note(est);
}

}  // namespace

bool is_composite(const py::Value& est) { return find_composite(est) != nullptr; }

std::string converter_class(const py::Value& est) {
  if (est.kind != py::Kind::Instance) return class_of(est);
  return current_class_name(est.module, est.name);
}

std::string describe_type(const oc_value_type& t) {
  if (t.elem_type == OC_ELEM_UNDEFINED) return "unknown";
  if (t.kind == OC_VALUE_SEQUENCE_OF_MAPS)
    return std::string("seq(map(") + elem_name(t.key_type) + ",tensor(" + elem_name(t.elem_type) + ")))";
  std::string s = std::string("tensor(") + elem_name(t.elem_type) + ")";
  if (t.kind == OC_VALUE_SEQUENCE_OF_TENSORS) return "seq(" + s + ")";
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

namespace {
// A member planned through the seam gets the options its composite gives
// and none of the model's: those shape the outputs the user reads, while
// the composite reads its members' (raw_scores=true on a soft vote would
// otherwise average decision values as probabilities).
std::unique_ptr<const ConvertOptions> member_options_of(const ConvertOptions& model,
                                                         const SubConversions::Options& member) {
  auto options = std::make_unique<ConvertOptions>(model);
  options->options = member;
  return options;
}
}  // namespace

Topology::Topology(Topology& parent, Nested, const SubConversions::Options& member_options)
    : registry_(parent.registry_),
      member_options_(member_options_of(parent.options_, member_options)),
      options_(*member_options_),
      float_type_(parent.float_type_),
      graph_(parent.graph_),
      root_(parent.root_),
      depth_(parent.depth_ + 1) {}

const char* Topology::keep(std::string s) {
  root_->kept_.push_back(std::move(s));
  return root_->kept_.back().c_str();
}

// --------------------------------------------------------- sub-estimators

namespace {
// A converter's status: its own kind, or a plugin failure when it gave none
// (a shape inference that declares no outputs is one too).
ErrorKind plugin_error_kind(const oc_status* status) {
  ErrorKind kind = status_error_kind(status);
  return kind == ErrorKind::Other ? ErrorKind::PluginFailure : kind;
}

// A hostile file could nest composites until the stack runs out.
constexpr int kMaxNesting = 32;

// "estimators_[0]" -> "estimators_0": a readable node-name prefix part.
std::string prefix_part(const std::string& member) {
  std::string out;
  for (char c : member) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  while (!out.empty() && out.back() == '_' && member.back() != '_') out.pop_back();
  return out;
}
}  // namespace

// infer_sub / convert_sub for one converter call: the sub-estimator is
// planned by a child topology whose path and node prefix extend the step's.
class StepSubs final : public SubConversions {
 public:
  StepSubs(Topology& owner, const Operator& op, bool planning) : owner_(owner), op_(op), planning_(planning) {}

  std::vector<oc_value_type> infer_sub(const py::Value& sub, const std::string& member,
                                       const std::vector<oc_value_type>& inputs, const Options& options) override {
    return recording_failure([&] { return infer(sub, member, inputs, options); });
  }

  std::vector<Output> convert_sub(const py::Value& sub, const std::string& member,
                                  const std::vector<std::string>& inputs,
                                  const std::vector<oc_value_type>& input_types, const Options& options) override {
    return recording_failure([&] { return convert(sub, member, inputs, input_types, options); });
  }

  // A converter that passes a member's failure on unchanged: that message
  // already names the plugin, the class and the full path, so the
  // converter's own step adds nothing (32 nested levels repeated it 32 times).
  bool passes_on_member_failure(const std::string& message) const {
    return !member_failure_.empty() && message == member_failure_;
  }

  std::vector<StepDescription> nested_;

 private:
  template <class Call>
  std::invoke_result_t<Call> recording_failure(Call&& call) {
    try {
      return call();
    } catch (const std::exception& e) {
      member_failure_ = e.what();
      throw;
    }
  }

  std::vector<oc_value_type> infer(const py::Value& sub, const std::string& member,
                                   const std::vector<oc_value_type>& inputs, const Options& options) {
    Topology child(owner_, Topology::Nested{}, options);
    child.plan_nested(sub, op_.path + "." + member, join(op_.node_prefix, prefix_part(member)), inputs,
                      table_columns(inputs, nullptr));
    child.check_member_options(options, op_.path + "." + member);
    if (planning_) {
      for (auto& step : child.describe().steps) nested_.push_back(std::move(step));
    }
    std::vector<oc_value_type> types;
    for (size_t v : child.outputs_) {
      oc_value_type t = child.variables_[v].type;
      t.name = owner_.keep(child.variables_[v].role);
      types.push_back(t);
    }
    return types;
  }

  std::vector<Output> convert(const py::Value& sub, const std::string& member, const std::vector<std::string>& inputs,
                              const std::vector<oc_value_type>& input_types, const Options& options) {
    if (inputs.size() != input_types.size()) throw Error(op_.path + "." + member + ": inputs and types differ in count");
    Topology child(owner_, Topology::Nested{}, options);
    child.plan_nested(sub, op_.path + "." + member, join(op_.node_prefix, prefix_part(member)), input_types,
                      table_columns(input_types, &inputs));
    for (size_t i = 0; i < inputs.size(); ++i) child.variables_[child.inputs_[i]].name = inputs[i];
    for (const auto& op : child.operators_)
      for (size_t v : op.outputs)
        if (child.variables_[v].name.empty()) child.variables_[v].name = owner_.graph_.unique_name(child.variables_[v].hint);
    child.emit_steps();
    owner_.graph_.set_node_prefix(op_.node_prefix);  // the calling converter goes on adding nodes
    std::vector<Output> outs;
    for (size_t v : child.outputs_)
      outs.push_back({owner_.keep(child.variables_[v].name), owner_.keep(child.variables_[v].role)});
    return outs;
  }

  // The column names when the step's inputs are a DataFrame's columns and
  // the sub-estimator gets exactly them (same count and types; when
  // converting, the same values): it was fitted on that DataFrame too.
  std::vector<std::string> table_columns(const std::vector<oc_value_type>& types,
                                         const std::vector<std::string>* names) const {
    if (!op_.table || types.size() != op_.inputs.size()) return {};
    std::vector<std::string> columns;
    for (size_t i = 0; i < types.size(); ++i) {
      const Variable& column = owner_.variables_[op_.inputs[i]];
      if (types[i].elem_type != column.type.elem_type) return {};
      if (names != nullptr && (*names)[i] != column.name) return {};
      columns.push_back(column.role);
    }
    return columns;
  }

  Topology& owner_;
  const Operator& op_;
  bool planning_;
  std::string member_failure_;
};

// A sub-estimator a converter has the host plan is asked for its
// predictions (Use::Predict), on the converter's values or, when those are
// a DataFrame's columns, on the columns (roles: the column names).
void Topology::plan_nested(const py::Value& sub, const std::string& path, const std::string& prefix,
                           const std::vector<oc_value_type>& input_types, const std::vector<std::string>& columns) {
  if (depth_ > kMaxNesting)
    throw Error(path + ": sub-estimators nest deeper than " + std::to_string(kMaxNesting) + " levels");
  for (size_t i = 0; i < input_types.size(); ++i) {
    Variable in;
    in.hint = prefix + "/input" + std::to_string(i);
    in.role = columns.empty() ? in.hint : columns[i];
    in.type = input_types[i];
    inputs_.push_back(variables_.size());
    variables_.push_back(std::move(in));
  }
  outputs_ = plan_estimator(sub, path, prefix, inputs_, !columns.empty(), Use::Predict);
}

oc_context Topology::context_for(const std::vector<oc_value_type>& input_types, SubConversions* subs) {
  oc_context ctx;
  ctx.graph = &graph_;
  ctx.options = &options_.options;
  ctx.float_type = float_type_;
  ctx.input_types = &input_types;
  ctx.subs = subs;
  return ctx;
}

// ---------------------------------------------------------------- planning

void Topology::plan(const py::Value& root, const std::string& key) {
  std::string path = root.name.empty() ? class_of(root) : root.name;
  if (!key.empty()) path = "['" + key + "'] " + path;
  schema_ = input_schema(root, path, float_type_, options_);
  bool table = schema_.per_column;
  if (table) {
    for (const auto& c : schema_.columns) {
      Variable column;
      column.role = c.name;
      column.type = tensor_type(c.elem, -1, 1);
      inputs_.push_back(variables_.size());
      variables_.push_back(column);
    }
  } else {
    Variable x;
    x.role = options_.input_name;
    x.type = tensor_type(float_type_, -1, declared_width(root));
    if (schema_.label_elem != 0) {  // labels, as y: [N]
      x.type.elem_type = schema_.label_elem;
      x.type.rank = 1;
    }
    inputs_ = {variables_.size()};
    variables_.push_back(x);
  }
  outputs_ = plan_estimator(root, path, "", inputs_, table, Use::Predict);
  // A graph output needs a node of its own when it would be an input itself
  // (all steps passthrough) or another output.
  std::set<size_t> seen;
  for (size_t& v : outputs_) {
    bool is_input = std::count(inputs_.begin(), inputs_.end(), v) > 0;
    if (is_input || !seen.insert(v).second) v = plan_core(rename(), root, path + " (output)", "", {v});
  }
  check_options();
}

std::vector<size_t> Topology::plan_estimator(const py::Value& est, const std::string& path,
                                             const std::string& prefix, std::vector<size_t> inputs, bool table,
                                             Use use) {
  const CompositePlanner* composite = find_composite(est);
  if (table && (composite == nullptr || !composite->takes_columns)) {
    std::vector<size_t> merged = merge_table(est, inputs, path, prefix);
    table = merged == inputs;  // columns of several types stay columns
    inputs = std::move(merged);
    if (composite != nullptr) table = false;
  }
  if (composite != nullptr)
    return composite->plan(*this, CompositeCall{est, path, prefix, std::move(inputs), table, use});
  std::vector<size_t> outputs = plan_step(est, path, prefix, std::move(inputs), table);
  // A clusterer's transform (KMeans, MiniBatchKMeans) is its distances: used
  // for transform (a Pipeline step before the last), it passes on `scores`.
  if (use == Use::Transform && outputs.size() == 2 && variables_[outputs[0]].role == "label" &&
      variables_[outputs[1]].role == "scores")
    return {outputs[1]};
  return outputs;
}

// A table's columns as a converter takes them: one [N, k] value when they
// share an element type (a Concat; the column itself when k is 1), else
// each column as its own input (an encoder over string and integer columns).
std::vector<size_t> Topology::merge_table(const py::Value& owner, const std::vector<size_t>& columns,
                                          const std::string& path, const std::string& prefix) {
  if (columns.size() <= 1 || has_unknown(columns)) return columns;
  int32_t elem = variables_[columns[0]].type.elem_type;
  for (size_t v : columns)
    if (variables_[v].type.elem_type != elem) return columns;
  return {plan_core(concat_columns(), owner, path + " (columns)", prefix, columns)};
}

size_t Topology::plan_core(std::shared_ptr<const CoreStep> step, const py::Value& owner, const std::string& path,
                           const std::string& prefix, std::vector<size_t> inputs) {
  std::vector<oc_value_type> types;
  for (size_t v : inputs) types.push_back(variables_[v].type);
  Variable var;
  try {
    var.type = has_unknown(inputs) ? unknown_type() : step->infer(types);
  } catch (const std::exception& e) {
    throw Error(path + ": " + e.what());
  }
  var.type.name = nullptr;
  var.role = "variable";  // core steps glue transformer outputs
  var.hint = prefix.empty() ? step->output_hint() : prefix + "_" + step->output_hint();
  Operator op;
  op.path = path;
  op.node_prefix = prefix;
  op.estimator = &owner;
  op.core = std::move(step);
  op.inputs = std::move(inputs);
  op.outputs = {variables_.size()};
  variables_.push_back(std::move(var));
  operators_.push_back(std::move(op));
  return operators_.back().outputs[0];
}

// No plugin claims the class: unsupported; one does but cannot be loaded
// (or two claim it): the plugins' failure.
ErrorKind Topology::resolve_failure_kind(const std::string& cls) const {
  try {
    return registry_.find(cls) == nullptr ? ErrorKind::Unsupported : ErrorKind::PluginFailure;
  } catch (const std::exception&) {
    return ErrorKind::PluginFailure;
  }
}

std::string Topology::unclaimed_detail(const std::string& cls) const {
  try {
    if (registry_.find(cls) != nullptr) return "";
  } catch (const std::exception&) {
    return "";  // a conflict: resolve's message says it all
  }
  std::string names;
  for (const auto& p : registry_.plugins()) names += (names.empty() ? "" : ", ") + p.name;
  return names.empty() ? " (no plugins were found)" : " (plugins found: " + names + ")";
}

bool Topology::has_unknown(const std::vector<size_t>& values) const {
  return std::any_of(values.begin(), values.end(),
                     [this](size_t v) { return variables_[v].type.elem_type == OC_ELEM_UNDEFINED; });
}

// A lenient plan's step that cannot convert: outputs of unknown type, so
// inspect can go on and show the rest of the model.
std::vector<size_t> Topology::plan_unconverted(Operator op, std::string problem, size_t n_outputs) {
  op.problem = std::move(problem);
  const auto* declared = op.converter.manifest;
  for (size_t i = 0; i < std::max<size_t>(n_outputs, 1); ++i) {
    Variable var;
    var.role = declared != nullptr && i < declared->outputs.size() ? declared->outputs[i] : "variable";
    var.hint = op.node_prefix + "_" + var.role;
    var.type = unknown_type();
    op.outputs.push_back(variables_.size());
    variables_.push_back(std::move(var));
  }
  operators_.push_back(std::move(op));
  return operators_.back().outputs;
}

std::vector<size_t> Topology::plan_converter(const py::Value& est, const std::string& path,
                                             const std::string& prefix, std::vector<size_t> inputs) {
  return plan_step(est, path, prefix, std::move(inputs), false);
}

std::vector<size_t> Topology::plan_step(const py::Value& est, const std::string& path, const std::string& prefix,
                                        std::vector<size_t> inputs, bool table) {
  if (est.kind != py::Kind::Instance)
    throw Error(path + ": expected an estimator object, got " + class_of(est));
  std::string cls = converter_class(est);
  Operator op;
  op.path = path;
  op.node_prefix = prefix.empty() ? est.name : prefix;
  op.estimator = &est;
  op.inputs = std::move(inputs);
  op.table = table;
  try {
    op.converter = registry_.resolve(cls);
  } catch (const std::exception& e) {
    if (!lenient_)
      throw Error(path + ": " + class_label(est) + ": " + e.what() + unclaimed_detail(cls), resolve_failure_kind(cls));
    return plan_unconverted(std::move(op), std::string("no converter: ") + e.what(), 1);
  }
  size_t declared = op.converter.manifest->outputs.size();
  if (has_unknown(op.inputs)) return plan_unconverted(std::move(op), "", declared);

  std::vector<oc_value_type> in_types;
  for (size_t v : op.inputs) in_types.push_back(variables_[v].type);
  std::vector<oc_value_type> out_types(kMaxOutputs);
  for (auto& t : out_types) t.struct_size = sizeof t;
  size_t n_out = 0;
  StepSubs subs(*this, op, true);
  oc_context ctx = context_for(in_types, &subs);
  oc_status* status = op.converter.converter->infer(&ctx, host_api(), to_handle(&est), in_types.data(),
                                                    in_types.size(), out_types.data(), out_types.size(), &n_out);
  std::string problem;
  ErrorKind kind = plugin_error_kind(status);
  if (status != nullptr) {
    std::string message = take_status_message(status);
    problem = subs.passes_on_member_failure(message) ? message : failure(op, " (shape inference)", message);
  }
  else if (n_out == 0 || n_out > kMaxOutputs)
    problem = failure(op, "", "shape inference declared " + std::to_string(n_out) + " outputs");
  if (!problem.empty() && !lenient_) throw Error(problem, kind);
  if (!problem.empty()) return plan_unconverted(std::move(op), problem, declared);
  std::vector<std::string> roles;
  for (size_t i = 0; i < n_out; ++i) roles.push_back(out_types[i].name != nullptr ? out_types[i].name : "");
  problem = roles_problem(op, roles);
  if (!problem.empty() && !lenient_) throw Error(problem, ErrorKind::PluginFailure);
  op.problem = problem;  // inspect shows the step as infer gave it, and why it cannot convert

  op.nested = std::move(subs.nested_);
  for (size_t i = 0; i < n_out; ++i) {
    Variable var;
    var.role = out_types[i].name != nullptr ? out_types[i].name : "output" + std::to_string(i);
    var.hint = op.node_prefix + "_" + var.role;
    var.type = out_types[i];
    var.type.name = nullptr;  // the plugin's string is only valid during the call
    op.outputs.push_back(variables_.size());
    variables_.push_back(std::move(var));
  }
  operators_.push_back(std::move(op));
  return operators_.back().outputs;
}

// The options this plan's converters offer. Members planned through the
// seam do not count: they get only what their composite gives them.
// `complete` is false when a step has no converter yet (lenient plans): it
// may offer anything.
std::set<std::string> Topology::offered_options(bool& complete) const {
  std::set<std::string> offered;
  complete = true;
  for (const auto& op : operators_) {
    if (!op.core && op.converter.manifest == nullptr) complete = false;
    if (!op.core && op.converter.manifest != nullptr)
      offered.insert(op.converter.manifest->options.begin(), op.converter.manifest->options.end());
  }
  return offered;
}

namespace {
std::string listed(const std::set<std::string>& offered) {
  std::string list;
  for (const auto& o : offered) list += (list.empty() ? "" : ", ") + o;
  return list.empty() ? std::string(" (they offer none)") : " (offered: " + list + ")";
}
}  // namespace

namespace {
// Options are on as the SDK's option_bool reads them.
bool option_is_on(const std::map<std::string, std::string>& options, const std::string& name) {
  auto it = options.find(name);
  return it != options.end() && (it->second == "true" || it->second == "1" || it->second == "yes");
}

std::string role_list(const std::vector<std::string>& roles) {
  std::string s;
  for (const auto& r : roles) s += (s.empty() ? "" : ", ") + (r.empty() ? std::string("(unnamed)") : r);
  return "[" + s + "]";
}
}  // namespace

// The roles infer returned must be one of the lists the manifest allows for
// the options given: graph outputs are named after roles, and composites
// (pipelines, voting, stacking) pick a sub-estimator's outputs by role.
std::string Topology::roles_problem(const Operator& op, const std::vector<std::string>& roles) const {
  const registry::ConverterManifest& declared = *op.converter.manifest;
  auto allowed = registry::expected_outputs(
      declared, [this](const std::string& name) { return option_is_on(options_.options, name); });
  if (std::find(allowed.begin(), allowed.end(), roles) != allowed.end()) return "";
  std::string lists;
  for (const auto& list : allowed) lists += (lists.empty() ? "" : " or ") + role_list(list);
  return failure(op, " (shape inference)",
                 "infer returned the outputs " + role_list(roles) + " but the manifest " +
                     op.converter.plugin->manifest_path + " declares " + lists + " for " + declared.estimator_class +
                     " with these options (fields 'outputs', 'option_outputs', 'model_outputs')");
}

// Every option the user gave must be offered by some converter in the model,
// so a typo is an error rather than silently ignored.
void Topology::check_options() const {
  bool complete = true;
  std::set<std::string> offered = offered_options(complete);
  if (!complete) return;
  for (const auto& [name, value] : options_.options)
    if (!offered.count(name))
      throw Error("option '" + name + "' is not offered by any converter of this model" + listed(offered),
                  ErrorKind::BadOption);
}

// The options a composite set for a member must be offered by a converter
// of that member's plan: raw_scores on a member that has no decision
// output must fail, not quietly give probabilities.
void Topology::check_member_options(const SubConversions::Options& member_options, const std::string& path) const {
  bool complete = true;
  std::set<std::string> offered = offered_options(complete);
  if (!complete) return;
  for (const auto& [name, value] : member_options)
    if (!offered.count(name))
      throw Error(path + ": option '" + name + "' (set by its composite) is not offered by any converter of it" +
                      listed(offered),
                  ErrorKind::BadOption);
}

// ------------------------------------------------------------------ naming

void Topology::name_variables() {
  std::set<std::string> finals;
  for (size_t in : inputs_) {
    Variable& x = variables_[in];
    x.name = x.role;
    graph_.reserve_name(x.name);
    finals.insert(x.name);
  }
  for (size_t v : outputs_) {
    std::string name = variables_[v].role;
    if (finals.count(name) && schema_.per_column)
      throw Error("column '" + name + "' would share its name with the model output '" + name +
                  "': rename the column (ONNX names every input and output once)");
    for (int k = 1; finals.count(name); ++k) name = variables_[v].role + std::to_string(k);
    finals.insert(name);
    variables_[v].name = name;
    graph_.reserve_name(name);
  }
  for (const auto& op : operators_)
    for (size_t v : op.outputs)
      if (variables_[v].name.empty()) variables_[v].name = graph_.unique_name(variables_[v].hint);
}

// ---------------------------------------------------------------- emitting

// "plugin 'p' (lib) failed on Class at path: message (file written by
// scikit-learn 0.24.2)": old files fail for reasons only their release explains.
std::string Topology::failure(const Operator& op, const std::string& phase, const std::string& message) const {
  return "plugin '" + op.converter.plugin->name + "' (" + op.converter.plugin->library_path + ") failed on " +
         class_label(*op.estimator) + " at " + op.path + phase + ": " + with_version(*op.estimator, message);
}

void Topology::emit() {
  for (size_t in : inputs_) graph_.add_input(variables_[in].name, variables_[in].type);
  emit_steps();
  graph_.set_node_prefix("");
  for (size_t v : outputs_) graph_.add_output(variables_[v].name, variables_[v].type);
  remove_noop_nodes(graph_.graph(), core_types_);
  remove_unused_nodes(graph_.graph());
}

void Topology::emit_steps() {
  for (const auto& op : operators_) {
    if (!op.problem.empty() || (!op.core && op.converter.converter == nullptr))
      throw Error(op.path + ": cannot convert: " + (op.problem.empty() ? "not planned" : op.problem));
    std::vector<const char*> in, out;
    for (size_t v : op.inputs) in.push_back(variables_[v].name.c_str());
    for (size_t v : op.outputs) out.push_back(variables_[v].name.c_str());
    graph_.set_node_prefix(op.node_prefix);
    std::vector<oc_value_type> input_types;
    for (size_t v : op.inputs) input_types.push_back(variables_[v].type);
    if (op.core) {
      std::vector<std::string> names(in.begin(), in.end());
      const Variable& result = variables_[op.outputs[0]];
      try {
        op.core->emit(graph_, names, input_types, result.name);
      } catch (const std::exception& e) {
        throw Error(op.path + ": " + e.what());
      }
      root_->core_types_[result.name] = result.type.elem_type;
      continue;
    }
    StepSubs subs(*this, op, false);
    oc_context ctx = context_for(input_types, &subs);
    oc_status* status = op.converter.converter->convert(&ctx, host_api(), to_handle(op.estimator), in.data(),
                                                        in.size(), out.data(), out.size());
    if (status != nullptr) {
      ErrorKind kind = plugin_error_kind(status);
      std::string message = take_status_message(status);
      throw Error(subs.passes_on_member_failure(message) ? message : failure(op, "", message), kind);
    }
  }
}

ConversionPlan Topology::describe() const {
  // Before naming, a value shows the name it will get (up to a suffix).
  auto value = [this](size_t v) {
    const Variable& var = variables_[v];
    // A sub-estimator's outputs are intermediate values of the whole graph.
    bool final = depth_ == 0 && (std::count(inputs_.begin(), inputs_.end(), v) > 0 ||
                                 std::count(outputs_.begin(), outputs_.end(), v) > 0);
    std::string name = !var.name.empty() ? var.name : final ? var.role : var.hint;
    return ValueDescription{name, describe_type(var.type)};
  };
  ConversionPlan plan;
  for (size_t in : inputs_) plan.inputs.push_back(value(in));
  plan.per_column = schema_.per_column;
  for (const auto& c : schema_.columns)
    plan.columns.push_back({c.name, describe_type(tensor_type(c.elem, -1, 1)), c.reason});
  for (size_t v : outputs_) plan.outputs.push_back(value(v));
  for (const auto& op : operators_) {
    StepDescription step;
    step.path = op.path;
    step.estimator_class = op.core ? class_of(*op.estimator) : converter_class(*op.estimator);
    if (step.estimator_class != class_of(*op.estimator)) step.file_class = class_of(*op.estimator);
    step.problem = op.problem;
    if (op.core) {
      step.operation = op.core->describe();
    } else if (op.converter.plugin != nullptr) {
      step.plugin = op.converter.plugin->name;
      step.plugin_library = op.converter.plugin->library_path;
    }
    for (size_t v : op.inputs) step.inputs.push_back(value(v));
    for (size_t v : op.outputs) step.outputs.push_back(value(v));
    plan.steps.push_back(std::move(step));
    plan.steps.insert(plan.steps.end(), op.nested.begin(), op.nested.end());
  }
  return plan;
}

}  // namespace onnxconv
