#!/usr/bin/python3
"""Malformed MLP models must be refused before any graph is built, naming
the attribute and the value (issue 17: every size read from the file is
checked against the arrays actually there).

usage: /usr/bin/python3 plugins/neural_network/tests/bad_models.py --onnxconv BIN OUTDIR

Fits small networks with real scikit-learn, breaks one attribute the way a
damaged or hand-made file could, runs `onnxconv convert` and checks that it
exits non-zero, writes no output file, and that stderr holds each expected
fragment. Prints one line per case and "N passed, M failed".
"""
import os
import sys
import warnings

import numpy as np
from sklearn.neural_network import MLPClassifier, MLPRegressor

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402


def fitted(cls, y=None, **params):
    rng = np.random.RandomState(0)
    X = rng.randn(40, 4)
    if y is None:
        y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0).astype(int)
    return cls(hidden_layer_sizes=(5, 3), solver="lbfgs", max_iter=20, random_state=0, **params).fit(X, y)


def broken(cls, change, **kw):
    est = fitted(cls, **kw)
    change(est)
    return est


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    def short_bias(e):
        e.intercepts_[1] = e.intercepts_[1][:-1]

    def bad_chain(e):
        e.coefs_[1] = e.coefs_[1][:-1]

    def lying_layers(e):
        e.n_layers_ = 1000

    def no_layers(e):
        e.coefs_, e.intercepts_ = [], []

    def wide_input(e):
        e.n_features_in_ = 7

    def softplus(e):
        e.activation = "softplus"

    def wrong_classes(e):
        e.classes_ = np.array([0, 1, 2, 3])

    def nan_weight(e):
        e.coefs_[0][1, 2] = np.nan

    C, R = MLPClassifier, MLPRegressor
    reg_y = np.random.RandomState(1).randn(40)
    return [
        ("short_intercepts", broken(C, short_bias), [],
         ["MLPClassifier.intercepts_[1]", "has 2 values for a layer of 3 units"]),
        ("broken_layer_chain", broken(C, bad_chain), [],
         ["MLPClassifier.coefs_[1]", "has 4 rows but the layer before it has 5 units"]),
        ("lying_n_layers", broken(C, lying_layers), [],
         ["MLPClassifier.n_layers_", "is 1000 but coefs_ holds 3 layers"]),
        ("no_layers", broken(R, no_layers, y=reg_y), [],
         ["MLPRegressor.coefs_", "is empty"]),
        ("n_features_in_mismatch", broken(R, wide_input, y=reg_y), [],
         ["MLPRegressor.coefs_[0]", "has 4 rows but n_features_in_ is 7"]),
        ("unknown_activation", broken(C, softplus), [],
         ["MLPClassifier.activation", "unsupported activation 'softplus'"]),
        ("classes_mismatch", broken(C, wrong_classes), [],
         ["MLPClassifier", "softmax output of 3 units for 4 classes"]),
        ("nan_weight", broken(R, nan_weight, y=reg_y), [],
         ["MLPRegressor.coefs_[0]", "non-finite value at flat index 7"]),
    ]


def main():
    warnings.simplefilter("ignore")  # ConvergenceWarning of the tiny fits
    return harness.run_pickled_cases(cases, "%-24s")


if __name__ == "__main__":
    sys.exit(main())
