#include "input_schema.h"

#include "column_spec.h"
#include "sklearn_versions.h"

#include <onnxconv/sdk/c_api.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <map>
#include <set>

namespace onnxconv {
namespace {

using py::Kind;

bool is_class(const py::Value& v, const char* module, const char* name) {
  return v.kind == Kind::Instance && v.module == module && v.name == name;
}

bool is_string(const py::Value& v, const char* s) { return v.kind == Kind::String && v.s == s; }

// FunctionTransformer() without func: 'passthrough' (remainder included).
bool is_identity(const py::Value& est) {
  if (!is_class(est, "sklearn.preprocessing._function_transformer", "FunctionTransformer")) return false;
  const py::Value* func = est.get("func");
  return func != nullptr && func->kind == Kind::None;
}

const char* elem_label(int32_t elem) {
  switch (elem) {
    case OC_ELEM_FLOAT: return "float";
    case OC_ELEM_DOUBLE: return "double";
    case OC_ELEM_INT64: return "int64";
    case OC_ELEM_STRING: return "string";
    case OC_ELEM_BOOL: return "bool";
    default: return "undefined";
  }
}

// The element type a --input TYPE names.
int32_t elem_from_name(const std::string& type, int32_t float_type, const std::string& column) {
  if (type == "float") return OC_ELEM_FLOAT;
  if (type == "double") return OC_ELEM_DOUBLE;
  if (type == "int64") return OC_ELEM_INT64;
  if (type == "string") return OC_ELEM_STRING;
  if (type == "bool") return OC_ELEM_BOOL;
  if (type == "numeric") return float_type;
  throw Error("--input " + column + "=" + type + ": unknown type (expected float, double, int64, string or bool)");
}

// A value of an object array of categories: what type of column it implies.
enum class Cat { Missing, String, Int, Float, Other };

Cat category_kind(const py::Value& v) {
  switch (v.kind) {
    case Kind::String: return Cat::String;
    case Kind::None: return Cat::Missing;
    case Kind::Int: return Cat::Int;
    case Kind::Bool: return Cat::Int;
    case Kind::Float: return std::isnan(v.f) ? Cat::Missing : Cat::Float;
    default: return Cat::Other;
  }
}

struct Consumed {
  int32_t elem;
  std::string why;
};

// The type a categories_ array asks of its column.
Consumed from_categories(const py::Value& cats, const std::string& where, int32_t float_type) {
  if (cats.kind != Kind::Array || cats.array->shape.size() != 1)
    throw Error(where + ": expected a 1-D array of categories, got " + cats.type_name());
  char kind = cats.array->dtype->kind;
  if (kind == 'U' || kind == 'S') return {OC_ELEM_STRING, "its categories are strings"};
  if (kind == 'i' || kind == 'u') return {OC_ELEM_INT64, "its categories are integers"};
  if (kind == 'f') return {float_type, "its categories are floats"};
  if (kind == 'b') return {OC_ELEM_BOOL, "its categories are booleans"};
  if (kind != 'O') throw Error(where + ": categories of dtype " + cats.array->dtype->str() + " cannot be an ONNX input");
  std::set<Cat> seen;
  for (const auto& item : cats.array->objects) {
    Cat c = category_kind(*item);
    if (c == Cat::Other) throw Error(where + ": a category of type " + item->type_name() + " cannot be an ONNX input");
    if (c != Cat::Missing) seen.insert(c);
  }
  if (seen.count(Cat::String) && seen.size() > 1)
    throw Error(where + ": the categories mix strings and numbers; one ONNX input has one element type");
  if (seen.count(Cat::String)) return {OC_ELEM_STRING, "its categories are strings"};
  if (seen.count(Cat::Float)) return {float_type, "its categories are numbers"};
  if (seen.count(Cat::Int)) return {OC_ELEM_INT64, "its categories are integers"};
  return {float_type, "its categories are only missing values"};
}

// HistGradientBoosting (1.4+) with categorical features ordinal-encodes
// them inside the model: `_preprocessor`, a ColumnTransformer whose entry
// "encoder" (an OrdinalEncoder) takes the columns is_categorical_ marks, in
// order. A column whose categories there are strings (a pandas category
// column of strings, categorical_features='from_dtype') takes strings;
// numeric categories stay numeric, as the trees plugin tests them as numbers.
std::optional<Consumed> hgb_category_type(const py::Value& est, size_t k, size_t n, const std::string& path,
                                          int32_t float_type) {
  const py::Value* pre = est.get("_preprocessor");
  const py::Value* mask = est.get("is_categorical_");
  if (pre == nullptr || pre->kind != Kind::Instance || mask == nullptr || mask->kind != Kind::Array) return std::nullopt;
  const py::Array& flags = *mask->array;
  if (flags.dtype->kind != 'b' || flags.dtype->itemsize != 1 || flags.size() != n)
    throw Error(path + ".is_categorical_: expected " + std::to_string(n) + " booleans, got " + mask->type_name());
  const uint8_t* is_cat = flags.data.data();
  if (!is_cat[k]) return std::nullopt;
  size_t j = 0;  // index among the categorical columns
  for (size_t i = 0; i < k; ++i) j += is_cat[i] ? 1 : 0;
  const py::Value* entries = pre->get("transformers_");
  if (entries == nullptr || entries->kind != Kind::List) return std::nullopt;
  for (const auto& entry : entries->items) {
    if (entry->kind != Kind::Tuple || entry->items.size() < 2 || !is_string(*entry->items[0], "encoder")) continue;
    const py::Value* cats = entry->items[1]->get("categories_");
    if (cats == nullptr || (cats->kind != Kind::List && cats->kind != Kind::Tuple) || j >= cats->items.size())
      throw Error(path + "._preprocessor: its encoder has no categories_ entry for categorical column " +
                  std::to_string(k));
    std::string where = path + "._preprocessor.transformers_['encoder'].categories_[" + std::to_string(j) + "]";
    Consumed c = from_categories(*cats->items[j], where, float_type);
    if (c.elem != OC_ELEM_STRING) return std::nullopt;
    return Consumed{OC_ELEM_STRING, "its categories (ordinal-encoded inside the model) are strings"};
  }
  return std::nullopt;
}

// The type `est` needs for its k-th input column, or nothing (numeric).
std::optional<Consumed> consumed_type(const py::Value& est, size_t k, size_t n, const std::string& path,
                                      int32_t float_type) {
  if (est.get("_preprocessor") != nullptr) return hgb_category_type(est, k, n, path, float_type);
  const py::Value* cats = est.get("categories_");
  if (cats != nullptr && (cats->kind == Kind::List || cats->kind == Kind::Tuple)) {
    if (cats->items.size() != n)
      throw Error(path + ": categories_ has " + std::to_string(cats->items.size()) + " entries for " +
                  std::to_string(n) + " input columns");
    std::string where = path + ".categories_[" + std::to_string(k) + "]";
    return from_categories(*cats->items[k], where, float_type);
  }
  // SimpleImputer fitted on strings keeps an object statistics_.
  const py::Value* stats = est.get("statistics_");
  if (stats != nullptr && stats->kind == Kind::Array && stats->array->dtype->kind == 'O' &&
      k < stats->array->objects.size() && stats->array->objects[k]->kind == Kind::String)
    return Consumed{OC_ELEM_STRING, "its fitted statistics_ are strings"};
  return std::nullopt;
}

int32_t optbinning_input_elem(const py::Value& est, int32_t float_type);

// optbinning's BinningProcess takes DataFrame columns by name
// (variable_names); a Scorecard, those of its fitted binning_process_.
const py::Value* optbinning_process(const py::Value& est) {
  if (is_class(est, "optbinning.binning.binning_process", "BinningProcess")) return &est;
  if (is_class(est, "optbinning.scorecard.scorecard", "Scorecard")) return est.get("binning_process_");
  return nullptr;
}

std::vector<std::string> optbinning_columns(const py::Value& process) {
  const py::Value* names = process.get("variable_names");
  std::vector<std::string> out;
  if (names == nullptr) return out;
  const std::vector<py::ValuePtr>* items = nullptr;
  if (names->kind == Kind::List || names->kind == Kind::Tuple) items = &names->items;
  if (names->kind == Kind::Array && names->array->dtype->kind == 'O') items = &names->array->objects;
  for (size_t i = 0; items != nullptr && i < items->size(); ++i) {
    if ((*items)[i]->kind != Kind::String) return {};
    out.push_back((*items)[i]->s);
  }
  return out;
}

// Composites nest; a hostile file could nest them until the stack runs out.
constexpr int kMaxDepth = 32;

struct Member {
  std::string where;  // "estimators_[1]"
  const py::Value* estimator;
};

// The fitted members of `est`: objects in its public fitted state (entries
// whose names end in '_' and do not start with it, scikit-learn's
// convention) or in a list or tuple there. Constructor parameters (the
// unfitted `estimator`, `estimators`) and private state are not members.
std::vector<Member> fitted_members(const py::Value& est) {
  std::vector<Member> out;
  const py::Value* state = est.state.get();
  if (state != nullptr && state->kind == Kind::Tuple && !state->items.empty()) state = state->items[0].get();
  if (state == nullptr || state->kind != Kind::Dict) return out;
  for (size_t i = 0; i < state->items.size() && i < state->values.size(); ++i) {
    const py::Value& key = *state->items[i];
    if (key.kind != Kind::String || key.s.size() < 2 || key.s.front() == '_' || key.s.back() != '_') continue;
    const py::Value& value = *state->values[i];
    if (value.kind == Kind::Instance) out.push_back({key.s, &value});
    if (value.kind != Kind::List && value.kind != Kind::Tuple) continue;
    for (size_t j = 0; j < value.items.size(); ++j)
      if (value.items[j]->kind == Kind::Instance)
        out.push_back({key.s + "[" + std::to_string(j) + "]", value.items[j].get()});
  }
  return out;
}

// Private wrappers that hold the fitted estimator seeing the same table
// they see under a name without the trailing '_' (so fitted_members does
// not find it), keeping no feature_names_in_ of their own:
// CalibratedClassifierCV's calibrated_classifiers_[i] (`base_estimator`
// before 1.2) and a FrozenEstimator (1.6+, also inside the former). A
// wrapper's columns are its estimator's, and that estimator consumes them.
struct Wrapper {
  const char* module;
  const char* name;
  std::vector<const char*> attrs;  // the first one present holds the estimator
};

const std::vector<Wrapper>& wrappers() {
  static const std::vector<Wrapper> table = {
      {"sklearn.calibration", "_CalibratedClassifier", {"estimator", "base_estimator"}},
      {"sklearn.frozen._frozen", "FrozenEstimator", {"estimator"}},
  };
  return table;
}

// The estimator `est` wraps, or nothing when it is no such wrapper.
std::optional<Member> wrapped(const py::Value& est) {
  for (const Wrapper& w : wrappers()) {
    if (!is_class(est, w.module, w.name)) continue;
    for (const char* attr : w.attrs)
      if (const py::Value* inner = est.get(attr); inner != nullptr && inner->kind == Kind::Instance)
        return Member{attr, inner};
    return std::nullopt;
  }
  return std::nullopt;
}

std::vector<std::string> model_columns(const py::Value& est);

class SchemaWalk {
 public:
  SchemaWalk(std::vector<SchemaColumn>& columns, int32_t float_type) : columns_(columns), float_type_(float_type) {}

