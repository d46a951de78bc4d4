// What every neighbours estimator of scikit-learn keeps after fit, read and
// checked against the data present: the training rows (`_fit_X`), the
// metric, n_neighbors and the weighting.
#ifndef ONNXCONV_PLUGINS_NEIGHBORS_FITTED_HPP
#define ONNXCONV_PLUGINS_NEIGHBORS_FITTED_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv::neighbors {

// scikit-learn's `effective_metric_` (minkowski with p = 1, 2, inf is
// already rewritten to manhattan, euclidean, chebyshev at fit time).
enum class MetricKind { Euclidean, SqEuclidean, Manhattan, Chebyshev, Minkowski, Cosine };

struct Metric {
  MetricKind kind = MetricKind::Euclidean;
  double p = 2.0;  // MetricKind::Minkowski only

  // effective_metric_ and effective_metric_params_; refuses callables,
  // weighted Minkowski (`w`), and metrics not listed above.
  static Metric read(const sdk::Object& est);
};

// `_fit_X` [n_samples, n_features], checked against n_samples_fit_ and
// n_features_in_; `values` row-major, finite (only read with values).
struct FittedSet {
  int64_t n_samples = 0;
  int64_t n_features = 0;
  std::vector<double> values;
  Metric metric;

  static FittedSet read(const sdk::Object& est, bool with_values);
};

// `attr` (n_neighbors), in [1, n_samples] as kneighbors() requires.
int64_t read_n_neighbors(const sdk::Object& est, const FittedSet& fit,
                         const char* attr = "n_neighbors");

enum class Weights { Uniform, Distance };
// `weights`: 'uniform' (or None before 1.0), 'distance'; callables refused.
Weights read_weights(const sdk::Object& est);

// One 2-D input of the model float type with n_features columns.
void check_input(const sdk::Context& ctx, const sdk::Object& est,
                 const std::vector<sdk::ValueType>& inputs, int64_t n_features);

// An int64 array of exactly `n` values (labels, indices), `n` read
// elsewhere; refuses other shapes naming the array's path.
std::vector<int64_t> read_int_vector(const sdk::Object& array, int64_t n);

}  // namespace onnxconv::neighbors

#endif  // ONNXCONV_PLUGINS_NEIGHBORS_FITTED_HPP
