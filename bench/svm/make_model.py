"""Makes the SVC benchmark input with real scikit-learn (issue 13).

usage: /usr/bin/python3 bench/svm/make_model.py OUTDIR

A binary rbf SVC with about 10 000 support vectors x 50 features: 11 100
rows of two heavily overlapping classes, so almost every row ends up a
support vector. Writes svc_10k.pkl (pickle protocol 4) and eval.json: 1000
float32-representable rows with scikit-learn's predict and
decision_function, so the bench also measures accuracy at this size.
Existing files are kept.
"""
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.svm import SVC

N_FEATURES = 50


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    model_path = out / "svc_10k.pkl"
    if model_path.exists():
        return
    rng = np.random.RandomState(0)
    X = rng.randn(11100, N_FEATURES)
    y = (X[:, 0] + 3.0 * rng.randn(11100) > 0).astype(np.int64)
    t0 = time.time()
    svc = SVC(C=1.0).fit(X, y)
    print("fitted in %.1f s: %d support vectors" % (time.time() - t0, svc.support_vectors_.shape[0]))
    X_eval = rng.randn(1000, N_FEATURES).astype(np.float32).astype(np.float64)
    with open(model_path, "wb") as f:
        pickle.dump(svc, f, protocol=4)
    d = svc.decision_function(X_eval)
    json.dump({"n_features": N_FEATURES, "X": X_eval.tolist(),
               "label": svc.predict(X_eval).tolist(),
               "probabilities": np.column_stack([-d, d]).tolist()}, open(out / "eval.json", "w"))


if __name__ == "__main__":
    main(sys.argv[1])
