// A host application embedding onnxconv: discover plugins, read a model,
// look at the conversion plan, convert with options, and keep the ONNX bytes
// in memory (here: write them out and report their size).
//
//   host_app MODEL OUT.onnx [--float64]
#include <onnxconv/engine.h>
#include <onnxconv/registry.h>

#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: host_app MODEL OUT.onnx [--float64]\n";
    return 2;
  }
  try {
    onnxconv::Engine engine;  // plugins from ONNXCONV_PLUGIN_PATH and beside libonnxconv
    std::cout << engine.registry().plugins().size() << " converter plugins found\n";

    onnxconv::Model model = engine.read(argv[1]);
    onnxconv::ConvertOptions options;
    if (argc > 3 && std::string(argv[3]) == "--float64") options.dtype = onnxconv::FloatType::Float64;

    onnxconv::ConversionPlan plan = engine.plan(model, options);
    for (const auto& step : plan.steps)
      std::cout << step.path << " (" << step.estimator_class << ") -> plugin " << step.plugin << "\n";
    for (const auto& out : plan.outputs) std::cout << "  output " << out.name << ": " << out.type << "\n";

    std::string onnx_bytes = engine.convert(model, options);
    std::ofstream(argv[2], std::ios::binary) << onnx_bytes;
    std::cout << "wrote " << onnx_bytes.size() << " bytes to " << argv[2] << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "host_app: " << e.what() << "\n";
    return 1;
  }
}
