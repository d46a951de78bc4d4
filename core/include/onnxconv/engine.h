// onnxconv's library API for host applications.
//
//   onnxconv::Engine engine;                        // discovers plugins
//   onnxconv::Model model = engine.read("model.joblib");
//   onnxconv::ConvertOptions options;
//   options.dtype = onnxconv::FloatType::Float64;
//   std::string onnx_bytes = engine.convert(model, options);
//   engine.convert_file("model.joblib", "model.onnx", options);
//
// No onnx, protobuf or Boost types appear here; the result is serialized
// ONNX bytes.
#ifndef ONNXCONV_ENGINE_H
#define ONNXCONV_ENGINE_H

#include <onnxconv/model_reader.h>
#include <onnxconv/pyvalue.h>

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace onnxconv {

namespace registry {
class Registry;
}

// What kind of failure an Error is, for host applications to branch on
// (the CLI's exit code, docs/errors.md). The message says the rest.
enum class ErrorKind {
  Other = 0,          // none of the below (an ambiguous dict bundle, a missing --key...)
  Unsupported = 1,    // no converter for a class, or a case a converter does not handle
  MalformedFile = 2,  // the model file cannot be read, or its state is missing or inconsistent
  BadOption = 3,      // an option no converter offers, or a value it refuses
  PluginFailure = 4,  // a plugin failed (its library, or a converter's error of no other kind)
  Io = 5,             // a file could not be opened, written or renamed
  Limit = 6,          // a limit of the conversion (Limits: time, size, nodes, bytes) was reached
};

// "unsupported", "malformed file", "bad option", "plugin failure", "I/O", "limit", "error".
const char* error_kind_name(ErrorKind kind);

// Every failure of the library: the message says what, where and why.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ErrorKind kind = ErrorKind::Other)
      : std::runtime_error(message), kind_(kind) {}
  explicit Error(const char* message, ErrorKind kind = ErrorKind::Other)
      : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

enum class FloatType { Float32, Float64 };

// The graph inputs of a model fitted on a pandas DataFrame (one whose first
// step has feature_names_in_). Auto: one [N, 1] input per column, named as
// the column, when a column is not numeric; otherwise the single X.
enum class InputLayout { Auto, Single, PerColumn };

struct ConvertOptions {
  FloatType dtype = FloatType::Float32;
  int64_t opset = 0;     // ai.onnx; 0 = the newest the linked onnx can check
  int64_t ml_opset = 0;  // ai.onnx.ml; 0 = the newest the linked onnx can check
  std::map<std::string, std::string> options;  // converter options, e.g. zipmap=true
  std::string input_name = "X";
  InputLayout inputs = InputLayout::Auto;  // CLI --inputs auto|single|per-column
  // Per-column element types forced by the user (CLI --input NAME=TYPE):
  // column name -> float, double, int64, string or bool.
  std::map<std::string, std::string> input_types;
  bool validate = true;  // onnx checker + shape inference on the result
  // Large tensor attributes (tree ensembles' *_as_tensor arrays) as ONNX
  // external data in OUTPUT.data beside the model (CLI --external-data), so
  // the model itself stays under protobuf's 2 GiB. convert_file only; both
  // files are written or neither.
  bool external_data = false;
  // Files holding a dict (joblib.dump({"model": clf, "features": [...]})):
  // the entry to convert (CLI --key). Empty: the file's root, or the dict's
  // only value that is an estimator (one a plugin converts, or a Pipeline,
  // FeatureUnion or ColumnTransformer); several is an error listing them.
  std::string key;
};

// What one untrusted model file may cost (docs/limits.md). Every limit is
// checked before the work it bounds; a refusal names the limit.
struct Limits {
  // The reader's: file / decompressed size (2 GiB), decompression ratio,
  // values, nesting... Its deadline is set from timeout_seconds.
  ReadLimits read;
  // Nodes in the converted graph. The largest fixture graphs have a few
  // thousand (a 200-column DataFrame pipeline); a tree ensemble is one node.
  size_t max_graph_nodes = 1'000'000;
  // Bytes of initializers and array attributes. A protobuf message cannot
  // pass 2 GiB, so a larger graph could not be written anyway.
  uint64_t max_graph_bytes = (uint64_t{2} << 30) - 1;
  // Wall-clock budget of one read / plan / convert / convert_file call
  // (read, convert, validate and write together); 0: none. Checked while
  // reading, at every node a converter adds and between steps, so a
  // converter that loops without calling the host is not stopped.
  double timeout_seconds = 0;
};

struct EngineConfig {
  std::vector<std::string> plugin_paths;  // searched first, in order
  bool use_environment = true;            // then ONNXCONV_PLUGIN_PATH (':'-separated)
  bool use_default_directory = true;      // then <libdir>/onnxconv/plugins
  Limits limits;
};

// A model file read into a plain object tree (nothing was executed).
class Model {
 public:
  Model(std::string path, py::ValuePtr root) : path_(std::move(path)), root_(std::move(root)) {}
  const std::string& path() const { return path_; }
  const py::Value& root() const { return *root_; }

 private:
  std::string path_;
  py::ValuePtr root_;
};

// One graph value as the converters declared it.
struct ValueDescription {
  std::string name;
  std::string type;  // e.g. "tensor(float)[N,4]", "seq(map(int64,tensor(float)))"
};

// One converter application in the planned graph.
struct StepDescription {
  std::string path;             // e.g. "Pipeline.steps[1] 'clf'"
  std::string estimator_class;  // module.Name, as current scikit-learn names it
  std::string file_class;       // the file's own module.Name when an older release named it otherwise
  std::string plugin;           // "" for steps the core composes itself
  std::string plugin_library;
  std::string operation;        // core steps: the glue emitted, e.g. "Gather columns [0, 2]"
  std::string problem;          // why this step cannot convert (no converter...); "" when it can
  std::vector<ValueDescription> inputs;
  std::vector<ValueDescription> outputs;
};

// One column of a DataFrame model's input schema, and why it has its type.
struct InputColumn {
  std::string name;
  std::string type;    // "tensor(string)[N,1]"...
  std::string reason;  // e.g. "categories_ of ...transformers_[0] 'cat' are strings"
};

struct ConversionPlan {
  std::string key;              // the dict entry converted; "" when the file's root is the estimator
  std::string sklearn_version;  // the converted estimator's _sklearn_version; "" when absent (before 0.18)
  std::vector<std::string> other_versions;  // differing nested ones: "0.24.2 (module.Class)"
  std::vector<StepDescription> steps;
  std::vector<ValueDescription> inputs;
  std::vector<ValueDescription> outputs;
  // Models fitted on a DataFrame: every column and its type, in
  // feature_names_in_ order (also when they all feed the single X).
  std::vector<InputColumn> columns;
  bool per_column = false;  // the graph takes one input per column
};

class Engine {
 public:
  explicit Engine(EngineConfig config = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  registry::Registry& registry();
  // Where plugins were searched, in order.
  const std::vector<std::string>& plugin_directories() const;

  Model read(const std::string& path) const;
  // Resolves converters and runs shape inference, without converting. A
  // step that cannot convert (no plugin converts its class, or its shape
  // inference fails) is listed with `problem` set instead of failing, and
  // the types after it are "unknown"; convert() refuses such a model.
  ConversionPlan plan(const Model& model, const ConvertOptions& options = {});
  // The serialized, validated ONNX model.
  std::string convert(const Model& model, const ConvertOptions& options = {});
  // Reads, converts and writes atomically: on failure nothing is left at
  // `output_path` (an existing file there is left untouched).
  void convert_file(const std::string& model_path, const std::string& output_path,
                    const ConvertOptions& options = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A class path as current scikit-learn spells it: "module.Name", with the
// module paths of older releases mapped to today's (before 0.22
// sklearn.linear_model.logistic, now sklearn.linear_model._logistic). Plugin
// manifests list current names; the host looks converters up by this name.
// The table is in core/src/legacy_classes.cpp.
std::string current_class_name(const std::string& module, const std::string& name);

// The newest opsets the linked onnx library can check.
int64_t default_onnx_opset();
int64_t default_ml_opset();

}  // namespace onnxconv

#endif
