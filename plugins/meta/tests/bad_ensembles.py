#!/usr/bin/python3
"""Damaged Bagging and AdaBoost files must be refused before any member is
converted, naming the attribute and the value.

usage: /usr/bin/python3 plugins/meta/tests/bad_ensembles.py --onnxconv BIN OUTDIR

Fits each ensemble with real scikit-learn, then changes what a hand-made
file could (column subsets outside the input or a million columns long, a
member count that disagrees with estimators_, member classes outside the
ensemble's, too few or non-finite AdaBoost weights), runs `onnxconv
convert` and checks that it exits non-zero, writes nothing, and that stderr
names the path and the value. Prints one line per case and "N passed, M
failed".
"""
import os
import sys

import numpy as np
from sklearn.ensemble import AdaBoostRegressor, BaggingClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.tree import DecisionTreeRegressor

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402

RNG = np.random.RandomState(0)
X = RNG.randn(60, 6)
Y_CLASS = np.arange(60) % 3
Y_VALUE = X[:, 0] * 2.0 + RNG.randn(60)


def member_kw(estimator):
    from sklearn import __version__
    new = tuple(int(p) for p in __version__.split(".")[:2]) >= (1, 2)
    return {"estimator": estimator} if new else {"base_estimator": estimator}


def bagging(**damage):
    model = BaggingClassifier(**member_kw(GaussianNB()), n_estimators=3, max_features=4, random_state=0)
    model.fit(X, Y_CLASS)
    for name, value in damage.items():
        setattr(model, name, value(model))
    return model


def adaboost(**damage):
    model = AdaBoostRegressor(**member_kw(DecisionTreeRegressor(max_depth=2)), n_estimators=3, random_state=0)
    model.fit(X, Y_VALUE)
    for name, value in damage.items():
        setattr(model, name, value(model))
    return model


def replaced(i, value):
    return lambda m: [value if j == i else f for j, f in enumerate(m.estimators_features_)]


def with_classes(model, classes):
    model.estimators_[0].classes_ = classes
    return model


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    return [
        ("bagging_column_outside", bagging(estimators_features_=replaced(1, np.array([0, 99, 2, 3]))), [],
         ["BaggingClassifier.estimators_features_[1]", "column index 99", "outside [0, 6)"]),
        ("bagging_million_columns", bagging(estimators_features_=replaced(0, np.arange(10**6) % 6)), [],
         ["BaggingClassifier.estimators_features_[0]", "holds 1000000 column indices", "n_features = 6"]),
        ("bagging_subsets_short", bagging(estimators_features_=lambda m: m.estimators_features_[:1]), [],
         ["BaggingClassifier.estimators_features_", "1 column subsets for 3 fitted members"]),
        ("bagging_n_estimators", bagging(n_estimators=lambda m: 10**9), [],
         ["BaggingClassifier.n_estimators", "1000000000", "3 fitted members"]),
        ("bagging_member_classes", with_classes(bagging(), np.array([0, 7])), [],
         ["BaggingClassifier.estimators_[0].classes_", "class index 7", "[0, 3)"]),
        ("adaboost_weights_short", adaboost(estimator_weights_=lambda m: m.estimator_weights_[:1]), [],
         ["AdaBoostRegressor.estimator_weights_", "1 weights for 3 fitted members"]),
        ("adaboost_weight_nan", adaboost(estimator_weights_=lambda m: np.array([1.0, np.nan, 1.0])), [],
         ["AdaBoostRegressor.estimator_weights_", "weight 1 is negative or not finite"]),
    ]


def main():
    return harness.run_pickled_cases(cases, "%-26s")


if __name__ == "__main__":
    sys.exit(main())
