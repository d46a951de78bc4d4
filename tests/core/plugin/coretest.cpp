// Converters for the core tests. Scale behaves; Throws fails inside convert;
// WrongType declares float output but emits int64, which validation must
// catch; Wordy scales too, through a Cast to the type its input already has
// and an Identity, which the host's hygiene pass must remove; Garbage hands
// the host, through the raw C table, the misuse its `how` attribute names:
// the host must answer with an error status and keep running; Lies declares
// whatever output roles its `roles` attribute lists.
// MemberOptions converts its `inner` member through the host with one
// option of its own (ABI 1.4).
#define ONNXCONV_PLUGIN_MIN_ABI_MINOR 4
#include <onnxconv/sdk/sdk.hpp>

namespace {
using namespace onnxconv::sdk;

std::vector<ValueType> same_as_input(Context& ctx, const std::vector<ValueType>& inputs) {
  return {ValueType::tensor("variable", ctx.float_type(), inputs.at(0).dims)};
}

struct Scale : Converter {
  std::vector<ValueType> infer(Context& ctx, const Object&, const std::vector<ValueType>& inputs) override {
    return same_as_input(ctx, inputs);
  }
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
               const std::vector<std::string>& out) override {
    double factor = est.attr("factor").to_double();
    if (auto opt = ctx.option("factor")) factor = std::stod(*opt);
    std::string k = ctx.add_floats("factor", {factor}, {});
    ctx.add_node("Mul", {in[0], k}, {out[0]});
  }
};

struct Throws : Converter {
  std::vector<ValueType> infer(Context& ctx, const Object&, const std::vector<ValueType>& inputs) override {
    return same_as_input(ctx, inputs);
  }
  void convert(Context&, const Object& est, const std::vector<std::string>&,
               const std::vector<std::string>&) override {
    est.attr("no_such_attribute_");
  }
};

struct WrongType : Converter {
  std::vector<ValueType> infer(Context& ctx, const Object&, const std::vector<ValueType>& inputs) override {
    return same_as_input(ctx, inputs);
  }
  void convert(Context& ctx, const Object&, const std::vector<std::string>& in,
               const std::vector<std::string>& out) override {
    ctx.add_node("Cast", {in[0]}, {out[0]}, {Attr::i("to", OC_ELEM_INT64)});
  }
};

struct Wordy : Scale {
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
               const std::vector<std::string>& out) override {
    std::string same = ctx.op("Cast", {in[0]}, {Attr::i("to", ctx.float_type())});
    std::string copy = ctx.op("Identity", {same});
    std::string k = ctx.add_floats("factor", {est.attr("factor").to_double()}, {});
    std::string scaled = ctx.op("Mul", {copy, k});
    ctx.add_node("Identity", {scaled}, {out[0]});
  }
};

// Declares the output roles its `roles` attribute lists (a converter that
// disagrees with its manifest when the test wants it to); each output is a
// copy of the input.
struct Lies : Converter {
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override {
    std::vector<ValueType> out;
    Object roles = est.attr("roles");
    for (size_t i = 0; i < roles.size(); ++i)
      out.push_back(ValueType::tensor(roles[i].to_string(), ctx.float_type(), inputs.at(0).dims));
    return out;
  }
  void convert(Context& ctx, const Object&, const std::vector<std::string>& in,
               const std::vector<std::string>& out) override {
    for (const auto& o : out) ctx.add_node("Identity", {in[0]}, {o});
  }
};

