// sklearn.compose.ColumnTransformer: each transformer gets its columns; the
// outputs are concatenated in the order of the fitted `transformers_`
// (which ends with the remainder when columns remain).
#include "branches.h"
#include "sklearn_common.h"
#include "../column_spec.h"

#include <onnxconv/engine.h>

namespace onnxconv {
namespace {

// The columns it was fitted on (-1 when neither it nor its input knows),
// checked against its input's.
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

bool all_columns_in_order(const std::vector<int64_t>& columns, int64_t n_features) {
  if (static_cast<int64_t>(columns.size()) != n_features) return false;
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] != static_cast<int64_t>(i)) return false;
  return true;
}

// The selected columns of the input; the input itself when that is all of
// them. A table's columns are picked, not gathered.
std::vector<size_t> plan_columns(PlanBuilder& plan, const CompositeCall& call, const std::vector<int64_t>& columns,
                                 int64_t n_features, const std::string& path, const std::string& prefix) {
  if (call.table) {
    std::vector<size_t> picked;
    for (int64_t c : columns) picked.push_back(call.inputs.at(static_cast<size_t>(c)));
    return picked;
  }
  if (all_columns_in_order(columns, n_features)) return call.inputs;
  return {plan.plan_core(select_columns(columns), call.estimator, path + " (columns)", prefix, call.inputs)};
}

// scikit-learn recorded each branch's output columns in output_indices_: a
// converter whose declared width disagrees is caught here, by name.
void check_output_indices(const PlanBuilder& plan, const py::Value& ct, const std::vector<Branch>& branches,
                          const std::vector<size_t>& parts, const std::string& path) {
  const py::Value* indices = ct.get("output_indices_");
  if (indices == nullptr || indices->kind != py::Kind::Dict) return;
  for (size_t i = 0; i < branches.size(); ++i) {
    const py::Value* slice = indices->get(branches[i].name);
    int64_t start = 0, stop = 0, width = plan.variable(parts[i]).type.dims[1];
    if (slice == nullptr || !read_simple_slice(*slice, start, stop) || width < 0) continue;
    if (stop - start != width)
      throw Error(branches[i].path + ": scikit-learn's output_indices_ gives it " + std::to_string(stop - start) +
                  " output columns, its conversion " + std::to_string(width) + " (at " + path + ")");
  }
}

std::vector<size_t> plan_column_transformer(PlanBuilder& plan, const CompositeCall& call) {
  check_one_input(call);
  const py::Value& ct = call.estimator;
  const py::Value& list = list_attr(ct, "transformers_", call.path);
  int64_t width = call.table ? static_cast<int64_t>(call.inputs.size()) : plan.variable(call.inputs[0]).type.dims[1];
  int64_t n = fitted_width(ct, width, call.path);
  std::vector<std::string> names = feature_names_in(ct);  // for columns selected by name
  if (names.empty() && call.table)
    for (size_t v : call.inputs) names.push_back(plan.variable(v).role);
  std::vector<Branch> branches;
  std::vector<size_t> parts;
  for (size_t i = 0; i < list.items.size(); ++i) {
    const py::Value& item =
        named_tuple(*list.items[i], 3, call.path + ".transformers_[" + std::to_string(i) + "]");
    const std::string& name = item.items[0]->s;
    const py::Value& trans = *item.items[1];
    std::string branch_path = member_path(call.path, "transformers_", i, name);
    if (is_string(trans, "drop")) continue;
    const py::Value* transformer = branch_transformer(trans, branch_path);
    std::vector<int64_t> columns = column_indices(*item.items[2], n, branch_path, names);
    if (columns.empty()) continue;  // scikit-learn skips empty selections
    std::string branch_prefix = join(call.prefix, name);
    std::vector<size_t> selected = plan_columns(plan, call, columns, n, branch_path, branch_prefix);
    branches.push_back({name, branch_path, branch_prefix, transformer, selected, call.table});
    parts.push_back(plan_branch(plan, ct, branches.back()));
  }
  check_output_indices(plan, ct, branches, parts, call.path);
  return {concat(plan, ct, parts, call.path, call.prefix)};
}

}  // namespace

extern const CompositePlanner kColumnTransformerPlanner{"sklearn.compose._column_transformer", "ColumnTransformer",
                                                        nullptr, true, plan_column_transformer, nullptr};

}  // namespace onnxconv
