// Every model onnxconv writes passes the onnx checker and shape inference as
// written, not only as the placeholder graph the host validates before
// writing (adopted attributes, docs/adr/0003).
//
//   check_written FAMILY_DIR
// For every case folder (case.json: model, dtype, options) in FAMILY_DIR:
// convert with the library, parse the bytes back, run the host's validation
// (checker, shape inference, declared types) on the parsed model. Prints
// one line per failure and `N checked, M failed`; exit code 1 on any failure.
#include "validate.h"

#include <onnxconv/engine.h>

#include <onnx/onnx_pb.h>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

onnxconv::ConvertOptions options_of(const YAML::Node& c) {
  onnxconv::ConvertOptions o;
  o.dtype = c["dtype"].as<std::string>() == "float64" ? onnxconv::FloatType::Float64 : onnxconv::FloatType::Float32;
  if (c["options"])
    for (const auto& kv : c["options"]) o.options[kv.first.as<std::string>()] = kv.second.as<std::string>();
  return o;
}

// "" when the written model checks, else why not.
std::string check_case(onnxconv::Engine& engine, const fs::path& dir) {
  YAML::Node c = YAML::LoadFile((dir / "case.json").string());  // JSON is YAML
  onnxconv::Model model = engine.read((dir / c["model"].as<std::string>()).string());
  const std::string bytes = engine.convert(model, options_of(c));
  onnx::ModelProto written;
  if (!written.ParseFromString(bytes)) return "the written bytes do not parse as a ModelProto";
  onnxconv::validate_model(written);
  return "";
}

// A release may make no case of a family when its index.json says why for
// each ("not_in_this_version"), e.g. a library missing from that release.
bool every_case_stated_absent(const fs::path& family_dir) {
  std::ifstream in(family_dir / "index.json");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.find("\"cases\": []") != std::string::npos &&
         text.find("\"not_in_this_version\": {") != std::string::npos &&
         text.find("\"not_in_this_version\": {}") == std::string::npos;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: check_written FAMILY_DIR\n";
    return 2;
  }
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(argv[1]))
    if (fs::exists(entry.path() / "case.json")) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  onnxconv::Engine engine;
  int failed = 0;
  for (const auto& dir : cases) {
    std::string why;
    try {
      why = check_case(engine, dir);
    } catch (const std::exception& e) {
      why = e.what();
    }
    if (why.empty()) continue;
    ++failed;
    std::cout << dir.filename().string() << ": " << why << "\n";
  }
  std::cout << cases.size() << " checked, " << failed << " failed\n";
  return failed == 0 && (!cases.empty() || every_case_stated_absent(argv[1])) ? 0 : 1;
}
