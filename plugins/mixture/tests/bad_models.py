#!/usr/bin/python3
"""Damaged GaussianMixture / BayesianGaussianMixture models must be refused
before any graph is built, naming the attribute and the value.

usage: /usr/bin/python3 plugins/mixture/tests/bad_models.py --onnxconv BIN OUTDIR

Fits each model with real scikit-learn, then damages its state the way a
hand-made file could (shapes that disagree, a non-positive Cholesky
diagonal, a truncated weight list), runs `onnxconv convert` and checks
that it exits non-zero, writes no output and says why.
"""
import os
import sys

import numpy as np
from sklearn.mixture import BayesianGaussianMixture, GaussianMixture

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402

X = np.random.RandomState(0).randn(60, 3)


def gmm(cov="full", **changes):
    m = GaussianMixture(n_components=3, covariance_type=cov, random_state=0).fit(X)
    for k, v in changes.items():
        setattr(m, k, v(m) if callable(v) else v)
    return m


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    bgm = BayesianGaussianMixture(n_components=3, random_state=0, max_iter=50).fit(X)
    bgm.weight_concentration_ = (bgm.weight_concentration_[0][:2], bgm.weight_concentration_[1])
    negative = gmm("diag")
    negative.precisions_cholesky_[1, 2] = -1.0
    return [
        ("precisions_one_component_short", gmm(precisions_cholesky_=lambda m: m.precisions_cholesky_[:2]), [],
         ["GaussianMixture.precisions_cholesky_", "has shape [2, 3, 3]; expected [3, 3, 3]"]),
        ("means_wider_than_fitted", gmm(means_=lambda m: np.hstack([m.means_, m.means_])), [],
         ["GaussianMixture.means_", "has 6 columns but n_features_in_ is 3"]),
        ("weights_short", gmm(weights_=lambda m: m.weights_[:1]), [],
         ["GaussianMixture.weights_", "has shape [1]; expected [3]"]),
        ("cholesky_negative_diagonal", negative, [],
         ["GaussianMixture.precisions_cholesky_", "non-positive diagonal entry (component 1)"]),
        ("unknown_covariance", gmm(covariance_type="banded"), [],
         ["GaussianMixture.covariance_type", "unknown covariance_type 'banded'"]),
        ("bayesian_concentration_short", bgm, [],
         ["BayesianGaussianMixture.weight_concentration_", "has shape [2]; expected [3]"]),
    ]


def main():
    return harness.run_pickled_cases(cases, "%-32s")


if __name__ == "__main__":
    sys.exit(main())
