"""Makes the IsolationForest benchmark inputs with real scikit-learn.

usage: /usr/bin/python3 bench/isolation_forest/make_models.py OUTDIR

IsolationForest with default parameters (max_samples "auto" = 256,
contamination "auto") on 20 000 rows x 20 features, 100 and 750 trees:
iforest_<n>.pkl (pickle protocol 4). Also, per model, eval_<n>.json: 1000
rows (float32-representable, so one file serves both dtypes) with
scikit-learn's decision_function and score_samples for them, so the bench
measures the accuracy of the converted models at this size too. Existing
files are kept.
"""
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.ensemble import IsolationForest

SIZES = (100, 750)
N_FEATURES = 20


def data(seed, n):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, N_FEATURES) * rng.uniform(0.5, 3.0, size=N_FEATURES)
    outliers = rng.rand(n) < 0.02
    X[outliers] = rng.uniform(-10, 10, size=(outliers.sum(), N_FEATURES))
    return X


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    X = data(0, 20000)
    X_eval = data(1, 1000).astype(np.float32).astype(np.float64)
    info = {}
    for n in SIZES:
        model_file, eval_file = out / f"iforest_{n}.pkl", out / f"eval_{n}.json"
        if model_file.exists() and eval_file.exists():
            continue
        t0 = time.time()
        model = IsolationForest(n_estimators=n, random_state=0).fit(X)
        with open(model_file, "wb") as f:
            pickle.dump(model, f, protocol=4)
        expected = {
            "n_features": N_FEATURES,
            "X": X_eval.tolist(),
            "scores": model.decision_function(X_eval).tolist(),
            "score_samples": model.score_samples(X_eval).tolist(),
        }
        eval_file.write_text(json.dumps(expected))
        info[f"iforest_{n}"] = {"trees": n, "tree_nodes": int(sum(e.tree_.node_count for e in model.estimators_)),
                                "fit_s": round(time.time() - t0, 1)}
    print(json.dumps(info))


if __name__ == "__main__":
    main(sys.argv[1])
