#include "column_spec.h"

#include "host_api.h"

#include <onnxconv/engine.h>

#include <algorithm>

namespace onnxconv {
namespace {

using py::Kind;

[[noreturn]] void refuse_names(const std::string& path) {
  throw Error(path + ": columns are selected by name, and the ColumnTransformer has no feature_names_in_ "
                     "to place them in the one numeric tensor X: select columns by integer index");
}

// Positions of named columns in feature_names_in_ (the input's column order).
std::vector<int64_t> from_names(const std::vector<const py::Value*>& names, const std::vector<std::string>& features,
                                const std::string& path) {
  if (features.empty()) refuse_names(path);
  std::vector<int64_t> out;
  for (const py::Value* n : names) {
    if (n->kind != Kind::String) throw Error(path + ": a column list mixing names and " + n->type_name());
    auto it = std::find(features.begin(), features.end(), n->s);
    if (it == features.end())
      throw Error(path + ": column '" + n->s + "' is not in the ColumnTransformer's feature_names_in_");
    out.push_back(it - features.begin());
  }
  return out;
}

std::vector<const py::Value*> raw_items(const std::vector<py::ValuePtr>& items) {
  std::vector<const py::Value*> out;
  for (const auto& i : items) out.push_back(i.get());
  return out;
}

int64_t normalized(int64_t i, int64_t n, const std::string& path) {
  if (n < 0) {
    if (i < 0) throw Error(path + ": negative column index " + std::to_string(i) + " with an unknown number of columns");
    return i;
  }
  int64_t j = i < 0 ? i + n : i;
  if (j < 0 || j >= n)
    throw Error(path + ": column " + std::to_string(i) + " is out of range for " + std::to_string(n) + " columns");
  return j;
}

std::vector<int64_t> from_mask(const std::vector<bool>& mask, int64_t n, const std::string& path) {
  if (n >= 0 && static_cast<int64_t>(mask.size()) != n)
    throw Error(path + ": a boolean mask of " + std::to_string(mask.size()) + " entries over " + std::to_string(n) +
                " columns");
  std::vector<int64_t> out;
  for (size_t i = 0; i < mask.size(); ++i)
    if (mask[i]) out.push_back(static_cast<int64_t>(i));
  return out;
}

std::vector<int64_t> from_ints(const std::vector<int64_t>& ints, int64_t n, const std::string& path) {
  std::vector<int64_t> out;
  for (int64_t i : ints) out.push_back(normalized(i, n, path));
  return out;
}

// A slice bound: None, or an int (numpy ints included).
bool slice_part(const py::Value& v, bool& present, int64_t& value) {
  present = v.kind != Kind::None;
  if (v.kind == Kind::Int) value = v.i;
  return v.kind == Kind::None || v.kind == Kind::Int;
}

// df.loc[:, 'a':'c']: a slice of column names includes both ends.
std::vector<int64_t> from_name_slice(const py::Value& args, const std::vector<std::string>& features,
                                     const std::string& path) {
  if (features.empty()) refuse_names(path);
  const py::Value& start = *args.items[0];
  const py::Value& stop = *args.items[1];
  if (args.items[2]->kind != Kind::None) throw Error(path + ": a slice of column names with a step");
  for (const py::Value* bound : {&start, &stop})
    if (bound->kind != Kind::None && bound->kind != Kind::String)
      throw Error(path + ": a slice mixing column names and " + bound->type_name());
  int64_t first = start.kind == Kind::None ? 0 : from_names({&start}, features, path)[0];
  int64_t last = stop.kind == Kind::None ? static_cast<int64_t>(features.size()) - 1
                                         : from_names({&stop}, features, path)[0];
  std::vector<int64_t> out;
  for (int64_t i = first; i <= last; ++i) out.push_back(i);
  return out;
}

// list(range(n)[start:stop:step]), as Python's slice.indices(n) clamps.
std::vector<int64_t> from_slice(const py::Value& slice, int64_t n, const std::string& path,
                                const std::vector<std::string>& features) {
  const py::Value* args = slice.args.get();
  bool has[3] = {false, false, false};
  int64_t part[3] = {0, 0, 1};
  if (args == nullptr || args->kind != Kind::Tuple || args->items.size() != 3)
    throw Error(path + ": a slice without (start, stop, step)");
  if (args->items[0]->kind == Kind::String || args->items[1]->kind == Kind::String)
    return from_name_slice(*args, features, path);
  for (int k = 0; k < 3; ++k)
    if (!slice_part(*args->items[k], has[k], part[k]))
      refuse_names(path);
  if (n < 0) throw Error(path + ": a slice of columns needs the ColumnTransformer's n_features_in_");
  int64_t step = has[2] ? part[2] : 1;
  if (step == 0) throw Error(path + ": a slice with step 0");
  auto clamp = [&](bool present, int64_t v, int64_t fallback) {
    if (!present) return fallback;
    if (v < 0) v += n;
    if (step > 0) return std::min(std::max<int64_t>(v, 0), n);
    return std::min(std::max<int64_t>(v, -1), n - 1);
  };
  int64_t start = clamp(has[0], part[0], step > 0 ? 0 : n - 1);
  int64_t stop = clamp(has[1], part[1], step > 0 ? n : -1);
  std::vector<int64_t> out;
  for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) out.push_back(i);
  return out;
}

std::vector<int64_t> from_list(const py::Value& list, int64_t n, const std::string& path,
                               const std::vector<std::string>& features) {
  if (!list.items.empty() && list.items[0]->kind == Kind::String) return from_names(raw_items(list.items), features, path);
  std::vector<bool> mask;
  std::vector<int64_t> ints;
  for (const auto& item : list.items) {
    if (item->kind == Kind::Bool) mask.push_back(item->b);
    else if (item->kind == Kind::Int) ints.push_back(item->i);
    else if (item->kind == Kind::String) refuse_names(path);
    else throw Error(path + ": cannot select columns by a list holding " + item->type_name());
  }
  if (!mask.empty() && !ints.empty()) throw Error(path + ": a column list mixing booleans and integers");
  return mask.empty() ? from_ints(ints, n, path) : from_mask(mask, n, path);
}

std::vector<int64_t> from_array(const py::Value& array, int64_t n, const std::string& path,
                                const std::vector<std::string>& features) {
  const py::Array& a = *array.array;
  char kind = a.dtype->kind;
  if (kind == 'O' && a.shape.size() == 1) return from_names(raw_items(a.objects), features, path);
  if (kind == 'U' || kind == 'S' || kind == 'O') refuse_names(path);
  if (kind != 'b' && kind != 'i' && kind != 'u')
    throw Error(path + ": cannot select columns by an array of dtype " + a.dtype->str());
  if (a.shape.size() > 1) throw Error(path + ": cannot select columns by a " + std::to_string(a.shape.size()) + "-D array");
  std::vector<int64_t> values(a.size());
  if (oc_status* s = host_api()->array_to_int64s(to_handle(&array), nullptr, values.data(), values.size()))
    throw Error(path + ": " + take_status_message(s));
  if (kind != 'b') return from_ints(values, n, path);
  return from_mask(std::vector<bool>(values.begin(), values.end()), n, path);
}

}  // namespace

