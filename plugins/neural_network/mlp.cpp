#include "mlp.hpp"

#include <onnxconv/sdk/classifier.hpp>

#include <cmath>
#include <cstdint>
#include <optional>

namespace onnxconv::neural_network {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Context;
using sdk::Error;
using sdk::Kind;
using sdk::Object;
using sdk::ValueType;

namespace {

// Gemm broadcasts its bias (C) from opset 7 on.
constexpr int64_t kMinOpset = 7;

// One layer of coefs_ / intercepts_: out = in @ weights + bias.
struct Layer {
  int64_t n_in = 0;
  int64_t n_out = 0;
  std::vector<double> weights;  // [n_in, n_out], row-major; only when read with values
  std::vector<double> bias;     // [n_out]
};

// A float numpy array of `ndim` dimensions, or an error naming `a`.
oc_array_info float_array(const Object& a, size_t ndim) {
  if (a.kind() != Kind::Array) a.fail("expected a numpy array");
  oc_array_info info = a.array_info();
  if (info.dtype_kind != 'f') a.fail(std::string("expected a float array, got dtype kind '") + info.dtype_kind + "'");
  if (info.ndim != ndim)
    a.fail("expected " + std::to_string(ndim) + " dimension(s), got " + std::to_string(info.ndim));
  return info;
}

std::vector<double> finite_values(const Object& a) {
  std::vector<double> v = a.to_doubles();
  for (size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i])) a.fail("holds a non-finite value at flat index " + std::to_string(i));
  return v;
}

// A list (or tuple) attribute: coefs_ and intercepts_.
Object layer_list(const Object& est, const char* name) {
  Object list = est.attr(name);
  if (list.kind() != Kind::List && list.kind() != Kind::Tuple) list.fail("expected a list of numpy arrays");
  if (list.size() == 0) list.fail("is empty: the network has no layer");
  return list;
}

// What scikit-learn's ACTIVATIONS table calls the function, checked
// against the names a hidden or output layer may use.
std::string activation_name(const Object& est, const char* attr, std::initializer_list<const char*> known) {
  Object a = est.attr(attr);
  if (a.kind() != Kind::String) a.fail("expected a string");
  std::string name = a.to_string();
  std::string list;
  for (const char* k : known) {
    if (name == k) return name;
    list += std::string(list.empty() ? "" : ", ") + k;
  }
  a.fail("unsupported activation '" + name + "' (known: " + list + ")");
}

// The fitted network: layer shapes always, values when asked.
struct Network {
  std::vector<Layer> layers;
  std::string hidden_activation;
  std::string out_activation;
  int64_t n_features = 0;
  int64_t n_outputs = 0;

  static Network read(const Object& est, bool with_values, std::initializer_list<const char*> outputs) {
    Network net;
    net.hidden_activation = activation_name(est, "activation", {"identity", "logistic", "tanh", "relu"});
    net.out_activation = activation_name(est, "out_activation_", outputs);
    Object coefs = layer_list(est, "coefs_");
    Object intercepts = layer_list(est, "intercepts_");
    if (coefs.size() != intercepts.size())
      est.fail("coefs_ has " + std::to_string(coefs.size()) + " layers but intercepts_ has " +
               std::to_string(intercepts.size()));
    if (auto n = est.find("n_layers_"); n && n->to_int() != int64_t(coefs.size()) + 1)
      n->fail("is " + std::to_string(n->to_int()) + " but coefs_ holds " + std::to_string(coefs.size()) +
              " layers (n_layers_ counts the input layer too)");
    for (size_t i = 0; i < coefs.size(); ++i) net.layers.push_back(read_layer(coefs[i], intercepts[i], with_values));
    for (size_t i = 1; i < net.layers.size(); ++i)
      if (net.layers[i].n_in != net.layers[i - 1].n_out)
        coefs[i].fail("has " + std::to_string(net.layers[i].n_in) + " rows but the layer before it has " +
                      std::to_string(net.layers[i - 1].n_out) + " units");
    net.n_features = net.layers.front().n_in;
    net.n_outputs = net.layers.back().n_out;
    if (auto n = est.find("n_features_in_"); n && n->to_int() != net.n_features)
      coefs[0].fail("has " + std::to_string(net.n_features) + " rows but n_features_in_ is " +
                    std::to_string(n->to_int()));
    if (auto n = est.find("n_outputs_"); n && n->to_int() != net.n_outputs)
      n->fail("is " + std::to_string(n->to_int()) + " but the last layer has " + std::to_string(net.n_outputs) +
              " units");
    return net;
  }

