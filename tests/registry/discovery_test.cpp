// Discovery, ABI negotiation before loading, conflicts and lazy loading.
#include "support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <dlfcn.h>

#include <thread>

namespace registry_test {
namespace {

using onnxconv::registry::Registry;
using ::testing::HasSubstr;

// A manifest whose library need not exist: discovery never opens it.
std::string manifest(const std::string& name, const std::string& cls, int priority = 0,
                     const std::string& abi = "{major: 1, minor: 0}") {
  return "name: " + name + "\nversion: 1.0.0\nabi: " + abi + "\nlibrary: lib" + name +
         ".so\npriority: " + std::to_string(priority) + "\nconverters:\n  - class: " + cls +
         "\n    outputs: [label]\n";
}

std::vector<std::string> names(const Registry& r) {
  std::vector<std::string> out;
  for (const auto& p : r.plugins()) out.push_back(p.name);
  return out;
}

TEST(Discovery, SearchesDirectoryThenSortedSubdirectoriesInOrder) {
  Sandbox box;
  box.write("first/plugin.yaml", manifest("top", "m.Top"));
  box.write("first/zeta/plugin.yaml", manifest("zeta", "m.Zeta"));
  box.write("first/alpha/plugin.yaml", manifest("alpha", "m.Alpha"));
  box.write("first/alpha/deeper/plugin.yaml", manifest("deeper", "m.Deeper"));
  box.write("second/beta/plugin.yaml", manifest("beta", "m.Beta"));
  Registry r;
  r.discover({(box.root() / "first").string(), (box.root() / "missing").string(),
              (box.root() / "second").string()});
  // Only one level deep; a missing directory is skipped, but still listed.
  EXPECT_THAT(names(r), ::testing::ElementsAre("top", "alpha", "zeta", "beta"));
  EXPECT_TRUE(r.rejections().empty());
  EXPECT_EQ(r.searched_directories().size(), 3u);
  EXPECT_EQ(r.plugins()[1].manifest_path, (box.root() / "first/alpha/plugin.yaml").string());
}

TEST(Discovery, EarlierDirectoryShadowsSameName) {
  Sandbox box;
  fs::path winner = box.write("user/acme/plugin.yaml", manifest("acme", "m.New"));
  fs::path loser = box.write("system/acme/plugin.yaml", manifest("acme", "m.Old"));
  Registry r;
  r.discover({(box.root() / "user").string()});
  r.discover({(box.root() / "system").string()});  // a later call has lower precedence
  EXPECT_THAT(names(r), ::testing::ElementsAre("acme"));
  ASSERT_EQ(r.rejections().size(), 1u);
  EXPECT_EQ(r.rejections()[0].manifest_path, loser.string());
  EXPECT_EQ(r.rejections()[0].reason,
            "plugin 'acme' (" + loser.string() + ") is shadowed by " + winner.string());
  EXPECT_EQ(r.find("m.Old"), nullptr);
}

TEST(Discovery, SameDirectoryTwiceIsReadOnce) {
  Sandbox box;
  box.write("p/acme/plugin.yaml", manifest("acme", "m.A"));
  fs::create_directory_symlink(box.root() / "p", box.root() / "link");
  Registry r;
  r.discover({(box.root() / "p").string(), (box.root() / "link").string()});
  r.discover({(box.root() / "p").string()});
  EXPECT_THAT(names(r), ::testing::ElementsAre("acme"));
  EXPECT_TRUE(r.rejections().empty());
}

TEST(Discovery, IncompatibleManifestDoesNotShadow) {
  Sandbox box;
  box.write("user/acme/plugin.yaml", manifest("acme", "m.A", 0, "{major: 2, minor: 0}"));
  box.write("system/acme/plugin.yaml", manifest("acme", "m.A"));
  Registry r;
  r.discover({(box.root() / "user").string(), (box.root() / "system").string()});
  ASSERT_EQ(r.plugins().size(), 1u);
  EXPECT_EQ(r.plugins()[0].abi_major, 1u);
}

TEST(Discovery, BadManifestIsRecordedAndOthersStillLoad) {
  Sandbox box;
  fs::path bad = box.write("p/bad/plugin.yaml", "name: [oops\n");
  box.write("p/good/plugin.yaml", manifest("good", "m.Good"));
  Registry r;
  r.discover({(box.root() / "p").string()});
  EXPECT_THAT(names(r), ::testing::ElementsAre("good"));
  ASSERT_EQ(r.rejections().size(), 1u);
  EXPECT_EQ(r.rejections()[0].manifest_path, bad.string());
  EXPECT_THAT(r.rejections()[0].reason, HasSubstr(bad.string() + ":"));
  EXPECT_THAT(r.rejections()[0].reason, HasSubstr("invalid YAML"));
}

// ---- ABI negotiation happens on the manifest, before any code runs. ----

TEST(Abi, OtherMajorIsRejectedWithoutLoading) {
  Sandbox box;
  fs::path lib = box.install("fx_abi2", "abi2");
  Registry r(1, 0);
  r.discover({box.root().string()});
  EXPECT_TRUE(r.plugins().empty());
  ASSERT_EQ(r.rejections().size(), 1u);
  const std::string expected = "plugin 'abi2' (" + (box.root() / "abi2/plugin.yaml").string() +
                               ") needs converter SDK ABI 2.x; this host provides 1.0";
  EXPECT_EQ(r.rejections()[0].reason, expected);
  // resolve() explains why no plugin converts the class, and still loads nothing.
  std::string error = error_of([&] { r.resolve("fixture.Raw"); });
  EXPECT_THAT(error, HasSubstr("no plugin converts 'fixture.Raw'"));
  EXPECT_THAT(error, HasSubstr(expected));
  EXPECT_FALSE(is_mapped(lib));
  EXPECT_FALSE(r.is_loaded("abi2"));
}

TEST(Abi, NewerMinorIsRejectedWithoutLoading) {
  Sandbox box;
  fs::path lib = box.install("fx_minor3", "minor3");
  Registry r(1, 2);
  r.discover({box.root().string()});
  EXPECT_TRUE(r.plugins().empty());
  ASSERT_EQ(r.rejections().size(), 1u);
  EXPECT_EQ(r.rejections()[0].reason,
            "plugin 'minor3' (" + (box.root() / "minor3/plugin.yaml").string() +
                ") needs converter SDK ABI 1.3 or later; this host provides 1.2");
  EXPECT_THROW(r.resolve("fixture.Raw"), onnxconv::registry::RegistryError);
  EXPECT_FALSE(is_mapped(lib));
}

TEST(Abi, OlderMinorLoadsAndSeesTheHostVersion) {
  Sandbox box;
  fs::path lib = box.install("fx_minor3", "minor3");
  Registry r(1, 5);
  r.discover({box.root().string()});
  auto resolved = r.resolve("fixture.Raw");
  ASSERT_NE(resolved.converter, nullptr);
  EXPECT_EQ(resolved.plugin->name, "minor3");
  EXPECT_TRUE(r.is_loaded("minor3"));
  // The entry was called with the host's own version.
  void* handle = dlopen(lib.c_str(), RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(handle, nullptr);
  auto* seen = static_cast<const uint32_t*>(dlsym(handle, "fx_host_abi"));
  ASSERT_NE(seen, nullptr);
  EXPECT_EQ(seen[0], 1u);
  EXPECT_EQ(seen[1], 5u);
  dlclose(handle);  // drops only our extra reference
}

// ---- Two plugins claiming one class. ----

std::string with_priority(const std::string& target, int priority) {
  return fixture_manifest(target) + "priority: " + std::to_string(priority) + "\n";
}

TEST(Conflict, HigherPriorityWins) {
  for (int beta_priority : {5, -5}) {
    Sandbox box;
    fs::path alpha = box.install("fx_alpha", "alpha", with_priority("fx_alpha", 0));
    fs::path beta = box.install("fx_beta", "beta", with_priority("fx_beta", beta_priority));
    Registry r;
    r.discover({box.root().string()});
    const std::string winner = beta_priority > 0 ? "beta" : "alpha";
    const onnxconv::registry::ConverterManifest* entry = nullptr;
    ASSERT_NE(r.find("fixture.Alpha", &entry), nullptr);
    EXPECT_EQ(r.find("fixture.Alpha")->name, winner);
    EXPECT_EQ(entry->estimator_class, "fixture.Alpha");
    EXPECT_EQ(r.resolve("fixture.Alpha").plugin->name, winner);
    EXPECT_EQ(is_mapped(beta), beta_priority > 0);
    EXPECT_EQ(is_mapped(alpha), beta_priority < 0);
  }
}

TEST(Conflict, EqualPriorityIsAnErrorNamingBothManifests) {
  Sandbox box;
  fs::path alpha = box.install("fx_alpha", "alpha", with_priority("fx_alpha", 2));
  fs::path beta = box.install("fx_beta", "beta", with_priority("fx_beta", 2));
  Registry r;
  r.discover({box.root().string()});
  const std::string expected =
      "estimator class 'fixture.Alpha' is claimed by plugin 'alpha' (" +
      (box.root() / "alpha/plugin.yaml").string() + ") and plugin 'beta' (" +
      (box.root() / "beta/plugin.yaml").string() + ") with equal priority 2";
  EXPECT_THAT(error_of([&] { r.find("fixture.Alpha"); }), HasSubstr(expected));
  EXPECT_THAT(error_of([&] { r.resolve("fixture.Alpha"); }), HasSubstr(expected));
  EXPECT_FALSE(is_mapped(alpha));
  EXPECT_FALSE(is_mapped(beta));
  // The tie blocks only the contested class.
  EXPECT_EQ(r.resolve("fixture.Beta").plugin->name, "beta");
}

TEST(Conflict, UnclaimedClass) {
  Sandbox box;
  box.install("fx_alpha", "alpha");
  Registry r;
  r.discover({box.root().string()});
  EXPECT_EQ(r.find("sklearn.svm._classes.SVC"), nullptr);
  EXPECT_EQ(error_of([&] { r.resolve("sklearn.svm._classes.SVC"); }),
            "no plugin converts 'sklearn.svm._classes.SVC' (searched: " +
                box.root().string() + ")");
}

// ---- Lazy loading. ----

TEST(Lazy, DiscoverLoadsNothingAndResolveLoadsOnlyTheOwner) {
  Sandbox box;
  fs::path alpha = box.install("fx_alpha", "alpha", with_priority("fx_alpha", 1));
  fs::path beta = box.install("fx_beta", "beta");
  Registry r;
  r.discover({box.root().string()});
  ASSERT_EQ(r.plugins().size(), 2u);
  EXPECT_NE(r.find("fixture.Beta"), nullptr);
  EXPECT_FALSE(is_mapped(alpha));
  EXPECT_FALSE(is_mapped(beta));
  EXPECT_FALSE(r.is_loaded("alpha"));
  EXPECT_FALSE(r.is_loaded("beta"));

  auto first = r.resolve("fixture.Beta");
  EXPECT_TRUE(r.is_loaded("beta"));
  EXPECT_TRUE(is_mapped(beta));
  EXPECT_FALSE(r.is_loaded("alpha"));
  EXPECT_FALSE(is_mapped(alpha));
  EXPECT_EQ(r.resolve("fixture.Beta").converter, first.converter);  // loaded once

  EXPECT_EQ(r.resolve("fixture.Thrower").plugin->name, "alpha");
  EXPECT_TRUE(is_mapped(alpha));
  EXPECT_TRUE(r.rejections().empty());
}

TEST(Lazy, ConcurrentResolvesLoadOnce) {
  Sandbox box;
  box.install("fx_beta", "beta");
  Registry r;
  r.discover({box.root().string()});
  std::vector<const oc_converter*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i)
    threads.emplace_back([&, i] {
      seen[i] = r.resolve(i % 2 ? "fixture.Alpha" : "fixture.Beta").converter;
    });
  for (auto& t : threads) t.join();
  for (size_t i = 2; i < seen.size(); ++i) EXPECT_EQ(seen[i], seen[i % 2]);
  EXPECT_NE(seen[0], seen[1]);
  EXPECT_TRUE(r.is_loaded("beta"));
  EXPECT_TRUE(r.rejections().empty());
}

}  // namespace
}  // namespace registry_test
