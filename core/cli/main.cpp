// The onnxconv command line: convert, inspect, plugins.
#include <onnxconv/engine.h>
#include <onnxconv/registry.h>

#include <sys/resource.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <functional>
#include <new>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using onnxconv::ConvertOptions;
using onnxconv::Engine;
using onnxconv::EngineConfig;

const char* kUsage =
    "usage:\n"
    "  onnxconv convert MODEL -o OUT.onnx [--dtype float32|float64] [--opset N]\n"
    "                   [--ml-opset N] [--option NAME=VALUE]... [--no-validate]\n"
    "                   [--external-data]   (large tensor attributes in OUT.onnx.data)\n"
    "                   [--plugin-path DIR]... [--key NAME] [LIMITS]\n"
    "                   [--inputs auto|single|per-column] [--input COLUMN=TYPE]...\n"
    "  onnxconv inspect MODEL [--dtype ...] [--option NAME=VALUE]... [--plugin-path DIR]...\n"
    "                   [--key NAME] [--inputs ...] [--input COLUMN=TYPE]...\n"
    "  onnxconv plugins [--check] [--plugin-path DIR]...   (--check loads every plugin;\n"
    "                   exit code 1 when any manifest or library is refused)\n"
    "\n"
    "LIMITS (docs/limits.md; SIZE takes a K, M or G suffix, powers of 1024):\n"
    "  --timeout SECONDS        wall-clock budget of the whole conversion (default: none)\n"
    "  --max-input-size SIZE    file / decompressed pickle size (default 2G)\n"
    "  --max-nodes N            nodes in the graph (default 1000000)\n"
    "  --max-graph-bytes SIZE   initializers and array attributes (default 2G)\n"
    "  --max-memory SIZE        address space of this process (default: unlimited)\n"
    "\n"
    "MODEL is a pickle (protocols 2-5) or joblib file, plain or compressed.\n"
    "A file holding a dict ({\"model\": clf, \"features\": [...]}) converts its only\n"
    "estimator, or the one under --key NAME.\n"
    "A model fitted on a pandas DataFrame (feature_names_in_) takes one [N,1] input\n"
    "per column, named as the column, when a column is not numeric (a string column\n"
    "takes tensor(string); a missing string is fed as \"\"); all-numeric ones keep\n"
    "the single X unless --inputs per-column. --input COLUMN=TYPE (float, double,\n"
    "int64, string, bool) sets a column's type; inspect shows each column's type and why.\n"
    "Plugins are searched in --plugin-path, then ONNXCONV_PLUGIN_PATH, then the\n"
    "plugin folder installed beside libonnxconv.\n"
    "\n"
    "Exit codes: 0 done, 1 a limit or other error, 2 usage, 3 unsupported\n"
    "estimator, 4 malformed model file, 5 bad option, 6 plugin failure, 7 I/O.\n";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Arguments {
  std::string command;
  std::string model;
  std::string output;
  bool check = false;
  uint64_t max_memory = 0;  // 0: the process's own limit
  ConvertOptions options;
  EngineConfig engine;
};

int64_t parse_int(const std::string& flag, const std::string& text) {
  try {
    size_t used = 0;
    long long v = std::stoll(text, &used);
    if (used == text.size()) return v;
  } catch (...) {
  }
  throw UsageError(flag + " expects an integer, got '" + text + "'");
}

// 512, 64K, 300M, 2G (powers of 1024).
uint64_t parse_size(const std::string& flag, const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  std::string suffix = text.substr(digits);
  int shift = suffix.empty() ? 0 : suffix == "K" || suffix == "k" ? 10 : suffix == "M" ? 20 : suffix == "G" ? 30 : -1;
  if (digits == 0 || digits > 12 || shift < 0)
    throw UsageError(flag + " expects a size such as 512M or 2G, got '" + text + "'");
  return std::stoull(text.substr(0, digits)) << shift;
}

