"""Makes the tree-ensemble benchmark inputs with real scikit-learn.

usage: /usr/bin/python3 bench/trees/make_forest_models.py OUTDIR

RandomForestRegressor, max_depth 12, on make_regression's 20 000 rows x 20
features (the recipe of issue 3; this data gives ~5 850 nodes per tree, the
5.9M nodes per 1000 trees of the skl2onnx reference numbers there). One
1000-tree forest is trained once (single-threaded); the 100- and 300-tree
models are its first trees (estimators_[:n] of a forest fitted with the
same seed is exactly such a forest). Files: rf_<n>.pkl (pickle protocol 4),
and a small JSON with node counts. Existing files are kept.
"""
import json
import pickle
import sys
import time
from pathlib import Path

from sklearn.datasets import make_regression
from sklearn.ensemble import RandomForestRegressor

SIZES = (100, 300, 1000)


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if all((out / f"rf_{n}.pkl").exists() for n in SIZES):
        print("models exist in", out)
        return
    X, y = make_regression(n_samples=20000, n_features=20, noise=0.1, random_state=0)
    t0 = time.time()
    rf = RandomForestRegressor(n_estimators=max(SIZES), max_depth=12, random_state=0, n_jobs=1).fit(X, y)
    print("trained %d trees in %.0f s" % (max(SIZES), time.time() - t0))
    info = {}
    all_trees = rf.estimators_
    for n in SIZES:
        rf.estimators_ = all_trees[:n]
        rf.n_estimators = n
        with open(out / f"rf_{n}.pkl", "wb") as f:
            pickle.dump(rf, f, protocol=4)
        info[f"rf_{n}"] = {"trees": n, "nodes": int(sum(e.tree_.node_count for e in rf.estimators_))}
    (out / "models.json").write_text(json.dumps(info, indent=1) + "\n")
    print(json.dumps(info))


if __name__ == "__main__":
    main(sys.argv[1])
