#!/usr/bin/python3
"""Damaged CalibratedClassifierCV models must be refused before any graph is
built, naming the estimator path and the value.

usage: /usr/bin/python3 plugins/meta/tests/calibration_bad_models.py --onnxconv BIN OUTDIR

Fits real models, then changes the state the way a hand-made file could:
isotonic thresholds of different lengths, unsorted or non-finite; a
sigmoid slope that is not finite; a binary calibration with two
calibrators; an estimator whose classes are not the calibrated
classifier's; a calibration method we do not convert; an estimator whose
decision_function scikit-learn calibrates but whose converter cannot give
it (AdaBoostClassifier: no raw_scores).
"""
import os
import sys

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import AdaBoostClassifier
from sklearn.naive_bayes import GaussianNB

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402


def fitted(method, n_classes=3, base=None):
    rng = np.random.RandomState(0)
    y = np.arange(60) % n_classes
    X = rng.randn(60, 3) + y[:, None]
    # `base or ...` would call an unfitted ensemble's __len__
    return CalibratedClassifierCV(GaussianNB() if base is None else base, method=method, cv=2).fit(X, y)


def estimator_of(pair):
    return pair.estimator if hasattr(pair, "estimator") else pair.base_estimator


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    short = fitted("isotonic")
    iso = short.calibrated_classifiers_[0].calibrators[1]
    iso.y_thresholds_ = iso.y_thresholds_[:-1]
    unsorted = fitted("isotonic")
    iso = unsorted.calibrated_classifiers_[1].calibrators[0]
    iso.X_thresholds_ = iso.X_thresholds_[::-1].copy()
    nan = fitted("isotonic")
    iso = nan.calibrated_classifiers_[0].calibrators[2]
    iso.y_thresholds_ = iso.y_thresholds_.copy()
    iso.y_thresholds_[0] = np.nan
    slope = fitted("sigmoid")
    slope.calibrated_classifiers_[1].calibrators[0].a_ = np.inf
    none = fitted("sigmoid", n_classes=2)
    none.calibrated_classifiers_[1].calibrators = []
    stranger = fitted("sigmoid")
    estimator_of(stranger.calibrated_classifiers_[0]).classes_ = np.array([0, 1, 7])
    temperature = fitted("sigmoid")
    temperature.method = "temperature"
    return [
        ("isotonic_lengths_differ", short, [],
         ["calibrated_classifiers_[0].calibrators[1].X_thresholds_", "and y_thresholds_"]),
        ("isotonic_unsorted", unsorted, [],
         ["calibrated_classifiers_[1].calibrators[0].X_thresholds_", "not strictly increasing at 1"]),
        ("isotonic_nan", nan, [], ["calibrators[2].y_thresholds_", "value 0 is not finite"]),
        ("sigmoid_infinite_slope", slope, [], ["calibrated_classifiers_[1].calibrators[0].a_", "not finite"]),
        ("no_calibrators", none, [], ["calibrated_classifiers_[1].calibrators", "is empty"]),
        ("unknown_estimator_class", stranger, [], ["classes_", "class 7 is not one of classes_"]),
        ("temperature", temperature, [], ["CalibratedClassifierCV.method", "'temperature' is not converted"]),
        # scikit-learn calibrates its decision_function; its converter
        # offers no raw_scores option to give it
        ("adaboost_decision", fitted("sigmoid", base=AdaBoostClassifier(n_estimators=3, random_state=0)), [],
         ["calibrated_classifiers_[0].", "option 'raw_scores'", "not offered"]),
    ]


def main():
    return harness.run_pickled_cases(cases, "%-26s")


if __name__ == "__main__":
    sys.exit(main())
