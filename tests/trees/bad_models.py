#!/usr/bin/python3
"""Malformed and unsupported tree models must fail with a clear error.

usage: /usr/bin/python3 tests/trees/bad_models.py --onnxconv BIN OUTDIR

Writes each model with real scikit-learn (then corrupts its node arrays the
way a broken or hostile file could: Tree.__setstate__ copies whatever node
array it is given), runs `onnxconv convert` on it and checks that it exits
non-zero, writes no output file, and that stderr names the estimator, the
tree and what is wrong. Prints one line per case and "N passed, M failed".
"""
import os
import sys

import numpy as np
import sklearn
from sklearn import dummy, ensemble, tree

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bad_input_harness as harness  # noqa: E402

os.environ.setdefault("OMP_NUM_THREADS", "1")


def data(seed=0, n=120, classes=3):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, 5)
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0.5) * (classes - 2)
    return X, y


def first_split(est):
    return int(np.flatnonzero(est.tree_.children_left != -1)[1])


def first_leaf(est):
    return int(np.flatnonzero(est.tree_.children_left == -1)[0])


def cases():
    X, y = data()
    out = []

    reg = tree.DecisionTreeRegressor(max_depth=4, random_state=0).fit(X, X[:, 0])
    n = reg.tree_.node_count
    harness.corrupt_tree(reg, "right_child", first_split(reg), n + 5)
    out.append(("child_out_of_range", reg, {},
                ["DecisionTreeRegressor", "tree 0", "node %d" % first_split(reg),
                 "child %d is out of range [0, %d)" % (n + 5, n)]))

    rf = ensemble.RandomForestClassifier(n_estimators=4, max_depth=4, random_state=0).fit(X, y)
    node = first_split(rf.estimators_[2])
    harness.corrupt_tree(rf.estimators_[2], "left_child", node, 0)
    out.append(("cycle", rf, {},
                ["RandomForestClassifier", "tree 2", "estimators_[2].tree_", "reached twice"]))

    rf = ensemble.RandomForestRegressor(n_estimators=3, max_depth=3, random_state=0).fit(X, X[:, 1])
    leaf = first_leaf(rf.estimators_[1])
    harness.corrupt_tree(rf.estimators_[1], "right_child", leaf, 0)
    out.append(("missing_leaf", rf, {},
                ["RandomForestRegressor", "tree 1", "node %d" % leaf, "has left child -1 and right child 0"]))

    et = ensemble.ExtraTreesClassifier(n_estimators=3, max_depth=3, random_state=0).fit(X, y)
    node = first_split(et.estimators_[0])
    harness.corrupt_tree(et.estimators_[0], "threshold", node, np.nan)
    out.append(("nan_threshold", et, {},
                ["ExtraTreesClassifier", "tree 0", "node %d" % node, "NaN threshold"]))

    gb = ensemble.GradientBoostingClassifier(n_estimators=3, max_depth=2, random_state=0).fit(X, y)
    stage_tree = gb.estimators_[1, 2]
    node = first_split(stage_tree)
    harness.corrupt_tree(stage_tree, "feature", node, 9)
    out.append(("feature_out_of_range", gb, {},
                ["GradientBoostingClassifier", "tree 5", "estimators_[5].tree_", "node %d" % node,
                 "splits on feature 9 but the model has 5 features"]))

    dt = tree.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y)
    harness.corrupt_tree(dt, "left_child", 0, int(dt.tree_.children_right[0]))
    out.append(("same_children", dt, {}, ["DecisionTreeClassifier", "tree 0", "node 0", "both children are node"]))

    dt = tree.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y)
    right = int(dt.tree_.children_right[0])
    grandchild = int(dt.tree_.children_left[right])
    harness.corrupt_tree(dt, "left_child", 0, grandchild)  # the old left subtree is orphaned
    out.append(("shared_child", dt, {}, ["DecisionTreeClassifier", "tree 0", "node %d" % grandchild,
                                         "reached twice"]))

    # node_count is only a claim: the node array is what is present.
    dt = tree.DecisionTreeRegressor(max_depth=3, random_state=0).fit(X, X[:, 0])
    n = dt.tree_.node_count
    harness.claim_tree_state(dt, node_count=-5)
    out.append(("negative_node_count", dt, {}, ["DecisionTreeRegressor.tree_.node_count",
                                                "is -5 but the node array holds %d nodes" % n]))
    rf = ensemble.RandomForestRegressor(n_estimators=3, max_depth=3, random_state=0).fit(X, X[:, 1])
    n = rf.estimators_[1].tree_.node_count
    harness.claim_tree_state(rf.estimators_[1], node_count=10**12)
    out.append(("huge_node_count", rf, {}, ["RandomForestRegressor", "estimators_[1].tree_.node_count",
                                            "is 1000000000000 but the node array holds %d nodes" % n]))

    gb = ensemble.GradientBoostingRegressor(init=tree.DecisionTreeRegressor(max_depth=1), n_estimators=3,
                                            random_state=0).fit(X, X[:, 0])
    out.append(("custom_init", gb, {}, ["GradientBoostingRegressor", "custom init estimator",
                                        "DecisionTreeRegressor", "init=None or init='zero'"]))

    Xc = X.copy()
    Xc[:, 2] = np.random.RandomState(1).randint(0, 4, size=len(Xc))
    yc = np.where(np.isin(Xc[:, 2], [1, 3]), y, (y + 1) % 3)  # the categories matter
    hgb = ensemble.HistGradientBoostingClassifier(categorical_features=[2], max_iter=3,
                                                  random_state=0).fit(Xc, yc)
    split = [(i, k, int(j)) for i, it in enumerate(hgb._predictors) for k, p in enumerate(it)
             for j in np.flatnonzero((p.nodes["is_categorical"] != 0) & (p.nodes["is_leaf"] == 0))][0]
    hgb._predictors[split[0]][split[1]].nodes["bitset_idx"][split[2]] = 77
    out.append(("categorical_bitset_out_of_range", hgb, {},
                ["HistGradientBoostingClassifier", "_predictors[%d][%d]" % split[:2],
                 "node %d has bitset_idx 77" % split[2], "raw_left_cat_bitsets"]))
    hgb = ensemble.HistGradientBoostingClassifier(categorical_features=[2], max_iter=3,
                                                  random_state=0).fit(Xc, yc)
    tree_feature = 0 if getattr(hgb, "_preprocessor", None) is not None else 2  # 1.4+: categorical first
    hgb._bin_mapper.bin_thresholds_[tree_feature] = np.array([0.0, 1.0, 2.5, 3.0])
    out.append(("categorical_known_not_whole", hgb, {},
                ["HistGradientBoostingClassifier", "bin_thresholds_", "holds the category 2.5",
                 "whole numbers in [0, 255]"]))

    rf = ensemble.RandomForestClassifier(n_estimators=2, random_state=0).fit(X, y)
    out.append(("raw_scores_without_decision_function", rf, {"raw_scores": "true"},
                ["RandomForestClassifier", "raw_scores", "decision_function"]))

    rf = ensemble.RandomForestClassifier(n_estimators=2, random_state=0).fit(X, np.column_stack([y, y]))
    out.append(("multi_output_classifier", rf, {}, ["RandomForestClassifier", "multi-output classification"]))
    out += missing_state_cases(X, y)
    return out