double parse_seconds(const std::string& flag, const std::string& text) {
  try {
    size_t used = 0;
    double v = std::stod(text, &used);
    if (used == text.size() && v > 0) return v;
  } catch (...) {
  }
  throw UsageError(flag + " expects a positive number of seconds, got '" + text + "'");
}

// Limit flags; false when `a` is not one.
bool parse_limit(const std::string& a, const std::function<std::string()>& value, Arguments& args) {
  onnxconv::Limits& limits = args.engine.limits;
  if (a == "--timeout") limits.timeout_seconds = parse_seconds(a, value());
  else if (a == "--max-input-size") limits.read.max_decompressed_bytes = parse_size(a, value());
  else if (a == "--max-nodes") {
    int64_t n = parse_int(a, value());
    if (n < 1) throw UsageError(a + " expects a positive count, got " + std::to_string(n));
    limits.max_graph_nodes = static_cast<size_t>(n);
  }
  else if (a == "--max-graph-bytes") limits.max_graph_bytes = parse_size(a, value());
  else if (a == "--max-memory") args.max_memory = parse_size(a, value());
  else return false;
  return true;
}

Arguments parse(int argc, char** argv) {
  if (argc < 2) throw UsageError("no command given");
  Arguments args;
  args.command = argv[1];
  if (args.command == "-h" || args.command == "--help") {
    std::cout << kUsage;
    std::exit(0);
  }
  if (args.command != "convert" && args.command != "inspect" && args.command != "plugins")
    throw UsageError("unknown command '" + args.command + "'");
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UsageError(a + " needs a value");
      return argv[++i];
    };
    if (a == "-o" || a == "--output") args.output = value();
    else if (a == "--dtype") {
      std::string d = value();
      if (d == "float32") args.options.dtype = onnxconv::FloatType::Float32;
      else if (d == "float64") args.options.dtype = onnxconv::FloatType::Float64;
      else throw UsageError("--dtype expects float32 or float64, got '" + d + "'");
    } else if (a == "--opset") args.options.opset = parse_int(a, value());
    else if (a == "--ml-opset") args.options.ml_opset = parse_int(a, value());
    else if (a == "--option") {
      std::string kv = value();
      size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) throw UsageError("--option expects NAME=VALUE, got '" + kv + "'");
      args.options.options[kv.substr(0, eq)] = kv.substr(eq + 1);
    } else if (a == "--plugin-path") args.engine.plugin_paths.push_back(value());
    else if (a == "--key" && args.command != "plugins") args.options.key = value();
    else if (a == "--inputs" && args.command != "plugins") {
      std::string l = value();
      if (l == "auto") args.options.inputs = onnxconv::InputLayout::Auto;
      else if (l == "single") args.options.inputs = onnxconv::InputLayout::Single;
      else if (l == "per-column") args.options.inputs = onnxconv::InputLayout::PerColumn;
      else throw UsageError("--inputs expects auto, single or per-column, got '" + l + "'");
    } else if (a == "--input" && args.command != "plugins") {
      std::string kv = value();
      size_t eq = kv.rfind('=');
      if (eq == std::string::npos || eq == 0) throw UsageError("--input expects COLUMN=TYPE, got '" + kv + "'");
      args.options.input_types[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    else if (a == "--no-validate") args.options.validate = false;
    else if (a == "--external-data" && args.command == "convert") args.options.external_data = true;
    else if (args.command != "plugins" && parse_limit(a, value, args)) continue;
    else if (a == "--check" && args.command == "plugins") args.check = true;
    else if (!a.empty() && a[0] == '-') throw UsageError("unknown flag '" + a + "'");
    else if (args.model.empty() && args.command != "plugins") args.model = a;
    else throw UsageError("unexpected argument '" + a + "'");
  }
  if (args.command != "plugins" && args.model.empty()) throw UsageError(args.command + " needs a MODEL file");
  if (args.command == "convert" && args.output.empty()) throw UsageError("convert needs -o OUT.onnx");
  return args;
}

