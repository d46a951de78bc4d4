#include "support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace registry_test {

Sandbox::Sandbox() {
  std::string pattern = (fs::temp_directory_path() / "onnxconv-registry-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  root_ = pattern;
}

Sandbox::~Sandbox() {
  std::error_code ec;
  fs::remove_all(root_, ec);  // a mapped library survives its file's removal
}

fs::path Sandbox::write(const std::string& relative, const std::string& text) const {
  fs::path path = root_ / relative;
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

fs::path Sandbox::install(const std::string& target, const std::string& dir,
                          const std::optional<std::string>& manifest) const {
  fs::path folder = root_ / dir;
  fs::create_directories(folder);
  fs::path library = folder / fixture_library(target).filename();
  fs::copy_file(fixture_library(target), library);
  write(dir + "/plugin.yaml", manifest ? *manifest : fixture_manifest(target));
  return library;
}

fs::path fixture_library(const std::string& target) {
  return fs::path(REGISTRY_FIXTURE_DIR) / target / ("lib" + target + ".so");
}

std::string fixture_manifest(const std::string& target) {
  std::ifstream in(fs::path(REGISTRY_FIXTURE_DIR) / target / "plugin.yaml");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool is_mapped(const fs::path& library) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  const std::string wanted = fs::weakly_canonical(library).string();
  while (std::getline(maps, line))
    if (line.find(wanted) != std::string::npos) return true;
  return false;
}

std::string error_of(const std::function<void()>& body) {
  try {
    body();
  } catch (const onnxconv::registry::RegistryError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a RegistryError";
  return "";
}

}  // namespace registry_test
