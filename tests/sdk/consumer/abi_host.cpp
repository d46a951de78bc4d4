// ABI minor negotiation between the installed host library and plugins
// built out of tree for several minors (see CMakeLists.txt). A host of
// another minor is the installed registry constructed with that version:
// the same code path the CLI takes with OC_ABI_MINOR.
//
//   abi_host        exit 0 when every expectation holds; prints each one
#include <onnxconv/registry.h>

#include <cstdint>
#include <exception>
#include <initializer_list>
#include <iostream>
#include <string>

namespace {

using onnxconv::registry::Registry;

int failures = 0;

std::string abi(uint32_t minor) {
  return std::to_string(OC_ABI_MAJOR) + "." + std::to_string(minor);
}

// Loads plugin `name` in a host offering OC_ABI_MAJOR.host_minor: "" when
// its converter resolves, else the host's reason for refusing it.
std::string try_load(uint32_t host_minor, const std::string& name) {
  Registry registry(OC_ABI_MAJOR, host_minor);
  registry.discover({PLUGIN_DIR});
  for (const auto& r : registry.rejections())
    if (r.manifest_path.find("/" + name + "/") != std::string::npos) return r.reason;
  try {
    registry.resolve("abi_test." + name);
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

void expect_loads(uint32_t host_minor, const std::string& name) {
  std::string reason = try_load(host_minor, name);
  bool ok = reason.empty();
  failures += !ok;
  std::cout << (ok ? "ok   " : "FAIL ") << "host " << abi(host_minor) << " loads " << name
            << (ok ? "" : ": refused: " + reason) << "\n";
}

// Refused, with a message holding every one of `parts`.
void expect_refused(uint32_t host_minor, const std::string& name,
                    std::initializer_list<std::string> parts) {
  std::string reason = try_load(host_minor, name);
  bool ok = !reason.empty();
  for (const auto& p : parts) ok = ok && reason.find(p) != std::string::npos;
  failures += !ok;
  std::cout << (ok ? "ok   " : "FAIL ") << "host " << abi(host_minor) << " refuses " << name
            << ": " << (reason.empty() ? "(it loaded)" : reason) << "\n";
  if (!ok)
    for (const auto& p : parts) std::cout << "       expected to find: " << p << "\n";
}

}  // namespace

int main() {
  const uint32_t host = OC_ABI_MINOR;
  const uint32_t next = OC_ABI_MINOR + 1;
  try {
    // This host: its own minor loads; the next minor is refused, quoting both.
    expect_loads(host, "abi_current");
    // A plugin built for the minor before this host's still loads.
    expect_loads(host, "abi_previous");
    expect_refused(host, "abi_next",
                   {"needs converter SDK ABI " + abi(next) + " or later",
                    "this host provides " + abi(host)});
    // A newer host: a plugin built for an older minor still loads.
    expect_loads(next, "abi_current");
    expect_loads(next, "abi_next");
    // ONNXCONV_PLUGIN_MIN_ABI_MINOR reaches the library's own answer: a
    // manifest understating it is caught once the library is loaded.
    expect_refused(host, "abi_liar",
                   {"library says ABI " + abi(next), "says " + abi(host) + " (field 'abi')"});
  } catch (const std::exception& e) {
    std::cout << "FAIL unexpected error: " << e.what() << "\n";
    return 1;
  }
  std::cout << (failures ? "FAILED\n" : "all ABI expectations hold\n");
  return failures ? 1 : 0;
}