// One misuse of the C table per `how`; each must come back as a status.
oc_status* misuse(const std::string& how, oc_context* ctx, const oc_host_api* api, const oc_object* est,
                  const std::string& in, const std::string& out) {
  const char* io[] = {in.c_str(), nullptr};
  const char* outs[] = {out.c_str()};
  oc_node node{sizeof(oc_node), "Identity", "", "garbage", io, 1, outs, 1, nullptr, 0};
  const oc_object* got = nullptr;
  if (how == "null_input_array") { node.inputs = nullptr; return api->add_node(ctx, &node); }
  if (how == "null_input_name") { node.n_inputs = 2; return api->add_node(ctx, &node); }
  if (how == "null_attributes") { node.n_attributes = 3; return api->add_node(ctx, &node); }
  if (how == "null_node") return api->add_node(ctx, nullptr);
  if (how == "list_without_items") {
    oc_attribute a{sizeof(oc_attribute), "values", OC_ATTR_FLOATS, 0, 0, nullptr, 1000, nullptr, nullptr, nullptr, nullptr};
    node.attributes = &a;
    node.n_attributes = 1;
    return api->add_node(ctx, &node);
  }
  if (how == "tensor_without_dims") {
    oc_tensor t{};
    t.struct_size = sizeof t;
    t.elem_type = OC_ELEM_FLOAT;
    t.rank = 2;
    const char* name = nullptr;
    return api->add_initializer(ctx, "k", &t, &name);
  }
  if (how == "tensor_too_large") {
    int64_t dims[] = {int64_t{1} << 40, int64_t{1} << 40};
    float one = 1;
    oc_tensor t{};
    t.struct_size = sizeof t;
    t.elem_type = OC_ELEM_FLOAT;
    t.rank = 2;
    t.dims = dims;
    t.data = &one;
    const char* name = nullptr;
    return api->add_initializer(ctx, "k", &t, &name);
  }
  if (how == "index_past_end") {
    oc_status* s = api->object_attr(est, "items", &got);
    return s != nullptr ? s : api->object_item(got, 1000000, &got);
  }
  if (how == "count_past_end") {
    oc_status* s = api->object_attr(est, "weights", &got);
    std::vector<double> buffer(4);
    return s != nullptr ? s : api->array_to_doubles(got, nullptr, buffer.data(), 1000000);
  }
  if (how == "null_object") return api->object_attr(nullptr, "coef_", &got);
  if (how == "absent_attribute_used") {
    api->object_attr(est, "no_such_attribute_", &got);  // NULL when absent
    int64_t v = 0;
    return api->object_to_int(got, &v);
  }
  return api->make_status(("coretest Garbage: unknown how '" + how + "'").c_str());
}

struct Garbage : Converter {
  std::vector<ValueType> infer(Context& ctx, const Object&, const std::vector<ValueType>& inputs) override {
    return same_as_input(ctx, inputs);
  }
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
               const std::vector<std::string>& out) override {
    std::string how = est.attr("how").to_string();
    detail::check(ctx.api(), misuse(how, ctx.raw(), ctx.api(), est.raw(), in[0], out[0]));
    throw std::runtime_error("the host accepted the misuse '" + how + "'");
  }
};

// `inner` converted by the host with `option` = `value` (None: no option)
// for its plan only.
struct MemberOptions : Converter {
  static SubOptions options(const Object& est) {
    if (est.attr("option").is_none()) return {};
    return {{est.attr("option").to_string(), est.attr("value").to_string()}};
  }
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override {
    std::vector<ValueType> out = ctx.infer_sub(est.attr("inner"), "inner", inputs, options(est));
    return {ValueType::tensor("variable", ctx.float_type(), out.at(0).dims)};
  }
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& in,
               const std::vector<std::string>& out) override {
    SubOutputs inner = ctx.convert_sub(est.attr("inner"), "inner", in, {ctx.input_type(0)}, options(est));
    ctx.add_node("Identity", {inner["variable"]}, {out[0]});
  }
};

}  // namespace

ONNXCONV_PLUGIN("coretest", "1.0.0",
                converter_for<Scale>("onnxconv_test.Scale"),
                converter_for<Throws>("onnxconv_test.Throws"),
                converter_for<WrongType>("onnxconv_test.WrongType"),
                converter_for<Wordy>("onnxconv_test.Wordy"),
                converter_for<Garbage>("onnxconv_test.Garbage"),
                converter_for<MemberOptions>("onnxconv_test.MemberOptions"),
                converter_for<Lies>("onnxconv_test.Lies"))
