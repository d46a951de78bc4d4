// Plugin discovery, lazy loading and version negotiation.
//
// The registry reads every plugin's YAML manifest up front (cheap, no code
// runs), and loads a plugin's library with Boost.DLL only when a model needs
// one of its converters. Loaded libraries are never unloaded: converters and
// the strings they hand out stay valid for the life of the process.
// The manifest format is described in registry/MANIFEST.md.
#ifndef ONNXCONV_REGISTRY_H
#define ONNXCONV_REGISTRY_H

#include <onnxconv/sdk/c_api.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace onnxconv::registry {

class RegistryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a boolean option does to a converter's output roles when it is on:
// adds roles after the others (decision_leaf), or gives other roles instead
// (LDA's lda_transform gives `variable` instead of label, probabilities).
struct OptionOutputs {
  std::string option;
  std::vector<std::string> roles;
  bool instead = false;
};

struct ConverterManifest {
  std::string estimator_class;       // e.g. sklearn.linear_model._base.LinearRegression
  std::vector<std::string> outputs;  // e.g. label, probabilities (no option on)
  std::vector<std::string> options;  // option names the converter accepts
  std::vector<OptionOutputs> option_outputs;             // in manifest order
  std::vector<std::vector<std::string>> model_outputs;   // what some models give instead of `outputs`
};

// The output role lists a converter may return, per its manifest, when
// `option_on(name)` says which options are on: `outputs` or any of
// `model_outputs` (unless an option's roles come instead), each followed by
// the roles of every option that is on, in manifest order.
std::vector<std::vector<std::string>> expected_outputs(
    const ConverterManifest& converter, const std::function<bool(const std::string&)>& option_on);

struct PluginManifest {
  std::string name;
  std::string version;
  uint32_t abi_major = 0;
  uint32_t abi_minor = 0;  // lowest host minor the plugin needs
  int priority = 0;        // higher wins when two plugins claim one class
  std::string manifest_path;  // absolute
  std::string library_path;   // absolute, resolved against the manifest's folder
  std::vector<ConverterManifest> converters;
};

// Reads and validates one manifest without loading anything. Throws
// RegistryError as "FILE:LINE: field 'abi.major': expected ..., got 'two'".
PluginManifest read_manifest(const std::string& path);

struct Rejection {
  std::string manifest_path;
  std::string reason;
};

// A converter ready to call: the plugin's own table entry plus its manifest.
// `converter` stays valid for the process's life; `plugin` and `manifest`
// as long as the Registry.
struct ResolvedConverter {
  const PluginManifest* plugin = nullptr;
  const ConverterManifest* manifest = nullptr;
  const oc_converter* converter = nullptr;
};

// find(), resolve(), is_loaded() and rejections() may be called from several
// threads at once; discover() must not run concurrently with anything, and
// the references plugins() and searched_directories() return are only stable
// while no discover() runs.
class Registry {
 public:
  explicit Registry(uint32_t host_abi_major = OC_ABI_MAJOR,
                    uint32_t host_abi_minor = OC_ABI_MINOR);
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Reads the manifests in each directory, in order of precedence: a
  // `plugin.yaml` in the directory itself, then in each direct subdirectory
  // (sorted by name). Nothing is loaded. Bad or ABI-incompatible manifests,
  // and plugins whose name an earlier manifest already took, are recorded
  // as rejections. Missing directories are skipped. May be called again to
  // add lower-precedence directories.
  void discover(const std::vector<std::string>& directories);

  const std::vector<std::string>& searched_directories() const;
  // Accepted manifests, in discovery order. A deque so that the pointers
  // find() and resolve() hand out survive a later discover().
  const std::deque<PluginManifest>& plugins() const;
  // Manifests and libraries refused, in the order they were refused.
  std::vector<Rejection> rejections() const;
  bool is_loaded(const std::string& plugin_name) const;

  // The manifest entry that would convert `estimator_class`, without loading
  // anything; nullptr when no plugin claims it. Throws RegistryError when two
  // plugins of equal priority claim it (the message names both manifests).
  // The answer depends on manifests only, never on what has been loaded.
  const PluginManifest* find(const std::string& estimator_class,
                             const ConverterManifest** converter = nullptr) const;

  // Loads the owning plugin if needed and returns its converter. Throws
  // RegistryError naming the plugin, its files and the reason when the class
  // is unclaimed, the library cannot be loaded, or it disagrees with its
  // manifest (the plugin is then rejected for the rest of the session, and
  // every later resolve of its classes repeats the reason).
  ResolvedConverter resolve(const std::string& estimator_class);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace onnxconv::registry

#endif  // ONNXCONV_REGISTRY_H
