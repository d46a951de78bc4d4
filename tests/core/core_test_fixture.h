// Shared setup of the core test fixtures (engine_test.cpp,
// composition_test.cpp): a fresh temporary folder per test, named after the
// test, and an engine configuration that finds only the coretest plugin.
#ifndef ONNXCONV_TESTS_CORE_TEST_FIXTURE_H
#define ONNXCONV_TESTS_CORE_TEST_FIXTURE_H

#include <onnxconv/engine.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>

namespace onnxconv::test {

class CoreTestFixture : public ::testing::Test {
 protected:
  // dir_ is TempDir()/<prefix><test name>.
  explicit CoreTestFixture(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           (prefix_ + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  onnxconv::EngineConfig config() const {
    onnxconv::EngineConfig c;
    c.plugin_paths = {CORETEST_PLUGIN_DIR};
    c.use_environment = false;
    c.use_default_directory = false;
    return c;
  }

  std::filesystem::path dir_;

 private:
  std::string prefix_;
};

}  // namespace onnxconv::test

#endif  // ONNXCONV_TESTS_CORE_TEST_FIXTURE_H
