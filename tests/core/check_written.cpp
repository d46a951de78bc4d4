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
#include <iostream>
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

// A family folder with no case whose index.json states a reason for each
// case other releases make (a library installed only there).
bool states_why_no_case(const fs::path& index_file) {
  if (!fs::exists(index_file)) return false;
  const YAML::Node index = YAML::LoadFile(index_file.string());  // JSON is YAML
  return index["cases"] && index["cases"].size() == 0 && index["not_in_this_version"] &&
         index["not_in_this_version"].size() > 0;
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
  if (cases.empty() && states_why_no_case(fs::path(argv[1]) / "index.json")) {
    std::cout << "0 checked, 0 failed (no case in this release: index.json says why)\n";
    return 0;
  }
  std::cout << cases.size() << " checked, " << failed << " failed\n";
  return failed == 0 && !cases.empty() ? 0 : 1;
}
