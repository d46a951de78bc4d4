#include <onnxconv/engine.h>
#include <onnxconv/model_reader.h>
#include <onnxconv/registry.h>

#include "atomic_file.h"
#include "bundle.h"
#include "conversion_budget.h"
#include "graph_builder.h"
#include "host_api.h"
#include "model_writer.h"
#include "scorecard_reader.h"
#include "xgboost_document.h"
#include "sklearn_versions.h"
#include "topology.h"
#include "validate.h"

#include <onnx/common/constants.h>
#include <onnx/defs/schema.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace onnxconv {
namespace {

namespace fs = std::filesystem;

int64_t newest_opset(const std::string& domain) {
  const auto& map = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
  auto it = map.find(domain);
  return it == map.end() ? 0 : it->second.second;
}

// <libdir>/onnxconv/plugins, where libdir holds this library (build tree
// and install prefix share the layout).
std::string default_plugin_directory() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&default_onnx_opset), &info) == 0 || info.dli_fname == nullptr)
    return {};
  std::error_code ignored;
  return fs::weakly_canonical(fs::path(info.dli_fname).parent_path() / "onnxconv" / "plugins", ignored).string();
}

std::vector<std::string> search_directories(const EngineConfig& config) {
  std::vector<std::string> dirs = config.plugin_paths;
  if (config.use_environment) {
    if (const char* env = std::getenv("ONNXCONV_PLUGIN_PATH")) {
      std::string all = env;
      size_t start = 0;
      while (start <= all.size()) {
        size_t end = all.find(':', start);
        if (end == std::string::npos) end = all.size();
        if (end > start) dirs.push_back(all.substr(start, end - start));
        start = end + 1;
      }
    }
  }
  if (config.use_default_directory) {
    std::string dir = default_plugin_directory();
    if (!dir.empty()) dirs.push_back(dir);
  }
  return dirs;
}

int64_t checked_opset(int64_t requested, const std::string& domain) {
  int64_t newest = newest_opset(domain);
  std::string label = domain.empty() ? "ai.onnx" : domain;
  if (requested == 0) return newest;
  if (requested < 1 || requested > newest)
    throw Error("opset " + std::to_string(requested) + " of " + label +
                " is not available: the linked onnx library checks versions 1 to " + std::to_string(newest));
  return requested;
}

}  // namespace

int64_t default_onnx_opset() { return newest_opset(""); }
int64_t default_ml_opset() { return newest_opset(onnx::AI_ONNX_ML_DOMAIN); }

struct Engine::Impl {
  std::vector<std::string> directories;
  registry::Registry registry;
  Limits limits;
};

Engine::Engine(EngineConfig config) : impl_(std::make_unique<Impl>()) {
  impl_->limits = config.limits;
  impl_->directories = search_directories(config);
  impl_->registry.discover(impl_->directories);
}

Engine::~Engine() = default;

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Unsupported: return "unsupported";
    case ErrorKind::MalformedFile: return "malformed file";
    case ErrorKind::BadOption: return "bad option";
    case ErrorKind::PluginFailure: return "plugin failure";
    case ErrorKind::Io: return "I/O";
    case ErrorKind::Limit: return "limit";
    case ErrorKind::Other: break;
  }
  return "error";
}

registry::Registry& Engine::registry() { return impl_->registry; }
const std::vector<std::string>& Engine::plugin_directories() const { return impl_->directories; }

namespace {

Model read_with(const std::string& path, const ReadLimits& limits) {
  try {
    if (is_scorecard_path(path)) return Model(path, read_scorecard_file(path));
    // Model files of other libraries are known by their content, not their name.
    if (is_xgboost_document(path)) return Model(path, read_xgboost_document(path, limits));
    return Model(path, read_model_file(path, limits));
  } catch (const ReadError& e) {
    const std::string& d = e.detail();
    bool unreadable = d.rfind("cannot open", 0) == 0 || d.rfind("cannot read", 0) == 0 ||
                      d.rfind("is a directory", 0) == 0;
    // A host limit, not the file's fault.
    bool limit = d.find("ReadLimits::") != std::string::npos || d.find("time budget") != std::string::npos;
    throw Error(e.what(), unreadable ? ErrorKind::Io : limit ? ErrorKind::Limit : ErrorKind::MalformedFile);
  }
}

}  // namespace

Model Engine::read(const std::string& path) const {
  return read_with(path, ConversionBudget(impl_->limits, path).read_limits());
}

