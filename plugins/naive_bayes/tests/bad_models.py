#!/usr/bin/python3
"""Malformed naive Bayes models must be refused before any graph is built,
naming the attribute and the value (issue 17: every size read from the file
is checked against the arrays actually there).

usage: /usr/bin/python3 plugins/naive_bayes/tests/bad_models.py --onnxconv BIN OUTDIR

Fits small models with real scikit-learn, breaks one attribute the way a
damaged or hand-made file could, runs `onnxconv convert` and checks that it
exits non-zero, writes no output file, and that stderr holds each expected
fragment. Prints one line per case and "N passed, M failed".
"""
import os
import sys
import warnings

import numpy as np
from sklearn import naive_bayes as nb

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402

RNG = np.random.RandomState(0)
X_REAL = RNG.randn(30, 4)
X_COUNTS = RNG.poisson(2.0, size=(30, 4)).astype(float)
Y = np.arange(30) % 3


def broken(est, X, change):
    est.fit(X, Y)
    change(est)
    return est


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    def drop_variances(e):
        for name in ("var_", "sigma_"):
            if hasattr(e, name):
                delattr(e, name)

    def short_theta(e):
        e.theta_ = e.theta_[:-1]

    def zero_variance(e):
        getattr(e, "var_" if hasattr(e, "var_") else "sigma_")[1, 2] = 0.0

    def minus_inf(e):
        e.feature_log_prob_[0, 0] = -np.inf

    def certain_feature(e):
        e.feature_log_prob_[2, 1] = 0.0

    def wide_input(e):
        e.n_features_in_ = 9

    def lying_categories(e):
        e.n_categories_ = np.array([3, 3, 3, 99])

    def short_table(e):
        e.feature_log_prob_[1] = e.feature_log_prob_[1][:2]

    codes = RNG.randint(0, 3, size=(30, 4)).astype(float)
    return [
        ("gaussian_no_variances", broken(nb.GaussianNB(), X_REAL, drop_variances), [],
         ["GaussianNB", "has neither var_ (scikit-learn 1.0 and later) nor sigma_"]),
        ("gaussian_short_theta", broken(nb.GaussianNB(), X_REAL, short_theta), [],
         ["GaussianNB.theta_", "has 2 rows for 3 classes"]),
        ("gaussian_zero_variance", broken(nb.GaussianNB(), X_REAL, zero_variance), [],
         ["GaussianNB.", "holds a variance <= 0 at [1, 2]"]),
        ("multinomial_minus_inf", broken(nb.MultinomialNB(), X_COUNTS, minus_inf), [],
         ["MultinomialNB.feature_log_prob_", "holds -inf at flat index 0", "alpha > 0"]),
        ("bernoulli_certain_feature", broken(nb.BernoulliNB(), X_REAL, certain_feature), [],
         ["BernoulliNB.feature_log_prob_", "holds log-probability 0.000000 at [2, 1]"]),
        ("complement_wide_input", broken(nb.ComplementNB(), X_COUNTS, wide_input), [],
         ["ComplementNB.n_features_in_", "is 9 but the fitted arrays have 4 features"]),
        ("categorical_lying_n_categories", broken(nb.CategoricalNB(), codes, lying_categories), [],
         ["CategoricalNB.feature_log_prob_[3]", "has 3 categories but n_categories_[3] is 99"]),
        ("categorical_short_table", broken(nb.CategoricalNB(), codes, short_table), [],
         ["CategoricalNB.feature_log_prob_[1]", "has 2 rows for 3 classes"]),
    ]


def main():
    warnings.simplefilter("ignore")  # sigma_'s FutureWarning in 1.0-1.1
    return harness.run_pickled_cases(cases, "%-32s")


if __name__ == "__main__":
    sys.exit(main())
