// What OneHotEncoder and OrdinalEncoder share: which input holds each
// fitted column, the categories_ of a column, the infrequent grouping, and
// the lookup of a value among its categories.
#ifndef ONNXCONV_PLUGINS_ENCODERS_CATEGORIES_HPP
#define ONNXCONV_PLUGINS_ENCODERS_CATEGORIES_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace onnxconv::encoders {

using sdk::Attr;
using sdk::Context;
using sdk::Object;
using sdk::ValueType;

// Where column j of the fitted data is: input `input`, column `column` of it.
struct ColumnRef {
  size_t input = 0;
  int64_t column = 0;
  int64_t width = 1;   // columns of that input
  int32_t elem = 0;    // its element type
};

// The encoder takes one [N, k] tensor, or one [N, 1] tensor per column
// (DataFrame columns of different types), or any split in between; the
// widths must add up to len(categories_). Checks the opset too.
std::vector<ColumnRef> locate_columns(const Context& ctx, const Object& est, const std::vector<ValueType>& inputs);

// categories_[j] as the input column's type sees it.
struct Categories {
  bool strings = false;
  std::vector<std::string> text;     // strings: the categories ("" for the missing one)
  std::vector<double> numbers;       // numbers: the categories (NaN for the missing one)
  std::optional<size_t> missing;     // index of the None/NaN category
  size_t size() const { return strings ? text.size() : numbers.size(); }
};
Categories read_categories(const Object& est, size_t j, int32_t input_elem);
// The same for any 1-D array of categories (LabelEncoder's classes_).
Categories read_category_array(const Object& cats, int32_t input_elem);

// The infrequent grouping of column j (scikit-learn >= 1.1): the grouped
// index of each category, and the category unknowns map to
// (infrequent_if_exist), when the column has infrequent categories.
struct Grouping {
  std::vector<int64_t> group;        // category i -> grouped index
  int64_t n_groups = 0;
  std::optional<size_t> infrequent;  // first infrequent category
};
// `ungrouped`: OrdinalEncoder's missing category (_missing_indices), which
// its mapping leaves out (1.3+: it keeps its own code).
Grouping read_grouping(const Object& est, size_t j, size_t n_categories,
                       std::optional<int64_t> ungrouped = std::nullopt);

// Position of each value of column `ref` among `cats`: int64 [N, 1], i + 1
// for category i, `unknown` for a value that is none of them. A missing
// string is fed as "": it finds the None/NaN category when there is one.
std::string category_position(const Context& ctx, const std::vector<std::string>& inputs, const ColumnRef& ref,
                              const Categories& cats, int64_t unknown);

// table[position]: Gather of a 1-D constant (`table` its initializer).
std::string lookup(const Context& ctx, const std::string& table, const std::string& position);

}  // namespace onnxconv::encoders

#endif