  static Layer read_layer(const Object& w, const Object& b, bool with_values) {
    oc_array_info wi = float_array(w, 2);
    oc_array_info bi = float_array(b, 1);
    Layer layer;
    layer.n_in = int64_t(wi.shape[0]);
    layer.n_out = int64_t(wi.shape[1]);
    if (layer.n_in < 1 || layer.n_out < 1) w.fail("is empty");
    if (int64_t(bi.shape[0]) != layer.n_out)
      b.fail("has " + std::to_string(bi.shape[0]) + " values for a layer of " + std::to_string(layer.n_out) +
             " units");
    if (with_values) {
      layer.weights = finite_values(w);
      layer.bias = finite_values(b);
    }
    return layer;
  }
};

// The hidden activation as one ONNX node (none for identity).
std::string activate(const Context& ctx, const std::string& name, const std::string& z) {
  if (name == "identity") return z;
  if (name == "logistic") return ctx.op("Sigmoid", {z});
  if (name == "tanh") return ctx.op("Tanh", {z});
  return ctx.op("Relu", {z});  // read() admits nothing else
}

// _forward_pass_fast without its output activation: one Gemm per layer
// (bias broadcast over the rows), the hidden activation after every layer
// but the last. Returns the last layer's pre-activation [N, n_outputs].
std::string forward_pass(const Context& ctx, const Network& net, const std::string& x) {
  std::string h = x;
  for (size_t i = 0; i < net.layers.size(); ++i) {
    const Layer& layer = net.layers[i];
    std::string tag = "layer" + std::to_string(i);
    std::string w = ctx.add_floats(tag + "_coefs", layer.weights, {layer.n_in, layer.n_out});
    std::string b = ctx.add_floats(tag + "_intercepts", layer.bias, {layer.n_out});
    h = ctx.op("Gemm", {h, w, b});
    if (i + 1 < net.layers.size()) h = activate(ctx, net.hidden_activation, h);
  }
  return h;
}

// ---- classifier ----

enum class Task { Binary, Multiclass, Multilabel };

struct ClassifierPlan {
  Network net;
  ClassLabels classes;
  Task task = Task::Binary;
  bool zipmap = false;
};

// LabelBinarizer.y_type_ says multilabel; files without it tell by shape.
bool is_multilabel(const Object& est, const Network& net) {
  if (auto binarizer = est.find("_label_binarizer"))
    if (auto type = binarizer->find("y_type_"); type && type->kind() == Kind::String)
      return type->to_string() == "multilabel-indicator";
  return net.out_activation == "logistic" && net.n_outputs > 1;
}

ClassifierPlan plan_classifier(const Context& ctx, const Object& est, bool with_values) {
  onnxconv::sdk::require_opset(ctx, est, kMinOpset);
  ClassifierPlan p;
  p.net = Network::read(est, with_values, {"logistic", "softmax"});
  p.classes = ClassLabels::read(est.attr("classes_"));
  int64_t k = int64_t(p.classes.size());
  const int64_t outputs = p.net.n_outputs;
  if (p.net.out_activation == "softmax") {
    p.task = Task::Multiclass;
    if (outputs != k || k < 2)
      est.fail("softmax output of " + std::to_string(outputs) + " units for " + std::to_string(k) +
               " classes (expected one unit per class)");
  } else if (is_multilabel(est, p.net)) {
    p.task = Task::Multilabel;
    if (outputs != k)
      est.fail("multilabel output of " + std::to_string(outputs) + " units for " + std::to_string(k) +
               " labels (expected one unit per label)");
  } else {
    p.task = Task::Binary;
    if (outputs != 1 || k != 2)
      est.fail("logistic output of " + std::to_string(outputs) + " units for " + std::to_string(k) +
               " classes (a binary classifier has 1 unit and 2 classes)");
  }
  p.zipmap = sdk::zipmap_option(ctx);
  if (p.zipmap && p.task == Task::Multilabel)
    est.fail("the zipmap option has no meaning for a multilabel classifier (its outputs are not one "
             "distribution over classes)");
  if (p.zipmap) sdk::require_ml_domain(ctx, "the zipmap option");
  return p;
}

