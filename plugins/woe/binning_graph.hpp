// The ONNX graph every binning converter emits:
//
//   X --TreeEnsembleRegressor--> row ids [N, C] (float) --Cast--> int64
//     --Gather(table)--> values [N, C, K] --Reshape--> [N, C*K]
//     then either pick/reorder columns (with passthrough columns of X):
//       --Concat(X, .)--Gather(axis 1)--> variable
//     or sum them into a score:
//       --ReduceSum(axis 1)--Add(intercept)--> variable [N, 1]
//
// One tree per binned column (a balanced binary search over its cuts), all
// in ONE TreeEnsembleRegressor: tree c writes to target c the global row
// number (in the table of all columns' segments) of the segment x falls in.
// Row numbers are small integers, exact in the float32 the operator
// outputs; the values themselves come from a table in the model's float
// type, so float64 models keep double weights exact (the operator's float32
// output would round them).
#ifndef ONNXCONV_PLUGINS_WOE_BINNING_GRAPH_HPP
#define ONNXCONV_PLUGINS_WOE_BINNING_GRAPH_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv::woe {

// What one binned input column becomes: `width` values for each of its
// segments (Segmentation: cuts ascending, the last +inf; NaN segment last).
struct ColumnTable {
  int64_t input_column = 0;
  std::vector<double> cuts;
  int64_t width = 0;
  std::vector<double> values;  // (cuts.size() + 1) x width, row-major
  std::string where;           // names the column in errors
};

// One output column: value `index` of table `table`, or (table < 0) input
// column `index` passed through unchanged.
struct OutputColumn {
  int64_t table = -1;
  int64_t index = 0;
};

// Emits `outputs` ([N, outputs.size()]) into `out`. `n_inputs` is the width
// of X, needed only when a column is passed through. Converters check the
// input columns of `tables` themselves.
void emit_columns(const sdk::Context& ctx, const std::string& x, int64_t n_inputs,
                  const std::vector<ColumnTable>& tables, const std::vector<OutputColumn>& outputs,
                  const std::string& estimator, const std::string& out);

// Emits intercept + the sum over tables of their value (width 1 each) into
// `out` [N, 1].
void emit_score(const sdk::Context& ctx, const std::string& x, const std::vector<ColumnTable>& tables,
                double intercept, const std::string& estimator, const std::string& out);

}  // namespace onnxconv::woe

#endif  // ONNXCONV_PLUGINS_WOE_BINNING_GRAPH_HPP
