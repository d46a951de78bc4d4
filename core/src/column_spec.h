// The columns a ColumnTransformer entry selects, read from the fitted
// `transformers_` list as scikit-learn 1.2's _get_column_indices reads them.
#ifndef ONNXCONV_CORE_COLUMN_SPEC_H
#define ONNXCONV_CORE_COLUMN_SPEC_H

#include <onnxconv/pyvalue.h>

#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv {

// The widest input a ColumnTransformer may declare: its n_features_in_ comes
// from the file and sizes slices, masks and the remainder, so a hostile
// value (10^12) would list columns until memory runs out. 2^20 columns of
// float64 are 8 MiB a row, beyond any dense model we know of.
constexpr int64_t kMaxColumns = int64_t{1} << 20;

// Input column indices, in selection order, of `spec` over `n_features`
// columns: an int, a list/tuple/array of ints (negative ones count from the
// end), a boolean mask (list or array), or a slice (pickled as an Instance of
// builtins.slice with args (start, stop, step)). String column names (a
// list, an object array, a pandas Index read as its values) select
// DataFrame columns: they become the names' positions in `feature_names`
// (the ColumnTransformer's feature_names_in_, the order of its input's
// columns), and are refused when that is empty. Errors start with `path`;
// `n_features` over kMaxColumns is one.
std::vector<int64_t> column_indices(const py::Value& spec, int64_t n_features, const std::string& path,
                                    const std::vector<std::string>& feature_names = {});

// feature_names_in_ of `est` (an object array or list of str); empty when
// absent or not all strings.
std::vector<std::string> feature_names_in(const py::Value& est);

// A fitted `slice(start, stop)` as (start, stop); false when `v` is not a
// slice of two ints and step None/1 (e.g. output_indices_ entries).
bool read_simple_slice(const py::Value& v, int64_t& start, int64_t& stop);

}  // namespace onnxconv

#endif
