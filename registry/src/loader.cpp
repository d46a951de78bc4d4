// Loading a plugin library and checking that it is what its manifest says.
#include "loader.h"

#include <boost/dll/shared_library.hpp>

#include <cstddef>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>

namespace onnxconv::registry::detail {
namespace {

// The 1.0 layout is the least any plugin may report; later minors only
// append. The upper bound only catches garbage.
constexpr size_t kMinInfoSize = offsetof(oc_plugin_info, n_converters) + sizeof(size_t);
constexpr size_t kMinConverterSize = offsetof(oc_converter, convert) + sizeof(oc_convert_fn);
constexpr size_t kMaxStructSize = 64 * 1024;
constexpr size_t kMaxConverters = 100000;

[[noreturn]] void fail(const PluginManifest& m, const std::string& reason) {
  throw RegistryError("plugin '" + m.name + "' (" + m.library_path + "): " + reason);
}

std::string abi(uint32_t major, uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

// Boost wraps dlerror as "...load() failed (dlerror system message: WHY):
// Bad file descriptor"; WHY is the part a user can act on.
std::string dlerror_reason(const std::string& what) {
  const std::string marker = "(dlerror system message: ";
  size_t begin = what.find(marker);
  size_t end = what.rfind(')');
  if (begin == std::string::npos || end == std::string::npos || end < begin) return what;
  begin += marker.size();
  return what.substr(begin, end - begin);
}

// Every library ever opened lives here until the process ends. The
// container is never destroyed, so no dlclose runs even at exit: converter
// code, static objects and thread_local destructors of a plugin may still be
// referenced then (the rule LLVM and Qt follow).
boost::dll::shared_library& open_forever(const std::string& path) {
  struct Kept {
    std::mutex mutex;
    std::deque<boost::dll::shared_library> libraries;
  };
  static Kept* kept = new Kept;
  std::lock_guard<std::mutex> lock(kept->mutex);
  // rtld_now: an unresolved symbol fails here, not at its first call.
  // rtld_local: one plugin's symbols never satisfy another's.
  // Throwing form: the error_code form reports every failure as EBADF.
  kept->libraries.emplace_back(boost::dll::fs::path(path),
                               boost::dll::load_mode::rtld_now |
                                   boost::dll::load_mode::rtld_local);
  return kept->libraries.back();
}

boost::dll::shared_library& open(const PluginManifest& m) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(m.library_path, ec))
    fail(m, "library file not found (field 'library' of " + m.manifest_path + ")");
  try {
    return open_forever(m.library_path);
  } catch (const std::exception& e) {
    fail(m, "cannot load library: " + dlerror_reason(e.what()));
  }
}

const oc_plugin_info* ask(const boost::dll::shared_library& lib,
                          const PluginManifest& m, uint32_t major, uint32_t minor) {
  if (!lib.has(OC_PLUGIN_ENTRY_SYMBOL))
    fail(m, "library does not export '" OC_PLUGIN_ENTRY_SYMBOL
            "' (not a converter plugin, or built without ONNXCONV_PLUGIN)");
  using Entry = std::remove_pointer_t<oc_plugin_entry_fn>;
  Entry& entry = lib.get<Entry>(OC_PLUGIN_ENTRY_SYMBOL);
  const oc_plugin_info* info = entry(major, minor);
  if (info == nullptr)
    fail(m, "'" OC_PLUGIN_ENTRY_SYMBOL "' returned no plugin description for host ABI " +
                abi(major, minor) + " (the plugin refused this host or failed to start)");
  return info;
}

// The library's own answer must repeat its manifest: a mismatch means the
// manifest lies, or belongs to another build of the library.
void check_identity(const oc_plugin_info* info, const PluginManifest& m) {
  if (info->struct_size < kMinInfoSize || info->struct_size > kMaxStructSize)
    fail(m, "library reports an oc_plugin_info of " + std::to_string(info->struct_size) +
                " bytes; ABI " + abi(m.abi_major, m.abi_minor) + " needs at least " +
                std::to_string(kMinInfoSize));
  if (info->abi_major != m.abi_major || info->abi_min_minor != m.abi_minor)
    fail(m, "library says ABI " + abi(info->abi_major, info->abi_min_minor) +
                " but manifest " + m.manifest_path + " says " +
                abi(m.abi_major, m.abi_minor) + " (field 'abi')");
  std::string name = info->name ? info->name : "";
  if (name != m.name)
    fail(m, "library says name '" + name + "' but manifest " + m.manifest_path +
                " says '" + m.name + "' (field 'name')");
  std::string version = info->version ? info->version : "";
  if (version != m.version)
    fail(m, "library says version '" + version + "' but manifest " + m.manifest_path +
                " says '" + m.version + "' (field 'version')");
}

// The library's converter table by class. A malformed entry condemns the
// whole library: the table is the one thing the host must trust.
std::map<std::string, const oc_converter*> table(const oc_plugin_info* info,
                                                 const PluginManifest& m) {
  if (info->n_converters > kMaxConverters ||
      (info->n_converters > 0 && info->converters == nullptr))
    fail(m, "library reports " + std::to_string(info->n_converters) +
                " converters but no usable converter table");
  std::map<std::string, const oc_converter*> out;
  for (size_t i = 0; i < info->n_converters; ++i) {
    const oc_converter* c = info->converters[i];
    if (c == nullptr || c->struct_size < kMinConverterSize ||
        c->struct_size > kMaxStructSize || c->estimator_class == nullptr)
      fail(m, "the library's converter table entry " + std::to_string(i) + " is malformed");
    out.emplace(c->estimator_class, c);
  }
  return out;
}

std::vector<const oc_converter*> match(const oc_plugin_info* info, const PluginManifest& m) {
  auto exported = table(info, m);
  std::vector<const oc_converter*> out;
  for (size_t i = 0; i < m.converters.size(); ++i) {
    const std::string& cls = m.converters[i].estimator_class;
    std::string field = "manifest " + m.manifest_path + " field 'converters[" +
                        std::to_string(i) + "].class'";
    auto it = exported.find(cls);
    if (it == exported.end()) {
      std::string list;
      for (const auto& e : exported) list += (list.empty() ? "" : ", ") + e.first;
      fail(m, field + " names '" + cls + "', which the library does not export" +
                  " (it exports: " + (list.empty() ? "nothing" : list) + ")");
    }
    const oc_converter* c = it->second;
    if (c->infer == nullptr || c->convert == nullptr)
      fail(m, "the library's converter for '" + cls + "' (" + field + ") has a null " +
                  (c->infer == nullptr ? "infer" : "convert") + " function");
    out.push_back(c);
  }
  return out;
}

}  // namespace

LoadedPlugin load_plugin(const PluginManifest& manifest, uint32_t host_abi_major,
                         uint32_t host_abi_minor) {
  boost::dll::shared_library& lib = open(manifest);
  LoadedPlugin out;
  out.info = ask(lib, manifest, host_abi_major, host_abi_minor);
  check_identity(out.info, manifest);
  out.converters = match(out.info, manifest);
  return out;
}

}  // namespace onnxconv::registry::detail
