#!/usr/bin/python3
"""Malformed IsolationForest models must fail with a clear error.

usage: /usr/bin/python3 plugins/isolation_forest/tests/bad_models.py --onnxconv BIN OUTDIR

Fits each model with real scikit-learn, then breaks it the way a corrupt or
hostile file could (node arrays through Tree.__setstate__, attributes by
assignment), runs `onnxconv convert` and checks that it exits non-zero,
writes no output file, and that stderr names the estimator path and what
is wrong. Prints one line per case and "N passed, M failed".
"""
import os
import sys

import numpy as np
from sklearn.ensemble import IsolationForest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402

os.environ.setdefault("OMP_NUM_THREADS", "1")


def forest(**params):
    X = np.random.RandomState(0).randn(150, 6)
    return IsolationForest(n_estimators=4, random_state=0, **params).fit(X)


def corrupt(model, tree, field, node, value):
    """Sets nodes[node][field] = value in estimators_[tree].tree_."""
    harness.corrupt_tree(model.estimators_[tree], field, node, value)
    return model


def split_node(model, tree):
    return int(np.flatnonzero(model.estimators_[tree].tree_.children_left != -1)[1])


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    out = []
    m = forest(max_features=0.5)
    node = split_node(m, 1)
    out.append(("feature_outside_subset", corrupt(m, 1, "feature", node, 5), [],
                ["IsolationForest.estimators_[1].tree_.nodes", "node %d splits on feature 5" % node,
                 "the tree saw 3 columns (estimators_features_)"]))
    m = forest()
    node = split_node(m, 2)
    out.append(("cycle", corrupt(m, 2, "right_child", node, 0), [],
                ["IsolationForest.estimators_[2].tree_", "node %d has child 0" % node, "reached twice"]))
    m = forest()
    node = split_node(m, 0)
    out.append(("nan_threshold", corrupt(m, 0, "threshold", node, np.nan), [],
                ["IsolationForest", "tree 0", "node %d" % node, "NaN threshold"]))
    m = forest(max_features=3)
    del m.estimators_features_
    out.append(("no_feature_subsets", m, [], ["IsolationForest", "missing attribute 'estimators_features_'"]))
    m = forest(max_features=3)
    m.estimators_features_[2] = m.estimators_features_[2][:2]
    out.append(("short_feature_subset", m, [],
                ["IsolationForest.estimators_features_[2]", "lists 2 columns but _max_features is 3"]))
    m = forest()
    m._max_features = 9
    out.append(("max_features_too_large", m, [],
                ["IsolationForest._max_features", "is 9, outside [1, n_features_in_ = 6]"]))
    m = forest()
    m.estimators_ = []
    out.append(("no_trees", m, [], ["IsolationForest.estimators_", "the forest has no trees"]))
    m = forest()
    m.offset_ = float("nan")
    out.append(("nan_offset", m, [], ["IsolationForest.offset_", "is not finite"]))
    out.append(("opset_too_low", forest(), ["--opset", "8"], ["IsolationForest", "needs ai.onnx opset 9"]))
    out.append(("bad_option_value", forest(), ["--option", "score_samples=maybe"],
                ["score_samples", "expects true or false"]))
    return out


def main():
    return harness.run_pickled_cases(cases, "%-28s")


if __name__ == "__main__":
    sys.exit(main())
