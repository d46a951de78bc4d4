// optbinning's BinningProcess (transform: the selected variables, columns
// by name) and Scorecard (score, and the label / probabilities of its
// logistic regression), from their pickled state.
#include "process.hpp"

#include <onnxconv/sdk/classifier.hpp>
#include <onnxconv/sdk/reduce.hpp>

#include <algorithm>
#include <cmath>

namespace onnxconv::optbinning {

using sdk::Attr;
using sdk::Error;
using sdk::Kind;
using sdk::ValueType;

namespace {

std::vector<std::string> read_names(const Object& names) {
  std::vector<std::string> out;
  if (names.kind() != Kind::List && names.kind() != Kind::Tuple && names.kind() != Kind::Array)
    names.fail("expected a list of variable names");
  for (size_t i = 0; i < names.size(); ++i) {
    Object n = names[i];
    if (n.kind() != Kind::String) n.fail("expected a variable name (a string)");
    out.push_back(n.to_string());
  }
  return out;
}

// binning_transform_params[name] overrides the transform() arguments.
TransformSettings variable_settings(const Object& process, const std::string& name, TransformSettings s,
                                    bool metric_given, bool continuous) {
  if (!metric_given) s.metric = continuous ? "mean" : "woe";
  auto params = process.find("binning_transform_params");
  if (!params || params->is_none()) return s;
  auto p = params->find(name.c_str());
  if (!p) return s;
  if (auto m = p->find("metric"); m && !m->is_none()) s.metric = m->to_string();
  if (auto m = p->find("metric_special")) s.special = stored_setting(*m);
  if (auto m = p->find("metric_missing")) s.missing = stored_setting(*m);
  const bool ok = s.metric == "indices" || s.metric == "bins" ||
                  (continuous ? s.metric == "mean" : (s.metric == "woe" || s.metric == "event_rate"));
  if (!ok) p->fail("metric '" + s.metric + "' does not apply to this variable");
  return s;
}

}  // namespace

Process Process::read(const Object& process) {
  Process p;
  if (auto fitted = process.find("_is_fitted"); !fitted || !fitted->to_bool())
    process.fail("is not fitted (_is_fitted is not True)");
  p.names = read_names(process.attr("variable_names"));
  Object support = process.attr("_support");
  std::vector<int64_t> mask = support.to_int64s();
  if (mask.size() != p.names.size())
    support.fail("has " + std::to_string(mask.size()) + " entries for " + std::to_string(p.names.size()) +
                 " variable_names");
  Object binned = process.attr("_binned_variables");
  for (size_t k = 0; k < p.names.size(); ++k) {
    if (!mask[k]) continue;
    auto optb = binned.find(p.names[k].c_str());
    if (!optb) binned.fail("has no binning for selected variable '" + p.names[k] + "'");
    const std::string cls = optb->short_class_name();
    if (cls != "OptimalBinning" && cls != "ContinuousOptimalBinning")
      optb->fail("variable '" + p.names[k] + "': " + cls + " is not supported (OptimalBinning, ContinuousOptimalBinning)");
    p.selected.push_back(k);
    p.variables.push_back(VariableBinning::read(*optb, "variable '" + p.names[k] + "'"));
  }
  if (p.selected.empty()) process.fail("selects no variable: transform() gives an empty matrix");
  return p;
}

std::vector<TransformSettings> Process::settings(const Context& ctx, const Object& process) const {
  TransformSettings base = transform_settings(ctx, "woe", false, /*check_metric=*/false);
  const bool metric_given = ctx.option("metric").has_value();
  std::vector<TransformSettings> out;
  for (size_t i = 0; i < selected.size(); ++i)
    out.push_back(variable_settings(process, names[selected[i]], base, metric_given, variables[i].continuous));
  return out;
}

std::vector<TransformSettings> Process::stored_settings(const Object& process, const MetricSetting& special,
                                                        const MetricSetting& missing, bool continuous) const {
  TransformSettings base;
  base.special = special;
  base.missing = missing;
  std::vector<TransformSettings> out;
  for (size_t i = 0; i < selected.size(); ++i)
    out.push_back(variable_settings(process, names[selected[i]], base, false, continuous));
  return out;
}

// ---------------------------------------------------------------- inputs

void check_process_inputs(const Context& ctx, const Object& est, const Process& p,
                          const std::vector<ValueType>& inputs) {
  int64_t width = 0;
  for (const ValueType& t : inputs) {
    if (t.kind != OC_VALUE_TENSOR || t.dims.size() != 2)
      est.fail("expects its columns as 2-D tensors ([N, 1] per column, or one [N, n_variables])");
    if (t.dim(1) < 0) {
      if (inputs.size() != 1) est.fail("cannot tell which input column is which variable");
      return;
    }
    width += t.dim(1);
  }
  if (width != int64_t(p.names.size()))
    est.fail("takes " + std::to_string(p.names.size()) + " columns (variable_names), its inputs have " +
             std::to_string(width));
  (void)ctx;
}

std::vector<BinnedVariable> bind_inputs(const Context& ctx, const Process& p, std::vector<BinValues> values,
                                        const std::vector<std::string>& inputs) {
  // Where variable k lives: (input, column).
  std::vector<std::pair<size_t, int64_t>> at;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const ValueType t = ctx.input_type(i);
    const int64_t w = t.dim(1) < 0 ? int64_t(p.names.size()) : t.dim(1);
    for (int64_t c = 0; c < w; ++c) at.push_back({i, c});
  }
  std::vector<BinnedVariable> out;
  std::vector<std::string> numeric_parts;
  std::string single_numeric;
  for (size_t j = 0; j < p.selected.size(); ++j) {
    const auto [input, column] = at.at(p.selected[j]);
    BinnedVariable bv;
    bv.binning = &p.variables[j];
    bv.values = std::move(values[j]);
    const ValueType t = ctx.input_type(input);
    bv.string_input = t.elem_type == OC_ELEM_STRING;
    if (bv.string_input != (bv.binning->categorical && bv.binning->string_codes()))
      throw Error(bv.binning->where + ": its input column is " + (bv.string_input ? "string" : "numeric") +
                  ", its categories are not");
    if (bv.string_input) {
      bv.tensor = t.dim(1) == 1 ? inputs[input]
                                : ctx.op("Gather", {inputs[input], ctx.add_int64s("column", {column}, {1})},
                                         {Attr::i("axis", 1)});
    } else if (inputs.size() == 1) {
      bv.tensor = inputs[0];
      bv.column = column;
    } else {  // each column its own input: the numeric ones are concatenated
      bv.column = int64_t(numeric_parts.size());
      numeric_parts.push_back(t.dim(1) == 1 ? inputs[input]
                                            : ctx.op("Gather", {inputs[input], ctx.add_int64s("column", {column}, {1})},
                                                     {Attr::i("axis", 1)}));
    }
    out.push_back(std::move(bv));
  }
  if (!numeric_parts.empty()) {
    std::string numeric = numeric_parts.size() == 1 ? numeric_parts[0]
                                                    : ctx.op("Concat", numeric_parts, {Attr::i("axis", 1)});
    for (auto& bv : out)
      if (!bv.string_input) bv.tensor = numeric;
  }
  return out;
}

