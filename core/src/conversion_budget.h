// The limits of one Engine call as it runs (engine.h, Limits): the clock,
// and the nodes and bytes the graph has taken so far.
#ifndef ONNXCONV_CORE_CONVERSION_BUDGET_H
#define ONNXCONV_CORE_CONVERSION_BUDGET_H

#include <onnxconv/engine.h>

#include <chrono>
#include <cstdint>
#include <string>

namespace onnxconv {

class ConversionBudget {
 public:
  using Clock = std::chrono::steady_clock;

  // The clock starts now. `file` names the model in refusals.
  ConversionBudget(const Limits& limits, std::string file);

  // The reader's limits with this budget's deadline.
  ReadLimits read_limits() const;
  // Throws Error when the time is up; `doing` says what was under way.
  void check_time(const std::string& doing) const;
  // Counts one more node / `bytes` more graph bytes, refusing past the limit.
  void take_node();
  void take_bytes(uint64_t bytes, const std::string& what);

 private:
  Limits limits_;
  std::string file_;
  Clock::time_point deadline_;
  size_t nodes_ = 0;
  uint64_t bytes_ = 0;
};

}  // namespace onnxconv

#endif
