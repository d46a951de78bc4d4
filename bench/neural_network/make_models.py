"""Makes the MLP benchmark input with real scikit-learn (issue 13).

usage: /usr/bin/python3 bench/neural_network/make_models.py OUTDIR

MLPClassifier with 3 hidden layers of 256 relu units, 50 features, 10
classes, fitted (adam, a few epochs: the weights only need to be real) on
5000 rows: mlp_3x256.pkl (pickle protocol 4), and eval.json: 1000 rows
(float32-representable, so one file serves both dtypes) with scikit-learn's
predict and predict_proba for them. Existing files are kept.
"""
import json
import pickle
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.neural_network import MLPClassifier

N_FEATURES = 50
N_CLASSES = 10


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    model, ev = out / "mlp_3x256.pkl", out / "eval.json"
    if model.exists() and ev.exists():
        return
    rng = np.random.RandomState(0)
    centres = rng.randn(N_CLASSES, N_FEATURES) * 2.0
    y = rng.randint(N_CLASSES, size=6000)
    X = (centres[y] + rng.randn(6000, N_FEATURES) * 2.0).astype(np.float32).astype(np.float64)
    t0 = time.time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est = MLPClassifier(hidden_layer_sizes=(256, 256, 256), max_iter=5, random_state=0).fit(X[:5000], y[:5000])
    print("fitted in %.1f s" % (time.time() - t0))
    with open(model, "wb") as f:
        pickle.dump(est, f, protocol=4)
    Xe = X[5000:]
    with open(ev, "w") as f:
        json.dump({"n_features": N_FEATURES, "X": Xe.tolist(), "label": est.predict(Xe).tolist(),
                   "probabilities": est.predict_proba(Xe).tolist()}, f)


if __name__ == "__main__":
    main()
