// Times the reader alone (file -> value tree) and reports the memory the
// tree holds right after reading, so reader changes can be measured without
// the conversion's own allocations on top.
//
//   read_bench MODEL [--repeat N]
// prints one line: key=value pairs. rss_* are /proc/self/status figures
// taken while the last tree is still alive: anon is heap, file is mapped
// file pages (the model's mapping when arrays view it). touched_rss_mib is
// VmRSS once every array byte has been read, as a converter would.
#include <onnxconv/model_reader.h>

#include "bench_clock.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

using bench::median;
using bench::now_ms;

// A /proc/self/status field ("VmRSS", "RssAnon", ...) in MiB, or -1.
double status_mib(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.compare(0, field.size() + 1, field + ":") == 0) return std::stod(line.substr(field.size() + 1)) / 1024.0;
  }
  return -1;
}

// Reads every byte of every array under root once; returns a checksum so
// the reads cannot be optimised away.
uint64_t touch_arrays(const onnxconv::py::Value& root) {
  uint64_t sum = 0;
  for (const onnxconv::py::Array* a : onnxconv::py::arrays_in(root))
    for (uint8_t b : a->data) sum += b;
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: read_bench MODEL [--repeat N]\n";
    return 2;
  }
  int repeat = argc >= 4 && std::string(argv[2]) == "--repeat" ? std::stoi(argv[3]) : 3;
  try {
    std::vector<double> read_ms;
    onnxconv::py::ValuePtr tree;
    for (int r = 0; r < std::max(repeat, 1); ++r) {
      tree.reset();  // one tree at a time: the figures are one read's
      double t0 = now_ms();
      tree = onnxconv::read_model_file(argv[1]);
      read_ms.push_back(now_ms() - t0);
    }
    std::printf("read_ms=%.2f rss_mib=%.1f rss_anon_mib=%.1f rss_file_mib=%.1f peak_rss_mib=%.1f",
                median(read_ms), status_mib("VmRSS"), status_mib("RssAnon"), status_mib("RssFile"),
                status_mib("VmHWM"));
    uint64_t sum = touch_arrays(*tree);
    std::printf(" touched_rss_mib=%.1f peak_rss_mib_after_touch=%.1f (checksum %ju)\n", status_mib("VmRSS"),
                status_mib("VmHWM"), std::uintmax_t(sum));
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "read_bench: " << e.what() << "\n";
    return 1;
  }
}
