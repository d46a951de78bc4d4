// onnxconv converter SDK: the header-only C++ layer over c_api.h.
//
// Converter authors write ordinary C++ against these classes; everything
// compiles into the plugin, and only the C ABI crosses into the host. Errors
// from host calls become `onnxconv::sdk::Error` exceptions here; exceptions
// thrown by converter code become `oc_status` objects at the boundary
// (see detail::guard), so no exception ever crosses a library boundary.
#ifndef ONNXCONV_SDK_SDK_HPP
#define ONNXCONV_SDK_SDK_HPP

#include <onnxconv/sdk/c_api.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

// The lowest host ABI minor this plugin needs; raise it before including
// this header when the plugin calls functions added in a later minor.
#ifndef ONNXCONV_PLUGIN_MIN_ABI_MINOR
#define ONNXCONV_PLUGIN_MIN_ABI_MINOR 0
#endif

namespace onnxconv::sdk {

// A converter's failure. `kind` (OC_ERROR_*) lets the host application
// tell an unsupported case from a malformed file or a bad option; it
// reaches hosts of ABI 1.3 and later (older ones see the message only).
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, int32_t kind = OC_ERROR_OTHER)
      : std::runtime_error(message), kind_(kind) {}
  int32_t kind() const noexcept { return kind_; }

 private:
  int32_t kind_;
};

namespace detail {
// The host's table has the 1.3 status kinds (checked at run time: a plugin
// built for an older minor may run in a newer host, never the reverse).
inline bool has_status_kinds(const oc_host_api* api) {
  return api->struct_size >= offsetof(oc_host_api, status_kind) + sizeof(api->status_kind) &&
         api->make_status_of_kind != nullptr && api->status_kind != nullptr;
}
// Turns a host status into an exception (and frees the status), keeping
// its kind.
inline void check(const oc_host_api* api, oc_status* status) {
  if (status == nullptr) return;
  std::string message = api->status_message(status);
  int32_t kind = has_status_kinds(api) ? api->status_kind(status) : OC_ERROR_OTHER;
  api->release_status(status);
  throw Error(message, kind);
}
}  // namespace detail

enum class Kind {
  None = OC_KIND_NONE,
  Bool = OC_KIND_BOOL,
  Int = OC_KIND_INT,
  Float = OC_KIND_FLOAT,
  String = OC_KIND_STRING,
  Bytes = OC_KIND_BYTES,
  List = OC_KIND_LIST,
  Tuple = OC_KIND_TUPLE,
  Dict = OC_KIND_DICT,
  Set = OC_KIND_SET,
  Array = OC_KIND_ARRAY,
  Instance = OC_KIND_INSTANCE,
  Global = OC_KIND_GLOBAL,
  Other = OC_KIND_OTHER,
};

// A read-only value of the model file. Carries a path such as
// "LogisticRegression.coef_" so errors say where they were found.
class Object {
 public:
  Object(const oc_host_api* api, const oc_object* obj, std::string path)
      : api_(api), obj_(obj), path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  const oc_object* raw() const { return obj_; }
  Kind kind() const { return static_cast<Kind>(api_->object_kind(obj_)); }
  bool is_none() const { return kind() == Kind::None; }
  // "module.Name" for instances and globals.
  std::string class_name() const {
    return std::string(api_->object_module(obj_)) + "." +
           api_->object_name(obj_);
  }
  std::string short_class_name() const { return api_->object_name(obj_); }

  std::optional<Object> find(const char* name) const {
    const oc_object* out = nullptr;
    check(api_->object_attr(obj_, name, &out));
    if (out == nullptr) return std::nullopt;
    return Object(api_, out, path_ + "." + name);
  }
  // The attribute, or an error naming the path that lacks it.
  Object attr(const char* name) const {
    if (auto found = find(name)) return *found;
    throw Error(path_ + ": missing attribute '" + name + "'", OC_ERROR_MALFORMED);
  }
  bool has(const char* name) const { return find(name).has_value(); }

  int64_t to_int() const {
    int64_t v = 0;
    check(api_->object_to_int(obj_, &v));
    return v;
  }
  double to_double() const {
    double v = 0;
    check(api_->object_to_double(obj_, &v));
    return v;
  }
  bool to_bool() const { return to_int() != 0; }
  std::string to_string() const {
    const char* data = nullptr;
    size_t size = 0;
    check(api_->object_to_string(obj_, &data, &size));
    return std::string(data, size);
  }
  bool is_string(std::string_view s) const {
    return kind() == Kind::String && to_string() == s;
  }

