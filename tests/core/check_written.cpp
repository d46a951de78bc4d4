// Every model onnxconv writes passes the onnx checker and shape inference as
// written, not only as the placeholder graph the host validates before
// writing (adopted attributes, docs/adr/0003).
//
//   check_written FAMILY_DIR
// For every case folder (case.json: model, dtype, options) in FAMILY_DIR:
// convert with the library, parse the bytes back, run the host's validation
// (checker, shape inference, declared types) on the parsed model. Prints
// one line per failure and `N checked, M failed`; exit code 1 on any failure.
// A float64 case must not round to float32 anywhere but before a ZipMap.
#include "validate.h"

#include <onnxconv/engine.h>

#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
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

// Element type of every value of `model` that shape inference knows. ZipMap
// nodes are left out: onnx 1.12 cannot infer their map output (and
// validate_model has checked the declared types already).
std::map<std::string, int> element_types(const onnx::ModelProto& model) {
  onnx::ModelProto inferred = model;
  auto* nodes = inferred.mutable_graph()->mutable_node();
  nodes->erase(std::remove_if(nodes->begin(), nodes->end(),
                              [](const onnx::NodeProto& n) { return n.op_type() == "ZipMap"; }),
               nodes->end());
  for (auto& out : *inferred.mutable_graph()->mutable_output()) out.clear_type();
  onnx::shape_inference::InferShapes(inferred, onnx::OpSchemaRegistry::Instance(),
                                     onnx::ShapeInferenceOptions(false, 0, false));
  const onnx::GraphProto& g = inferred.graph();
  std::map<std::string, int> types;
  for (const auto& init : g.initializer()) types[init.name()] = init.data_type();
  for (const auto* list : {&g.input(), &g.value_info(), &g.output()})
    for (const auto& v : *list)
      if (v.type().has_tensor_type()) types[v.name()] = v.type().tensor_type().elem_type();
  return types;
}

// The Casts of double data to float32 whose result reaches anything but a
// ZipMap (which only takes float32): each one rounds, the precision loss a
// float64 model must not have (issue 19).
std::vector<std::string> float32_roundings(const onnx::ModelProto& model) {
  const std::map<std::string, int> types = element_types(model);
  const onnx::GraphProto& g = model.graph();
  std::vector<std::string> found;
  for (const auto& node : g.node()) {
    if (node.op_type() != "Cast" || node.input_size() != 1) continue;
    auto from = types.find(node.input(0));
    if (from == types.end() || from->second != onnx::TensorProto::DOUBLE) continue;
    bool to_float = false;
    for (const auto& a : node.attribute())
      if (a.name() == "to" && a.i() == onnx::TensorProto::FLOAT) to_float = true;
    if (!to_float) continue;
    bool only_zipmap = true;
    for (const auto& consumer : g.node())
      for (const auto& in : consumer.input())
        if (in == node.output(0) && consumer.op_type() != "ZipMap") only_zipmap = false;
    for (const auto& out : g.output())
      if (out.name() == node.output(0)) only_zipmap = false;
    if (!only_zipmap) found.push_back(node.name().empty() ? node.output(0) : node.name());
  }
  return found;
}

// "" unless a float64 case rounds to float32 without saying why in its
// case.json ("float32_by_design": the library itself computes in float32).
std::string float64_precision(const YAML::Node& c, const onnx::ModelProto& written) {
  if (c["dtype"].as<std::string>() != "float64" || c["float32_by_design"]) return "";
  std::vector<std::string> casts = float32_roundings(written);
  if (casts.empty()) return "";
  std::string names;
  for (const auto& n : casts) names += (names.empty() ? "" : ", ") + n;
  return "a float64 model rounds to float32 at Cast node(s) " + names +
         " (state \"float32_by_design\" in case.json when the library does the same)";
}

// "" when the written model checks, else why not.
std::string check_case(onnxconv::Engine& engine, const fs::path& dir) {
  YAML::Node c = YAML::LoadFile((dir / "case.json").string());  // JSON is YAML
  onnxconv::Model model = engine.read((dir / c["model"].as<std::string>()).string());
  const std::string bytes = engine.convert(model, options_of(c));
  onnx::ModelProto written;
  if (!written.ParseFromString(bytes)) return "the written bytes do not parse as a ModelProto";
  onnxconv::validate_model(written);
  return float64_precision(c, written);
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
