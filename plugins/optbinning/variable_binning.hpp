// One variable of optbinning (OptimalBinning, ContinuousOptimalBinning) as
// its transform() sees it: the fitted bins, the special-code groups and the
// per-bin statistics, read from the pickled state; and the value transform()
// gives each of them for a metric.
#ifndef ONNXCONV_PLUGINS_OPTBINNING_VARIABLE_BINNING_HPP
#define ONNXCONV_PLUGINS_OPTBINNING_VARIABLE_BINNING_HPP

#include <onnxconv/sdk/numpy_sum.hpp>
#include <onnxconv/sdk/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace onnxconv::optbinning {

using sdk::Context;
using sdk::Object;

// A category or a special code: a string or a number.
struct Code {
  bool is_string = false;
  std::string text;
  double number = 0;
};

// transform(metric_special=..., metric_missing=...): "empirical" or a number.
struct MetricSetting {
  bool empirical = false;
  double value = 0;
  bool integral = false;  // the number was an int (matters for metric="indices")
};

struct TransformSettings {
  std::string metric;  // woe, event_rate, mean, indices, bins
  MetricSetting special, missing;
  int show_digits = 2;
};

// The fitted variable. Bin ids: 0..n_bins-1 the regular bins (numerical:
// [splits[i-1], splits[i]); categorical: the category groups, then the
// "others" group), n_bins + g the special group g, n_bins + n_special the
// missing bin (the layout of optbinning's count arrays).
struct VariableBinning {
  std::string where;     // "OptimalBinning" or a BinningProcess path
  bool continuous = false;  // ContinuousOptimalBinning: sums / n_records
  size_t n_classes = 0;     // MulticlassOptimalBinning: a = n_event [rows, n_classes], row-major
  bool categorical = false;
  std::vector<double> splits;               // numerical, ascending
  std::vector<std::vector<Code>> categories;  // categorical, per regular bin
  std::vector<std::vector<Code>> special_groups;  // list: one group
  std::vector<std::string> special_names;   // dict keys (bins metric)
  bool special_dict = false;
  bool has_specials = false;
  // Binary: events / non-events per bin id; continuous: n_records / sums.
  std::vector<double> a, b;
  std::optional<double> cat_unknown;

  size_t n_bins() const { return categorical ? categories.size() : splits.size() + 1; }
  size_t n_special() const { return special_dict ? special_groups.size() : 1; }
  bool string_codes() const;  // categories or special codes are strings

  static VariableBinning read(const Object& est, const std::string& where);
};

// The value of every bin id (n_bins + n_special + 1), and of an unknown
// category, as transform(metric, metric_special, metric_missing) gives them.
struct BinValues {
  std::vector<double> numbers;          // woe, event_rate, mean, indices
  std::vector<std::string> strings;     // bins
  double unknown_number = 0;
  std::string unknown_string = "unknown";
  bool is_string = false;
  bool is_integer = false;
};

BinValues bin_values(const VariableBinning& v, const TransformSettings& s);

// --option metric / metric_special / metric_missing / show_digits, with
// optbinning's transform() defaults (metric: `default_metric`).
// check_metric=false: the metric may be absent or of another target type
// (a BinningProcess checks it per variable).
TransformSettings transform_settings(const Context& ctx, const std::string& default_metric, bool continuous,
                                     bool check_metric = true);


// A transform() argument stored in the file ("empirical" or a number).
MetricSetting stored_setting(const Object& o);

// "bins" labels of numerical bins: "(-inf, 1.50)", "[1.50, 2.25)".
std::string numerical_bin_label(double lo, double hi, int digits);

}  // namespace onnxconv::optbinning

#endif