  size_t size() const { return api_->object_len(obj_); }
  Object operator[](size_t i) const {
    const oc_object* out = nullptr;
    check(api_->object_item(obj_, i, &out));
    return Object(api_, out, path_ + "[" + std::to_string(i) + "]");
  }
  std::pair<Object, Object> dict_item(size_t i) const {
    const oc_object* key = nullptr;
    const oc_object* value = nullptr;
    check(api_->dict_item(obj_, i, &key, &value));
    return {Object(api_, key, path_ + ".key"),
            Object(api_, value, path_ + "[" + std::to_string(i) + "]")};
  }
  std::optional<Object> args() const {
    const oc_object* out = api_->object_args(obj_);
    if (out == nullptr) return std::nullopt;
    return Object(api_, out, path_ + ".__args__");
  }

  // Arrays.
  oc_array_info array_info() const {
    oc_array_info info{};
    info.struct_size = sizeof info;
    check(api_->array_info(obj_, &info));
    return info;
  }
  std::vector<int64_t> shape() const {
    oc_array_info info = array_info();
    return std::vector<int64_t>(info.shape, info.shape + info.ndim);
  }
  std::vector<double> to_doubles(const char* field = nullptr) const {
    std::vector<double> out(array_info().size);
    check(api_->array_to_doubles(obj_, field, out.data(),
                                               out.size()));
    return out;
  }
  std::vector<int64_t> to_int64s(const char* field = nullptr) const {
    std::vector<int64_t> out(array_info().size);
    check(api_->array_to_int64s(obj_, field, out.data(),
                                              out.size()));
    return out;
  }

  // Error helper: "<path>: <message>". By default the value at this path
  // is not what it should be (OC_ERROR_MALFORMED); `unsupported` is for a
  // valid state the converter does not handle.
  [[noreturn]] void fail(const std::string& message, int32_t kind = OC_ERROR_MALFORMED) const {
    throw Error(path_ + ": " + message, kind);
  }
  [[noreturn]] void unsupported(const std::string& message) const { fail(message, OC_ERROR_UNSUPPORTED); }

 private:
  // A host status as an exception that says where: the host knows the
  // value, not the path that led to it.
  void check(oc_status* status) const {
    if (status == nullptr) return;
    std::string message = api_->status_message(status);
    int32_t kind = detail::has_status_kinds(api_) ? api_->status_kind(status) : OC_ERROR_OTHER;
    api_->release_status(status);
    fail(message, kind == OC_ERROR_OTHER ? OC_ERROR_MALFORMED : kind);
  }

  const oc_host_api* api_;
  const oc_object* obj_;
  std::string path_;
};

// A list attribute's elements for add_node_adopting (host ABI 1.1): the
// vector moves to the heap and the host keeps it, in its compact element
// type, until the model is written, then frees it through `release`. This
// saves the copy a large attribute (millions of tree nodes) would cost.
// Until handed_over(), *this owns the data and frees it when destroyed.
class AdoptedVector {
 public:
  AdoptedVector() = default;
  // T: int64_t, int32_t, uint8_t, float or double. `dictionary`: the
  // strings a STRINGS attribute's uint8 elements index.
  template <class T>
  explicit AdoptedVector(std::vector<T> v, std::vector<std::string> dictionary = {})
      : dictionary_(std::move(dictionary)) {
    auto* owned = new std::vector<T>(std::move(v));
    view_.struct_size = sizeof view_;
    view_.elem_type = elem_type_of<T>();
    view_.count = owned->size();
    view_.data = owned->data();
    view_.release = [](void* p) { delete static_cast<std::vector<T>*>(p); };
    view_.release_ctx = owned;
  }
  AdoptedVector(AdoptedVector&& o) noexcept { *this = std::move(o); }
  AdoptedVector& operator=(AdoptedVector&& o) noexcept {
    if (this != &o) {
      free();
      view_ = o.view_;
      dictionary_ = std::move(o.dictionary_);
      o.view_ = oc_adopted_array{};
    }
    return *this;
  }
  AdoptedVector(const AdoptedVector&) = delete;
  AdoptedVector& operator=(const AdoptedVector&) = delete;
  ~AdoptedVector() { free(); }

  // Holds data not yet handed over (false once moved from or handed over).
  bool owns_data() const { return view_.release_ctx != nullptr; }
  // The C view; valid while *this lives.
  const oc_adopted_array* view() {
    pointers_.clear();
    for (const auto& s : dictionary_) pointers_.push_back(s.c_str());
    view_.dictionary = pointers_.data();
    view_.dictionary_size = pointers_.size();
    return &view_;
  }
  // add_node_adopting took the data (it does so whatever its outcome).
  void handed_over() { view_ = oc_adopted_array{}; }

  template <class T>
  static constexpr int32_t elem_type_of() {
    if constexpr (std::is_same_v<T, int64_t>) return OC_ELEM_INT64;
    else if constexpr (std::is_same_v<T, int32_t>) return OC_ELEM_INT32;
    else if constexpr (std::is_same_v<T, uint8_t>) return OC_ELEM_UINT8;
    else if constexpr (std::is_same_v<T, float>) return OC_ELEM_FLOAT;
    else {
      static_assert(std::is_same_v<T, double>, "AdoptedVector holds int64, int32, uint8, float or double");
      return OC_ELEM_DOUBLE;
    }
  }

