#!/usr/bin/python3
"""Damaged LightGBM models are refused at once, naming what is wrong.

usage: python plugins/lightgbm/tests/bad_models.py --onnxconv BIN OUTDIR
(in an environment with lightgbm: scikit-learn 1.9.1's of the matrix)

Trains real models, damages their model text the way a truncated download
or a hand edit would, and checks that `onnxconv convert` exits non-zero,
writes no output file, and that stderr names the line or attribute and the
value. Prints one line per case and "N passed, M failed".
"""
import os
import re
import sys

import lightgbm as lgb
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402

PARAMS = dict(n_estimators=8, num_leaves=7, min_child_samples=5, verbose=-1, random_state=0, n_jobs=1)


def data(seed=0):
    rng = np.random.RandomState(seed)
    X = rng.randn(120, 4)
    return X, (X[:, 0] + X[:, 1] > 0).astype(int)


def model_text():
    X, y = data()
    return lgb.LGBMClassifier(**PARAMS).fit(X, y).booster_.model_to_string()


def replace_line(text, prefix, make, nth=0):
    """Replaces the nth line starting with `prefix` by make(line)."""
    lines = text.split("\n")
    hits = [i for i, l in enumerate(lines) if l.startswith(prefix)]
    lines[hits[nth]] = make(lines[hits[nth]])
    return "\n".join(lines)


def line_number(text, prefix, nth=0):
    return [i + 1 for i, l in enumerate(text.split("\n")) if l.startswith(prefix)][nth]


def chain_tree(text, n_leaves, decision_type):
    """Tree=0 of `text` replaced by a chain: node i sends leaf i left and
    node i+1 right, thresholds 0, 1, 2, ... (as a hand-made file could)."""
    n = n_leaves - 1
    arrays = {
        "num_leaves": str(n_leaves), "num_cat": "0",
        "split_feature": " ".join(["0"] * n), "split_gain": " ".join(["1"] * n),
        "threshold": " ".join(str(i) for i in range(n)),
        "decision_type": " ".join([str(decision_type)] * n),
        "left_child": " ".join(str(~i) for i in range(n)),
        "right_child": " ".join(str(i + 1) if i + 1 < n else str(~n) for i in range(n)),
        "leaf_value": " ".join(str(0.5 * i) for i in range(n_leaves)),
        "leaf_weight": " ".join(["1"] * n_leaves), "leaf_count": " ".join(["1"] * n_leaves),
        "internal_value": " ".join(["0"] * n), "internal_weight": " ".join(["1"] * n),
        "internal_count": " ".join(["1"] * n),
    }
    head, rest = text.split("Tree=0\n", 1)
    tree0, tail = rest.split("\n\n", 1)
    lines = []
    for line in tree0.split("\n"):
        key = line.split("=", 1)[0]
        lines.append("%s=%s" % (key, arrays[key]) if key in arrays else line)
    return head + "Tree=0\n" + "\n".join(lines) + "\n\n" + tail


def text_cases():
    """(name, text, stderr fragments)."""
    t = model_text()
    cut = t[:t.index("Tree=3")] + "Tree=3\nnum_leaves=7\n"
    short = replace_line(t, "threshold=", lambda l: l.rsplit(" ", 1)[0], nth=2)
    far_feature = replace_line(t, "split_feature=", lambda l: "split_feature=" + " ".join(["9"] * (len(l.split()) or 1)))
    cycle = replace_line(t, "left_child=", lambda l: re.sub(r"=(\S+) (\S+)", "=1 0", l, count=1))
    huge_leaves = replace_line(t, "num_leaves=", lambda l: "num_leaves=1000000000")
    huge_features = replace_line(t, "max_feature_idx=", lambda l: "max_feature_idx=99999999999")
    objective = replace_line(t, "objective=", lambda l: "objective=my_loss")
    version = replace_line(t, "version=", lambda l: "version=v2")
    deep = chain_tree(t, 1500, 8)  # missing type NaN
    zero_chain = chain_tree(t, 60, 4)  # zero as missing, default right, t >= 0: each copies the rest
    bad_number = replace_line(t, "leaf_value=", lambda l: re.sub(r"=(\S+)", "=0.5x", l, count=1))
    return [
        ("truncated_text", cut, ["ends before 'end of trees'", "line %d" % cut.count("\n")]),
        ("short_threshold_array", short,
         ["line %d" % line_number(t, "threshold=", 2), "Tree=2", "'threshold' has 5 values, expected 6"]),
        ("feature_beyond_max", far_feature,
         ["line %d" % line_number(t, "split_feature="), "feature 9", "max_feature_idx is 3"]),
        ("cycle_in_tree", cycle, ["Tree=0", "reached twice"]),
        ("huge_num_leaves", huge_leaves, ["'leaf_value' has 7 values, expected 1000000000"]),
        ("huge_max_feature_idx", huge_features, ["max_feature_idx is 99999999999"]),
        ("unknown_objective", objective, ["objective 'my_loss' is not supported"]),
        ("model_version_v2", version, ["model version 'v2'", "only v3 and v4"]),
        ("deep_chain", deep, ["Tree=0", "deeper than 1000 levels"]),
        ("zero_missing_blowup", zero_chain, ["Tree=0", "zero-as-missing splits expand the tree beyond"]),
        ("not_a_number", bad_number, ["leaf_value: '0.5x' is not a number"]),
    ]


def with_text(booster, text):
    """The Booster, pickling with its model text replaced by `text` (its own
    state otherwise)."""
    state = booster.__getstate__()
    state["_handle" if "_handle" in state else "handle"] = text
    booster.__getstate__ = lambda: state
    return booster


def pickled_cases():
    """(name, model, stderr fragments)."""
    X, y = data(1)
    linear = lgb.LGBMRegressor(**PARAMS, linear_tree=True).fit(X, X[:, 0] * 2.0)
    text = linear.booster_.model_to_string()
    # the second tree's (the first has constant leaves: boost_from_average)
    linear_far_text = replace_line(text, "leaf_features=", lambda l: re.sub(r"=(\S+)", "=7", l, count=1), nth=1)
    clf = lgb.LGBMClassifier(**PARAMS).fit(X, y)
    clf._classes = np.array([0, 1, 2])  # three labels for a binary booster
    return [
        ("linear_leaf_feature", with_text(linear.booster_, linear_far_text),
         ["handle: line", "Tree=1", "linear leaf on feature 7 but max_feature_idx is 3"]),
        ("classes_disagree", clf, ["LGBMClassifier", "3 classes but objective 'binary sigmoid:1'"]),
    ]


def main():
    args = harness.parse_args()
    harness.fresh_dir(args.outdir)
    tally = harness.Tally("%-24s")
    for name, text, fragments in text_cases():
        path = os.path.join(args.outdir, name + ".txt")
        with open(path, "w") as f:
            f.write(text)
        out = os.path.join(args.outdir, name + ".onnx")
        tally.record(name, *harness.check_refused([args.onnxconv, "convert", path, "-o", out], out, fragments))
    for name, model, fragments in pickled_cases():
        path = os.path.join(args.outdir, name + ".pkl")
        harness.write_pickle(path, model)
        out = os.path.join(args.outdir, name + ".onnx")
        tally.record(name, *harness.check_refused([args.onnxconv, "convert", path, "-o", out], out, fragments))
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
