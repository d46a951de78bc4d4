// Per column j: position = category_position(x_j) (i + 1 for category i),
// then a table read at that position: the output column (OneHotEncoder,
// then Equal against 0..n_out-1) or the code (OrdinalEncoder). Entry 0 is
// what an unknown value gives. handle_unknown='error' puts unknowns at
// position K + 1, past the end of the K + 1 entries, so ONNX Runtime's
// Gather fails the run ("indices element out of data bounds") as
// scikit-learn's transform raises.
#include "categories.hpp"
#include "encoders.hpp"

#include <cmath>

namespace onnxconv::encoders {
namespace {

constexpr int64_t kMinMlOpset = 2;  // LabelEncoder with keys_strings / values_int64s

std::string handle_unknown(const Object& est) {
  auto h = est.find("handle_unknown");
  return h ? h->to_string() : "error";
}

int64_t n_rows(const std::vector<ValueType>& inputs) { return inputs.empty() ? -1 : inputs[0].dim(0); }

void check_ml_opset(const Context& ctx, const Object& est) {
  if (ctx.opset("ai.onnx.ml") < kMinMlOpset)
    est.fail("needs ai.onnx.ml opset " + std::to_string(kMinMlOpset) + " (LabelEncoder with string keys); the target is " +
             std::to_string(ctx.opset("ai.onnx.ml")));
}

// ---------------------------------------------------------------- one-hot

// Output columns of one input column, after infrequent grouping and drop.
struct OneHotColumn {
  Categories cats;
  std::vector<int64_t> table;  // position -> output column, -1: none
  int64_t n_out = 0;
  int64_t unknown_position = 0;
};

// The dropped group of column j: _drop_idx_after_grouping (1.2+), else
// drop_idx_ (before 1.2 transform compared it with the grouped index too).
std::optional<int64_t> dropped_group(const Object& est, size_t j) {
  auto drop = est.find("_drop_idx_after_grouping");
  if (!drop) drop = est.find("drop_idx_");
  if (!drop || drop->is_none()) return std::nullopt;
  Object d = (*drop)[j];
  if (d.is_none()) return std::nullopt;
  return d.to_int();
}

OneHotColumn one_hot_column(const Object& est, size_t j, const ColumnRef& ref) {
  OneHotColumn c;
  c.cats = read_categories(est, j, ref.elem);
  size_t k = c.cats.size();
  Grouping g = read_grouping(est, j, k);
  std::optional<int64_t> drop = dropped_group(est, j);
  if (drop && (*drop < 0 || *drop >= g.n_groups))
    est.fail("column " + std::to_string(j) + " drops group " + std::to_string(*drop) + " of " +
             std::to_string(g.n_groups));
  c.n_out = g.n_groups - (drop ? 1 : 0);
  auto column_of = [&](int64_t group) -> int64_t {
    if (drop && group == *drop) return -1;
    return drop && group > *drop ? group - 1 : group;
  };
  std::string mode = handle_unknown(est);
  bool to_infrequent = (mode == "infrequent_if_exist" || mode == "warn") && g.infrequent;
  if (mode != "error" && mode != "ignore" && mode != "infrequent_if_exist" && mode != "warn")
    est.attr("handle_unknown").fail("unknown handle_unknown '" + mode + "'");
  c.table.push_back(to_infrequent ? column_of(g.group[*g.infrequent]) : -1);
  for (size_t i = 0; i < k; ++i) c.table.push_back(column_of(g.group[i]));
  c.unknown_position = mode == "error" ? static_cast<int64_t>(k) + 1 : 0;
  return c;
}

// No drop, no grouping, unknowns all zeros: the table maps position p to
// column p - 1, so Equal(position, 1..K) is the one-hot without a Gather.
bool is_plain(const OneHotColumn& c) {
  if (c.unknown_position != 0 || c.table.empty() || c.table[0] != -1) return false;
  for (size_t p = 1; p < c.table.size(); ++p)
    if (c.table[p] != static_cast<int64_t>(p) - 1) return false;
  return c.n_out == static_cast<int64_t>(c.table.size()) - 1;
}

std::vector<OneHotColumn> one_hot_plan(const Context& ctx, const Object& est, const std::vector<ColumnRef>& refs) {
  check_ml_opset(ctx, est);
  std::vector<OneHotColumn> out;
  auto outs = est.find("_n_features_outs");
  for (size_t j = 0; j < refs.size(); ++j) {
    out.push_back(one_hot_column(est, j, refs[j]));
    if (outs && !outs->is_none() && (*outs)[j].to_int() != out.back().n_out)
      (*outs)[j].fail("says " + std::to_string((*outs)[j].to_int()) + " output columns, categories_ and drop give " +
                      std::to_string(out.back().n_out));
  }
  return out;
}

// ---------------------------------------------------------------- ordinal

struct OrdinalColumn {
  Categories cats;
  std::vector<double> table;  // position -> code
  int64_t unknown_position = 0;
};

// unknown_value: an int, or NaN (None before 0.24 meant no use).
double unknown_value(const Object& est) {
  Object v = est.attr("unknown_value");
  if (v.is_none()) v.fail("handle_unknown='use_encoded_value' without an unknown_value");
  return v.to_double();
}

// _missing_indices: {column: index of its None/NaN category} (1.0+), coded
// as encoded_missing_value (1.1+; NaN before).
std::optional<int64_t> missing_index(const Object& est, size_t j) {
  auto m = est.find("_missing_indices");
  if (!m || m->kind() != sdk::Kind::Dict) return std::nullopt;
  for (size_t i = 0; i < m->size(); ++i) {
    auto [key, value] = m->dict_item(i);
    if (key.to_int() == static_cast<int64_t>(j)) return value.to_int();
  }
  return std::nullopt;
}

OrdinalColumn ordinal_column(const Object& est, size_t j, const ColumnRef& ref) {
  OrdinalColumn c;
  c.cats = read_categories(est, j, ref.elem);
  size_t k = c.cats.size();
  std::optional<int64_t> missing = missing_index(est, j);
  Grouping g = read_grouping(est, j, k, missing);
  std::string mode = handle_unknown(est);
  if (mode != "error" && mode != "use_encoded_value")
    est.attr("handle_unknown").fail("unknown handle_unknown '" + mode + "'");
  bool encoded = mode == "use_encoded_value";
  c.table.push_back(encoded ? unknown_value(est) : 0.0);
  auto emv = est.find("encoded_missing_value");
  double missing_code = emv && !emv->is_none() ? emv->to_double() : NAN;
  for (size_t i = 0; i < k; ++i)
    c.table.push_back(missing && static_cast<int64_t>(i) == *missing ? missing_code
                                                                      : static_cast<double>(g.group[i]));
  c.unknown_position = encoded ? 0 : static_cast<int64_t>(k) + 1;
  return c;
}

std::vector<OrdinalColumn> ordinal_plan(const Context& ctx, const Object& est, const std::vector<ColumnRef>& refs) {
  check_ml_opset(ctx, est);
  std::vector<OrdinalColumn> out;
  for (size_t j = 0; j < refs.size(); ++j) out.push_back(ordinal_column(est, j, refs[j]));
  return out;
}

// The inputs' planned types (host ABI 1.2): convert() gets names only.
std::vector<ValueType> planned_inputs(const Context& ctx, size_t n) {
  std::vector<ValueType> types;
  for (size_t i = 0; i < n; ++i) types.push_back(ctx.input_type(i));
  return types;
}

void concat_into(const Context& ctx, const std::vector<std::string>& parts, const std::string& out) {
  ctx.add_node("Concat", parts, {out}, {Attr::i("axis", 1)});
}

}  // namespace

std::vector<ValueType> OneHotEncoderConverter::infer(Context& ctx, const Object& est,
                                                     const std::vector<ValueType>& inputs) {
  std::vector<OneHotColumn> plan = one_hot_plan(ctx, est, locate_columns(ctx, est, inputs));
  int64_t width = 0;
  for (const auto& c : plan) width += c.n_out;
  if (width == 0) est.fail("every category is dropped: no output column");
  return {ValueType::tensor("variable", ctx.float_type(), {n_rows(inputs), width})};
}

void OneHotEncoderConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                     const std::vector<std::string>& out) {
  std::vector<ColumnRef> refs = locate_columns(ctx, est, planned_inputs(ctx, in.size()));
  std::vector<OneHotColumn> plan = one_hot_plan(ctx, est, refs);
  std::vector<std::string> parts;
  for (size_t j = 0; j < plan.size(); ++j) {
    const OneHotColumn& c = plan[j];
    if (c.n_out == 0) continue;
    std::string position = category_position(ctx, in, refs[j], c.cats, c.unknown_position);
    std::vector<int64_t> range;
    std::string hot;
    if (is_plain(c)) {  // category i is column i, unknowns none: compare positions
      for (int64_t i = 1; i <= c.n_out; ++i) range.push_back(i);
      hot = ctx.op("Equal", {position, ctx.add_int64s("positions", range, {1, c.n_out})});
    } else {
      std::string table = ctx.add_int64s("output_column", c.table, {static_cast<int64_t>(c.table.size())});
      std::string column = lookup(ctx, table, position);
      for (int64_t i = 0; i < c.n_out; ++i) range.push_back(i);
      hot = ctx.op("Equal", {column, ctx.add_int64s("columns", range, {1, c.n_out})});
    }
    parts.push_back(ctx.op("Cast", {hot}, {Attr::i("to", ctx.float_type())}));
  }
  concat_into(ctx, parts, out[0]);
}

