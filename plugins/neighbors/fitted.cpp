#include "fitted.hpp"

#include <cmath>
#include <limits>

namespace onnxconv::neighbors {

using sdk::Kind;
using sdk::Object;

namespace {

std::string text_of(const Object& o) {
  return o.kind() == Kind::String ? o.to_string() : std::string();
}

double read_p(const Object& est) {
  Object params = est.attr("effective_metric_params_");
  if (params.kind() != Kind::Dict) params.fail("expected a dict");
  std::optional<Object> p;
  for (size_t i = 0; i < params.size(); ++i) {
    auto [key, value] = params.dict_item(i);
    std::string name = text_of(key);
    if (name == "p") p = value;
    else if (name == "w" && value.is_none()) continue;  // some releases keep w: None
    else params.fail("holds metric parameter '" + name + "': only 'p' is supported (weighted "
                     "Minkowski and other parameters are not)");
  }
  if (!p) p = est.attr("p");  // releases that keep p only on the estimator
  double v = p->to_double();
  if (!(v > 0) || !std::isfinite(v)) p->fail("Minkowski p must be finite and > 0, got " + std::to_string(v));
  return v;
}

}  // namespace

Metric Metric::read(const Object& est) {
  Object m = est.attr("effective_metric_");
  if (m.kind() != Kind::String)
    m.fail("is not a metric name (a callable metric cannot be converted)");
  std::string name = m.to_string();
  Metric out;
  if (name == "euclidean" || name == "l2") out.kind = MetricKind::Euclidean;
  else if (name == "sqeuclidean") out.kind = MetricKind::SqEuclidean;
  else if (name == "manhattan" || name == "cityblock" || name == "l1") out.kind = MetricKind::Manhattan;
  else if (name == "chebyshev" || name == "infinity") out.kind = MetricKind::Chebyshev;
  else if (name == "cosine") out.kind = MetricKind::Cosine;
  else if (name == "minkowski") {
    out.kind = MetricKind::Minkowski;
    out.p = read_p(est);
  } else {
    m.fail("metric '" + name + "' is not supported (euclidean, sqeuclidean, manhattan, chebyshev, "
           "minkowski, cosine are)");
  }
  // Only Minkowski takes parameters.
  if (out.kind != MetricKind::Minkowski) {
    if (auto params = est.find("effective_metric_params_");
        params && params->kind() == Kind::Dict && params->size() != 0)
      params->fail("metric '" + name + "' with parameters is not supported");
  }
  return out;
}

FittedSet FittedSet::read(const Object& est, bool with_values) {
  Object fx = est.attr("_fit_X");
  if (fx.kind() != Kind::Array) fx.fail("expected a dense numpy array (sparse training data is not supported)");
  std::vector<int64_t> shape = sdk::float_matrix_shape(fx);  // [n_samples, n_features]
  FittedSet out;
  out.n_samples = shape[0];
  out.n_features = shape[1];
  if (auto n = est.find("n_samples_fit_"); n && n->to_int() != out.n_samples)
    n->fail("is " + std::to_string(n->to_int()) + " but _fit_X has " + std::to_string(out.n_samples) + " rows");
  if (auto n = est.find("n_features_in_"); n && n->to_int() != out.n_features)
    n->fail("is " + std::to_string(n->to_int()) + " but _fit_X has " + std::to_string(out.n_features) + " columns");
  out.metric = Metric::read(est);
  if (!with_values) return out;
  out.values = fx.to_doubles();
  if (out.values.size() != size_t(out.n_samples * out.n_features))
    fx.fail("holds " + std::to_string(out.values.size()) + " values, not " + std::to_string(out.n_samples) + " x " +
            std::to_string(out.n_features));
  for (size_t i = 0; i < out.values.size(); ++i)
    if (!std::isfinite(out.values[i]))
      fx.fail("holds a non-finite value at row " + std::to_string(i / size_t(out.n_features)));
  return out;
}

int64_t read_n_neighbors(const Object& est, const FittedSet& fit, const char* attr) {
  Object k = est.attr(attr);
  if (k.kind() != Kind::Int) k.fail("expected an integer");
  int64_t v = k.to_int();
  if (v < 1 || v > fit.n_samples)
    k.fail("is " + std::to_string(v) + "; it must be in [1, n_samples_fit_ = " + std::to_string(fit.n_samples) + "]");
  return v;
}

Weights read_weights(const Object& est) {
  Object w = est.attr("weights");
  if (w.is_none() || w.is_string("uniform")) return Weights::Uniform;
  if (w.is_string("distance")) return Weights::Distance;
  w.fail(w.kind() == Kind::String ? "unknown weights '" + w.to_string() + "'"
                                  : std::string("callable weights cannot be converted"));
  return Weights::Uniform;
}

std::vector<int64_t> read_int_vector(const Object& array, int64_t n) {
  if (array.kind() != Kind::Array) array.fail("expected a numpy array");
  oc_array_info info = array.array_info();
  if (info.dtype_kind != 'i' && info.dtype_kind != 'u')
    array.fail(std::string("expected an integer array, got dtype kind '") + info.dtype_kind + "'");
  if (info.ndim != 1 || int64_t(info.size) != n)
    array.fail("expected " + std::to_string(n) + " values in one dimension, got " + std::to_string(info.size));
  return array.to_int64s();
}

}  // namespace onnxconv::neighbors
