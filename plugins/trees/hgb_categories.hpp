// HistGradientBoosting's categorical splits (categorical_features as a mask
// or indices on numeric category codes, scikit-learn 0.24+), routed as each
// release routes a value v of a categorical column (read from
// _hist_gradient_boosting/_predictor.pyx and checked on real predictions):
//
//   LowByte (< 1.2): NaN goes where missing_go_to_left says; otherwise the
//     category is (uint8_t)v, which x86-64 wheels compute as the low byte of
//     the int32 conversion of v (0 when v is outside the int32 range, so
//     -1 -> 255, 257 -> 1, 2^31 -> 0, inf -> 0). A category in the split's
//     raw_left_cat_bitsets goes left, another known one (the
//     _bin_mapper's bin_thresholds_) right, an unknown one where missing
//     values go.
//   LowByteNegativeMissing (1.2, 1.3): the same, but v < 0 goes where
//     missing values go.
//   Encoded (1.4+): the fitted _preprocessor ordinal-encodes the
//     categorical columns first (OrdinalEncoder: code = index of the equal
//     value in categories_, unknown values and NaN become NaN) and moves them
//     before the numeric columns; the trees split on the codes.
//     With categorical_features='from_dtype' on pandas category columns of
//     strings, those categories are strings: the model then takes one input
//     per DataFrame column (the host's input schema makes those columns
//     tensor(string)) and encodes each string column itself with an
//     ai.onnx.ml LabelEncoder (category -> its code, anything else -> NaN,
//     so unseen categories and a missing value, fed as "", go where
//     scikit-learn sends NaN).
//
// In ONNX: LowByte inputs get one code column per categorical feature
// appended to X (Where/Cast/Mod: the same low byte, NaN where the release
// routes as missing); Encoded inputs are tested as they are, against the
// category values. Either way each categorical split becomes an SDK set
// split (tree_ensemble.hpp: a chain of BRANCH_EQ nodes) listing exactly the
// values that do NOT go where missing values go, so unknown values and NaN
// fall through to the missing side.
#ifndef ONNXCONV_PLUGINS_TREES_HGB_CATEGORIES_HPP
#define ONNXCONV_PLUGINS_TREES_HGB_CATEGORIES_HPP

#include "tree_reader.hpp"

#include <onnxconv/sdk/sdk.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv::trees {

enum class CategoryInput { LowByte, LowByteNegativeMissing, Encoded };

class HgbCategories {
 public:
  // The categorical input columns of `est` (ascending; empty without
  // categorical features). Cheap: describe() calls it.
  static std::vector<int64_t> columns_of(const sdk::Object& est, int64_t n_features);
  static CategoryInput input_of(const sdk::Object& est);
  // Code columns appended to X before the ensemble.
  static int64_t n_derived(const sdk::Object& est, int64_t n_features);

  // Everything the set splits need; empty() without categorical features.
  static HgbCategories read(const sdk::Object& est, int64_t n_features);
  bool empty() const { return columns_.empty(); }

  // Rewrites t's categorical splits as set splits on the tested columns and
  // maps its tree features (1.4+: categorical first) to input columns.
  void to_set_splits(HistTree& t, const sdk::Object& predictor) const;
  // LowByte inputs: x with the code columns appended (x itself otherwise).
  std::string emit_codes(const sdk::Context& ctx, const std::string& x) const;

  // Some categorical column has string categories: the inputs are the
  // DataFrame's columns (one [N, k] tensor per run of columns of one type,
  // as the host merges them), string columns as tensor(string).
  bool takes_strings() const { return takes_strings_; }
  // Checks such inputs against the columns; fails naming the column.
  void check_table(const sdk::Context& ctx, const sdk::Object& est, const std::vector<sdk::ValueType>& inputs) const;
  // X [N, n_features] in the model float type: string columns as their
  // codes (NaN for anything unknown), numeric columns as they are.
  std::string assemble(const sdk::Context& ctx, const std::vector<std::string>& inputs) const;

 private:
  CategoryInput input_ = CategoryInput::LowByte;
  int64_t n_features_ = 0;
  std::vector<int64_t> columns_;                  // categorical input columns
  std::vector<int64_t> input_column_;             // per tree feature
  std::vector<int64_t> tested_column_;            // per tree feature: -1 when numeric
  std::vector<std::array<uint32_t, 8>> known_;    // per tree feature: known codes
  std::vector<std::vector<double>> code_values_;  // Encoded, per tree feature: value of each code
  bool takes_strings_ = false;
  std::vector<std::vector<std::string>> string_categories_;  // per input column: its string categories
  std::vector<int64_t> input_widths_;                        // check_table's inputs, for assemble
};

}  // namespace onnxconv::trees

#endif  // ONNXCONV_PLUGINS_TREES_HGB_CATEGORIES_HPP