std::vector<int64_t> column_indices(const py::Value& spec, int64_t n_features, const std::string& path,
                                    const std::vector<std::string>& feature_names) {
  if (n_features > kMaxColumns)
    throw Error(path + ": " + std::to_string(n_features) + " input columns, over the limit of " +
                std::to_string(kMaxColumns));
  switch (spec.kind) {
    case Kind::Int: return {normalized(spec.i, n_features, path)};
    case Kind::String: return from_names({&spec}, feature_names, path);
    case Kind::List: case Kind::Tuple: return from_list(spec, n_features, path, feature_names);
    case Kind::Array: return from_array(spec, n_features, path, feature_names);
    case Kind::Instance:
      if (spec.module == "builtins" && spec.name == "slice") return from_slice(spec, n_features, path, feature_names);
      // 1.5 and 1.6 pickle the remainder's columns as this list subclass.
      // 1.5 and 1.6 pickle the remainder's columns as this UserList: its .data.
      if (spec.module == "sklearn.compose._column_transformer" && spec.name == "_RemainderColsList") {
        const py::Value* data = spec.get("data");
        if (data == nullptr) throw Error(path + ": a _RemainderColsList without its data");
        return column_indices(*data, n_features, path, feature_names);
      }
      break;
    default: break;
  }
  throw Error(path + ": cannot select columns by " + spec.type_name() +
              " (expected integer indices, a boolean mask or a slice)");
}

std::vector<std::string> feature_names_in(const py::Value& est) {
  const py::Value* v = est.get("feature_names_in_");
  if (v == nullptr) v = est.get("_feature_names_in");  // ColumnTransformer before 1.0
  const std::vector<py::ValuePtr>* items = nullptr;
  if (v != nullptr && v->kind == Kind::Array && v->array->dtype->kind == 'O') items = &v->array->objects;
  if (v != nullptr && v->kind == Kind::List) items = &v->items;
  std::vector<std::string> out;
  for (size_t i = 0; items != nullptr && i < items->size(); ++i) {
    if ((*items)[i]->kind != Kind::String) return {};
    out.push_back((*items)[i]->s);
  }
  return out;
}

bool read_simple_slice(const py::Value& v, int64_t& start, int64_t& stop) {
  if (v.kind != Kind::Instance || v.module != "builtins" || v.name != "slice" || !v.args) return false;
  const auto& a = v.args->items;
  if (v.args->kind != Kind::Tuple || a.size() != 3 || a[0]->kind != Kind::Int || a[1]->kind != Kind::Int) return false;
  if (a[2]->kind != Kind::None && !(a[2]->kind == Kind::Int && a[2]->i == 1)) return false;
  start = a[0]->i;
  stop = a[1]->i;
  return true;
}

}  // namespace onnxconv