def missing_state_cases(X, y):
    """State a converter needs, absent or of an unknown kind: the error names
    the attribute, and the host adds the release that wrote the file."""
    written_by = "(file written by scikit-learn %s)" % sklearn.__version__
    out = []
    gb = ensemble.GradientBoostingClassifier(n_estimators=2, random_state=0).fit(X, y)
    del gb.init_
    out.append(("missing_init_", gb, {}, ["GradientBoostingClassifier", "missing attribute 'init_'", written_by]))

    gb = ensemble.GradientBoostingClassifier(n_estimators=2, random_state=0).fit(X, y)
    gb._loss = dummy.DummyClassifier()  # neither a _gb_losses (<1.4) nor a sklearn._loss (1.4+) loss
    out.append(("unknown_gb_loss", gb, {}, ["GradientBoostingClassifier._loss",
                                            "unsupported GradientBoosting loss 'DummyClassifier'", written_by]))

    dt = tree.DecisionTreeRegressor(max_depth=2, random_state=0).fit(X, X[:, 0])
    del dt.n_features_in_
    out.append(("missing_n_features_in_", dt, {}, ["DecisionTreeRegressor", "missing attribute 'n_features_in_'",
                                                   written_by]))

    hgb = ensemble.HistGradientBoostingRegressor(max_iter=3, random_state=0).fit(X, X[:, 0])
    del hgb._baseline_prediction
    out.append(("missing_baseline_prediction", hgb, {}, ["HistGradientBoostingRegressor",
                                                         "missing attribute '_baseline_prediction'", written_by]))
    return out


def main():
    return harness.run_pickled_cases(
        lambda: [(name, model, harness.option_args(options), needles) for name, model, options, needles in cases()],
        "%-40s")


if __name__ == "__main__":
    sys.exit(main())
