// Loading: libraries that cannot be loaded, and libraries whose own answer
// contradicts their manifest. Each must be rejected with a message that
// quotes both sides, or names the manifest field, and never retried.
#include "support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <dlfcn.h>

#include <regex>

namespace registry_test {
namespace {

using onnxconv::registry::Registry;
using ::testing::HasSubstr;

// Replaces the first match of `pattern` in the honest manifest of `target`.
std::string edited(const std::string& target, const std::string& pattern,
                   const std::string& replacement) {
  return std::regex_replace(fixture_manifest(target), std::regex(pattern), replacement,
                            std::regex_constants::format_first_only);
}

// Installs one plugin, resolves `cls` and returns the error; checks that
// the plugin ended up rejected (once) and not marked loaded.
struct Attempt {
  Sandbox box;
  fs::path library;
  fs::path manifest;
  std::string error;

  Attempt(const std::string& target, const std::string& name, const std::string& cls,
          const std::optional<std::string>& manifest_text = std::nullopt) {
    library = box.install(target, name, manifest_text);
    manifest = box.root() / name / "plugin.yaml";
    Registry r;
    r.discover({box.root().string()});
    EXPECT_EQ(r.plugins().size(), 1u) << "the manifest itself must be acceptable";
    error = error_of([&] { r.resolve(cls); });
    EXPECT_FALSE(r.is_loaded(name));
    auto rejections = r.rejections();
    EXPECT_EQ(rejections.size(), 1u);
    if (!rejections.empty()) {
      EXPECT_EQ(rejections[0].manifest_path, manifest.string());
      EXPECT_EQ(rejections[0].reason, error);
    }
  }
  // "plugin 'NAME' (LIBRARY): "
  std::string prefix(const std::string& name) const {
    return "plugin '" + name + "' (" + library.string() + "): ";
  }
};

TEST(Load, LibraryAbiMajorDisagreesWithManifest) {
  Attempt a("fx_abi2", "abi2", "fixture.Raw", edited("fx_abi2", "major: 2", "major: 1"));
  EXPECT_EQ(a.error, a.prefix("abi2") + "library says ABI 2.0 but manifest " +
                         a.manifest.string() + " says 1.0 (field 'abi')");
  EXPECT_TRUE(is_mapped(a.library));  // it was loaded to ask, and is kept
}

TEST(Load, LibraryAbiMinorDisagreesWithManifest) {
  Attempt a("fx_minor3", "minor3", "fixture.Raw", edited("fx_minor3", "minor: 3", "minor: 0"));
  EXPECT_EQ(a.error, a.prefix("minor3") + "library says ABI 1.3 but manifest " +
                         a.manifest.string() + " says 1.0 (field 'abi')");
}

TEST(Load, LibraryNameDisagreesWithManifest) {
  Attempt a("fx_alpha", "alphax", "fixture.Alpha",
            edited("fx_alpha", "name: alpha", "name: alphax"));
  EXPECT_EQ(a.error, a.prefix("alphax") + "library says name 'alpha' but manifest " +
                         a.manifest.string() + " says 'alphax' (field 'name')");
}

TEST(Load, LibraryVersionDisagreesWithManifest) {
  Attempt a("fx_beta", "beta", "fixture.Beta",
            edited("fx_beta", "version: 2.0.0", "version: 2.0.1"));
  EXPECT_THAT(a.error, HasSubstr("library says version '2.0.0' but manifest " +
                                 a.manifest.string() + " says '2.0.1' (field 'version')"));
}

TEST(Load, ManifestClaimsAClassTheLibraryDoesNotExport) {
  // Asking for a class the library does export still rejects the plugin:
  // a manifest that lies once is not trusted for the rest.
  Attempt a("fx_alpha", "alpha", "fixture.Alpha", edited("fx_alpha", "converters:\n",
            "converters:\n  - class: fixture.Gamma\n    outputs: [label]\n"));
  EXPECT_EQ(a.error, a.prefix("alpha") + "manifest " + a.manifest.string() +
                         " field 'converters[0].class' names 'fixture.Gamma', which the "
                         "library does not export (it exports: fixture.Alpha, fixture.Thrower)");
}

TEST(Load, ConverterWithoutConvertFunction) {
  Attempt a("fx_nullconv", "nullconv", "fixture.Raw");
  EXPECT_EQ(a.error, a.prefix("nullconv") + "the library's converter for 'fixture.Raw' (manifest " +
                         a.manifest.string() +
                         " field 'converters[0].class') has a null convert function");
}

TEST(Load, EntryReturningNull) {
  Attempt a("fx_nullinfo", "nullinfo", "fixture.Raw");
  EXPECT_EQ(a.error, a.prefix("nullinfo") +
                         "'onnxconv_plugin' returned no plugin description for host ABI 1." +
                         std::to_string(OC_ABI_MINOR) + " "
                         "(the plugin refused this host or failed to start)");
}

TEST(Load, ImplausibleStructSize) {
  Attempt a("fx_badsize", "badsize", "fixture.Raw");
  EXPECT_THAT(a.error, HasSubstr(a.prefix("badsize") +
                                 "library reports an oc_plugin_info of 4 bytes; ABI 1.0 needs "
                                 "at least "));
}

TEST(Load, MissingLibraryFile) {
  Sandbox box;
  fs::path manifest = box.write("ghost/plugin.yaml", edited("fx_alpha", "libfx_alpha", "libghost"));
  Registry r;
  r.discover({box.root().string()});
  EXPECT_EQ(error_of([&] { r.resolve("fixture.Alpha"); }),
            "plugin 'alpha' (" + (box.root() / "ghost/libghost.so").string() +
                "): library file not found (field 'library' of " + manifest.string() + ")");
}

TEST(Load, FileThatIsNotALibrary) {
  Sandbox box;
  box.write("junk/plugin.yaml", fixture_manifest("fx_alpha"));
  box.write("junk/libfx_alpha.so", std::string(4096, '#'));  // big enough for a header
  Registry r;
  r.discover({box.root().string()});
  std::string error = error_of([&] { r.resolve("fixture.Alpha"); });
  // dlerror's own reason, not Boost's "Bad file descriptor".
  EXPECT_THAT(error, HasSubstr("cannot load library: "));
  EXPECT_THAT(error, HasSubstr("invalid ELF header"));
  EXPECT_THAT(error, ::testing::Not(HasSubstr("Bad file descriptor")));
}

TEST(Load, LibraryWithoutEntrySymbol) {
  Attempt a("fx_nosym", "nosym", "fixture.Raw");
  EXPECT_EQ(a.error, a.prefix("nosym") +
                         "library does not export 'onnxconv_plugin' (not a converter plugin, "
                         "or built without ONNXCONV_PLUGIN)");
}

TEST(Load, UnresolvedSymbolIsCaughtAtLoadTime) {
  Attempt a("fx_unresolved", "unresolved", "fixture.Raw");
  EXPECT_THAT(a.error, HasSubstr(a.prefix("unresolved") + "cannot load library: "));
  EXPECT_THAT(a.error, HasSubstr("undefined symbol: fx_function_nobody_defines"));
  EXPECT_FALSE(is_mapped(a.library));  // dlopen failed: nothing stays mapped

  // The proof that rtld_now is what caught it: lazy binding (Boost 1.74's
  // default) opens the same library without complaint.
  fs::path copy = a.box.root() / "lazy.so";
  fs::copy_file(fixture_library("fx_unresolved"), copy);
  void* lazy = dlopen(copy.c_str(), RTLD_LAZY | RTLD_LOCAL);
  EXPECT_NE(lazy, nullptr) << dlerror();
  if (lazy) dlclose(lazy);  // our own handle; its code never ran
}

TEST(Load, RejectedPluginIsNotRetried) {
  Sandbox box;
  box.install("fx_abi2", "abi2", edited("fx_abi2", "major: 2", "major: 1"));
  Registry r;
  r.discover({box.root().string()});
  std::string first = error_of([&] { r.resolve("fixture.Raw"); });
  std::string second = error_of([&] { r.resolve("fixture.Raw"); });
  EXPECT_EQ(first, second);
  EXPECT_EQ(r.rejections().size(), 1u);
  // The manifest lookup is unchanged: find() never depends on load state.
  ASSERT_NE(r.find("fixture.Raw"), nullptr);
  EXPECT_EQ(r.find("fixture.Raw")->name, "abi2");
}

}  // namespace
}  // namespace registry_test
