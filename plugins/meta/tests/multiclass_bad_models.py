#!/usr/bin/python3
"""Damaged or hostile OneVsRestClassifier / OneVsOneClassifier models, and
members the converter cannot score as scikit-learn does, must be refused at
once, clearly.

usage: python plugins/meta/tests/multiclass_bad_models.py --onnxconv BIN OUTDIR

Fits each model with real scikit-learn, then changes its state the way a
hand-made file could (estimator counts that disagree with the classes, a
_ConstantPredictor holding several values, an unknown target type), or wraps
members whose methods are unknown / unconverted, or asks raw_scores of an
OvR without decision_function; runs `onnxconv convert` and
checks that it exits non-zero, writes no output file, and that stderr names
the estimator path and the offending value.
"""
import os
import sys
import warnings

import numpy as np
from sklearn.ensemble import AdaBoostClassifier
from sklearn.gaussian_process import GaussianProcessClassifier
from sklearn.linear_model import LinearRegression
from sklearn.multiclass import OneVsOneClassifier, OneVsRestClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.svm import LinearSVC

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402

warnings.simplefilter("ignore")


def data(k=3):
    rng = np.random.RandomState(0)
    y = np.arange(60) % k
    return rng.randn(60, 4) + y[:, None], y


def multilabel():
    X, _ = data()
    Y = np.column_stack([X[:, 0] > 0, np.zeros(60), X[:, 1] > 1]).astype(int)
    return X, Y


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    extra_member = OneVsRestClassifier(GaussianNB()).fit(*data())
    extra_member.estimators_ = extra_member.estimators_ * 2
    missing_pair = OneVsOneClassifier(GaussianNB()).fit(*data(4))
    missing_pair.estimators_ = missing_pair.estimators_[:5]
    bad_constant = OneVsRestClassifier(GaussianNB()).fit(*multilabel())
    bad_constant.estimators_[1].y_ = np.array([0, 1, 1])
    odd_target = OneVsRestClassifier(GaussianNB()).fit(*data())
    odd_target.label_binarizer_.y_type_ = "continuous"
    pairwise = OneVsOneClassifier(GaussianNB()).fit(*data())
    pairwise.pairwise_indices_ = [np.arange(40)] * 3
    unknown = OneVsRestClassifier(GaussianProcessClassifier()).fit(*data())
    regressor = OneVsRestClassifier(LinearRegression()).fit(*data())
    # The first member (a label never set) is a _ConstantPredictor, so
    # predict_proba exists and calls LinearSVC's, which does not.
    no_proba = OneVsRestClassifier(LinearSVC()).fit(*multilabel())
    no_proba.estimators_ = [no_proba.estimators_[1], no_proba.estimators_[0], no_proba.estimators_[2]]
    # both methods (scored by decision_function); its converter offers no raw_scores
    ada = OneVsOneClassifier(AdaBoostClassifier(n_estimators=3, random_state=0)).fit(*data())
    nb = OneVsRestClassifier(GaussianNB()).fit(*data())
    return [
        ("ovr_member_count", extra_member, [], ["OneVsRestClassifier.estimators_", "has 6 estimators",
                                                "3 classes has 3"]),
        ("ovo_missing_pair", missing_pair, [], ["OneVsOneClassifier.estimators_", "has 5 estimators",
                                                "4 classes make 6 pairs"]),
        ("constant_several_values", bad_constant, [], ["estimators_[1].y_", "got 3 values"]),
        ("unknown_target_type", odd_target, [], ["label_binarizer_.y_type_", "'continuous'"]),
        ("ovo_pairwise_indices", pairwise, [], ["OneVsOneClassifier.pairwise_indices_", "precomputed"]),
        ("unknown_member_class", unknown, [], ["estimators_[0]", "GaussianProcessClassifier",
                                               "decision_function"]),
        ("regressor_member", regressor, [], ["estimators_[0]", "LinearRegression"]),
        ("member_without_proba", no_proba, [], ["estimators_[1]", "has no predict_proba"]),
        ("raw_scores_without_decision", nb, ["--option", "raw_scores=true"],
         ["estimators_[0]", "raw_scores=true", "decision_function"]),
        ("member_needs_decision", ada, [], ["estimators_[0]", "by its decision_function", "raw_scores"]),
    ]


def main():
    return harness.run_pickled_cases(cases, "%-26s")


if __name__ == "__main__":
    sys.exit(main())
