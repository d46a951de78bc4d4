// The loader: opens one plugin library and checks its own answer against
// its manifest. Separate from the manifest parser so that reading manifests
// never pulls in code that runs plugins.
#ifndef ONNXCONV_REGISTRY_LOADER_H
#define ONNXCONV_REGISTRY_LOADER_H

#include <onnxconv/registry.h>

#include <cstdint>
#include <vector>

namespace onnxconv::registry::detail {

struct LoadedPlugin {
  const oc_plugin_info* info = nullptr;
  // The library's table entry for each manifest converter, in manifest order.
  std::vector<const oc_converter*> converters;
};

// Loads `manifest.library_path` (rtld_now | rtld_local), calls its entry with
// the host's ABI version and checks the answer. The library stays loaded for
// the life of the process, even when a check fails. Throws RegistryError
// "plugin 'NAME' (LIBRARY): reason".
LoadedPlugin load_plugin(const PluginManifest& manifest, uint32_t host_abi_major,
                         uint32_t host_abi_minor);

}  // namespace onnxconv::registry::detail

#endif  // ONNXCONV_REGISTRY_LOADER_H
