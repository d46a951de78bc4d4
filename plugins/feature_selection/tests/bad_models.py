#!/usr/bin/python3
"""Feature selectors whose fitted state disagrees with itself must be
refused at once, naming the estimator path and the sizes.

usage: /usr/bin/python3 plugins/feature_selection/tests/bad_models.py --onnxconv BIN OUTDIR

Fits each selector with real scikit-learn, then damages its state the way a
broken or hand-made file could (an array one value short, a mask of the
wrong size, a tree node pointing past the node array), runs `onnxconv
convert` and checks that it exits non-zero, writes no output file, and that
stderr names the estimator path and the offending values. Prints one line
per case and "N passed, M failed".
"""
import os
import sys

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_selection import (RFE, SelectFdr, SelectFpr, SelectFromModel, SelectKBest,
                                       SelectPercentile, VarianceThreshold)
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402

RNG = np.random.RandomState(0)
X = RNG.randn(60, 6)
Y = (X[:, 0] + X[:, 1] > 0).astype(int)


def short(sel, attr):
    setattr(sel, attr, getattr(sel, attr)[:-1])
    return sel


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    kbest = short(SelectKBest(k=2).fit(X, Y), "scores_")
    pvalues = short(SelectFdr(alpha=0.5).fit(X, Y), "pvalues_")
    fpr = short(SelectFpr(alpha=0.5).fit(X, Y), "pvalues_")
    variances = short(VarianceThreshold().fit(X), "variances_")
    rfe = RFE(LogisticRegression(), n_features_to_select=2).fit(X, Y)
    rfe.support_ = np.ones(9, dtype=bool)
    rfe_2d = RFE(LogisticRegression(), n_features_to_select=2).fit(X, Y)
    rfe_2d.support_ = rfe_2d.support_.reshape(2, 3)
    sfm = SelectFromModel(LogisticRegression()).fit(X, Y)
    sfm.estimator_.coef_ = np.zeros((1, 4))
    forest = SelectFromModel(RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0)).fit(X, Y)
    harness.corrupt_tree(forest.estimator_.estimators_[1], "left_child", 0, 10**6)
    feature = SelectFromModel(RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0)).fit(X, Y)
    harness.corrupt_tree(feature.estimator_.estimators_[2], "feature", 0, 40)
    in_pipeline = Pipeline([("scale", StandardScaler()), ("select", SelectKBest(k=3))]).fit(X, Y)
    short(in_pipeline.steps[1][1], "scores_")
    # float32 p-values: 0.7 rounds down to float32, so a p-value equal to
    # float32(0.7) passes numpy 2's float64 test and fails numpy 1's float32 one.
    ambiguous = SelectFpr(alpha=0.7).fit(X, Y)
    ambiguous.pvalues_ = ambiguous.pvalues_.astype(np.float32)
    ambiguous.pvalues_[0] = np.float32(0.7)
    empty_scores = SelectPercentile(percentile=30).fit(X, Y)
    empty_scores.scores_ = np.zeros(0)
    empty_coef = SelectFromModel(LogisticRegression(), threshold="median").fit(X, Y)
    empty_coef.estimator_.coef_ = np.zeros(0)
    getter = SelectFromModel(LogisticRegression(), importance_getter=np.abs).fit(X, Y)
    # an RFE that predicts: estimator_ missing, or fitted on other columns
    # than support_ selects
    no_estimator = RFE(LogisticRegression(), n_features_to_select=2).fit(X, Y)
    del no_estimator.estimator_
    wide_estimator = RFE(LogisticRegression(), n_features_to_select=2).fit(X, Y)
    wide_estimator.estimator_.coef_ = np.zeros((1, 4))
    return [
        ("kbest_scores_short", kbest, [], ["SelectKBest", "mask over 5 columns", "n_features_in_ is 6"]),
        ("fdr_pvalues_short", pvalues, [], ["SelectFdr.pvalues_", "has 5 values; expected 6"]),
        ("fpr_pvalues_short", fpr, [], ["SelectFpr.pvalues_", "has 5 values; expected 6"]),
        ("variances_short", variances, [], ["VarianceThreshold", "mask over 5 columns", "n_features_in_ is 6"]),
        ("rfe_support_long", rfe, [], ["RFE", "mask over 9 columns", "n_features_in_ is 6"]),
        ("rfe_support_2d", rfe_2d, [], ["RFE.support_", "expected a 1-D array"]),
        ("sfm_coef_narrow", sfm, [], ["SelectFromModel", "mask over 4 columns", "n_features_in_ is 6"]),
        ("sfm_tree_child", forest, [], ["estimators_", "node 0 has children 1000000", "outside the"]),
        ("sfm_tree_feature", feature, [], ["estimators_", "splits on feature 40 of 6"]),
        ("kbest_in_pipeline", in_pipeline, [], ["Pipeline.steps[1] 'select'", "mask over 5 columns"]),
        ("fpr_float32_ambiguous", ambiguous, [], ["SelectFpr", "pvalues_ < alpha", "depending on how numpy rounds"]),
        ("percentile_no_scores", empty_scores, [], ["SelectPercentile", "mask over 0 columns"]),
        ("sfm_median_no_coef", empty_coef, [], ["SelectFromModel", "mask over 0 columns"]),
        ("sfm_callable_getter", getter, [], ["importance_getter", "callable"]),
        ("rfe_no_estimator", no_estimator, [], ["RFE", "no fitted estimator_"]),
        ("rfe_estimator_too_wide", wide_estimator, [], ["RFE.estimator_", "has 4 columns"]),
    ]


def main():
    return harness.run_pickled_cases(cases, "%-28s")


if __name__ == "__main__":
    sys.exit(main())
