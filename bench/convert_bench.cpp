// Times read + convert (+ validate) + write of one model file, in-process,
// and reports peak RSS. One model per process, so peak RSS is that model's.
//
//   convert_bench MODEL [--repeat N] [--dtype float64] [--out FILE]
// prints one line: key=value pairs (milliseconds, bytes, MiB).
#include <onnxconv/engine.h>

#include "bench_clock.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

using bench::median;
using bench::now_ms;

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: convert_bench MODEL [--repeat N] [--dtype float64] [--out FILE]\n";
    return 2;
  }
  std::string model_path = argv[1];
  std::string out_path = "/tmp/convert_bench.onnx";
  int repeat = 3;
  onnxconv::ConvertOptions options;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--repeat") repeat = std::stoi(argv[i + 1]);
    else if (flag == "--dtype" && std::string(argv[i + 1]) == "float64") options.dtype = onnxconv::FloatType::Float64;
    else if (flag == "--out") out_path = argv[i + 1];
  }
  try {
    onnxconv::Engine engine;
    std::vector<double> read_ms, convert_ms, unvalidated_ms, write_ms, total_ms;
    size_t onnx_bytes = 0;
    for (int r = 0; r < repeat; ++r) {
      double t0 = now_ms();
      onnxconv::Model model = engine.read(model_path);
      double t1 = now_ms();
      std::string bytes = engine.convert(model, options);
      double t2 = now_ms();
      std::ofstream(out_path, std::ios::binary) << bytes;
      double t3 = now_ms();
      onnxconv::ConvertOptions no_validation = options;
      no_validation.validate = false;
      double t4 = now_ms();
      engine.convert(model, no_validation);
      double t5 = now_ms();
      read_ms.push_back(t1 - t0);
      convert_ms.push_back(t2 - t1);
      write_ms.push_back(t3 - t2);
      total_ms.push_back(t3 - t0);
      unvalidated_ms.push_back(t5 - t4);
      onnx_bytes = bytes.size();
    }
    std::printf(
        "model=%s model_bytes=%ju read_ms=%.2f convert_validate_ms=%.2f convert_only_ms=%.2f write_ms=%.2f "
        "total_ms=%.2f onnx_bytes=%zu peak_rss_mib=%.1f\n",
        std::filesystem::path(model_path).filename().c_str(), std::uintmax_t(std::filesystem::file_size(model_path)),
        median(read_ms), median(convert_ms), median(unvalidated_ms), median(write_ms), median(total_ms), onnx_bytes,
        peak_rss_mib());
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "convert_bench: " << e.what() << "\n";
    return 1;
  }
}
