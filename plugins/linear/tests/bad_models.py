#!/usr/bin/python3
"""Damaged linear variants must be refused, naming the attribute and value.

usage: python plugins/linear/tests/bad_models.py --onnxconv BIN OUTDIR
(run in a scikit-learn 1.1+ environment: tests/fixtures/envs.py run)

Fits PLSRegression, BayesianRidge (return_std), SGDOneClassSVM, RidgeCV and
LogisticRegressionCV with real scikit-learn, then gives them state whose
sizes disagree (as a hand-made or truncated file could), runs `onnxconv
convert` and checks that it exits non-zero, writes no output file, and that
stderr names the estimator, the attribute and the sizes. Prints one line per
case and "N passed, M failed".
"""
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn import cross_decomposition as cd
from sklearn import linear_model as lm

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402

STD = harness.option_args({"return_std": "true"})
# PLSRegression.predict divides by _x_std only before 1.5 (later coef_ holds it)
PLS_USES_X_STD = tuple(int(p) for p in sklearn.__version__.split(".")[:2]) < (1, 5)


def data(n_targets=1):
    rng = np.random.RandomState(0)
    X = rng.randn(40, 6)
    y = X @ rng.randn(6, n_targets) + 0.1 * rng.randn(40, n_targets)
    return X, (y[:, 0] if n_targets == 1 else y)


def damaged(est, **state):
    for k, v in state.items():
        setattr(est, k, v)
    return est


def pls():
    return cd.PLSRegression(n_components=2).fit(*data(2))


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    X, y = data()
    Xc = X[:30]
    yc = np.arange(30) % 3
    x_std = [("pls_x_std_long", damaged(pls(), _x_std=np.ones(60)), [],
              ["PLSRegression", "_x_std", "has shape [60]; expected [6]"])] if PLS_USES_X_STD else []
    return x_std + [
        ("pls_x_mean_short", damaged(pls(), _x_mean=np.zeros(3)), [],
         ["PLSRegression", "_x_mean", "has shape [3]; expected [6]"]),
        ("pls_intercept_long", damaged(pls(), intercept_=np.zeros(5)), [],
         ["PLSRegression", "intercept_", "has shape [5]; expected [2]"]),
        ("pls_n_features_in", damaged(pls(), n_features_in_=1000), [],
         ["PLSRegression", "n_features_in_ is 1000"]),
        ("bayes_sigma_small", damaged(lm.BayesianRidge().fit(X, y), sigma_=np.eye(3)), STD,
         ["BayesianRidge", "sigma_", "has shape [3, 3]; expected [6, 6]"]),
        ("bayes_alpha_zero", damaged(lm.BayesianRidge().fit(X, y), alpha_=0.0), STD,
         ["BayesianRidge", "alpha_", "must be a finite number > 0"]),
        ("ocsvm_two_rows", damaged(lm.SGDOneClassSVM(random_state=0).fit(X),
                                   coef_=np.zeros((2, 6))), [],
         ["SGDOneClassSVM", "coef_", "expected one row of coefficients, got 2"]),
        ("ocsvm_offset_long", damaged(lm.SGDOneClassSVM(random_state=0).fit(X),
                                      offset_=np.zeros(4)), [],
         ["SGDOneClassSVM", "offset_", "has shape [4]; expected [1]"]),
        ("ridgecv_n_features_in", damaged(lm.RidgeCV().fit(X, y), n_features_in_=7), [],
         ["RidgeCV", "coef_", "has 6 columns but n_features_in_ is 7"]),
        ("logregcv_rows", damaged(lm.LogisticRegressionCV(Cs=2, cv=2).fit(Xc, yc),
                                  coef_=np.zeros((2, 6)), intercept_=np.zeros(2)), [],
         ["LogisticRegressionCV", "coef_ has 2 rows for 3 classes"]),
    ]


def main():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return harness.run_pickled_cases(cases, "%-24s")


if __name__ == "__main__":
    sys.exit(main())