 private:
  void free() {
    if (view_.release) view_.release(view_.release_ctx);
    view_ = oc_adopted_array{};
  }
  oc_adopted_array view_{};
  std::vector<std::string> dictionary_;
  std::vector<const char*> pointers_;
};

// One node attribute, owning its data until add_node copies it (or, for
// an adopted attribute, hands it to the host).
class Attr {
 public:
  // An INTS, FLOATS, STRINGS or 1-D TENSOR attribute whose elements the host
  // adopts instead of copying (host ABI 1.1: the plugin must declare
  // ONNXCONV_PLUGIN_MIN_ABI_MINOR 1). Copies of the Attr share the data,
  // and only one add_node can hand it over.
  template <class Data = AdoptedVector>
  static Attr adopted(std::string name, int32_t type, Data data) {
    static_assert(ONNXCONV_PLUGIN_MIN_ABI_MINOR >= 1 || !std::is_same_v<Data, Data>,
                  "adopted attributes need host ABI 1.1: define ONNXCONV_PLUGIN_MIN_ABI_MINOR 1");
    Attr a(std::move(name), type);
    a.adopted_ = std::make_shared<AdoptedVector>(std::move(data));
    return a;
  }

  static Attr i(std::string name, int64_t v) {
    Attr a(std::move(name), OC_ATTR_INT);
    a.i_ = v;
    return a;
  }
  static Attr f(std::string name, double v) {
    Attr a(std::move(name), OC_ATTR_FLOAT);
    a.f_ = v;
    return a;
  }
  static Attr s(std::string name, std::string v) {
    Attr a(std::move(name), OC_ATTR_STRING);
    a.s_ = std::move(v);
    return a;
  }
  static Attr ints(std::string name, std::vector<int64_t> v) {
    Attr a(std::move(name), OC_ATTR_INTS);
    a.ints_ = std::move(v);
    return a;
  }
  static Attr floats(std::string name, std::vector<double> v) {
    Attr a(std::move(name), OC_ATTR_FLOATS);
    a.floats_ = std::move(v);
    return a;
  }
  static Attr strings(std::string name, std::vector<std::string> v) {
    Attr a(std::move(name), OC_ATTR_STRINGS);
    a.strings_ = std::move(v);
    return a;
  }
  // A tensor attribute of doubles or floats (elem OC_ELEM_DOUBLE/FLOAT),
  // int64 or strings; `dims` empty means a 1-D tensor of all values.
  static Attr tensor_doubles(std::string name, std::vector<double> v,
                             int32_t elem = OC_ELEM_DOUBLE,
                             std::vector<int64_t> dims = {}) {
    Attr a(std::move(name), OC_ATTR_TENSOR);
    a.tensor_elem_ = elem;
    a.tensor_dims_ = dims.empty() ? std::vector<int64_t>{int64_t(v.size())}
                                  : std::move(dims);
    if (elem == OC_ELEM_FLOAT) {
      a.floats32_.assign(v.begin(), v.end());
    } else {
      a.floats_ = std::move(v);
    }
    return a;
  }
  static Attr tensor_int64s(std::string name, std::vector<int64_t> v,
                            std::vector<int64_t> dims = {}) {
    Attr a(std::move(name), OC_ATTR_TENSOR);
    a.tensor_elem_ = OC_ELEM_INT64;
    a.tensor_dims_ = dims.empty() ? std::vector<int64_t>{int64_t(v.size())}
                                  : std::move(dims);
    a.ints_ = std::move(v);
    return a;
  }

  const std::string& name() const { return name_; }
  // The adopted data, or nullptr for an ordinary attribute.
  AdoptedVector* adopted_data() const { return adopted_.get(); }

  // A C view of this attribute; valid while *this and `scratch` live.
  oc_attribute view(std::vector<const char*>& scratch, oc_tensor& tensor) const {
    oc_attribute a{};
    a.struct_size = sizeof a;
    a.name = name_.c_str();
    a.type = type_;
    a.i = i_;
    a.f = f_;
    a.s = s_.c_str();
    switch (type_) {
      case OC_ATTR_INTS:
        a.ints = ints_.data();
        a.count = ints_.size();
        break;
      case OC_ATTR_FLOATS:
        a.floats = floats_.data();
        a.count = floats_.size();
        break;
      case OC_ATTR_STRINGS:
        scratch.clear();
        for (const auto& s : strings_) scratch.push_back(s.c_str());
        a.strings = scratch.data();
        a.count = scratch.size();
        break;
      case OC_ATTR_TENSOR:
        tensor = oc_tensor{};
        tensor.struct_size = sizeof tensor;
        tensor.elem_type = tensor_elem_;
        tensor.rank = tensor_dims_.size();
        tensor.dims = tensor_dims_.data();
        tensor.data = tensor_elem_ == OC_ELEM_INT64   ? static_cast<const void*>(ints_.data())
                      : tensor_elem_ == OC_ELEM_FLOAT ? static_cast<const void*>(floats32_.data())
                                                      : static_cast<const void*>(floats_.data());
        a.tensor = &tensor;
        break;
      default:
        break;
    }
    return a;
  }