// Mixed metrics (woe and indices) give a float matrix, as transform() does.
void unify_value_types(std::vector<BinValues>& values) {
  bool any_string = false, all_integer = true;
  for (const auto& v : values) {
    any_string = any_string || v.is_string;
    all_integer = all_integer && v.is_integer;
  }
  if (any_string && !std::all_of(values.begin(), values.end(), [](const BinValues& v) { return v.is_string; }))
    throw Error("metric 'bins' cannot be mixed with numeric metrics");
  for (auto& v : values) v.is_integer = all_integer;
}

// ---------------------------------------------------------------- BinningProcess

std::vector<ValueType> BinningProcessConverter::infer(Context& ctx, const Object& est,
                                                      const std::vector<ValueType>& inputs) {
  Process p = Process::read(est);
  check_process_inputs(ctx, est, p, inputs);
  std::vector<BinValues> values = values_of(ctx, est, p);
  return {ValueType::tensor("variable", value_elem(ctx, values[0]), {-1, int64_t(p.selected.size())})};
}

std::vector<BinValues> BinningProcessConverter::values_of(const Context& ctx, const Object& est, const Process& p) {
  std::vector<TransformSettings> s = p.settings(ctx, est);
  std::vector<BinValues> values;
  for (size_t i = 0; i < p.variables.size(); ++i) values.push_back(bin_values(p.variables[i], s[i]));
  unify_value_types(values);
  return values;
}

void BinningProcessConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                      const std::vector<std::string>& outputs) {
  Process p = Process::read(est);
  emit_binned(ctx, bind_inputs(ctx, p, values_of(ctx, est, p), inputs), est.path(), outputs[0]);
}

}  // namespace onnxconv::optbinning
