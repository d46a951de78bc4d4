#include "conversion_budget.h"

#include <algorithm>
#include <sstream>
#include <utility>

namespace onnxconv {
namespace {

ConversionBudget::Clock::time_point deadline_after(double seconds) {
  using Clock = ConversionBudget::Clock;
  // Budgets beyond a year are as good as none (and would overflow).
  if (!(seconds > 0) || seconds > 3.2e7) return Clock::time_point::max();
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

std::string seconds_text(double s) {
  std::ostringstream out;
  out << s << " s";
  return out.str();
}

}  // namespace

ConversionBudget::ConversionBudget(const Limits& limits, std::string file)
    : limits_(limits), file_(std::move(file)), deadline_(deadline_after(limits.timeout_seconds)) {}

ReadLimits ConversionBudget::read_limits() const {
  ReadLimits read = limits_.read;
  read.deadline = std::min(read.deadline, deadline_);
  return read;
}

void ConversionBudget::check_time(const std::string& doing) const {
  if (Clock::now() > deadline_)
    throw Error(file_ + ": ran past its time budget of " + seconds_text(limits_.timeout_seconds) + " while " + doing +
                " (Limits::timeout_seconds, CLI --timeout)", ErrorKind::Limit);
}

void ConversionBudget::take_node() {
  if (++nodes_ > limits_.max_graph_nodes)
    throw Error(file_ + ": the graph would have more than " + std::to_string(limits_.max_graph_nodes) +
                " nodes (Limits::max_graph_nodes, CLI --max-nodes)", ErrorKind::Limit);
}

void ConversionBudget::take_bytes(uint64_t bytes, const std::string& what) {
  if (bytes > limits_.max_graph_bytes - bytes_)  // bytes_ never passes the limit
    throw Error(file_ + ": " + what + " (" + std::to_string(bytes) + " bytes) would take the graph past " +
                std::to_string(limits_.max_graph_bytes) + " bytes of initializers and attributes " +
                "(Limits::max_graph_bytes, CLI --max-graph-bytes)", ErrorKind::Limit);
  bytes_ += bytes;
}

}  // namespace onnxconv
