#include "topology.h"

#include "column_spec.h"
#include "graph_builder.h"
#include "graph_hygiene.h"
#include "host_api.h"
#include "sklearn_versions.h"

#include <algorithm>
#include <map>
#include <optional>

namespace onnxconv {
namespace {

constexpr size_t kMaxOutputs = 16;
constexpr const char* kPipelineModule = "sklearn.pipeline";
constexpr const char* kColumnTransformerModule = "sklearn.compose._column_transformer";

std::string class_of(const py::Value& v) {
  if (v.kind == py::Kind::Instance || v.kind == py::Kind::Global)
    return v.module.empty() ? v.name : v.module + "." + v.name;
  return v.type_name();
}

bool is_class(const py::Value& v, const char* module, const char* name) {
  return v.kind == py::Kind::Instance && v.module == module && v.name == name;
}

bool is_string(const py::Value& v, const char* s) { return v.kind == py::Kind::String && v.s == s; }

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

// Pipeline steps skip None and 'passthrough'.
bool is_passthrough(const py::Value& step) {
  return step.kind == py::Kind::None || is_string(step, "passthrough");
}

// FunctionTransformer() without a func is the identity; FeatureUnion stores
// its fitted 'passthrough' branches as one.
bool is_identity_function(const py::Value& est) {
  if (!is_class(est, "sklearn.preprocessing._function_transformer", "FunctionTransformer")) return false;
  const py::Value* func = est.get("func");
  return func != nullptr && func->kind == py::Kind::None;
}

// Node prefixes nest with '/': "prep/num/scale".
std::string join(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "/" + name;
}

// "<path>.<list>[i] 'name'": where a step or branch sits.
std::string member_path(const std::string& path, const char* list, size_t i, const std::string& name) {
  return path + "." + list + "[" + std::to_string(i) + "] '" + name + "'";
}

// The (name, estimator[, columns]) tuple at `path`.
const py::Value& named_tuple(const py::Value& item, size_t arity, const std::string& path) {
  if (item.kind != py::Kind::Tuple || item.items.size() != arity || item.items[0]->kind != py::Kind::String)
    throw Error(path + ": expected a (name, ...) tuple of " + std::to_string(arity) + ", got " + item.type_name());
  return item;
}

const py::Value& list_attr(const py::Value& est, const char* name, const std::string& path) {
  const py::Value* v = est.get(name);
  if (v == nullptr || (v->kind != py::Kind::List && v->kind != py::Kind::Tuple))
    throw Error(path + ": " + est.name + " without a list '" + name + "'" +
                (std::string(name).back() == '_' ? " (is it fitted?)" : ""));
  return *v;
}

int64_t int_attr(const py::Value& est, const char* name) {
  const py::Value* v = est.get(name);
  return v != nullptr && v->kind == py::Kind::Int ? v->i : -1;
}

// Files older than 0.24 have no n_features_in_: the width their own state
// implies (n_features_ of 0.2x trees and forests, coef_, cluster_centers_),
// or -1.
int64_t width_before_0_24(const py::Value& est) {
  if (int64_t n = int_attr(est, "n_features_"); n >= 0) return n;
  for (const char* name : {"coef_", "cluster_centers_"}) {
    const py::Value* a = est.get(name);
    if (a != nullptr && a->kind == py::Kind::Array && !a->array->shape.empty() && a->array->shape.size() <= 2)
      return a->array->shape.back();
  }
  return -1;
}

// The number of input columns an estimator was fitted on, or -1. Pipelines
// and FeatureUnions do not store it (it is a property): ask the first step.
int64_t declared_width(const py::Value& est) {
  if (est.kind != py::Kind::Instance) return -1;
  if (int64_t n = int_attr(est, "n_features_in_"); n >= 0) return n;
  if (int64_t n = width_before_0_24(est); n >= 0) return n;
  // Meta-estimators whose n_features_in_ is a property of the fitted
  // estimator_ they wrap (SelectFromModel): that estimator's width.
  if (const py::Value* inner = est.get("estimator_"); inner != nullptr && inner->kind == py::Kind::Instance)
    if (int64_t n = declared_width(*inner); n >= 0) return n;
  const char* list = is_class(est, kPipelineModule, "Pipeline")       ? "steps"
                     : is_class(est, kPipelineModule, "FeatureUnion") ? "transformer_list"
                                                                      : nullptr;
  const py::Value* items = list ? est.get(list) : nullptr;
  if (items == nullptr || items->kind != py::Kind::List) return -1;
  for (const auto& item : items->items) {
    if (item->kind != py::Kind::Tuple || item->items.size() != 2) return -1;
    const py::Value& step = *item->items[1];
    if (!is_passthrough(step) && !is_string(step, "drop")) return declared_width(step);
  }
  return -1;
}

// transformer_weights[name], when given.
std::optional<double> weight_of(const py::Value& composite, const std::string& name, const std::string& path) {
  const py::Value* weights = composite.get("transformer_weights");
  if (weights == nullptr || weights->kind == py::Kind::None) return std::nullopt;
  if (weights->kind != py::Kind::Dict) throw Error(path + ": transformer_weights is not a dict");
  for (size_t i = 0; i < weights->items.size(); ++i) {
    if (!is_string(*weights->items[i], name.c_str())) continue;
    const py::Value& w = *weights->values[i];
    if (w.kind == py::Kind::Float) return w.f;
    if (w.kind == py::Kind::Int) return static_cast<double>(w.i);
    throw Error(path + ": transformer_weights['" + name + "'] is " + w.type_name() + ", not a number");
  }
  return std::nullopt;
}

// The columns a ColumnTransformer was fitted on (-1 when neither it nor its
// input knows), checked against its input's.
int64_t fitted_width(const py::Value& ct, int64_t input_width, const std::string& path) {
  int64_t n = int_attr(ct, "n_features_in_");
  if (n < 0) n = int_attr(ct, "_n_features");
  if (n > kMaxColumns)
    throw Error(path + ": n_features_in_ is " + std::to_string(n) + ", over the limit of " +
                std::to_string(kMaxColumns) + " columns");
  if (n >= 0 && input_width >= 0 && n != input_width)
    throw Error(path + ": fitted on " + std::to_string(n) + " columns, but its input has " +
                std::to_string(input_width));
  return n >= 0 ? n : input_width;
}

// A branch's transformer: nullptr for 'passthrough' (the caller skips 'drop').
const py::Value* branch_transformer(const py::Value& trans, const std::string& path) {
  if (is_passthrough(trans)) return nullptr;
  if (trans.kind == py::Kind::String)
    throw Error(path + ": unknown transformer '" + trans.s + "' (expected 'drop', 'passthrough' or an estimator)");
  return &trans;
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

bool all_columns_in_order(const std::vector<int64_t>& columns, int64_t n_features) {
  if (static_cast<int64_t>(columns.size()) != n_features) return false;
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] != static_cast<int64_t>(i)) return false;
  return true;
}

}  // namespace

