#!/usr/bin/python3
"""MultiOutputClassifier / chain files the meta plugin must refuse, clearly.

usage: /usr/bin/python3 plugins/meta/tests/multioutput_bad_models.py --onnxconv BIN OUTDIR

Fits each model with real scikit-learn, then damages it the way a
hand-made file could (a chain order_ that is not a permutation of its
members, or of the wrong length; a MultiOutputClassifier whose members mix
integer and string classes, which scikit-learn would return as an object
array), runs `onnxconv convert` and checks that it exits non-zero, writes no
output file, and that stderr names the estimator path and the value. Prints
one line per case and "N passed, M failed".
"""
import inspect
import os
import sys

import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.multioutput import MultiOutputClassifier, RegressorChain

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402


def data(n_targets):
    rng = np.random.RandomState(0)
    X = rng.randn(40, 3)
    return X, X @ rng.randn(3, n_targets)


def chain_with_order(order):
    key = "estimator" if "estimator" in inspect.signature(RegressorChain.__init__).parameters else "base_estimator"
    model = RegressorChain(**{key: LinearRegression()}).fit(*data(3))
    model.order_ = np.array(order)
    return model


def mixed_classes():
    """scikit-learn refuses to fit a Y mixing integers and strings (np.unique
    cannot sort them), so the file is put together by hand: its second
    member predicts strings, the first integers."""
    X, scores = data(2)
    model = MultiOutputClassifier(LogisticRegression()).fit(X, np.where(scores > 0, 3, -1))
    model.estimators_[1] = LogisticRegression().fit(X, np.where(scores[:, 1] > 0, "yes", "no"))
    return model


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    return [
        ("chain_order_repeats", chain_with_order([0, 0, 2]), [],
         ["RegressorChain.order_", "not a permutation of 0..2", "entry 0"]),
        ("chain_order_short", chain_with_order([1, 0]), [],
         ["RegressorChain.order_", "has 2 entries for 3 fitted estimators"]),
        ("chain_order_out_of_range", chain_with_order([0, 1, 7]), [],
         ["RegressorChain.order_", "entry 7"]),
        ("multioutput_mixed_classes", mixed_classes(), [],
         ["estimators_[1]", "strings", "integers", "one object array"]),
    ]


def main():
    return harness.run_pickled_cases(cases, "%-28s")


if __name__ == "__main__":
    sys.exit(main())
