"""Writes OUT_DIR/forest_30m.pkl: a RandomForestRegressor of about 30
million nodes (issue 19 part 4), and OUT_DIR/forest_30m.json (trees, nodes).

Growing 30M nodes takes long on a small machine, so NBASE fully grown trees
are fitted on 120 000 rows x 10 features and each is deep-copied until the
node count is reached: the file then holds every tree on its own (no pickle
memo sharing), as a real 30M-node forest would, and the converter reads and
emits every node. Predictions are those of the repeated trees (the average
is the base forest's). Run with a scikit-learn environment, e.g.
  /usr/bin/python3 tests/fixtures/envs.py run 1.9.1 -- python make_big_forest.py OUT_DIR
"""
import copy
import json
import os
import pickle
import sys

import numpy as np
from sklearn.ensemble import RandomForestRegressor

TARGET_NODES = 30_000_000
NBASE = 48

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.RandomState(0)
X = rng.randn(120_000, 10)
y = X[:, 0] * 3 + np.sin(X[:, 1] * 2) + X[:, 2] * X[:, 3] + 0.5 * rng.randn(len(X))
rf = RandomForestRegressor(n_estimators=NBASE, max_features=0.6, min_samples_leaf=1, n_jobs=2,
                           random_state=0).fit(X, y)
base = list(rf.estimators_)
trees, nodes = [], 0
while nodes < TARGET_NODES:
    t = copy.deepcopy(base[len(trees) % NBASE])
    trees.append(t)
    nodes += t.tree_.node_count
rf.estimators_ = trees
rf.n_estimators = len(trees)
with open(os.path.join(out, "forest_30m.pkl"), "wb") as f:
    pickle.dump(rf, f, protocol=4)
json.dump({"trees": len(trees), "nodes": nodes}, open(os.path.join(out, "forest_30m.json"), "w"))
print("trees=%d nodes=%d" % (len(trees), nodes))
