// GaussianMixture / BayesianGaussianMixture (scikit-learn 0.24 to 1.9: the
// formulas below did not change over that range).
#include "mixture.hpp"

#include "gaussian_log_prob.hpp"

#include <cmath>
#include <cstdint>

namespace onnxconv::mixture {

using sdk::Attr;
using sdk::Context;
using sdk::Kind;
using sdk::Object;
using sdk::ValueType;

namespace {

// Lowest ai.onnx opset: MatMul broadcasts its batch dimensions, Sub/Mul the
// numpy way, from 9 on.
constexpr int64_t kMinOpset = 9;

enum class Covariance { Full, Tied, Diag, Spherical };

Covariance covariance_type(const Object& est) {
  Object t = est.attr("covariance_type");
  std::string s = t.to_string();
  if (s == "full") return Covariance::Full;
  if (s == "tied") return Covariance::Tied;
  if (s == "diag") return Covariance::Diag;
  if (s == "spherical") return Covariance::Spherical;
  t.fail("unknown covariance_type '" + s + "' (known: full, tied, diag, spherical)");
}

// The fitted Gaussians: means_ [K, D] and precisions_cholesky_ P (shape by
// covariance type), with P's log-determinant per component.
struct Gaussians {
  Covariance type = Covariance::Full;
  int64_t n_components = 0, n_features = 0;
  std::vector<double> means, prec_chol;
  std::vector<int64_t> prec_dims;

  static Gaussians read(const Object& est, bool with_values) {
    Gaussians g;
    g.type = covariance_type(est);
    Object means = est.attr("means_");
    if (means.kind() != Kind::Array || means.shape().size() != 2)
      means.fail("expected a 2-D array [n_components, n_features]");
    g.n_components = means.shape()[0];
    g.n_features = means.shape()[1];
    if (g.n_components < 1 || g.n_features < 1) means.fail("is empty");
    if (auto n_in = est.find("n_features_in_"); n_in && n_in->to_int() != g.n_features)
      means.fail("has " + std::to_string(g.n_features) + " columns but n_features_in_ is " +
                 std::to_string(n_in->to_int()));
    g.means = sdk::finite_floats(means, {g.n_components, g.n_features}, with_values);
    int64_t k = g.n_components, d = g.n_features;
    switch (g.type) {
      case Covariance::Full: g.prec_dims = {k, d, d}; break;
      case Covariance::Tied: g.prec_dims = {d, d}; break;
      case Covariance::Diag: g.prec_dims = {k, d}; break;
      case Covariance::Spherical: g.prec_dims = {k}; break;
    }
    g.prec_chol = sdk::finite_floats(est.attr("precisions_cholesky_"), g.prec_dims, with_values);
    return g;
  }

  // log det(P_k) = sum of the logs of P's diagonal (_compute_log_det_cholesky).
  std::vector<double> log_det(const Object& est) const {
    int64_t k = n_components, d = n_features;
    std::vector<double> out(size_t(k), 0.0);
    auto diag = [&](int64_t comp, int64_t i) -> double {
      switch (type) {
        case Covariance::Full: return prec_chol[size_t((comp * d + i) * d + i)];
        case Covariance::Tied: return prec_chol[size_t(i * d + i)];
        case Covariance::Diag: return prec_chol[size_t(comp * d + i)];
        case Covariance::Spherical: return prec_chol[size_t(comp)];
      }
      return 0.0;
    };
    for (int64_t c = 0; c < k; ++c)
      for (int64_t i = 0; i < d; ++i) {
        double v = diag(c, i);
        if (!(v > 0.0))
          est.attr("precisions_cholesky_").fail("has a non-positive diagonal entry (component " +
                                                std::to_string(c) + "): not a Cholesky factor of a precision");
        out[size_t(c)] += std::log(v);
      }
    return out;
  }

  // P as the shared graph multiplies by it.
  gaussian::Factors factors() const {
    using Form = gaussian::Factors::Form;
    gaussian::Factors f;
    f.values = prec_chol;
    switch (type) {
      case Covariance::Full: f.form = Form::Matrices; f.dims = prec_dims; break;
      case Covariance::Tied: f.form = Form::SharedMatrix; f.dims = prec_dims; break;
      case Covariance::Diag: f.form = Form::Diagonal; f.dims = {n_components, 1, n_features}; break;
      case Covariance::Spherical: f.form = Form::Scalar; f.dims = {n_components, 1, 1}; break;
    }
    return f;
  }
};

// A vector of `n` values read from `a` (1-D, float), positive when asked.
std::vector<double> per_component(const Object& a, int64_t n, bool positive) {
  std::vector<double> v = sdk::finite_floats(a, {n}, true);
  if (positive)
    for (size_t i = 0; i < v.size(); ++i)
      if (!(v[i] > 0.0)) a.fail("holds a non-positive value at index " + std::to_string(i));
  return v;
}

}  // namespace

double digamma(double x) {
  double acc = 0.0;
  while (x < 10.0) {  // psi(x) = psi(x + 1) - 1 / x
    acc -= 1.0 / x;
    x += 1.0;
  }
  double r = 1.0 / (x * x);
  // ln x - 1/(2x) - sum B_2n / (2n x^2n), n = 1..6: the tail is below 1e-17 at x >= 10.
  double series = r * (1.0 / 12 - r * (1.0 / 120 - r * (1.0 / 252 - r * (1.0 / 240 - r * (1.0 / 132 - r * 691.0 / 32760)))));
  return acc + std::log(x) - 0.5 / x - series;
}

std::vector<ValueType> MixtureConverter::infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) {
  onnxconv::sdk::require_opset(ctx, est, kMinOpset);
  // Everything is read and checked here (the arrays are small), so damaged
  // state fails before any step is converted.
  Gaussians g = Gaussians::read(est, true);
  g.log_det(est);
  extra_log_terms(est, g.n_components, g.n_features);
  onnxconv::sdk::check_matrix_input(ctx, est, inputs, g.n_features);
  return {ValueType::tensor("label", OC_ELEM_INT64, {-1}),
          ValueType::tensor("probabilities", ctx.float_type(), {-1, g.n_components})};
}

void MixtureConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                               const std::vector<std::string>& outputs) {
  Gaussians g = Gaussians::read(est, true);
  const int64_t k = g.n_components, d = g.n_features;
  // constant_k = -0.5 D log(2 pi) + log det(P_k) + the estimator's terms,
  // all in double, rounded once to the model float type.
  std::vector<double> constant = g.log_det(est);
  std::vector<double> extra = extra_log_terms(est, k, d);
  const double log_2pi = std::log(2.0 * M_PI);
  for (size_t c = 0; c < constant.size(); ++c) constant[c] += extra[c] - 0.5 * double(d) * log_2pi;

  std::string weighted = gaussian::emit_log_prob(ctx, inputs[0], d, g.means, g.factors(), constant);
  ctx.add_node("ArgMax", {weighted}, {outputs[0]}, {Attr::i("axis", 1), Attr::i("keepdims", 0)});
  // exp(l - logsumexp(l)): Softmax subtracts the row maximum first.
  ctx.add_node("Softmax", {weighted}, {outputs[1]}, {Attr::i("axis", 1)});
}

std::vector<double> GaussianMixtureConverter::extra_log_terms(const Object& est, int64_t n_components,
                                                              int64_t) const {
  std::vector<double> w = per_component(est.attr("weights_"), n_components, true);
  for (double& v : w) v = std::log(v);
  return w;
}

std::vector<double> BayesianMixtureConverter::extra_log_terms(const Object& est, int64_t n_components,
                                                              int64_t n_features) const {
  const size_t k = size_t(n_components);
  std::vector<double> out(k);
  // _estimate_log_weights.
  Object prior_type = est.attr("weight_concentration_prior_type");
  Object concentration = est.attr("weight_concentration_");
  std::string type = prior_type.to_string();
  if (type == "dirichlet_process") {
    if (concentration.size() != 2 || (concentration.kind() != Kind::Tuple && concentration.kind() != Kind::List))
      concentration.fail("expected a pair of arrays (dirichlet_process)");
    std::vector<double> a = per_component(concentration[0], n_components, true);
    std::vector<double> b = per_component(concentration[1], n_components, true);
    double stick = 0.0;  // sum over earlier components of digamma(b) - digamma(a + b)
    for (size_t c = 0; c < k; ++c) {
      double digamma_sum = digamma(a[c] + b[c]);
      out[c] = digamma(a[c]) - digamma_sum + stick;
      stick += digamma(b[c]) - digamma_sum;
    }
  } else if (type == "dirichlet_distribution") {
    std::vector<double> a = per_component(concentration, n_components, true);
    double total = 0.0;
    for (double v : a) total += v;
    for (size_t c = 0; c < k; ++c) out[c] = digamma(a[c]) - digamma(total);
  } else {
    prior_type.fail("unknown weight_concentration_prior_type '" + type +
                    "' (known: dirichlet_process, dirichlet_distribution)");
  }
  // _estimate_log_prob: -0.5 D log(dof) + 0.5 (log_lambda - D / mean_precision).
  // degrees_of_freedom_ is one float for covariance_type 'tied'.
  Object dof_array = est.attr("degrees_of_freedom_");
  std::vector<double> dof = dof_array.kind() == Kind::Float
                                ? std::vector<double>(k, dof_array.to_double())
                                : per_component(dof_array, n_components, true);
  std::vector<double> mean_precision = per_component(est.attr("mean_precision_"), n_components, true);
  const double d = double(n_features);
  for (size_t c = 0; c < k; ++c) {
    if (!(dof[c] > d - 1.0))
      dof_array.fail("component " + std::to_string(c) + " has degrees of freedom <= n_features - 1");
    double log_lambda = d * std::log(2.0);
    for (int64_t i = 0; i < n_features; ++i) log_lambda += digamma(0.5 * (dof[c] - double(i)));
    out[c] += -0.5 * d * std::log(dof[c]) + 0.5 * (log_lambda - d / mean_precision[c]);
  }
  return out;
}

}  // namespace onnxconv::mixture
