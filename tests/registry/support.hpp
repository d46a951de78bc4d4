// Helpers shared by the registry tests: a throw-away plugin directory per
// test, fixture installation, and "is this library mapped in the process?".
#ifndef ONNXCONV_TESTS_REGISTRY_SUPPORT_HPP
#define ONNXCONV_TESTS_REGISTRY_SUPPORT_HPP

#include <onnxconv/registry.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace registry_test {

namespace fs = std::filesystem;

// A fresh temporary directory, removed when the test ends. Tests load their
// own copies of the fixture libraries from here: a library, once loaded, is
// never unloaded, so tests sharing one copy could not prove "not loaded".
class Sandbox {
 public:
  Sandbox();
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  const fs::path& root() const { return root_; }
  // Writes `text` to root/relative (creating folders); returns the path.
  fs::path write(const std::string& relative, const std::string& text) const;
  // Copies fixture plugin `target` (library and honest manifest) into
  // root/dir, or writes `manifest` instead of the honest one. Returns the
  // copied library's path.
  fs::path install(const std::string& target, const std::string& dir,
                   const std::optional<std::string>& manifest = std::nullopt) const;

 private:
  fs::path root_;
};

// The built fixture library of `target`, and its honest manifest text.
fs::path fixture_library(const std::string& target);
std::string fixture_manifest(const std::string& target);

// True when `library` is mapped into this process (per /proc/self/maps).
bool is_mapped(const fs::path& library);

// The message of the RegistryError `body` throws; fails the test (and
// returns "") when it throws nothing.
std::string error_of(const std::function<void()>& body);

}  // namespace registry_test

#endif
