// onnxconv converter SDK: helpers every classifier converter needs.
//
// Header-only, built on sdk.hpp. It covers what classifiers share regardless
// of the model inside them:
//   - reading `classes_` (int64 or string labels) - ClassLabels::read
//   - the outputs skl2onnx gives a classifier - classifier_outputs:
//       label          [N] int64 or string
//       probabilities  [N, n_classes] in the model float type, or with the
//                      `zipmap` option skl2onnx's sequence(map(label, float))
//   - the binary [-d, d] layout of decision scores - binary_scores
//   - the label as classes_[argmax(scores)] - emit_label
//   - the probabilities output, ZipMap'ed on request - emit_probabilities
//
// A converter typically does:
//
//   auto classes = ClassLabels::read(est.attr("classes_"));
//   // infer:
//   return classifier_outputs(ctx, classes, zipmap_option(ctx));
//   // convert: scores [N, n_classes] (binary: binary_scores(ctx, d))
//   emit_label(ctx, scores, classes, outputs[0]);
//   emit_probabilities(ctx, probs, classes, zipmap_option(ctx), outputs[1]);
//
// emit_label takes the first maximum (numpy's argmax), so on a binary
// [-d, d] it gives classes_[1] exactly when d > 0, as scikit-learn's
// LinearClassifierMixin.predict does (d == 0, even -0.0, gives classes_[0]).
#ifndef ONNXCONV_SDK_CLASSIFIER_HPP
#define ONNXCONV_SDK_CLASSIFIER_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace onnxconv::sdk {

// The class labels of a classifier, in the order of its score columns.
class ClassLabels {
 public:
  // Reads a 1-D numpy array of labels: integers (any width, signed or not),
  // booleans (as 0/1), floats holding whole numbers (as int64, what
  // skl2onnx does), or strings (numpy 'U'/'S' arrays, or object arrays of
  // str). Anything else is an error naming `classes`' path.
  static ClassLabels read(const Object& classes) {
    if (classes.kind() != Kind::Array)
      classes.fail("expected a numpy array of class labels");
    oc_array_info info = classes.array_info();
    if (info.ndim != 1)
      classes.fail("expected a 1-D array of class labels, got " +
                   std::to_string(info.ndim) + " dimensions");
    if (info.size == 0) classes.fail("the classifier has no classes");
    ClassLabels out;
    switch (info.dtype_kind) {
      case 'i': case 'u': case 'b':
        out.ints_ = classes.to_int64s();
        break;
      case 'f':
        for (double v : classes.to_doubles()) out.ints_.push_back(whole(classes, v));
        break;
      case 'U': case 'S':
        out.string_ = true;
        for (size_t i = 0; i < info.size; ++i) out.push_string(classes[i]);
        break;
      case 'O':
        out.read_objects(classes, info.size);
        break;
      default:
        classes.fail(std::string("unsupported dtype kind '") + info.dtype_kind +
                     "' for class labels");
    }
    return out;
  }

  // Builds labels directly (tests, or converters that know them).
  static ClassLabels from_ints(std::vector<int64_t> v) {
    ClassLabels out;
    out.ints_ = std::move(v);
    return out;
  }
  static ClassLabels from_strings(std::vector<std::string> v) {
    ClassLabels out;
    out.string_ = true;
    out.strings_ = std::move(v);
    return out;
  }

  bool is_string() const { return string_; }
  size_t size() const { return string_ ? strings_.size() : ints_.size(); }
  const std::vector<int64_t>& ints() const { return ints_; }
  const std::vector<std::string>& strings() const { return strings_; }
  // OC_ELEM_INT64 or OC_ELEM_STRING: the label output's element type.
  int32_t elem_type() const { return string_ ? OC_ELEM_STRING : OC_ELEM_INT64; }

  // The labels as a 1-D initializer; returns its name.
  std::string add_initializer(const Context& ctx,
                              const std::string& hint = "classes") const {
    std::vector<int64_t> dims{int64_t(size())};
    return string_ ? ctx.add_strings(hint, strings_, dims)
                   : ctx.add_int64s(hint, ints_, dims);
  }
  // ZipMap's class-label attribute.
  Attr zipmap_attr() const {
    return string_ ? Attr::strings("classlabels_strings", strings_)
                   : Attr::ints("classlabels_int64s", ints_);
  }