  void visit(const py::Value& est, const std::vector<size_t>& cols, const std::string& path) {
    if (est.kind != Kind::Instance) return;
    if (depth_ >= kMaxDepth) throw Error(path + ": composites nest deeper than " + std::to_string(kMaxDepth) + " levels");
    ++depth_;
    visit_estimator(est, cols, path);
    --depth_;
  }

 private:
  void visit_estimator(const py::Value& est, const std::vector<size_t>& cols, const std::string& path) {
    if (is_class(est, "sklearn.pipeline", "Pipeline")) return visit_pipeline(est, cols, path);
    if (is_class(est, "sklearn.pipeline", "FeatureUnion")) return visit_union(est, cols, path);
    if (is_class(est, "sklearn.compose._column_transformer", "ColumnTransformer"))
      return visit_column_transformer(est, cols, path);
    if (is_identity(est)) {
      for (size_t c : cols) note_numeric(c, "passed through by " + path);
      return;
    }
    if (const py::Value* process = optbinning_process(est)) return visit_binning_process(*process, cols, path);
    if (auto inner = wrapped(est)) return visit_once(*inner->estimator, cols, path + "." + inner->where);
    if (visit_same_table_members(est, cols, path)) return;
    for (size_t k = 0; k < cols.size(); ++k) {
      auto c = consumed_type(est, k, cols.size(), path, float_type_);
      if (c) require(cols[k], c->elem, path + " (" + est.name + "): " + c->why);
      else note_numeric(cols[k], "read as numbers by " + path + " (" + est.name + ")");
    }
  }

