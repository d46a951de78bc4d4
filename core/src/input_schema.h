// The input schema of a model fitted on a pandas DataFrame.
//
// The pickle keeps no dtypes, only feature_names_in_ and what each step
// learned, so each column's element type is read off the step that first
// consumes it (see ../shared/DESIGN.md, "Tabular inputs"):
//   - a step with categories_ (OneHotEncoder, OrdinalEncoder, TargetEncoder):
//     strings -> tensor(string), integers -> tensor(int64), floats -> the
//     model float type, booleans -> tensor(bool);
//   - a step with an object statistics_ holding a string for that column
//     (SimpleImputer on a string column) -> tensor(string);
//   - anything else (numeric steps, passthrough, dropped columns) -> the
//     model float type.
// The walk follows the same composition as planning: a Pipeline's first
// step, every branch of a FeatureUnion, the columns each ColumnTransformer
// entry selects (by name, index, mask, slice; nested ones too), and for any
// other estimator its fitted members (public state ending in '_', lists of
// them) whose columns are exactly its own: a meta-estimator passes the
// DataFrame on to them (VotingClassifier's estimators_, a search's
// best_estimator_, TransformedTargetRegressor's regressor_...). Files before
// 1.0 kept the names only in ColumnTransformers: a meta-estimator's columns
// are then its first member's.
#ifndef ONNXCONV_CORE_INPUT_SCHEMA_H
#define ONNXCONV_CORE_INPUT_SCHEMA_H

#include <onnxconv/engine.h>
#include <onnxconv/pyvalue.h>

#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv {

struct SchemaColumn {
  std::string name;
  int32_t elem = 0;     // OC_ELEM_*
  bool typed = false;   // a consumer needs this type (not the numeric default)
  std::string reason;
};

struct InputSchema {
  std::vector<SchemaColumn> columns;  // empty: the model knows no column names
  bool per_column = false;            // one graph input per column
  // A LabelEncoder or LabelBinarizer at the front (fitted on y, no columns):
  // X is 1-D [N] of its classes' type (string, int64...); 0 otherwise.
  int32_t label_elem = 0;
};

// The columns of `root` (its own or its first step's feature_names_in_) and
// the layout the options ask for. Throws Error, naming the step path and the
// column, for: --inputs single with a non-numeric column, --input for a
// column that does not exist or with an unknown type, two inputs of one
// name, categories that mix strings and numbers.
InputSchema input_schema(const py::Value& root, const std::string& path, int32_t float_type,
                         const ConvertOptions& options);

}  // namespace onnxconv

#endif