 private:
  Attr(std::string name, int32_t type) : name_(std::move(name)), type_(type) {}
  std::string name_;
  int32_t type_;
  int64_t i_ = 0;
  double f_ = 0;
  std::string s_;
  std::vector<int64_t> ints_;
  std::vector<double> floats_;
  std::vector<float> floats32_;
  std::vector<std::string> strings_;
  int32_t tensor_elem_ = OC_ELEM_UNDEFINED;
  std::vector<int64_t> tensor_dims_;
  std::shared_ptr<AdoptedVector> adopted_;
};

// The type of a graph value; see oc_value_type.
struct ValueType {
  int32_t kind = OC_VALUE_TENSOR;
  int32_t elem_type = OC_ELEM_FLOAT;
  int32_t key_type = OC_ELEM_UNDEFINED;
  std::vector<int64_t> dims;  // -1 = unknown
  std::string name;           // role, e.g. "label"

  static ValueType tensor(std::string name, int32_t elem,
                          std::vector<int64_t> dims) {
    ValueType t;
    t.name = std::move(name);
    t.elem_type = elem;
    t.dims = std::move(dims);
    return t;
  }
  static ValueType sequence_of_maps(std::string name, int32_t key_type,
                                    int32_t value_type) {
    ValueType t;
    t.kind = OC_VALUE_SEQUENCE_OF_MAPS;
    t.name = std::move(name);
    t.key_type = key_type;
    t.elem_type = value_type;
    return t;
  }
  // A sequence of `elem` tensors of differing shapes (ABI 1.4 hosts).
  static ValueType sequence_of_tensors(std::string name, int32_t elem) {
    ValueType t;
    t.kind = OC_VALUE_SEQUENCE_OF_TENSORS;
    t.name = std::move(name);
    t.elem_type = elem;
    return t;
  }
  int64_t dim(size_t i) const { return i < dims.size() ? dims[i] : -1; }
};

#if ONNXCONV_PLUGIN_MIN_ABI_MINOR >= 3
// The values a sub-estimator's conversion computed (Context::convert_sub),
// in the order its inference gave them, each with its role.
struct SubOutputs {
  std::string member;
  std::vector<std::string> names;
  std::vector<std::string> roles;

  bool has(const std::string& role) const { return index_of(role) < names.size(); }
  // The value of that role ("label", "probabilities", "scores",
  // "variable"...), or an error listing the roles there are.
  const std::string& operator[](const std::string& role) const {
    size_t i = index_of(role);
    if (i < names.size()) return names[i];
    std::string listed;
    for (const auto& r : roles) listed += (listed.empty() ? "" : ", ") + r;
    throw Error(member + ": no output of role '" + role + "' (it has: " + listed + ")");
  }

 private:
  size_t index_of(const std::string& role) const {
    for (size_t i = 0; i < roles.size(); ++i)
      if (roles[i] == role) return i;
    return names.size();
  }
};
#endif

namespace detail {
inline oc_value_type to_c(const ValueType& v) {
  oc_value_type t{};
  t.struct_size = sizeof t;
  t.kind = v.kind;
  t.elem_type = v.elem_type;
  t.key_type = v.key_type;
  if (v.dims.size() > OC_MAX_RANK) throw Error("rank " + std::to_string(v.dims.size()) + " is over OC_MAX_RANK");
  t.rank = v.kind == OC_VALUE_TENSOR ? int32_t(v.dims.size()) : 0;
  for (size_t d = 0; d < v.dims.size(); ++d) t.dims[d] = v.dims[d];
  return t;
}
inline ValueType from_c(const oc_value_type& t) {
  ValueType v;
  v.kind = t.kind;
  v.elem_type = t.elem_type;
  v.key_type = t.key_type;
  if (t.rank > 0) v.dims.assign(t.dims, t.dims + t.rank);
  if (t.name != nullptr) v.name = t.name;
  return v;
}
}  // namespace detail

#if ONNXCONV_PLUGIN_MIN_ABI_MINOR >= 4
// Converter options for one member's plan (Context::infer_sub/convert_sub).
using SubOptions = std::map<std::string, std::string>;