  // A meta-estimator (VotingClassifier, StackingRegressor, a search's
  // best_estimator_, TransformedTargetRegressor's regressor_, a
  // CalibratedClassifierCV's calibrated_classifiers_ (wrappers: see
  // wrapped()), a plugin's composite...) passes the DataFrame on to the
  // members it fits: those whose columns are exactly these consume them, the
  // meta-estimator itself reads none. Members fitted on something else (a
  // stacking's final_estimator_ on the predictions, a transformer_ on y) are
  // not visited. Each member object is visited once (a file may share one:
  // every calibrated_classifiers_[i] wraps the same FrozenEstimator).
  bool visit_same_table_members(const py::Value& est, const std::vector<size_t>& cols, const std::string& path) {
    std::vector<std::string> names;
    for (size_t c : cols) names.push_back(columns_[c].name);
    bool any = false;
    for (const Member& m : fitted_members(est)) {
      if (model_columns(*m.estimator) != names) continue;
      any = true;
      visit_once(*m.estimator, cols, path + "." + m.where);
    }
    return any;
  }

  void visit_once(const py::Value& est, const std::vector<size_t>& cols, const std::string& path) {
    if (visited_.insert({&est, cols}).second) visit(est, cols, path);
  }

  void visit_pipeline(const py::Value& p, const std::vector<size_t>& cols, const std::string& path) {
    const py::Value* steps = p.get("steps");
    if (steps == nullptr || steps->kind != Kind::List) return;
    for (size_t i = 0; i < steps->items.size(); ++i) {
      const py::Value& s = *steps->items[i];
      if (s.kind != Kind::Tuple || s.items.size() != 2 || s.items[0]->kind != Kind::String) return;
      const py::Value& step = *s.items[1];
      if (step.kind == Kind::None || is_string(step, "passthrough")) continue;
      return visit(step, cols, path + ".steps[" + std::to_string(i) + "] '" + s.items[0]->s + "'");
    }
    for (size_t c : cols) note_numeric(c, "passed through by " + path);
  }

