#!/usr/bin/python3
"""Malformed IsolationForest models must fail with a clear error.

usage: /usr/bin/python3 plugins/isolation_forest/tests/bad_models.py --onnxconv BIN OUTDIR

Fits each model with real scikit-learn, then breaks it the way a corrupt or
hostile file could (node arrays through Tree.__setstate__, attributes by
assignment), runs `onnxconv convert` and checks that it exits non-zero,
writes no output file, and that stderr names the estimator path and what
is wrong. Prints one line per case and "N passed, M failed".
"""
import argparse
import os
import pickle
import shutil
import subprocess
import sys

import numpy as np
from sklearn.ensemble import IsolationForest

os.environ.setdefault("OMP_NUM_THREADS", "1")


def forest(**params):
    X = np.random.RandomState(0).randn(150, 6)
    return IsolationForest(n_estimators=4, random_state=0, **params).fit(X)


def corrupt(model, tree, field, node, value):
    """Sets nodes[node][field] = value in estimators_[tree].tree_."""
    t = model.estimators_[tree].tree_
    state = t.__getstate__()
    nodes = state["nodes"].copy()
    nodes[node][field] = value
    state["nodes"] = nodes
    t.__setstate__(state)
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
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnxconv", required=True)
    ap.add_argument("outdir")
    args = ap.parse_args()
    if os.path.exists(args.outdir):
        shutil.rmtree(args.outdir)
    os.makedirs(args.outdir)
    passed = failed = 0
    for name, model, extra, needles in cases():
        path = os.path.join(args.outdir, name + ".pkl")
        with open(path, "wb") as f:
            pickle.dump(model, f, protocol=4)
        onnx = os.path.join(args.outdir, name + ".onnx")
        r = subprocess.run([args.onnxconv, "convert", path, "-o", onnx] + extra,
                           capture_output=True, text=True, timeout=60)
        problems = ["exit code 0"] if r.returncode == 0 else []
        if os.path.exists(onnx):
            problems.append("wrote " + onnx)
        problems += ["stderr lacks %r" % n for n in needles if n not in r.stderr]
        if problems:
            failed += 1
            print("FAIL %-28s %s\n    stderr: %s" % (name, "; ".join(problems), r.stderr.strip()))
        else:
            passed += 1
            print("PASS %-28s %s" % (name, r.stderr.strip().splitlines()[-1]))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
