// Runs every saved regression input (fuzz/regressions/<target>/*) through
// its target: inputs that once crashed a fuzzer stay fixed in every build,
// sanitizers or not.
//
// usage: fuzz_replay REGRESSIONS_DIR PLUGIN_DIR
#include "targets.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Target = std::function<void(const uint8_t*, size_t)>;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: fuzz_replay REGRESSIONS_DIR PLUGIN_DIR\n";
    return 2;
  }
  namespace f = onnxconv::fuzz;
  f::set_plugin_dir(argv[2]);
  const std::map<std::string, Target> targets = {
      {"read_file_bytes", f::read_file_bytes}, {"read_compressed", f::read_compressed},
      {"read_manifest", f::read_manifest},     {"read_scorecard", f::read_scorecard},
      {"convert", f::convert}};
  size_t replayed = 0;
  for (const auto& [name, target] : targets) {
    fs::path dir = fs::path(argv[1]) / name;
    if (!fs::is_directory(dir)) continue;
    std::vector<fs::path> inputs;
    for (const auto& entry : fs::directory_iterator(dir)) inputs.push_back(entry.path());
    std::sort(inputs.begin(), inputs.end());
    for (const auto& input : inputs) {
      std::ifstream in(input, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), {});
      std::cout << name << ": " << input.filename().string() << std::endl;
      target(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++replayed;
    }
  }
  std::cout << replayed << " regression inputs replayed without a crash\n";
  return 0;
}