  void visit_union(const py::Value& u, const std::vector<size_t>& cols, const std::string& path) {
    const py::Value* list = u.get("transformer_list");
    if (list == nullptr || list->kind != Kind::List) return;
    for (size_t i = 0; i < list->items.size(); ++i) {
      const py::Value& t = *list->items[i];
      if (t.kind != Kind::Tuple || t.items.size() != 2 || t.items[0]->kind != Kind::String) return;
      std::string branch = path + ".transformer_list[" + std::to_string(i) + "] '" + t.items[0]->s + "'";
      const py::Value& trans = *t.items[1];
      if (trans.kind == Kind::None || is_string(trans, "drop")) continue;
      if (is_string(trans, "passthrough")) {
        for (size_t c : cols) note_numeric(c, "passed through by " + branch);
        continue;
      }
      visit(trans, cols, branch);
    }
  }

  void visit_column_transformer(const py::Value& ct, const std::vector<size_t>& cols, const std::string& path) {
    const py::Value* list = ct.get("transformers_");
    if (list == nullptr || list->kind != Kind::List) return;
    std::vector<std::string> names = feature_names_in(ct);
    if (names.empty())
      for (size_t c : cols) names.push_back(columns_[c].name);
    for (size_t i = 0; i < list->items.size(); ++i) {
      const py::Value& t = *list->items[i];
      if (t.kind != Kind::Tuple || t.items.size() != 3 || t.items[0]->kind != Kind::String) return;
      std::string branch = path + ".transformers_[" + std::to_string(i) + "] '" + t.items[0]->s + "'";
      const py::Value& trans = *t.items[1];
      if (is_string(trans, "drop")) continue;
      std::vector<size_t> selected;
      for (int64_t j : column_indices(*t.items[2], static_cast<int64_t>(cols.size()), branch, names))
        selected.push_back(cols[static_cast<size_t>(j)]);
      if (trans.kind == Kind::None || is_string(trans, "passthrough")) {
        for (size_t c : selected) note_numeric(c, "passed through by " + branch);
        continue;
      }
      visit(trans, selected, branch);
    }
  }

  // Column k is variable_names[k]; a categorical variable of string
  // categories takes strings, the others numbers.
  void visit_binning_process(const py::Value& process, const std::vector<size_t>& cols, const std::string& path) {
    std::vector<std::string> names = optbinning_columns(process);
    const py::Value* binned = process.get("_binned_variables");
    for (size_t k = 0; k < cols.size() && k < names.size(); ++k) {
      const py::Value* variable = binned != nullptr && binned->kind == Kind::Dict ? binned->get(names[k]) : nullptr;
      if (variable != nullptr && optbinning_input_elem(*variable, float_type_) == OC_ELEM_STRING)
        require(cols[k], OC_ELEM_STRING, path + " (BinningProcess): variable '" + names[k] +
                                             "' is categorical with string categories");
      else
        note_numeric(cols[k], "read as numbers by " + path + " (BinningProcess)");
    }
  }