std::vector<ValueType> OrdinalEncoderConverter::infer(Context& ctx, const Object& est,
                                                      const std::vector<ValueType>& inputs) {
  std::vector<OrdinalColumn> plan = ordinal_plan(ctx, est, locate_columns(ctx, est, inputs));
  return {ValueType::tensor("variable", ctx.float_type(), {n_rows(inputs), static_cast<int64_t>(plan.size())})};
}

void OrdinalEncoderConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                      const std::vector<std::string>& out) {
  std::vector<ColumnRef> refs = locate_columns(ctx, est, planned_inputs(ctx, in.size()));
  std::vector<OrdinalColumn> plan = ordinal_plan(ctx, est, refs);
  std::vector<std::string> parts;
  for (size_t j = 0; j < plan.size(); ++j) {
    const OrdinalColumn& c = plan[j];
    std::string position = category_position(ctx, in, refs[j], c.cats, c.unknown_position);
    std::string table = ctx.add_floats("codes", c.table, {static_cast<int64_t>(c.table.size())});
    parts.push_back(lookup(ctx, table, position));
  }
  concat_into(ctx, parts, out[0]);
}

// ---------------------------------------------------------------- target

namespace {

// encodings_[j * n_classes + k]: column j's encoding for class k (one class
// unless target_type_ is 'multiclass'); target_mean_ one value per class.
struct TargetPlan {
  size_t n_classes = 1;
  std::vector<double> means;
  std::vector<Categories> cats;
};

TargetPlan target_plan(const Context& ctx, const Object& est, const std::vector<ColumnRef>& refs) {
  check_ml_opset(ctx, est);
  TargetPlan p;
  std::string type = est.attr("target_type_").to_string();
  Object mean = est.attr("target_mean_");
  if (type == "multiclass") {
    p.means = mean.to_doubles();
    p.n_classes = p.means.size();
    if (p.n_classes != est.attr("classes_").size())
      mean.fail("has " + std::to_string(p.n_classes) + " values for " + std::to_string(est.attr("classes_").size()) +
                " classes");
  } else if (type == "binary" || type == "continuous") {
    p.means = {mean.to_double()};
  } else {
    est.attr("target_type_").fail("unknown target type '" + type + "'");
  }
  Object encodings = est.attr("encodings_");
  if (encodings.size() != refs.size() * p.n_classes)
    encodings.fail("has " + std::to_string(encodings.size()) + " entries for " + std::to_string(refs.size()) +
                   " columns x " + std::to_string(p.n_classes) + " classes");
  for (size_t j = 0; j < refs.size(); ++j) {
    p.cats.push_back(read_categories(est, j, refs[j].elem));
    for (size_t k = 0; k < p.n_classes; ++k) {
      Object e = encodings[j * p.n_classes + k];
      if (e.array_info().size != p.cats.back().size())
        e.fail("has " + std::to_string(e.array_info().size) + " values for " +
               std::to_string(p.cats.back().size()) + " categories");
    }
  }
  return p;
}

}  // namespace

