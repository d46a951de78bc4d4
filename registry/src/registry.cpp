// Discovery, conflict resolution and lazy loading. Manifests come from
// manifest.cpp, libraries from loader.cpp; this file only decides which
// manifest counts and when a library is opened.
#include <onnxconv/registry.h>

#include "loader.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

namespace onnxconv::registry {
namespace {

namespace fs = std::filesystem;

// `dir/plugin.yaml`, then `dir/*/plugin.yaml` sorted by name, so the order
// (and with it shadowing) never depends on the file system's listing order.
std::vector<fs::path> manifests_in(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  if (fs::is_regular_file(dir / "plugin.yaml", ec)) out.push_back(dir / "plugin.yaml");
  std::vector<fs::path> subdirs;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec)) subdirs.push_back(it->path());
  std::sort(subdirs.begin(), subdirs.end());
  for (const auto& sub : subdirs)
    if (fs::is_regular_file(sub / "plugin.yaml", ec)) out.push_back(sub / "plugin.yaml");
  return out;
}

std::string describe(const PluginManifest& m) {
  return "plugin '" + m.name + "' (" + m.manifest_path + ")";
}

}  // namespace

struct Registry::Impl {
  enum class State { Discovered, Loaded, Rejected };
  struct Slot {
    const PluginManifest* manifest = nullptr;
    State state = State::Discovered;
    detail::LoadedPlugin loaded;
    std::string reason;  // why it was rejected at load time
  };
  // One manifest's claim on a class: the plugin and its converter index.
  struct Claim {
    const PluginManifest* plugin;
    size_t index;
  };

  uint32_t host_major;
  uint32_t host_minor;
  std::vector<std::string> directories;
  std::deque<PluginManifest> plugins;
  std::vector<Rejection> rejections;
  std::map<std::string, Slot> slots;                 // by plugin name
  std::map<std::string, std::vector<Claim>> claims;  // by estimator class
  // Why readable manifests were refused at discovery (ABI, shadowed), by class,
  // so "no plugin converts X" can say which plugin would have.
  std::map<std::string, std::vector<std::string>> refused;
  // Manifests already read (canonical paths): a directory listed twice, say
  // in --plugin-path and ONNXCONV_PLUGIN_PATH, must not shadow itself.
  std::set<std::string> read;
  mutable std::mutex mutex;

  void consider(const fs::path& file);
  std::string incompatibility(const PluginManifest& m) const;
  void accept(PluginManifest m);
  const Claim* winner(const std::string& cls) const;
  void load(Slot& slot);
  std::string unclaimed(const std::string& cls) const;
};

// The manifest is judged before anything is loaded: a plugin built for
// another ABI never gets to run code in this process.
std::string Registry::Impl::incompatibility(const PluginManifest& m) const {
  std::string host = std::to_string(host_major) + "." + std::to_string(host_minor);
  if (m.abi_major != host_major)
    return describe(m) + " needs converter SDK ABI " + std::to_string(m.abi_major) +
           ".x; this host provides " + host;
  if (m.abi_minor > host_minor)
    return describe(m) + " needs converter SDK ABI " + std::to_string(m.abi_major) + "." +
           std::to_string(m.abi_minor) + " or later; this host provides " + host;
  return "";
}

void Registry::Impl::consider(const fs::path& file) {
  std::error_code ec;
  if (!read.insert(fs::weakly_canonical(file, ec).string()).second) return;
  PluginManifest m;
  try {
    m = read_manifest(file.string());
  } catch (const RegistryError& e) {
    rejections.push_back({fs::absolute(file).lexically_normal().string(), e.what()});
    return;
  }
  std::string reason = incompatibility(m);
  // Only a usable manifest shadows: an incompatible one earlier in the path
  // must not hide a working plugin of the same name.
  if (reason.empty() && slots.count(m.name))
    reason = describe(m) + " is shadowed by " + slots.at(m.name).manifest->manifest_path;
  if (!reason.empty()) {
    rejections.push_back({m.manifest_path, reason});
    for (const auto& c : m.converters) refused[c.estimator_class].push_back(reason);
    return;
  }
  accept(std::move(m));
}

