"""Makes the neighbours benchmark input with real scikit-learn (issue 13).

usage: /usr/bin/python3 bench/neighbors/make_model.py OUTDIR

KNeighborsClassifier(n_neighbors=5) on 50 000 rows x 20 features, 3 classes
(float32-representable values): knc_50000x20.pkl (pickle protocol 4), and
eval.json: 1000 rows with scikit-learn's predict and predict_proba, so the
bench also measures the accuracy of the converted model at this size.
Existing files are kept.
"""
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.neighbors import KNeighborsClassifier

N_TRAIN, N_FEATURES, N_EVAL = 50_000, 20, 1000


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    model_path, eval_path = out / "knc_50000x20.pkl", out / "eval.json"
    if model_path.exists() and eval_path.exists():
        print("kept", model_path)
        return
    rng = np.random.RandomState(0)
    centres = rng.randn(3, N_FEATURES) * 2.0
    y = rng.randint(0, 3, size=N_TRAIN + N_EVAL)
    X = (centres[y] + rng.randn(N_TRAIN + N_EVAL, N_FEATURES) * 1.5).astype(np.float32).astype(np.float64)
    t0 = time.time()
    clf = KNeighborsClassifier(n_neighbors=5).fit(X[:N_TRAIN], y[:N_TRAIN])
    Xe = X[N_TRAIN:]
    ev = {"n_features": N_FEATURES, "X": Xe.tolist(), "label": clf.predict(Xe).tolist(),
          "probabilities": clf.predict_proba(Xe).tolist()}
    print("fit + predict: %.1f s" % (time.time() - t0))
    with open(model_path, "wb") as f:
        pickle.dump(clf, f, protocol=4)
    with open(eval_path, "w") as f:
        json.dump(ev, f)
    print("wrote", model_path, eval_path)


if __name__ == "__main__":
    main()
