#!/usr/bin/python3
"""Damaged meta-estimator files must be refused at once, naming the
estimator path and the value: weights of the wrong count, fitted members
missing or of the wrong count, a member that is not an estimator, nesting
deeper than the host allows, threshold classifiers with other than two
classes or a pos_label that is not a class, imbalanced-learn classes that
are not samplers.

usage: /usr/bin/python3 plugins/meta/tests/bad_models.py --onnxconv BIN OUTDIR

Fits each model with real scikit-learn (and imbalanced-learn where the
release's lock installs it), then changes its state the way a hand-made
file could, runs `onnxconv convert` and checks that it exits non-zero,
writes no output file and that stderr holds the expected fragments.
Prints one line per case and "N passed, M failed".
"""
import os
import sys

import numpy as np
import sklearn
from sklearn.ensemble import StackingClassifier, VotingClassifier, VotingRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.naive_bayes import GaussianNB

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402

SKLEARN = tuple(int(p) for p in sklearn.__version__.split(".")[:2])


def data(n_classes=3):
    rng = np.random.RandomState(0)
    X = rng.randn(60, 4)
    return X, np.arange(60) % n_classes


def voting(**params):
    return VotingClassifier([("lr", LogisticRegression()), ("nb", GaussianNB())], **params).fit(*data())


def stacking():
    return StackingClassifier([("lr", LogisticRegression()), ("nb", GaussianNB())],
                              final_estimator=LogisticRegression(), cv=3).fit(*data())


def nested_regressor(depth):
    """VotingRegressor(VotingRegressor(... LinearRegression)) `depth` deep."""
    X, y = data()
    model = LinearRegression().fit(X, y)
    for _ in range(depth):
        outer = VotingRegressor([("inner", LinearRegression())]).fit(X, y)
        outer.estimators_ = [model]
        outer.estimators = [("inner", model)]
        model = outer
    return model


def voting_cases():
    wrong_weights = voting(voting="soft", weights=[1.0, 2.0])
    wrong_weights.weights = [1.0, 2.0, 3.0]
    no_members = voting(voting="soft")
    del no_members.estimators_
    one_member = voting(voting="hard")
    one_member.estimators_ = one_member.estimators_[:1]
    not_estimator = voting(voting="soft")
    not_estimator.estimators_ = [not_estimator.estimators_[0], "not an estimator"]
    nan_weight = voting(voting="soft", weights=[1.0, 2.0])
    nan_weight.weights = [1.0, float("nan")]
    return [
        ("voting_weights_count", wrong_weights, [], ["VotingClassifier.weights", "has 3 weights for 2 estimators"]),
        ("voting_weight_nan", nan_weight, [], ["VotingClassifier.weights", "weight 1 is not finite"]),
        ("voting_estimators_missing", no_members, [], ["VotingClassifier", "'estimators_'"]),
        ("voting_members_count", one_member, [],
         ["VotingClassifier.estimators_", "has 1 fitted estimators", "names 2"]),
        ("voting_member_not_estimator", not_estimator, [], ["VotingClassifier.estimators_[1]"]),
        ("nesting_too_deep", nested_regressor(40), [], ["32"]),
    ]


def stacking_cases():
    methods_short = stacking()
    methods_short.stack_method_ = methods_short.stack_method_[:1]
    unknown_method = stacking()
    unknown_method.stack_method_ = ["predict_proba", "predict_log_proba"]
    no_final = stacking()
    del no_final.final_estimator_
    # AdaBoostClassifier has both methods; its converter offers no raw_scores
    from sklearn.ensemble import AdaBoostClassifier
    ada_decision = StackingClassifier([("ada", AdaBoostClassifier(n_estimators=3, random_state=0)),
                                       ("lr", LogisticRegression())],
                                      final_estimator=LogisticRegression(), stack_method="decision_function",
                                      cv=3).fit(*data())
    return [
        ("stacking_decision_not_offered", ada_decision, [],
         ["StackingClassifier.estimators_[0]", "raw_scores"]),
        ("stacking_methods_count", methods_short, [],
         ["StackingClassifier.stack_method_", "has 1 entries for 2 fitted estimators"]),
        ("stacking_unknown_method", unknown_method, [],
         ["StackingClassifier.stack_method_[1]", "predict_log_proba"]),
        ("stacking_final_missing", no_final, [], ["StackingClassifier", "'final_estimator_'"]),
    ]


def threshold_cases():
    """scikit-learn 1.5+: FixedThresholdClassifier / TunedThresholdClassifierCV."""
    if SKLEARN < (1, 5):
        return []
    from sklearn.model_selection import FixedThresholdClassifier, TunedThresholdClassifierCV
    from sklearn.metrics import make_scorer
    X, y = data(2)
    three = FixedThresholdClassifier(LogisticRegression()).fit(X, y)
    three.estimator_ = LogisticRegression().fit(*data(3))
    bad_pos = FixedThresholdClassifier(LogisticRegression(), pos_label=1).fit(X, y)
    bad_pos.pos_label = 7
    custom = TunedThresholdClassifierCV(GaussianNB(), scoring=make_scorer(user_metric), cv=2,
                                        thresholds=5).fit(X, y)
    return [
        ("threshold_three_classes", three, [],
         ["FixedThresholdClassifier.estimator_", "has 3 classes", "binary"]),
        ("threshold_pos_label_not_a_class", bad_pos, [], ["FixedThresholdClassifier.pos_label", "pos_label 7 is not one of classes_"]),
        ("tuned_unknown_score_function", custom, [],
         ["TunedThresholdClassifierCV._curve_scorer._score_func", "user_metric"]),
    ]


def user_metric(y_true, y_pred):
    return float(np.mean(y_true == y_pred))


def imblearn_cases():
    """An imbalanced-learn class that is not a sampler inside its Pipeline."""
    try:
        from imblearn.ensemble import BalancedRandomForestClassifier
        from imblearn.pipeline import Pipeline
        from imblearn.under_sampling import RandomUnderSampler
    except ImportError:
        return []
    model = Pipeline([("under", RandomUnderSampler(random_state=0)),
                      ("forest", BalancedRandomForestClassifier(n_estimators=2, random_state=0))]).fit(*data())
    return [("imblearn_not_a_sampler", model, [],
             ["Pipeline.steps[1] 'forest'", "BalancedRandomForestClassifier", "not a known sampler"])]


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    return voting_cases() + stacking_cases() + threshold_cases() + imblearn_cases()


def main():
    return harness.run_pickled_cases(cases, "%-32s")


if __name__ == "__main__":
    sys.exit(main())