// --max-memory: the address-space limit of this process. An allocation
// past it throws std::bad_alloc, which main() reports naming the flag.
void limit_memory(uint64_t bytes) {
  if (bytes == 0) return;
  rlimit limit{};
  limit.rlim_cur = limit.rlim_max = static_cast<rlim_t>(bytes);
  if (setrlimit(RLIMIT_AS, &limit) != 0)
    throw onnxconv::Error(std::string("--max-memory: cannot limit the address space: ") + std::strerror(errno));
}

int run_convert(const Arguments& args) {
  Engine engine(args.engine);
  engine.convert_file(args.model, args.output, args.options);
  return 0;
}

// ---- inspect ----

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string short_value(const onnxconv::py::Value& v) {
  using onnxconv::py::Kind;
  switch (v.kind) {
    case Kind::None: return "None";
    case Kind::Bool: return v.b ? "True" : "False";
    case Kind::Int: return std::to_string(v.i);
    case Kind::Float: {
      std::ostringstream out;
      out << v.f;
      return out.str();
    }
    case Kind::String: return "'" + (v.s.size() > 40 ? v.s.substr(0, 40) + "..." : v.s) + "'";
    case Kind::Array: return "array " + v.array->dtype->str() + " " + shape_text(v.array->shape);
    case Kind::List: case Kind::Tuple: case Kind::Set: case Kind::Dict:
      return v.type_name() + " of " + std::to_string(v.items.size());
    default: return v.type_name();
  }
}

bool is_estimator(const onnxconv::py::Value& v) {
  return v.kind == onnxconv::py::Kind::Instance && v.state && v.state->kind == onnxconv::py::Kind::Dict;
}

// module.Name, and today's name when an older release wrote the file.
std::string class_text(const onnxconv::py::Value& v) {
  std::string file = v.module + "." + v.name;
  std::string current = onnxconv::current_class_name(v.module, v.name);
  return current == file ? file : file + " (now " + current + ")";
}

void print_tree(const onnxconv::py::Value& v, const std::string& indent, int depth) {
  std::cout << indent << class_text(v) << "\n";
  if (depth > 4) return;
  const auto& state = *v.state;
  for (size_t i = 0; i < state.items.size(); ++i) {
    const auto& key = *state.items[i];
    const auto& value = *state.values[i];
    if (key.kind != onnxconv::py::Kind::String) continue;
    std::cout << indent << "  " << key.s << ": " << short_value(value) << "\n";
    if (is_estimator(value)) print_tree(value, indent + "    ", depth + 1);
    // (name, estimator[, columns]) lists of Pipeline, FeatureUnion, ColumnTransformer
    bool named_list = key.s == "steps" || key.s == "transformer_list" || key.s == "transformers_";
    if (value.kind == onnxconv::py::Kind::List && named_list) {
      for (const auto& step : value.items)
        if (step->kind == onnxconv::py::Kind::Tuple && step->items.size() >= 2 && is_estimator(*step->items[1])) {
          std::cout << indent << "    " << short_value(*step->items[0]) << ":\n";
          print_tree(*step->items[1], indent + "      ", depth + 1);
        }
    }
  }
}

std::string key_text(const onnxconv::py::Value& key) {
  return key.kind == onnxconv::py::Kind::String ? "'" + key.s + "'" : short_value(key);
}

// A dict bundle: every key, with the estimators' trees.
void print_root(const onnxconv::py::Value& root) {
  if (is_estimator(root)) return print_tree(root, "  ", 0);
  if (root.kind != onnxconv::py::Kind::Dict) {
    std::cout << "  " << short_value(root) << "\n";
    return;
  }
  std::cout << "  dict of " << root.items.size() << " keys:\n";
  for (size_t i = 0; i < root.items.size(); ++i) {
    const auto& value = *root.values[i];
    std::cout << "    " << key_text(*root.items[i]) << ":" << (is_estimator(value) ? "" : " " + short_value(value))
              << "\n";
    if (is_estimator(value)) print_tree(value, "      ", 1);
  }
}

