// GaussianMixture and BayesianGaussianMixture: `label` is predict(),
// `probabilities` is predict_proba(). Both share one graph (README.md); they
// differ only in the per-component constant added to the Gaussian
// log-densities, which is computed here in double.
#ifndef ONNXCONV_PLUGINS_MIXTURE_MIXTURE_HPP
#define ONNXCONV_PLUGINS_MIXTURE_MIXTURE_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <vector>

namespace onnxconv::mixture {

// Shared graph: weighted log-probabilities
//   l[n, k] = -0.5 * ||(x_n - mean_k) P_k||^2 + constant_k
// label = argmax_k l (first maximum), probabilities = softmax_k l.
class MixtureConverter : public sdk::Converter {
 public:
  std::vector<sdk::ValueType> infer(sdk::Context& ctx, const sdk::Object& est,
                                    const std::vector<sdk::ValueType>& inputs) override;
  void convert(sdk::Context& ctx, const sdk::Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;

 protected:
  // What the estimator adds to every component's -0.5 * (D log(2 pi) +
  // squared distance) + log det(P_k): its log weight, and for the Bayesian
  // model the expected-precision terms. One value per component.
  virtual std::vector<double> extra_log_terms(const sdk::Object& est, int64_t n_components,
                                              int64_t n_features) const = 0;
};

// log(weights_).
class GaussianMixtureConverter : public MixtureConverter {
 protected:
  std::vector<double> extra_log_terms(const sdk::Object& est, int64_t n_components,
                                      int64_t n_features) const override;
};

// _estimate_log_weights (digamma of weight_concentration_, by
// weight_concentration_prior_type) plus _estimate_log_prob's
// degrees_of_freedom_ / mean_precision_ terms.
class BayesianMixtureConverter : public MixtureConverter {
 protected:
  std::vector<double> extra_log_terms(const sdk::Object& est, int64_t n_components,
                                      int64_t n_features) const override;
};

// The digamma function for x > 0, to about 1e-15 relative (recurrence up to
// x >= 10, then the asymptotic series). Checked through the
// BayesianGaussianMixture fixtures (float64 parity within 4e-14).
double digamma(double x);

}  // namespace onnxconv::mixture

#endif  // ONNXCONV_PLUGINS_MIXTURE_MIXTURE_HPP
