// optbinning's BinningProcess and the Scorecard built on one.
#ifndef ONNXCONV_PLUGINS_OPTBINNING_PROCESS_HPP
#define ONNXCONV_PLUGINS_OPTBINNING_PROCESS_HPP

#include "binning_emit.hpp"
#include "variable_binning.hpp"

#include <string>
#include <vector>

namespace onnxconv::optbinning {

using sdk::ValueType;

// A fitted BinningProcess: every variable name (the input columns, in
// order) and the selected ones (_support) with their binnings.
struct Process {
  std::vector<std::string> names;
  std::vector<size_t> selected;            // indices into names
  std::vector<VariableBinning> variables;  // one per selected variable

  static Process read(const Object& process);
  // transform(metric, metric_special, metric_missing) from --option, with
  // binning_transform_params overriding them per variable.
  std::vector<TransformSettings> settings(const Context& ctx, const Object& process) const;
  // The same with stored arguments (a Scorecard's _metric_special / _metric_missing).
  std::vector<TransformSettings> stored_settings(const Object& process, const MetricSetting& special,
                                                 const MetricSetting& missing, bool continuous) const;
};

void check_process_inputs(const Context& ctx, const Object& est, const Process& p,
                          const std::vector<ValueType>& inputs);
// The selected variables bound to the graph inputs (one [N, k] tensor, or
// one [N, 1] per column).
std::vector<BinnedVariable> bind_inputs(const Context& ctx, const Process& p, std::vector<BinValues> values,
                                        const std::vector<std::string>& inputs);
void unify_value_types(std::vector<BinValues>& values);

class BinningProcessConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;

 private:
  static std::vector<BinValues> values_of(const Context& ctx, const Object& est, const Process& p);
};

class ScorecardConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::optbinning

#endif
