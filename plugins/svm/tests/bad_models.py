#!/usr/bin/python3
"""Damaged or hostile libsvm models must be refused at once, clearly.

usage: python plugins/svm/tests/bad_models.py --onnxconv BIN OUTDIR

Fits each model with real scikit-learn, then changes its state the way a
hand-made file could (support vector counts that disagree with the arrays,
the CVE-2020-28975 shape of attack; coefficient arrays of the wrong shape;
missing Platt parameters), runs `onnxconv convert` and checks that it exits
non-zero, writes no output file, and that stderr names the estimator path
and the offending value. Prints one line per case and "N passed, M failed".
"""
import os
import sys
import warnings

import numpy as np
from sklearn import svm

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402

warnings.simplefilter("ignore", FutureWarning)


def data(k):
    rng = np.random.RandomState(0)
    X = rng.randn(60, 4)
    y = np.arange(60) % k
    return X + y[:, None], y


def svc(k=3, **params):
    return svm.SVC(**params).fit(*data(k))


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    inflated = svc()
    n_sv = inflated.support_vectors_.shape[0]
    inflated._n_support = np.full(3, n_sv, dtype=inflated._n_support.dtype)
    negative = svc()
    negative._n_support = np.array([-5, negative._n_support[1] + 5, negative._n_support[2]],
                                   dtype=negative._n_support.dtype)
    short_coef = svc()
    short_coef._dual_coef_ = short_coef._dual_coef_[:, :-1]
    wide_intercept = svc()
    wide_intercept._intercept_ = np.zeros(50)
    no_platt = svc(2, probability=True)
    no_platt._probA = np.zeros(0)
    precomputed = svm.SVC(kernel="precomputed").fit(np.eye(6) + 1.0, [0, 1, 0, 1, 0, 1])
    narrow = svm.SVR().fit(*data(2))
    narrow.n_features_in_ = 7
    no_gamma = svm.OneClassSVM().fit(data(2)[0])
    del no_gamma._gamma
    return [
        ("n_support_inflated", inflated, [], ["SVC._n_support", "sums to %d" % (3 * n_sv), "support_vectors_ has %d rows" % n_sv]),
        ("n_support_negative", negative, [], ["SVC._n_support", "holds -5 for class 0, outside [0,"]),
        ("dual_coef_short", short_coef, [], ["SVC._dual_coef_", "has shape [2,"]),
        ("intercept_too_long", wide_intercept, [], ["SVC._intercept_", "has 50 values; expected 3"]),
        ("probability_without_platt", no_platt, [], ["SVC._probA", "is empty"]),
        ("precomputed_kernel", precomputed, [], ["SVC.kernel", "precomputed"]),
        ("features_disagree", narrow, [], ["SVR.support_vectors_", "n_features_in_ is 7"]),
        ("missing_gamma", no_gamma, [], ["OneClassSVM", "missing attribute '_gamma'"]),
    ]


def main():
    return harness.run_pickled_cases(cases, "%-28s")


if __name__ == "__main__":
    sys.exit(main())