// A model of another library (an XGBoost or LightGBM file, a pickled
// Booster) has no _sklearn_version; "written before 0.18" would mislead.
std::string sklearn_version_text(const onnxconv::ConversionPlan& plan) {
  if (!plan.sklearn_version.empty()) return plan.sklearn_version;
  const std::string root = plan.steps.empty() ? "" : plan.steps.front().estimator_class;
  if (!root.empty() && root.rfind("sklearn.", 0) != 0 && plan.steps.size() == 1)
    return "not involved (" + root + " is not a scikit-learn estimator)";
  return "unknown (no _sklearn_version in the file: written before 0.18)";
}

void print_versions(const onnxconv::ConversionPlan& plan) {
  std::cout << "scikit-learn: " << sklearn_version_text(plan)
            << (plan.key.empty() ? "" : "  (entry '" + plan.key + "' of the file's dict)") << "\n";
  for (const auto& v : plan.other_versions) std::cout << "  nested estimator written by another release: " << v << "\n";
}

void print_step(const onnxconv::StepDescription& step) {
  std::cout << "  " << step.path << ": " << step.estimator_class << "\n";
  if (!step.file_class.empty()) std::cout << "    in the file: " << step.file_class << "\n";
  if (!step.problem.empty()) std::cout << "    NOT CONVERTIBLE: " << step.problem << "\n";
  else if (!step.operation.empty()) std::cout << "    core: " << step.operation << "\n";
  if (!step.plugin.empty()) std::cout << "    plugin: " << step.plugin << " (" << step.plugin_library << ")\n";
  for (const auto& in : step.inputs) std::cout << "    in  " << in.name << ": " << in.type << "\n";
  for (const auto& out : step.outputs) std::cout << "    out " << out.name << ": " << out.type << "\n";
}

// The object tree and the plan; a step without a converter is marked, not
// fatal (convert refuses it). Several estimators in a dict and no --key:
// the keys are shown, then the error.
int run_inspect(const Arguments& args) {
  Engine engine(args.engine);
  onnxconv::Model model = engine.read(args.model);
  std::cout << "model file: " << args.model << "\n";
  onnxconv::ConversionPlan plan;
  std::string plan_error;
  onnxconv::ErrorKind plan_error_kind = onnxconv::ErrorKind::Other;
  try {
    plan = engine.plan(model, args.options);
    print_versions(plan);
  } catch (const onnxconv::Error& e) {
    plan_error = e.what();
    plan_error_kind = e.kind();
  } catch (const std::exception& e) {
    plan_error = e.what();
  }
  print_root(model.root());
  if (!plan_error.empty()) throw onnxconv::Error(plan_error, plan_error_kind);
  if (!plan.columns.empty()) {
    std::cout << "\ninput schema (fitted on a DataFrame, " << plan.columns.size() << " columns; "
              << (plan.per_column ? "one input per column, named as the column; a missing string is fed as \"\""
                                  : "all numeric: one input X, columns in this order; --inputs per-column for one each")
              << "):\n";
    for (const auto& c : plan.columns)
      std::cout << "  '" << c.name << "': " << c.type << "  (" << c.reason << ")\n";
  }
  std::cout << "\nconversion plan:\n";
  for (const auto& in : plan.inputs) std::cout << "  input " << in.name << ": " << in.type << "\n";
  size_t problems = 0;
  for (const auto& step : plan.steps) {
    print_step(step);
    problems += !step.problem.empty();
  }
  for (const auto& out : plan.outputs) std::cout << "  output " << out.name << ": " << out.type << "\n";
  if (problems > 0)
    std::cout << "\n" << problems << " step(s) cannot be converted (marked NOT CONVERTIBLE above): "
              << "convert refuses this model\n";
  return 0;
}

