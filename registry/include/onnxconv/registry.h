// Plugin discovery, lazy loading and version negotiation.
//
// The registry reads every plugin's YAML manifest up front (cheap, no code
// runs), and loads a plugin's library with Boost.DLL only when a model needs
// one of its converters. Loaded libraries are never unloaded: converters and
// the strings they hand out stay valid for the life of the process.
#ifndef ONNXCONV_REGISTRY_H
#define ONNXCONV_REGISTRY_H

#include <onnxconv/sdk/c_api.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace onnxconv::registry {

class RegistryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ConverterManifest {
  std::string estimator_class;       // e.g. sklearn.linear_model._base.LinearRegression
  std::vector<std::string> outputs;  // e.g. label, probabilities
  std::vector<std::string> options;  // option names the converter accepts
};

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

struct Rejection {
  std::string manifest_path;
  std::string reason;
};

// A converter ready to call: the plugin's own table entry plus its manifest.
struct ResolvedConverter {
  const PluginManifest* plugin = nullptr;
  const ConverterManifest* manifest = nullptr;
  const oc_converter* converter = nullptr;
};

class Registry {
 public:
  explicit Registry(uint32_t host_abi_major = OC_ABI_MAJOR,
                    uint32_t host_abi_minor = OC_ABI_MINOR);
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Reads the manifests in each directory, in order of precedence: a
  // `plugin.yaml` in the directory itself and in each direct subdirectory.
  // Nothing is loaded. Bad manifests are recorded as rejections.
  void discover(const std::vector<std::string>& directories);

  const std::vector<std::string>& searched_directories() const;
  const std::vector<PluginManifest>& plugins() const;  // accepted manifests
  const std::vector<Rejection>& rejections() const;    // manifests and libraries refused
  bool is_loaded(const std::string& plugin_name) const;

  // The manifest entry that would convert `estimator_class`, without loading
  // anything; nullptr when no plugin claims it. Throws RegistryError when two
  // plugins of equal priority claim it (the message names both manifests).
  const PluginManifest* find(const std::string& estimator_class,
                             const ConverterManifest** converter = nullptr) const;

  // Loads the owning plugin if needed and returns its converter. Throws
  // RegistryError naming the plugin, its files and the reason when the class
  // is unclaimed, the library cannot be loaded, or it disagrees with its
  // manifest (the plugin is then rejected for the rest of the session).
  ResolvedConverter resolve(const std::string& estimator_class);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace onnxconv::registry

#endif  // ONNXCONV_REGISTRY_H