namespace detail {
// SubOptions as the C arrays of names and values (valid while it lives).
struct OptionArrays {
  explicit OptionArrays(const SubOptions& options) {
    for (const auto& [name, value] : options) {
      names.push_back(name.c_str());
      values.push_back(value.c_str());
    }
  }
  std::vector<const char*> names, values;
};
}  // namespace detail
#endif

// The host side of one converter call: request, options, graph.
class Context {
 public:
  Context(oc_context* ctx, const oc_host_api* api) : ctx_(ctx), api_(api) {}

  const oc_host_api* api() const { return api_; }
  // The C handle, for helpers that call the host table directly (e.g. to
  // hand over large arrays without copying them into Attr objects).
  oc_context* raw() const { return ctx_; }

  std::optional<std::string> option(const char* name) const {
    const char* v = api_->option(ctx_, name);
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  }
  // Accepts true/false, 1/0, yes/no; anything else is an error.
  bool option_bool(const char* name, bool fallback) const {
    auto v = option(name);
    if (!v) return fallback;
    if (*v == "true" || *v == "1" || *v == "yes") return true;
    if (*v == "false" || *v == "0" || *v == "no") return false;
    throw Error(std::string("option '") + name + "' expects true or false, got '" + *v + "'", OC_ERROR_BAD_OPTION);
  }
  int32_t float_type() const { return api_->float_type(ctx_); }
  bool is_double() const { return float_type() == OC_ELEM_DOUBLE; }
  int64_t opset(const char* domain = "") const { return api_->opset(ctx_, domain); }
#if ONNXCONV_PLUGIN_MIN_ABI_MINOR >= 2
  // The type of input `index` as planned (host ABI 1.2), in convert as in infer.
  ValueType input_type(size_t index) const {
    oc_value_type t{};
    t.struct_size = sizeof t;
    detail::check(api_, api_->input_type(ctx_, index, &t));
    ValueType v;
    v.kind = t.kind;
    v.elem_type = t.elem_type;
    v.key_type = t.key_type;
    if (t.rank > 0) v.dims.assign(t.dims, t.dims + t.rank);
    return v;
  }
#endif

#if ONNXCONV_PLUGIN_MIN_ABI_MINOR >= 3
  // The composition seam (host ABI 1.3). `sub` is an estimator inside the
  // one being converted; the host plans it with whatever converter or
  // composite handles it. `member` (e.g. "estimators_[0]") extends the
  // step's path in messages and its node names.
  //
  // infer_sub: the types (and roles, in `name`) of its outputs for these
  // input types. Call it from infer, to check and declare your outputs.
  std::vector<ValueType> infer_sub(const Object& sub, const std::string& member,
                                   const std::vector<ValueType>& inputs) const {
    return infer_sub_via(inputs, [&](const oc_value_type* in, size_t n_in, oc_value_type* out, size_t cap, size_t* n) {
      return api_->infer_sub(ctx_, sub.raw(), member.c_str(), in, n_in, out, cap, n);
    });
  }
  // convert_sub: emits its nodes reading `inputs` (of `input_types`, as
  // given to infer_sub); the names of what it computed, by role. Call it
  // from convert.
  SubOutputs convert_sub(const Object& sub, const std::string& member, const std::vector<std::string>& inputs,
                         const std::vector<ValueType>& input_types) const {
    return convert_sub_via(member, inputs, input_types,
                           [&](const char* const* in, const oc_value_type* types, size_t n_in, const char** names,
                               const char** roles, size_t cap, size_t* n) {
                             return api_->convert_sub(ctx_, sub.raw(), member.c_str(), in, types, n_in, names, roles,
                                                      cap, n);
                           });
  }
#endif

#if ONNXCONV_PLUGIN_MIN_ABI_MINOR >= 4
  // The same with converter options for the member's plan only (host ABI
  // 1.4), over the model's: {{"raw_scores", "true"}} for its
  // decision_function, {{"zipmap", "false"}} for plain probabilities. Each
  // must be offered by a converter of the member (else ErrorKind::BadOption);
  // give convert_sub the options you gave infer_sub.
  std::vector<ValueType> infer_sub(const Object& sub, const std::string& member, const std::vector<ValueType>& inputs,
                                   const SubOptions& options) const {
    detail::OptionArrays o(options);
    return infer_sub_via(inputs, [&](const oc_value_type* in, size_t n_in, oc_value_type* out, size_t cap, size_t* n) {
      return api_->infer_sub_with_options(ctx_, sub.raw(), member.c_str(), o.names.data(), o.values.data(),
                                          o.names.size(), in, n_in, out, cap, n);
    });
  }
  SubOutputs convert_sub(const Object& sub, const std::string& member, const std::vector<std::string>& inputs,
                         const std::vector<ValueType>& input_types, const SubOptions& options) const {
    detail::OptionArrays o(options);
    return convert_sub_via(member, inputs, input_types,
                           [&](const char* const* in, const oc_value_type* types, size_t n_in, const char** names,
                               const char** roles, size_t cap, size_t* n) {
                             return api_->convert_sub_with_options(ctx_, sub.raw(), member.c_str(), o.names.data(),
                                                                   o.values.data(), o.names.size(), in, types, n_in,
                                                                   names, roles, cap, n);
                           });
  }
#endif