 private:
  static int64_t whole(const Object& where, double v) {
    if (!(std::nearbyint(v) == v) || std::fabs(v) > 9.2e18) {
      char text[32];
      std::snprintf(text, sizeof text, "%.17g", v);
      where.fail(std::string("class label ") + text +
                 " is not a whole number: only integer (or whole float) and string "
                 "labels are supported");
    }
    return static_cast<int64_t>(v);
  }

  void push_string(const Object& item) {
    std::string s = item.to_string();
    if (s.find('\0') != std::string::npos)
      item.fail("class label contains a NUL character");
    strings_.push_back(std::move(s));
  }

  // Object arrays: all strings or all numbers.
  void read_objects(const Object& classes, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      Object item = classes[i];
      Kind k = item.kind();
      bool is_text = k == Kind::String || k == Kind::Bytes;
      if (i == 0) string_ = is_text;
      if (is_text != string_)
        item.fail("class labels mix strings and numbers");
      if (is_text) push_string(item);
      else if (k == Kind::Int || k == Kind::Bool) ints_.push_back(item.to_int());
      else if (k == Kind::Float) ints_.push_back(whole(item, item.to_double()));
      else item.fail("unsupported class label (expected a string or an integer)");
    }
  }

  bool string_ = false;
  std::vector<int64_t> ints_;
  std::vector<std::string> strings_;
};

// The `zipmap` option (default false): probabilities as skl2onnx's sequence
// of maps instead of a tensor.
inline bool zipmap_option(const Context& ctx) {
  return ctx.option_bool("zipmap", false);
}

// The two outputs of a classifier: label [N], probabilities [N, n_classes]
// in the model float type (or the ZipMap form).
inline std::vector<ValueType> classifier_outputs(const Context& ctx,
                                                 const ClassLabels& classes,
                                                 bool zipmap) {
  std::vector<ValueType> out;
  out.push_back(ValueType::tensor("label", classes.elem_type(), {-1}));
  if (zipmap)
    out.push_back(ValueType::sequence_of_maps("probabilities", classes.elem_type(),
                                              OC_ELEM_FLOAT));
  else
    out.push_back(ValueType::tensor("probabilities", ctx.float_type(),
                                    {-1, int64_t(classes.size())}));
  return out;
}

// The ai.onnx.ml domain is needed for ZipMap; say so early (from infer).
inline void require_ml_domain(const Context& ctx, const char* why) {
  if (ctx.opset("ai.onnx.ml") <= 0)
    throw Error(std::string(why) + " needs the ai.onnx.ml domain, which this conversion does not target");
}

// [N, 1] decision d -> [N, 2] scores [-d, d]: scikit-learn's binary
// decision_function as the two columns skl2onnx outputs.
inline std::string binary_scores(const Context& ctx, const std::string& d) {
  std::string neg = ctx.op("Neg", {d});
  return ctx.op("Concat", {neg, d}, {Attr::i("axis", 1)});
}

// label[i] = classes[argmax_j scores[i, j]] (first maximum), written to
// `out` (a fresh name when empty); returns the label's name.
inline std::string emit_label(const Context& ctx, const std::string& scores,
                              const ClassLabels& classes,
                              const std::string& out = "") {
  std::string index = ctx.op("ArgMax", {scores},
                             {Attr::i("axis", 1), Attr::i("keepdims", 0)});
  std::string labels = classes.add_initializer(ctx);
  std::string name = out.empty() ? ctx.unique_name("label") : out;
  ctx.add_node("Gather", {labels, index}, {name}, {Attr::i("axis", 0)});
  return name;
}

// Writes the probabilities tensor `probs` ([N, n_classes], model float
// type) to `out`: as is, or through ZipMap (which takes float only, so a
// double model casts first).
inline void emit_probabilities(const Context& ctx, const std::string& probs,
                               const ClassLabels& classes, bool zipmap,
                               const std::string& out) {
  if (!zipmap) {
    ctx.add_node("Identity", {probs}, {out});
    return;
  }
  require_ml_domain(ctx, "the zipmap option");
  std::string input = probs;
  if (ctx.float_type() != OC_ELEM_FLOAT)
    input = ctx.op("Cast", {probs}, {Attr::i("to", OC_ELEM_FLOAT)});
  ctx.add_node("ZipMap", {input}, {out}, {classes.zipmap_attr()}, "ai.onnx.ml");
}

}  // namespace onnxconv::sdk

#endif  // ONNXCONV_SDK_CLASSIFIER_HPP