bool is_composite(const py::Value& est) {
  return is_class(est, kPipelineModule, "Pipeline") || is_class(est, kPipelineModule, "FeatureUnion") ||
         is_class(est, kColumnTransformerModule, "ColumnTransformer");
}

std::string converter_class(const py::Value& est) {
  if (est.kind != py::Kind::Instance) return class_of(est);
  return current_class_name(est.module, est.name);
}

std::string describe_type(const oc_value_type& t) {
  if (t.elem_type == OC_ELEM_UNDEFINED) return "unknown";
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
  outputs_ = plan_estimator(root, path, "", inputs_, table);
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
                                             const std::string& prefix, std::vector<size_t> inputs, bool table) {
  bool union_ = is_class(est, kPipelineModule, "FeatureUnion");
  bool columns = is_class(est, kColumnTransformerModule, "ColumnTransformer");
  if (is_class(est, kPipelineModule, "Pipeline")) return plan_pipeline(est, path, prefix, std::move(inputs), table);
  if (table && !union_ && !columns) inputs = merge_table(est, inputs, path, prefix);
  if (is_identity_function(est) && inputs.size() == 1) return inputs;
  if ((union_ || columns) && inputs.size() != 1 && !table)
    throw Error(path + ": " + est.name + " takes one input, got " + std::to_string(inputs.size()));
  if (union_) return {plan_feature_union(est, path, prefix, inputs, table)};
  if (columns) return {plan_column_transformer(est, path, prefix, inputs, table)};
  return plan_converter(est, path, prefix, std::move(inputs));
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

// A Pipeline chains its steps: each step's output feeds the next.
std::vector<size_t> Topology::plan_pipeline(const py::Value& pipeline, const std::string& path,
                                            const std::string& prefix, std::vector<size_t> inputs, bool table) {
  const py::Value& steps = list_attr(pipeline, "steps", path);
  std::vector<size_t> current = std::move(inputs);
  for (size_t i = 0; i < steps.items.size(); ++i) {
    std::string step_path = path + ".steps[" + std::to_string(i) + "]";
    const py::Value& step = named_tuple(*steps.items[i], 2, step_path);
    const std::string& name = step.items[0]->s;
    const py::Value& estimator = *step.items[1];
    if (is_passthrough(estimator)) continue;
    step_path = member_path(path, "steps", i, name);
    if (current.size() != 1 && !table)
      throw Error(step_path + ": the previous step has " + std::to_string(current.size()) +
                  " outputs; a pipeline step takes one");
    current = plan_estimator(estimator, step_path, join(prefix, name), current, table);
    table = false;  // only the first step sees the DataFrame's columns
  }
  if (table) return merge_table(pipeline, current, path, prefix);
  return current;
}

// A FeatureUnion applies every transformer to the whole input and
// concatenates their (weighted) outputs.
size_t Topology::plan_feature_union(const py::Value& union_, const std::string& path,
                                    const std::string& prefix, const std::vector<size_t>& inputs, bool table) {
  const py::Value& list = list_attr(union_, "transformer_list", path);
  std::vector<size_t> parts;
  for (size_t i = 0; i < list.items.size(); ++i) {
    const py::Value& item = named_tuple(*list.items[i], 2, path + ".transformer_list[" + std::to_string(i) + "]");
    const std::string& name = item.items[0]->s;
    const py::Value& trans = *item.items[1];
    if (is_string(trans, "drop") || trans.kind == py::Kind::None) continue;  // None: drop before 0.24
    std::string branch_path = member_path(path, "transformer_list", i, name);
    Branch b{name, branch_path, join(prefix, name), branch_transformer(trans, branch_path), inputs, table};
    parts.push_back(plan_branch(union_, b));
  }
  return concat(union_, parts, path, prefix);
}

// A ColumnTransformer gives each transformer its columns and concatenates
// the outputs in the order of the fitted `transformers_` (which ends with the
// remainder when columns remain).
size_t Topology::plan_column_transformer(const py::Value& ct, const std::string& path,
                                         const std::string& prefix, const std::vector<size_t>& inputs, bool table) {
  const py::Value& list = list_attr(ct, "transformers_", path);
  int64_t width = table ? static_cast<int64_t>(inputs.size()) : variables_[inputs[0]].type.dims[1];
  int64_t n = fitted_width(ct, width, path);
  std::vector<std::string> names = feature_names_in(ct);  // for columns selected by name
  if (names.empty() && table)
    for (size_t v : inputs) names.push_back(variables_[v].role);
  std::vector<Branch> branches;
  std::vector<size_t> parts;
  for (size_t i = 0; i < list.items.size(); ++i) {
    const py::Value& item = named_tuple(*list.items[i], 3, path + ".transformers_[" + std::to_string(i) + "]");
    const std::string& name = item.items[0]->s;
    const py::Value& trans = *item.items[1];
    std::string branch_path = member_path(path, "transformers_", i, name);
    if (is_string(trans, "drop")) continue;
    const py::Value* transformer = branch_transformer(trans, branch_path);
    std::vector<int64_t> columns = column_indices(*item.items[2], n, branch_path, names);
    if (columns.empty()) continue;  // scikit-learn skips empty selections
    std::string branch_prefix = join(prefix, name);
    std::vector<size_t> selected = plan_columns(ct, columns, n, branch_path, branch_prefix, inputs, table);
    branches.push_back({name, branch_path, branch_prefix, transformer, selected, table});
    parts.push_back(plan_branch(ct, branches.back()));
  }
  check_output_indices(ct, branches, parts, path);
  return concat(ct, parts, path, prefix);
}

// The selected columns of the input; the input itself when that is all of
// them. A table's columns are picked, not gathered.
std::vector<size_t> Topology::plan_columns(const py::Value& ct, const std::vector<int64_t>& columns,
                                           int64_t n_features, const std::string& path, const std::string& prefix,
                                           const std::vector<size_t>& inputs, bool table) {
  if (table) {
    std::vector<size_t> picked;
    for (int64_t c : columns) picked.push_back(inputs.at(static_cast<size_t>(c)));
    return picked;
  }
  if (all_columns_in_order(columns, n_features)) return inputs;
  return {plan_core(select_columns(columns), ct, path + " (columns)", prefix, inputs)};
}

// A branch's output: its input transformed (unless passthrough), weighted.
size_t Topology::plan_branch(const py::Value& composite, const Branch& b) {
  size_t v = 0;
  if (b.transformer != nullptr) {
    std::vector<size_t> out = plan_estimator(*b.transformer, b.path, b.prefix, b.inputs, b.table);
    if (out.size() != 1)
      throw Error(b.path + ": a " + composite.name + " transformer must give one output; " +
                  class_of(*b.transformer) + " gives " + std::to_string(out.size()));
    v = out[0];
  } else {
    // passthrough: numpy hstack of the columns (numbers cast to the float type)
    std::vector<size_t> merged = b.table ? merge_table(composite, b.inputs, b.path, b.prefix) : b.inputs;
    v = merged.size() == 1 ? merged[0] : concat(composite, merged, b.path, b.prefix);
  }
  // x * 1.0 == x exactly: a weight of one needs no node.
  if (auto w = weight_of(composite, b.name, b.path); w && *w != 1.0)
    v = plan_core(multiply_by(*w), composite, b.path + " (weight)", b.prefix, {v});
  return v;
}

// scikit-learn recorded each branch's output columns in output_indices_: a
// converter whose declared width disagrees is caught here, by name.
void Topology::check_output_indices(const py::Value& ct, const std::vector<Branch>& branches,
                                    const std::vector<size_t>& parts, const std::string& path) const {
  const py::Value* indices = ct.get("output_indices_");
  if (indices == nullptr || indices->kind != py::Kind::Dict) return;
  for (size_t i = 0; i < branches.size(); ++i) {
    const py::Value* slice = indices->get(branches[i].name);
    int64_t start = 0, stop = 0, width = variables_[parts[i]].type.dims[1];
    if (slice == nullptr || !read_simple_slice(*slice, start, stop) || width < 0) continue;
    if (stop - start != width)
      throw Error(branches[i].path + ": scikit-learn's output_indices_ gives it " + std::to_string(stop - start) +
                  " output columns, its conversion " + std::to_string(width) + " (at " + path + ")");
  }
}

// np.hstack of the parts: one Concat, with parts of another element type
// cast to the model's float type first. One part is its own result.
size_t Topology::concat(const py::Value& composite, const std::vector<size_t>& parts, const std::string& path,
                        const std::string& prefix) {
  // Lenient plans: parts of unknown width cannot be dropped or cast.
  if (has_unknown(parts))
    return parts.size() == 1 ? parts[0] : plan_core(concat_columns(), composite, path + " (concat)", prefix, parts);
  std::vector<size_t> kept;
  for (size_t v : parts) {
    const oc_value_type& t = variables_[v].type;
    if (t.kind != OC_VALUE_TENSOR || t.rank != 2)
      throw Error(path + ": " + composite.name + " can only concatenate [N, k] tensors, got " + describe_type(t));
    if (t.dims[1] != 0) kept.push_back(v);
  }
  if (kept.empty()) throw Error(path + ": every transformer is dropped or selects no columns: no output columns");
  if (kept.size() == 1) return kept[0];
  bool mixed = std::any_of(kept.begin(), kept.end(),
                           [&](size_t v) { return variables_[v].type.elem_type != variables_[kept[0]].type.elem_type; });
  if (mixed)
    for (size_t& v : kept)
      if (variables_[v].type.elem_type != float_type_)
        v = plan_core(cast_to(float_type_), composite, path + " (cast)", prefix, {v});
  return plan_core(concat_columns(), composite, path + " (concat)", prefix, kept);
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
  if (est.kind != py::Kind::Instance)
    throw Error(path + ": expected an estimator object, got " + class_of(est));
  std::string cls = converter_class(est);
  Operator op;
  op.path = path;
  op.node_prefix = prefix.empty() ? est.name : prefix;
  op.estimator = &est;
  op.inputs = std::move(inputs);
  try {
    op.converter = registry_.resolve(cls);
  } catch (const std::exception& e) {
    if (!lenient_) throw Error(path + ": " + class_label(est) + ": " + e.what() + unclaimed_detail(cls));
    return plan_unconverted(std::move(op), std::string("no converter: ") + e.what(), 1);
  }
  size_t declared = op.converter.manifest->outputs.size();
  if (has_unknown(op.inputs)) return plan_unconverted(std::move(op), "", declared);

  std::vector<oc_value_type> in_types;
  for (size_t v : op.inputs) in_types.push_back(variables_[v].type);
  std::vector<oc_value_type> out_types(kMaxOutputs);
  for (auto& t : out_types) t.struct_size = sizeof t;
  size_t n_out = 0;
  oc_context ctx;
  ctx.graph = &graph_;
  ctx.options = &options_.options;
  ctx.float_type = float_type_;
  ctx.input_types = &in_types;
  oc_status* status = op.converter.converter->infer(&ctx, host_api(), to_handle(&est), in_types.data(),
                                                    in_types.size(), out_types.data(), out_types.size(), &n_out);
  std::string problem;
  if (status != nullptr) problem = failure(op, " (shape inference)", take_status_message(status));
  else if (n_out == 0 || n_out > kMaxOutputs)
    problem = failure(op, "", "shape inference declared " + std::to_string(n_out) + " outputs");
  if (!problem.empty() && !lenient_) throw Error(problem);
  if (!problem.empty()) return plan_unconverted(std::move(op), problem, declared);

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

// Every option the user gave must be offered by some converter in the model,
// so a typo is an error rather than silently ignored.
void Topology::check_options() const {
  std::set<std::string> offered;
  for (const auto& op : operators_) {
    // A step without a converter may offer anything: judge once it has one.
    if (!op.core && op.converter.manifest == nullptr) return;
    if (!op.core)
      for (const auto& o : op.converter.manifest->options) offered.insert(o);
  }
  for (const auto& [name, value] : options_.options) {
    if (offered.count(name)) continue;
    std::string list;
    for (const auto& o : offered) list += (list.empty() ? "" : ", ") + o;
    throw Error("option '" + name + "' is not offered by any converter of this model" +
                (list.empty() ? std::string(" (they offer none)") : " (offered: " + list + ")"));
  }
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
  std::map<std::string, int32_t> core_types;  // types the core knows for sure
  for (const auto& op : operators_) {
    if (!op.problem.empty() || (!op.core && op.converter.converter == nullptr))
      throw Error(op.path + ": cannot convert: " + (op.problem.empty() ? "not planned" : op.problem));
    std::vector<const char*> in, out;
    for (size_t v : op.inputs) in.push_back(variables_[v].name.c_str());
    for (size_t v : op.outputs) out.push_back(variables_[v].name.c_str());
    graph_.set_node_prefix(op.node_prefix);
    if (op.core) {
      std::vector<std::string> names(in.begin(), in.end());
      std::vector<oc_value_type> types;
      for (size_t v : op.inputs) types.push_back(variables_[v].type);
      const Variable& result = variables_[op.outputs[0]];
      try {
        op.core->emit(graph_, names, types, result.name);
      } catch (const std::exception& e) {
        throw Error(op.path + ": " + e.what());
      }
      core_types[result.name] = result.type.elem_type;
      continue;
    }
    std::vector<oc_value_type> input_types;
    for (size_t v : op.inputs) input_types.push_back(variables_[v].type);
    oc_context ctx;
    ctx.graph = &graph_;
    ctx.options = &options_.options;
    ctx.float_type = float_type_;
    ctx.input_types = &input_types;
    oc_status* status = op.converter.converter->convert(&ctx, host_api(), to_handle(op.estimator), in.data(),
                                                        in.size(), out.data(), out.size());
    if (status != nullptr) throw Error(failure(op, "", take_status_message(status)));
  }
  graph_.set_node_prefix("");
  for (size_t v : outputs_) graph_.add_output(variables_[v].name, variables_[v].type);
  remove_noop_nodes(graph_.graph(), core_types);
}

ConversionPlan Topology::describe() const {
  // Before naming, a value shows the name it will get (up to a suffix).
  auto value = [this](size_t v) {
    const Variable& var = variables_[v];
    bool final = std::count(inputs_.begin(), inputs_.end(), v) > 0 ||
                 std::count(outputs_.begin(), outputs_.end(), v) > 0;
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
  }
  return plan;
}

}  // namespace onnxconv