// predict / predict_proba of a binary network: d is the one output unit's
// pre-activation [N, 1]. predict gives classes_[1] when expit(d) > 0.5,
// i.e. d > 0: the first maximum of [-d, d] (d == 0 gives classes_[0]).
// predict_proba is [1 - expit(d), expit(d)], computed as the softmax of
// [-d/2, d/2], which equals it and needs only Exp (exact to float rounding,
// also where expit saturates).
void emit_binary(const Context& ctx, const ClassifierPlan& p, const std::string& d,
                 const std::vector<std::string>& outputs) {
  std::string scores = sdk::binary_scores(ctx, d);
  sdk::emit_label(ctx, scores, p.classes, outputs[0]);
  std::string half = ctx.add_floats("half", {0.5}, {});
  std::string probs = ctx.op("Softmax", {ctx.op("Mul", {scores, half})}, {Attr::i("axis", 1)});
  sdk::emit_probabilities(ctx, probs, p.classes, p.zipmap, outputs[1]);
}

// Multilabel predict: (expit(z) > 0.5) as int, one column per label, which
// is z > 0; predict_proba: expit(z).
void emit_multilabel(const Context& ctx, const std::string& z, const std::vector<std::string>& outputs) {
  std::string zero = ctx.add_floats("zero", {0.0}, {});
  ctx.add_node("Cast", {ctx.op("Greater", {z, zero})}, {outputs[0]}, {Attr::i("to", OC_ELEM_INT64)});
  ctx.add_node("Sigmoid", {z}, {outputs[1]});
}

}  // namespace

std::vector<ValueType> MlpClassifierConverter::infer(Context& ctx, const Object& est,
                                                     const std::vector<ValueType>& inputs) {
  ClassifierPlan p = plan_classifier(ctx, est, false);
  onnxconv::sdk::check_matrix_input(ctx, est, inputs, p.net.n_features);
  if (p.task != Task::Multilabel) return sdk::classifier_outputs(ctx, p.classes, p.zipmap);
  int64_t k = int64_t(p.classes.size());
  return {ValueType::tensor("label", OC_ELEM_INT64, {-1, k}),
          ValueType::tensor("probabilities", ctx.float_type(), {-1, k})};
}

void MlpClassifierConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                     const std::vector<std::string>& outputs) {
  ClassifierPlan p = plan_classifier(ctx, est, true);
  std::string z = forward_pass(ctx, p.net, inputs[0]);
  switch (p.task) {
    case Task::Binary:
      return emit_binary(ctx, p, z, outputs);
    case Task::Multilabel:
      return emit_multilabel(ctx, z, outputs);
    case Task::Multiclass:
      // argmax of the logits is argmax of their softmax, without the
      // rounding of exp that can tie two close classes.
      sdk::emit_label(ctx, z, p.classes, outputs[0]);
      sdk::emit_probabilities(ctx, ctx.op("Softmax", {z}, {Attr::i("axis", 1)}), p.classes, p.zipmap,
                              outputs[1]);
      return;
  }
}

// ---- regressor ----

std::vector<ValueType> MlpRegressorConverter::infer(Context& ctx, const Object& est,
                                                    const std::vector<ValueType>& inputs) {
  onnxconv::sdk::require_opset(ctx, est, kMinOpset);
  Network net = Network::read(est, false, {"identity", "exp"});
  onnxconv::sdk::check_matrix_input(ctx, est, inputs, net.n_features);
  return {ValueType::tensor("variable", ctx.float_type(), {-1, net.n_outputs})};
}

// predict: the identity output, or exp for loss='poisson' (1.7+).
// Always [N, n_outputs], as skl2onnx gives it (predict ravels one output).
void MlpRegressorConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                    const std::vector<std::string>& outputs) {
  onnxconv::sdk::require_opset(ctx, est, kMinOpset);
  Network net = Network::read(est, true, {"identity", "exp"});
  std::string z = forward_pass(ctx, net, inputs[0]);
  ctx.add_node(net.out_activation == "exp" ? "Exp" : "Identity", {z}, {outputs[0]});
}

}  // namespace onnxconv::neural_network