namespace {

// One conversion's state: the graph, the boxed-object arena, the topology.
struct Conversion {
  Conversion(registry::Registry& registry, const ConvertOptions& options, ConversionBudget& budget)
      : graph(checked_opset(options.opset, ""), checked_opset(options.ml_opset, onnx::AI_ONNX_ML_DOMAIN),
              &budget),
        scope(arena),
        topology(registry, options, options.dtype == FloatType::Float64 ? OC_ELEM_DOUBLE : OC_ELEM_FLOAT,
                 graph) {}
  GraphBuilder graph;
  ObjectArena arena;
  ArenaScope scope;
  Topology topology;
};

// The estimator to convert: the root, or a dict bundle's entry.
SelectedModel selected(registry::Registry& registry, const Model& model, const ConvertOptions& options) {
  auto is_estimator = [&registry](const py::Value& v) {
    if (v.kind != py::Kind::Instance) return false;
    if (is_composite(v)) return true;
    try {
      return registry.find(converter_class(v)) != nullptr;
    } catch (const registry::RegistryError&) {
      return true;  // claimed twice: an estimator; converting it reports the conflict
    }
  };
  return select_model(model.root(), options.key, model.path(), is_estimator);
}

void plan_model(Topology& topology, registry::Registry& registry, const Model& model,
                const ConvertOptions& options) {
  SelectedModel chosen = selected(registry, model, options);
  topology.plan(*chosen.estimator, chosen.key);
}

// The validated model; conversion state is freed before validation.
BuiltModel build_model(registry::Registry& registry, const Model& model, const ConvertOptions& options,
                       ConversionBudget& budget) {
  BuiltModel built;
  {
    Conversion c(registry, options, budget);
    plan_model(c.topology, registry, model, options);
    budget.check_time("planning the conversion");
    c.topology.name_variables();
    c.topology.emit();
    built = c.graph.finish();
  }
  budget.check_time("converting");
  if (options.validate) validate_model(built.proto);
  return built;
}

}  // namespace

ConversionPlan Engine::plan(const Model& model, const ConvertOptions& options) {
  ConversionBudget budget(impl_->limits, model.path());
  Conversion c(impl_->registry, options, budget);
  c.topology.set_lenient(true);
  SelectedModel chosen = selected(impl_->registry, model, options);
  c.topology.plan(*chosen.estimator, chosen.key);
  ConversionPlan plan = c.topology.describe();
  plan.key = chosen.key;
  plan.sklearn_version = sklearn_version_of(*chosen.estimator);
  plan.other_versions = differing_nested_versions(*chosen.estimator);
  return plan;
}

std::string Engine::convert(const Model& model, const ConvertOptions& options) {
  if (options.external_data) throw Error("external data needs a file: use convert_file");
  ConversionBudget budget(impl_->limits, model.path());
  BuiltModel built = build_model(impl_->registry, model, options, budget);
  budget.check_time("validating");
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream raw(&bytes);
    write_model(built, raw);
  }
  return bytes;
}

// Drops the object tree before validation and streams the model into the
// file, adopted attributes straight from the plugins' arrays: peak memory
// is the model file's objects plus those arrays, and no protobuf copy.
void Engine::convert_file(const std::string& model_path, const std::string& output_path,
                          const ConvertOptions& options) {
  ConversionBudget budget(impl_->limits, model_path);
  BuiltModel built = [&] {
    Model model = read_with(model_path, budget.read_limits());
    ConvertOptions unvalidated = options;
    unvalidated.validate = false;
    return build_model(impl_->registry, model, unvalidated, budget);
  }();
  if (options.validate) validate_model(built.proto);
  budget.check_time("validating");
  if (!options.external_data) {
    write_file_atomically(output_path, [&built](int fd, const std::string& tmp) {
      google::protobuf::io::FileOutputStream raw(fd);
      write_model(built, raw);
      if (!raw.Flush()) throw Error("cannot write " + tmp + ": " + std::strerror(raw.GetErrno()), ErrorKind::Io);
    });
    return;
  }
  // OUTPUT.data beside OUTPUT, named in the model relative to its folder.
  const std::string data_path = output_path + ".data";
  const size_t slash = data_path.find_last_of('/');
  const std::string location = slash == std::string::npos ? data_path : data_path.substr(slash + 1);
  write_file_pair_atomically(output_path, data_path,
                             [&](int fd, const std::string& tmp, int data_fd, const std::string& data_tmp) {
    google::protobuf::io::FileOutputStream raw(fd), data(data_fd);
    ExternalData external{location, &data};
    write_model(built, raw, &external);
    if (!raw.Flush()) throw Error("cannot write " + tmp + ": " + std::strerror(raw.GetErrno()), ErrorKind::Io);
    if (!data.Flush()) throw Error("cannot write " + data_tmp + ": " + std::strerror(data.GetErrno()), ErrorKind::Io);
  });
}

}  // namespace onnxconv