  std::string unique_name(const std::string& hint) const {
    std::string name = api_->unique_name(ctx_, hint.c_str());
    if (name.empty()) throw Error("the host could not make a name from '" + hint + "'");
    return name;
  }

  // Adds a constant tensor; returns its (unique) name.
  std::string add_initializer(const std::string& hint, int32_t elem,
                              const std::vector<int64_t>& dims,
                              const void* data) const {
    oc_tensor t{};
    t.struct_size = sizeof t;
    t.elem_type = elem;
    t.rank = dims.size();
    t.dims = dims.data();
    t.data = data;
    const char* name = nullptr;
    detail::check(api_, api_->add_initializer(ctx_, hint.c_str(), &t, &name));
    return name;
  }
  // Floating constant in the model's float type (float or double).
  std::string add_floats(const std::string& hint, const std::vector<double>& v,
                         const std::vector<int64_t>& dims) const {
    if (is_double()) return add_initializer(hint, OC_ELEM_DOUBLE, dims, v.data());
    std::vector<float> f(v.begin(), v.end());
    return add_initializer(hint, OC_ELEM_FLOAT, dims, f.data());
  }
  std::string add_int64s(const std::string& hint, const std::vector<int64_t>& v,
                         const std::vector<int64_t>& dims) const {
    return add_initializer(hint, OC_ELEM_INT64, dims, v.data());
  }
  std::string add_strings(const std::string& hint,
                          const std::vector<std::string>& v,
                          const std::vector<int64_t>& dims) const {
    std::vector<const char*> ptrs;
    for (const auto& s : v) ptrs.push_back(s.c_str());
    return add_initializer(hint, OC_ELEM_STRING, dims, ptrs.data());
  }

  void add_node(const std::string& op_type,
                const std::vector<std::string>& inputs,
                const std::vector<std::string>& outputs,
                const std::vector<Attr>& attrs = {},
                const std::string& domain = "",
                const std::string& name_hint = "") const {
    std::vector<const char*> in, out;
    for (const auto& s : inputs) in.push_back(s.c_str());
    for (const auto& s : outputs) out.push_back(s.c_str());
    std::vector<std::vector<const char*>> scratch(attrs.size());
    std::vector<oc_tensor> tensors(attrs.size());
    std::vector<oc_attribute> views;
    std::vector<const oc_adopted_array*> adopted(attrs.size(), nullptr);
    bool adopting = false;
    for (size_t i = 0; i < attrs.size(); ++i) {
      views.push_back(attrs[i].view(scratch[i], tensors[i]));
      if (AdoptedVector* data = attrs[i].adopted_data()) {
        if (!data->owns_data())
          throw Error("attribute '" + attrs[i].name() + "': its adopted data was already handed over");
        adopted[i] = data->view();
        adopting = true;
      }
    }
    oc_node node{};
    node.struct_size = sizeof node;
    node.op_type = op_type.c_str();
    node.domain = domain.c_str();
    node.name_hint = name_hint.empty() ? op_type.c_str() : name_hint.c_str();
    node.inputs = in.data();
    node.n_inputs = in.size();
    node.outputs = out.data();
    node.n_outputs = out.size();
    node.attributes = views.data();
    node.n_attributes = views.size();
    if (!adopting) return detail::check(api_, api_->add_node(ctx_, &node));
    oc_status* status = api_->add_node_adopting(ctx_, &node, adopted.data());
    for (const auto& a : attrs)  // the host took them, whatever the outcome
      if (AdoptedVector* data = a.adopted_data()) data->handed_over();
    detail::check(api_, status);
  }
  // Convenience: one node with a fresh output; returns the output's name.
  std::string op(const std::string& op_type,
                 const std::vector<std::string>& inputs,
                 const std::vector<Attr>& attrs = {},
                 const std::string& domain = "") const {
    std::string out = unique_name(op_type);
    add_node(op_type, inputs, {out}, attrs, domain);
    return out;
  }

