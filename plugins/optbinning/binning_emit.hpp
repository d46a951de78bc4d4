// The graph of optbinning transforms, for one variable or many:
//
//   numeric columns --TreeEnsembleRegressor (sdk/binning.hpp)--> rows [N, Cn]
//   string columns  --LabelEncoder (category -> row, default: unknown)--> rows [N, 1] each
//   --Concat (+ Gather axis 1 back to variable order)--> rows [N, V]
//   --Gather(table of every variable's bin values)--> [N, V]
//
// A row is one value of the shared table: for a numeric variable one per
// segment of the binary search (its bin's value, the special value for a
// special code, the missing value for NaN, the unknown value between
// numeric categories); for a string variable one per category and special
// code, then missing ("") and unknown.
#ifndef ONNXCONV_PLUGINS_OPTBINNING_BINNING_EMIT_HPP
#define ONNXCONV_PLUGINS_OPTBINNING_BINNING_EMIT_HPP

#include "variable_binning.hpp"

#include <string>
#include <vector>

namespace onnxconv::optbinning {

struct BinnedVariable {
  const VariableBinning* binning = nullptr;
  BinValues values;
  bool string_input = false;
  std::string tensor;   // string input: [N, 1] or [N]; numeric: the shared float tensor [N, k]
  int64_t column = 0;   // numeric: column of that tensor
  bool string_1d = false;  // string input [N]: reshaped to [N, 1] first
};

// The element type of the values: model float type, int64 (indices) or string (bins).
int32_t value_elem(const Context& ctx, const BinValues& v);

// Writes the [N, V] values of `vars` (all of one value type) to `out`.
void emit_binned(const Context& ctx, const std::vector<BinnedVariable>& vars, const std::string& estimator,
                 const std::string& out);

// The same search, looked up in several tables: outs[s] gets value set
// `sets[s]` (one BinValues per variable; vars' own values are not used).
// One tree ensemble and one LabelEncoder per string column serve them all.
void emit_binned_sets(const Context& ctx, const std::vector<BinnedVariable>& vars,
                      const std::vector<std::vector<BinValues>>& sets, const std::string& estimator,
                      const std::vector<std::string>& outs);

}  // namespace onnxconv::optbinning

#endif