std::vector<ValueType> TargetEncoderConverter::infer(Context& ctx, const Object& est,
                                                     const std::vector<ValueType>& inputs) {
  std::vector<ColumnRef> refs = locate_columns(ctx, est, inputs);
  TargetPlan p = target_plan(ctx, est, refs);
  int64_t width = static_cast<int64_t>(refs.size() * p.n_classes);
  return {ValueType::tensor("variable", ctx.float_type(), {n_rows(inputs), width})};
}

void TargetEncoderConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                     const std::vector<std::string>& out) {
  std::vector<ColumnRef> refs = locate_columns(ctx, est, planned_inputs(ctx, in.size()));
  TargetPlan p = target_plan(ctx, est, refs);
  Object encodings = est.attr("encodings_");
  std::vector<std::string> parts;
  for (size_t j = 0; j < refs.size(); ++j) {
    std::string position = category_position(ctx, in, refs[j], p.cats[j], 0);
    for (size_t k = 0; k < p.n_classes; ++k) {
      std::vector<double> table = {p.means[k]};
      for (double v : encodings[j * p.n_classes + k].to_doubles()) table.push_back(v);
      std::string t = ctx.add_floats("encoding", table, {static_cast<int64_t>(table.size())});
      parts.push_back(lookup(ctx, t, position));
    }
  }
  concat_into(ctx, parts, out[0]);
}