// ---- plugins ----

int run_plugins(const Arguments& args) {
  Engine engine(args.engine);
  auto& registry = engine.registry();
  std::cout << "searched:\n";
  for (const auto& dir : engine.plugin_directories()) std::cout << "  " << dir << "\n";
  // --check loads every plugin; a library that fails joins the rejections.
  if (args.check) {
    for (const auto& p : registry.plugins()) {
      try {
        for (const auto& c : p.converters) registry.resolve(c.estimator_class);
      } catch (const std::exception&) {
      }
    }
  }
  std::cout << "plugins:\n";
  for (const auto& p : registry.plugins()) {
    std::cout << "  " << p.name << " " << p.version << "  ABI " << p.abi_major << "." << p.abi_minor
              << "  priority " << p.priority << "  " << (registry.is_loaded(p.name) ? "loaded" : "not loaded")
              << "\n    manifest: " << p.manifest_path << "\n    library:  " << p.library_path << "\n";
    for (const auto& c : p.converters) {
      std::cout << "    " << c.estimator_class << " -> ";
      for (size_t i = 0; i < c.outputs.size(); ++i) std::cout << (i ? ", " : "") << c.outputs[i];
      if (!c.options.empty()) {
        std::cout << "  options: ";
        for (size_t i = 0; i < c.options.size(); ++i) std::cout << (i ? ", " : "") << c.options[i];
      }
      for (const auto& o : c.option_outputs) {
        std::cout << "  " << o.option << ": " << (o.instead ? "instead " : "+");
        for (size_t i = 0; i < o.roles.size(); ++i) std::cout << (i ? ", " : "") << o.roles[i];
      }
      for (const auto& alt : c.model_outputs) {
        std::cout << "  or ";
        for (size_t i = 0; i < alt.size(); ++i) std::cout << (i ? ", " : "") << alt[i];
      }
      std::cout << "\n";
    }
  }
  if (!registry.rejections().empty()) {
    std::cout << "rejected:\n";
    for (const auto& r : registry.rejections()) std::cout << "  " << r.manifest_path << ": " << r.reason << "\n";
  }
  // With --check, any refused manifest or library fails the command.
  return args.check && !registry.rejections().empty() ? 1 : 0;
}

// One exit code per error kind, so scripts can branch without parsing
// messages (docs/errors.md).
int exit_code(onnxconv::ErrorKind kind) {
  switch (kind) {
    case onnxconv::ErrorKind::Unsupported: return 3;
    case onnxconv::ErrorKind::MalformedFile: return 4;
    case onnxconv::ErrorKind::BadOption: return 5;
    case onnxconv::ErrorKind::PluginFailure: return 6;
    case onnxconv::ErrorKind::Io: return 7;
    case onnxconv::ErrorKind::Limit: return 1;  // as before kinds existed (tests/core/cli_limits.py)
    case onnxconv::ErrorKind::Other: break;
  }
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  bool memory_flag = false;
  try {
    Arguments args = parse(argc, argv);
    limit_memory(args.max_memory);
    memory_flag = args.max_memory != 0;
    if (args.command == "convert") return run_convert(args);
    if (args.command == "inspect") return run_inspect(args);
    return run_plugins(args);
  } catch (const std::bad_alloc&) {
    std::cerr << "onnxconv: error: out of memory"
              << (memory_flag ? " (the --max-memory limit was reached)" : "") << "\n";
    return 1;
  } catch (const UsageError& e) {
    std::cerr << "onnxconv: " << e.what() << "\n\n" << kUsage;
    return 2;
  } catch (const onnxconv::Error& e) {
    std::cerr << "onnxconv: error: " << e.what() << "\n";
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "onnxconv: error: " << e.what() << "\n";
    return 1;
  }
}