 private:
#if ONNXCONV_PLUGIN_MIN_ABI_MINOR >= 3
  // infer_sub's and convert_sub's marshalling, whichever host function
  // `call` is.
  template <class Call>
  std::vector<ValueType> infer_sub_via(const std::vector<ValueType>& inputs, Call&& call) const {
    std::vector<oc_value_type> in;
    for (const auto& t : inputs) in.push_back(detail::to_c(t));
    std::vector<oc_value_type> out(16);
    for (auto& t : out) t.struct_size = sizeof t;
    size_t n = 0;
    detail::check(api_, call(in.data(), in.size(), out.data(), out.size(), &n));
    std::vector<ValueType> types;
    for (size_t i = 0; i < n; ++i) types.push_back(detail::from_c(out[i]));
    return types;
  }
  template <class Call>
  SubOutputs convert_sub_via(const std::string& member, const std::vector<std::string>& inputs,
                             const std::vector<ValueType>& input_types, Call&& call) const {
    if (inputs.size() != input_types.size()) throw Error(member + ": inputs and input_types differ in count");
    std::vector<const char*> in;
    for (const auto& s : inputs) in.push_back(s.c_str());
    std::vector<oc_value_type> types;
    for (const auto& t : input_types) types.push_back(detail::to_c(t));
    std::vector<const char*> names(16), roles(16);
    size_t n = 0;
    detail::check(api_, call(in.data(), types.data(), in.size(), names.data(), roles.data(), names.size(), &n));
    SubOutputs out;
    out.member = member;
    for (size_t i = 0; i < n; ++i) {
      out.names.emplace_back(names[i]);
      out.roles.emplace_back(roles[i]);
    }
    return out;
  }
#endif

  oc_context* ctx_;
  const oc_host_api* api_;
};

// Base class of every converter. Stateless: the SDK creates one per call.
class Converter {
 public:
  virtual ~Converter() = default;
  // Shape inference: the output types for the given input types.
  virtual std::vector<ValueType> infer(Context& ctx, const Object& estimator,
                                       const std::vector<ValueType>& inputs) = 0;
  // Emit nodes computing `outputs` (one per inferred output) from `inputs`.
  virtual void convert(Context& ctx, const Object& estimator,
                       const std::vector<std::string>& inputs,
                       const std::vector<std::string>& outputs) = 0;
};

namespace detail {

// Runs `body`, turning any exception into a host status.
template <class Body>
oc_status* guard(const oc_host_api* api, Body&& body) noexcept {
  try {
    body();
    return nullptr;
  } catch (const Error& e) {
    if (e.kind() != OC_ERROR_OTHER && has_status_kinds(api)) return api->make_status_of_kind(e.kind(), e.what());
    return api->make_status(e.what());
  } catch (const std::exception& e) {
    return api->make_status(e.what());
  } catch (...) {
    return api->make_status("unknown C++ exception in converter");
  }
}

inline Object root_object(const oc_host_api* api, const oc_object* est) {
  return Object(api, est, api->object_name(est));
}

template <class T>
oc_status* infer_entry(oc_context* ctx, const oc_host_api* api,
                       const oc_object* estimator, const oc_value_type* inputs,
                       size_t n_inputs, oc_value_type* outputs,
                       size_t capacity, size_t* n_outputs) {
  // Role names must outlive the call until the host copies them; the host
  // copies before the next infer call, so a thread-local buffer is enough.
  thread_local std::vector<ValueType> result;
  return guard(api, [&] {
    Context c(ctx, api);
    std::vector<ValueType> in;
    for (size_t i = 0; i < n_inputs; ++i) in.push_back(from_c(inputs[i]));
    T converter;
    result = converter.infer(c, root_object(api, estimator), in);
    if (result.size() > capacity)
      throw Error("converter declares " + std::to_string(result.size()) +
                  " outputs; the host allows " + std::to_string(capacity));
    for (size_t i = 0; i < result.size(); ++i) {
      const ValueType& r = result[i];
      if (r.dims.size() > OC_MAX_RANK) throw Error("output rank too large");
      oc_value_type& o = outputs[i];
      o.kind = r.kind;
      o.elem_type = r.elem_type;
      o.key_type = r.key_type;
      o.rank = r.kind == OC_VALUE_TENSOR ? int32_t(r.dims.size()) : 0;
      for (size_t d = 0; d < r.dims.size(); ++d) o.dims[d] = r.dims[d];
      o.name = r.name.c_str();
    }
    *n_outputs = result.size();
  });
}

template <class T>
oc_status* convert_entry(oc_context* ctx, const oc_host_api* api,
                         const oc_object* estimator, const char* const* inputs,
                         size_t n_inputs, const char* const* outputs,
                         size_t n_outputs) {
  return guard(api, [&] {
    Context c(ctx, api);
    T converter;
    converter.convert(c, root_object(api, estimator),
                      std::vector<std::string>(inputs, inputs + n_inputs),
                      std::vector<std::string>(outputs, outputs + n_outputs));
  });
}

}  // namespace detail

// ---- checks most converters share ------------------------------------------

// "[2, 3]".
inline std::string dims_text(const std::vector<int64_t>& dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "]";
}

// Refuses a target ai.onnx opset below `min`, the lowest the converter's
// graph needs.
inline void require_opset(const Context& ctx, const Object& est, int64_t min) {
  if (ctx.opset("") < min)
    est.fail("needs ai.onnx opset " + std::to_string(min) + " or later; the target is opset " +
             std::to_string(ctx.opset("")));
}