void Registry::Impl::accept(PluginManifest m) {
  const PluginManifest& stored = plugins.emplace_back(std::move(m));
  slots[stored.name].manifest = &stored;
  for (size_t i = 0; i < stored.converters.size(); ++i)
    claims[stored.converters[i].estimator_class].push_back({&stored, i});
}

// Highest priority wins; a tie at the top is an error the user must settle,
// because picking by discovery order would make the output depend on paths.
const Registry::Impl::Claim* Registry::Impl::winner(const std::string& cls) const {
  auto it = claims.find(cls);
  if (it == claims.end()) return nullptr;
  const Claim* best = nullptr;
  std::vector<const Claim*> tied;
  for (const Claim& c : it->second) {
    if (best == nullptr || c.plugin->priority > best->plugin->priority) {
      best = &c;
      tied = {&c};
    } else if (c.plugin->priority == best->plugin->priority) {
      tied.push_back(&c);
    }
  }
  if (tied.size() == 1) return best;
  std::string who;
  for (const Claim* c : tied) who += (who.empty() ? "" : " and ") + describe(*c->plugin);
  throw RegistryError("estimator class '" + cls + "' is claimed by " + who +
                      " with equal priority " + std::to_string(best->plugin->priority) +
                      "; give one of them a higher 'priority' or remove one");
}

void Registry::Impl::load(Slot& slot) {
  if (slot.state != State::Discovered) return;
  try {
    slot.loaded = detail::load_plugin(*slot.manifest, host_major, host_minor);
    slot.state = State::Loaded;
  } catch (const RegistryError& e) {
    // Not retried: the library stays mapped (never unloaded) and a second
    // attempt would run its initialisers again.
    slot.state = State::Rejected;
    slot.reason = e.what();
    rejections.push_back({slot.manifest->manifest_path, slot.reason});
  }
}

std::string Registry::Impl::unclaimed(const std::string& cls) const {
  std::string dirs;
  for (const auto& d : directories) dirs += (dirs.empty() ? "" : ", ") + d;
  std::string out = "no plugin converts '" + cls + "' (searched: " +
                    (dirs.empty() ? "no plugin directories" : dirs) + ")";
  auto it = refused.find(cls);
  if (it != refused.end())
    for (const auto& reason : it->second) out += "; " + reason;
  return out;
}

Registry::Registry(uint32_t host_abi_major, uint32_t host_abi_minor)
    : impl_(std::make_unique<Impl>()) {
  impl_->host_major = host_abi_major;
  impl_->host_minor = host_abi_minor;
}

Registry::~Registry() = default;

void Registry::discover(const std::vector<std::string>& directories) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  for (const auto& dir : directories) {
    impl_->directories.push_back(dir);
    for (const auto& file : manifests_in(dir)) impl_->consider(file);
  }
}

const std::vector<std::string>& Registry::searched_directories() const {
  return impl_->directories;
}

const std::deque<PluginManifest>& Registry::plugins() const { return impl_->plugins; }

std::vector<Rejection> Registry::rejections() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->rejections;
}

bool Registry::is_loaded(const std::string& plugin_name) const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  auto it = impl_->slots.find(plugin_name);
  return it != impl_->slots.end() && it->second.state == Impl::State::Loaded;
}

const PluginManifest* Registry::find(const std::string& estimator_class,
                                     const ConverterManifest** converter) const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  const Impl::Claim* claim = impl_->winner(estimator_class);
  if (converter != nullptr)
    *converter = claim ? &claim->plugin->converters[claim->index] : nullptr;
  return claim ? claim->plugin : nullptr;
}

ResolvedConverter Registry::resolve(const std::string& estimator_class) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  const Impl::Claim* claim = impl_->winner(estimator_class);
  if (claim == nullptr) throw RegistryError(impl_->unclaimed(estimator_class));
  Impl::Slot& slot = impl_->slots.at(claim->plugin->name);
  impl_->load(slot);
  if (slot.state == Impl::State::Rejected) throw RegistryError(slot.reason);
  return {claim->plugin, &claim->plugin->converters[claim->index],
          slot.loaded.converters[claim->index]};
}

}  // namespace onnxconv::registry
