// The mixture plugin's one export (class paths as scikit-learn 0.22 and
// later pickle them). Keep this list and plugin.yaml in step.
#include "mixture.hpp"

using onnxconv::mixture::BayesianMixtureConverter;
using onnxconv::mixture::GaussianMixtureConverter;
using onnxconv::sdk::converter_for;

ONNXCONV_PLUGIN("mixture", "0.1.0",
                converter_for<GaussianMixtureConverter>(
                    "sklearn.mixture._gaussian_mixture.GaussianMixture"),
                converter_for<BayesianMixtureConverter>(
                    "sklearn.mixture._bayesian_mixture.BayesianGaussianMixture"))
