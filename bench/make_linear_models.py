"""Makes the linear-model benchmark inputs with real scikit-learn.

usage: /usr/bin/python3 bench/make_linear_models.py OUTDIR
"""
import sys
from pathlib import Path

import joblib
import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.RandomState(0)
    for n_features, n_classes in [(100, 10), (1000, 100), (5000, 200)]:
        X = rng.randn(n_classes * 20, n_features)
        y = np.repeat(np.arange(n_classes), 20)
        clf = LogisticRegression(max_iter=5).fit(X, y)  # convergence is irrelevant here
        joblib.dump(clf, out / f"logreg_{n_features}x{n_classes}.joblib")
    X = rng.randn(2000, 5000)
    reg = LinearRegression().fit(X, rng.randn(2000, 50))
    joblib.dump(reg, out / "linreg_5000x50.joblib")


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")
    main(sys.argv[1])