// The one input most estimators take: a tensor [N, n_features] of the model
// float type (--dtype); anything else is refused naming the estimator.
inline void check_matrix_input(const Context& ctx, const Object& est, const std::vector<ValueType>& inputs,
                               int64_t n_features) {
  if (inputs.size() != 1) est.fail("expects one input tensor, got " + std::to_string(inputs.size()));
  const ValueType& x = inputs[0];
  if (x.kind != OC_VALUE_TENSOR || x.elem_type != ctx.float_type())
    est.fail("expects a tensor input of the model float type (--dtype)");
  if (!x.dims.empty() && (x.dims.size() != 2 || (x.dims[1] >= 0 && x.dims[1] != n_features)))
    est.fail("expects an input [N, " + std::to_string(n_features) + "]");
}

// The shape of a non-empty 2-D numpy array; anything else is refused.
inline std::vector<int64_t> matrix_shape(const Object& a) {
  if (a.kind() != Kind::Array) a.fail("expected a numpy array");
  std::vector<int64_t> shape = a.shape();
  if (shape.size() != 2 || shape[0] < 1 || shape[1] < 1)
    a.fail("expected a non-empty 2-D array, got shape " + dims_text(shape));
  return shape;
}

// The same for an array of floats (training data, centres, coefficients).
inline std::vector<int64_t> float_matrix_shape(const Object& a) {
  std::vector<int64_t> shape = matrix_shape(a);
  char kind = a.array_info().dtype_kind;
  if (kind != 'f') a.fail(std::string("expected a float array, got dtype kind '") + kind + "'");
  return shape;
}

// A float array of exactly `dims` whose values are all finite: its values
// as double, or only the checks when !with_values (to size a graph before
// reading a large array).
inline std::vector<double> finite_floats(const Object& a, const std::vector<int64_t>& dims, bool with_values = true) {
  if (a.kind() != Kind::Array) a.fail("expected a numpy array");
  oc_array_info info = a.array_info();
  if (info.dtype_kind != 'f') a.fail(std::string("expected a float array, got dtype kind '") + info.dtype_kind + "'");
  if (a.shape() != dims) a.fail("has shape " + dims_text(a.shape()) + "; expected " + dims_text(dims));
  if (!with_values) return {};
  std::vector<double> v = a.to_doubles();
  for (size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i])) a.fail("holds a non-finite value at flat index " + std::to_string(i));
  return v;
}

// Describes converter class T for the estimator class `estimator_class`.
template <class T>
oc_converter converter_for(const char* estimator_class) {
  oc_converter c{};
  c.struct_size = sizeof c;
  c.estimator_class = estimator_class;
  c.infer = &detail::infer_entry<T>;
  c.convert = &detail::convert_entry<T>;
  return c;
}

// The plugin's self-description; lives for the library's lifetime.
class PluginDefinition {
 public:
  PluginDefinition(const char* name, const char* version,
                   std::initializer_list<oc_converter> converters)
      : converters_(converters) {
    for (const auto& c : converters_) pointers_.push_back(&c);
    info_.struct_size = sizeof info_;
    info_.abi_major = OC_ABI_MAJOR;
    info_.abi_min_minor = ONNXCONV_PLUGIN_MIN_ABI_MINOR;
    info_.name = name;
    info_.version = version;
    info_.converters = pointers_.data();
    info_.n_converters = pointers_.size();
  }
  const oc_plugin_info* info() const { return &info_; }

 private:
  std::vector<oc_converter> converters_;
  std::vector<const oc_converter*> pointers_;
  oc_plugin_info info_{};
};

}  // namespace onnxconv::sdk

// Defines the plugin's one exported symbol. Usage:
//   ONNXCONV_PLUGIN("linear", "0.1.0",
//       onnxconv::sdk::converter_for<MyConverter>("pkg.module.Class"), ...)
// The definition is built on first call, inside a noexcept function, so a
// failure there returns NULL to the host instead of aborting dlopen.
#define ONNXCONV_PLUGIN(NAME, VERSION, ...)                                   \
  extern "C" OC_EXPORT const oc_plugin_info* onnxconv_plugin(                 \
      uint32_t host_abi_major, uint32_t host_abi_minor) noexcept {            \
    /* The host judges compatibility from the answer; it quotes both. */    \
    (void)host_abi_major;                                                     \
    (void)host_abi_minor;                                                     \
    try {                                                                     \
      static const ::onnxconv::sdk::PluginDefinition definition(             \
          NAME, VERSION, {__VA_ARGS__});                                      \
      return definition.info();                                               \
    } catch (...) {                                                           \
      return nullptr;                                                         \
    }                                                                         \
  }

#endif  // ONNXCONV_SDK_SDK_HPP
