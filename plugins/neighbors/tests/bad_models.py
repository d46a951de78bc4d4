#!/usr/bin/python3
"""Malformed neighbours models must fail with a clear error.

usage: /usr/bin/python3 plugins/neighbors/tests/bad_models.py --onnxconv BIN OUTDIR

Fits each model with real scikit-learn, then breaks it the way a corrupt or
hostile file could (attributes by assignment: sizes that disagree with the
training rows, labels outside classes_, unsupported options), runs
`onnxconv convert` and checks that it exits non-zero, writes no output
file, and that stderr names the estimator path and what is wrong. Prints
one line per case and "N passed, M failed".
"""
import os
import sys

import numpy as np
from sklearn.impute import KNNImputer
from sklearn.neighbors import (KNeighborsClassifier, KNeighborsRegressor, LocalOutlierFactor,
                               NearestNeighbors)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402

os.environ.setdefault("OMP_NUM_THREADS", "1")

RNG = np.random.RandomState(0)
X = RNG.randn(40, 4)
Y = np.arange(40) % 3


def inverse_weights(d):
    """A callable `weights` (pickled by reference, never run by onnxconv)."""
    return 1.0 / (d + 1.0)


def knc(**params):
    return KNeighborsClassifier(**params).fit(X, Y)


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    out = []
    m = knc()
    m.n_neighbors = 41
    out.append(("k_above_n_samples", m, [],
                ["KNeighborsClassifier.n_neighbors", "is 41; it must be in [1, n_samples_fit_ = 40]"]))
    m = knc()
    m.n_neighbors = 0
    out.append(("k_zero", m, [], ["KNeighborsClassifier.n_neighbors", "is 0"]))
    m = knc()
    m.n_samples_fit_ = 10 ** 12
    out.append(("n_samples_fit_huge", m, [],
                ["KNeighborsClassifier.n_samples_fit_", "is 1000000000000 but _fit_X has 40 rows"]))
    m = knc()
    m.n_features_in_ = 7
    out.append(("n_features_mismatch", m, [],
                ["KNeighborsClassifier.n_features_in_", "is 7 but _fit_X has 4 columns"]))
    m = knc()
    m._y = m._y[:30]
    out.append(("y_short", m, [], ["KNeighborsClassifier._y", "expected 40 values"]))
    m = knc()
    m._y = m._y.copy()
    m._y[5] = 3
    out.append(("y_outside_classes", m, [], ["KNeighborsClassifier._y", "class index 3 outside [0, 3)"]))
    m = knc()
    m._fit_X = m._fit_X.copy()
    m._fit_X[2, 1] = np.inf
    out.append(("inf_training_row", m, [], ["KNeighborsClassifier._fit_X", "non-finite value at row 2"]))
    m = knc(metric="minkowski", p=3)
    m.effective_metric_params_ = {"p": 3, "w": np.ones(4)}  # 0.24 cannot fit this
    out.append(("weighted_minkowski", m, [],
                ["KNeighborsClassifier.effective_metric_params_", "metric parameter 'w'"]))
    m = KNeighborsRegressor(weights=inverse_weights).fit(X, X[:, 0])
    out.append(("callable_weights", m, [], ["KNeighborsRegressor.weights", "callable weights"]))
    m = NearestNeighbors(metric="hamming").fit(X)
    out.append(("unsupported_metric", m, [], ["NearestNeighbors.effective_metric_", "metric 'hamming'"]))
    m = LocalOutlierFactor(n_neighbors=5, novelty=True).fit(X)
    m._lrd = m._lrd[:20]
    out.append(("lof_short_lrd", m, [], ["LocalOutlierFactor._lrd", "expected a float array [40]"]))
    m = LocalOutlierFactor(n_neighbors=5).fit(X)
    out.append(("lof_not_novelty", m, [], ["LocalOutlierFactor", "novelty is False"]))
    Xn = X.copy()
    Xn[::5, 1] = np.nan
    m = KNNImputer(add_indicator=True).fit(Xn)
    out.append(("imputer_indicator", m, [], ["KNNImputer.add_indicator", "not supported"]))
    out.append(("gemm_not_euclidean", knc(metric="manhattan"), ["--option", "neighbors_distance=gemm"],
                ["KNeighborsClassifier", "neighbors_distance=gemm applies to the euclidean metric only"]))
    out.append(("bad_distance_option", knc(), ["--option", "neighbors_distance=fast"],
                ["neighbors_distance", "expects direct or gemm, got 'fast'"]))
    out.append(("opset_too_low", knc(), ["--opset", "10"], ["KNeighborsClassifier", "needs ai.onnx opset 11"]))
    return out


def main():
    return harness.run_pickled_cases(cases, "%-22s")


if __name__ == "__main__":
    sys.exit(main())
