// Converters for the core tests. Scale behaves; Throws fails inside convert;
// WrongType declares float output but emits int64, which validation must
// catch; Wordy scales too, through a Cast to the type its input already has
// and an Identity, which the host's hygiene pass must remove.
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

}  // namespace

ONNXCONV_PLUGIN("coretest", "1.0.0",
                converter_for<Scale>("onnxconv_test.Scale"),
                converter_for<Throws>("onnxconv_test.Throws"),
                converter_for<WrongType>("onnxconv_test.WrongType"),
                converter_for<Wordy>("onnxconv_test.Wordy"))