// ---------------------------------------------------------------- labels

namespace {

// The labels: one tensor [N] or [N, 1] of a type classes_ can hold.
ValueType label_input(const Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  check_ml_opset(ctx, est);
  if (ctx.opset() < 11) est.fail("needs ai.onnx opset 11 or later");
  if (inputs.size() != 1 || inputs[0].kind != OC_VALUE_TENSOR)
    est.fail("expects one tensor of labels");
  const ValueType& y = inputs[0];
  bool column = y.dims.size() == 2 && y.dim(1) == 1;
  if (y.dims.size() != 1 && !column) est.fail("expects labels [N] (or [N, 1]), like y");
  return y;
}

// Positions (i + 1 for class i) of the labels, [N, 1].
std::string label_position(const Context& ctx, const std::string& y, const ValueType& type,
                           const Categories& classes, int64_t unknown) {
  std::string column = ctx.op("Reshape", {y, ctx.add_int64s("column_shape", {-1, 1}, {2})});
  ColumnRef ref{0, 0, 1, type.elem_type};
  return category_position(ctx, {column}, ref, classes, unknown);
}

struct Binarizer {
  Categories classes;
  int64_t neg = 0, pos = 1;
  int64_t width() const { return classes.size() <= 2 ? 1 : static_cast<int64_t>(classes.size()); }
};

Binarizer read_binarizer(const Object& est, int32_t elem) {
  Binarizer b;
  std::string type = est.attr("y_type_").to_string();
  if (type != "binary" && type != "multiclass")
    est.attr("y_type_").fail("'" + type + "' targets are not converted (binary and multiclass are)");
  b.classes = read_category_array(est.attr("classes_"), elem);
  b.neg = est.attr("neg_label").to_int();
  b.pos = est.attr("pos_label").to_int();
  return b;
}

}  // namespace

std::vector<ValueType> LabelEncoderConverter::infer(Context& ctx, const Object& est,
                                                    const std::vector<ValueType>& inputs) {
  ValueType y = label_input(ctx, est, inputs);
  read_category_array(est.attr("classes_"), y.elem_type);
  return {ValueType::tensor("variable", OC_ELEM_INT64, {y.dim(0)})};
}

void LabelEncoderConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                    const std::vector<std::string>& out) {
  ValueType y = ctx.input_type(0);
  Categories classes = read_category_array(est.attr("classes_"), y.elem_type);
  int64_t k = static_cast<int64_t>(classes.size());
  std::string position = label_position(ctx, in[0], y, classes, k + 1);  // unseen: past the table
  std::vector<int64_t> codes = {0};
  for (int64_t i = 0; i < k; ++i) codes.push_back(i);
  std::string code = lookup(ctx, ctx.add_int64s("codes", codes, {k + 1}), position);
  ctx.add_node("Reshape", {code, ctx.add_int64s("flat", {-1}, {1})}, {out[0]});
}

std::vector<ValueType> LabelBinarizerConverter::infer(Context& ctx, const Object& est,
                                                      const std::vector<ValueType>& inputs) {
  ValueType y = label_input(ctx, est, inputs);
  Binarizer b = read_binarizer(est, y.elem_type);
  return {ValueType::tensor("variable", OC_ELEM_INT64, {y.dim(0), b.width()})};
}

void LabelBinarizerConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
                                      const std::vector<std::string>& out) {
  ValueType y = ctx.input_type(0);
  Binarizer b = read_binarizer(est, y.elem_type);
  int64_t k = static_cast<int64_t>(b.classes.size());
  std::string position = label_position(ctx, in[0], y, b.classes, 0);
  if (b.width() == 1) {  // one or two classes: pos_label for the second one
    std::vector<int64_t> table = {b.neg, b.neg};
    if (k == 2) table.push_back(b.pos);
    ctx.add_node("Gather", {ctx.add_int64s("labels", table, {int64_t(table.size())}), position}, {out[0]},
                 {Attr::i("axis", 0)});
    return;
  }
  std::vector<int64_t> columns = {-1}, range;
  for (int64_t i = 0; i < k; ++i) {
    columns.push_back(i);
    range.push_back(i);
  }
  std::string column = lookup(ctx, ctx.add_int64s("class_column", columns, {k + 1}), position);
  std::string hot = ctx.op("Equal", {column, ctx.add_int64s("classes", range, {1, k})});
  ctx.add_node("Where", {hot, ctx.add_int64s("pos_label", {b.pos}, {}), ctx.add_int64s("neg_label", {b.neg}, {})},
               {out[0]});
}

}  // namespace onnxconv::encoders
