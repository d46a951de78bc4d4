// Timing helpers shared by the in-process benchmarks.
#ifndef ONNXCONV_BENCH_CLOCK_H
#define ONNXCONV_BENCH_CLOCK_H

#include <algorithm>
#include <chrono>
#include <vector>

namespace bench {

inline double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace bench

#endif
