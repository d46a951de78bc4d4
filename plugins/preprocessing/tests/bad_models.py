#!/usr/bin/python3
"""Hostile PolynomialFeatures models must be refused at once, clearly.

usage: /usr/bin/python3 plugins/preprocessing/tests/bad_models.py --onnxconv BIN OUTDIR

Fits each model with real scikit-learn, then sets the degree the way a
hand-made file could (a degree of 10^6 once overflowed the stack; a width
of 10^11 terms ran for a minute and took gigabytes before failing), runs
`onnxconv convert` and checks that it exits non-zero, writes no output
file, and that stderr names the estimator path, the offending value and
the limit. Prints one line per case and "N passed, M failed".
"""
import os
import sys

import numpy as np
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402


def poly(n_features, degree, max_degree, **params):
    """PolynomialFeatures fitted with `degree`, then claiming `max_degree`."""
    X = np.random.RandomState(0).randn(5, n_features)
    p = PolynomialFeatures(degree=degree, **params).fit(X)
    p.degree = p._max_degree = max_degree
    return p


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    in_pipeline = Pipeline([("scale", StandardScaler()), ("poly", PolynomialFeatures(2))]).fit(
        np.random.RandomState(0).randn(5, 3))
    in_pipeline.steps[1][1]._max_degree = 10**6
    return [
        ("huge_degree", poly(3, 2, 10**6), [],
         ["PolynomialFeatures", "degree 1000000", "limit of 64"]),
        ("huge_degree_in_pipeline", in_pipeline, [],
         ["Pipeline.steps[1] 'poly'", "degree 1000000", "limit of 64"]),
        ("exploding_width", poly(200, 2, 6), [],
         ["PolynomialFeatures", "more than 1048576 terms of degree 3", "over 200 features"]),
        ("exploding_interactions", poly(60, 2, 8, interaction_only=True), [],
         ["PolynomialFeatures", "more than 1048576 terms of degree 5", "limit of 1048576"]),
    ]


def main():
    return harness.run_pickled_cases(cases, "%-28s")


if __name__ == "__main__":
    sys.exit(main())