  void require(size_t c, int32_t elem, const std::string& why) {
    SchemaColumn& col = columns_[c];
    if (col.typed && col.elem != elem)
      throw Error("column '" + col.name + "': " + why + " (" + elem_label(elem) + "), but " + col.reason + " (" +
                  elem_label(col.elem) + "): one input has one type");
    if (col.typed) return;
    col.typed = true;
    col.elem = elem;
    col.reason = why;
  }

  void note_numeric(size_t c, const std::string& why) {
    if (!columns_[c].typed && columns_[c].reason.empty()) columns_[c].reason = why;
  }

  std::vector<SchemaColumn>& columns_;
  int32_t float_type_;
  int depth_ = 0;
  std::set<std::pair<const py::Value*, std::vector<size_t>>> visited_;
};

// feature_names_in_ of an estimator, or of its first step or branch
// (Pipeline and FeatureUnion never store it: it is a property), or, for a
// meta-estimator written before 1.0 (which kept no names of its own), of
// the first of its fitted members that has some. Each object is looked at
// once (a file may share one between members, or loop).
const py::Value& first_step(const py::Value& est);

std::vector<std::string> columns_of(const py::Value& est, int depth, std::set<const py::Value*>& seen) {
  if (depth >= kMaxDepth || !seen.insert(&est).second) return {};
  if (const py::Value* process = optbinning_process(est)) return optbinning_columns(*process);
  if (auto inner = wrapped(est)) return columns_of(*inner->estimator, depth + 1, seen);
  std::vector<std::string> names = feature_names_in(est);
  if (!names.empty()) return names;
  bool pipeline = is_class(est, "sklearn.pipeline", "Pipeline");
  bool union_ = is_class(est, "sklearn.pipeline", "FeatureUnion");
  if (!pipeline && !union_) {
    // Meta-estimators keep no feature_names_in_ before 1.0, nor (1.0+) when
    // no member has one: a member that takes columns by name on its own
    // (optbinning's BinningProcess first) still names them.
    bool before_1_0 = sklearn_version_of(est).rfind("0.", 0) == 0;
    for (const Member& m : fitted_members(est)) {
      if (!before_1_0 && optbinning_process(first_step(*m.estimator)) == nullptr) continue;
      if (names = columns_of(*m.estimator, depth + 1, seen); !names.empty()) return names;
    }
    return {};
  }
  const py::Value* steps = est.get(pipeline ? "steps" : "transformer_list");
  if (steps == nullptr || steps->kind != Kind::List) return {};
  for (const auto& s : steps->items) {
    if (s->kind != Kind::Tuple || s->items.size() != 2) return {};
    const py::Value& step = *s->items[1];
    if (step.kind == Kind::None || is_string(step, "passthrough") || is_string(step, "drop")) continue;
    return step.kind == Kind::Instance ? columns_of(step, depth + 1, seen) : names;
  }
  return {};
}

std::vector<std::string> model_columns(const py::Value& est) {
  std::set<const py::Value*> seen;
  return columns_of(est, 0, seen);
}

// The estimator that first sees the input: the root, or a Pipeline's first step.
const py::Value& first_step(const py::Value& est) {
  if (!is_class(est, "sklearn.pipeline", "Pipeline")) return est;
  const py::Value* steps = est.get("steps");
  if (steps == nullptr || steps->kind != Kind::List) return est;
  for (const auto& s : steps->items) {
    if (s->kind != Kind::Tuple || s->items.size() != 2) return est;
    const py::Value& step = *s->items[1];
    if (step.kind == Kind::None || is_string(step, "passthrough")) continue;
    return first_step(step);
  }
  return est;
}

// optbinning's OptimalBinning / ContinuousOptimalBinning transform a 1-D x:
// strings when a categorical one has string categories, else numbers.
bool is_optbinning_variable(const py::Value& est) {
  return is_class(est, "optbinning.binning.binning", "OptimalBinning") ||
         is_class(est, "optbinning.binning.continuous_binning", "ContinuousOptimalBinning") ||
         is_class(est, "optbinning.binning.multiclass_binning", "MulticlassOptimalBinning");
}

int32_t optbinning_input_elem(const py::Value& est, int32_t float_type) {
  const py::Value* dtype = est.get("dtype");
  const py::Value* cats = est.get("_categories");
  if (dtype == nullptr || !is_string(*dtype, "categorical") || cats == nullptr) return float_type;
  // A numpy object array, or pandas 3's StringArray (reduced, holding one).
  if (cats->kind == Kind::Array && cats->array->dtype->kind == 'O') {
    for (const auto& item : cats->array->objects)
      if (item->kind == Kind::String) return OC_ELEM_STRING;
    return float_type;
  }
  if (cats->kind != Kind::Array) return OC_ELEM_STRING;
  char kind = cats->array->dtype->kind;
  return kind == 'U' || kind == 'S' ? OC_ELEM_STRING : float_type;
}

// LabelEncoder / LabelBinarizer transform y: X is 1-D, of the classes' type.
int32_t label_input_elem(const py::Value& root, const std::string& path, int32_t float_type) {
  const py::Value& first = first_step(root);
  if (is_optbinning_variable(first)) return optbinning_input_elem(first, float_type);
  if (!is_class(first, "sklearn.preprocessing._label", "LabelEncoder") &&
      !is_class(first, "sklearn.preprocessing._label", "LabelBinarizer"))
    return 0;
  const py::Value* classes = first.get("classes_");
  if (classes == nullptr) throw Error(path + ": " + first.name + " without classes_ (is it fitted?)");
  return from_categories(*classes, path + " (" + first.name + ").classes_", float_type).elem;
}

bool numeric(int32_t elem) { return elem == OC_ELEM_FLOAT || elem == OC_ELEM_DOUBLE; }

void apply_overrides(std::vector<SchemaColumn>& columns, const ConvertOptions& options, int32_t float_type,
                     const std::string& path) {
  for (const auto& entry : options.input_types) {
    const std::string& name = entry.first;  // (clang 14 lambdas cannot capture structured bindings)
    const std::string& type = entry.second;
    auto it = std::find_if(columns.begin(), columns.end(), [&](const SchemaColumn& c) { return c.name == name; });
    if (it == columns.end()) {
      std::string list;
      for (const auto& c : columns) list += (list.empty() ? "'" : ", '") + c.name + "'";
      throw Error("--input " + name + "=" + type + ": " + path + " has no column '" + name + "'" +
                  (list.empty() ? " (it was not fitted on a DataFrame: its one input is X)"
                                : " (columns: " + list + ")"));
    }
    it->elem = elem_from_name(type, float_type, name);
    it->typed = true;
    it->reason = "--input " + name + "=" + type;
  }
}

}  // namespace

InputSchema input_schema(const py::Value& root, const std::string& path, int32_t float_type,
                         const ConvertOptions& options) {
  InputSchema schema;
  std::vector<std::string> names = model_columns(root);
  if (names.empty()) schema.label_elem = label_input_elem(root, path, float_type);
  std::set<std::string> unique;
  for (const auto& n : names) {
    if (!unique.insert(n).second)
      throw Error(path + ": feature_names_in_ names column '" + n + "' twice: two inputs cannot share a name");
    schema.columns.push_back({n, float_type, false, ""});
  }
  if (!names.empty()) {
    std::vector<size_t> all(names.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    SchemaWalk(schema.columns, float_type).visit(root, all, path);
  }
  for (auto& c : schema.columns)
    if (c.reason.empty()) c.reason = "not used by the model (any type: --input " + c.name + "=TYPE)";
  apply_overrides(schema.columns, options, float_type, path);

  bool all_numeric = true;
  std::string first_other;
  for (const auto& c : schema.columns)
    if (!numeric(c.elem) && all_numeric) {
      all_numeric = false;
      first_other = "column '" + c.name + "' is " + elem_label(c.elem) + ": " + c.reason;
    }
  switch (options.inputs) {
    case InputLayout::Single:
      if (!all_numeric)
        throw Error("--inputs single: " + path + " cannot take one numeric tensor X: " + first_other +
                    " (use --inputs per-column)");
      break;
    case InputLayout::PerColumn:
      if (schema.columns.empty())
        throw Error("--inputs per-column: " + path + " has no feature_names_in_ (it was not fitted on a DataFrame "
                    "with named columns): its one input is X");
      schema.per_column = true;
      break;
    case InputLayout::Auto:
      schema.per_column = !all_numeric || !options.input_types.empty();
      break;
  }
  // Mixed float types per column are not one model float type: keep them
  // as the user asked only when each column is its own input.
  if (!schema.per_column)
    for (auto& c : schema.columns) c.elem = float_type;
  return schema;
}

}  // namespace onnxconv
