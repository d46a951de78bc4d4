"""The benchmark model of issue 14's "Measure and report": a Pipeline of
QuantileTransformer(n_quantiles=1000) on 200 features followed by
PCA(n_components=50), fitted on 20 000 synthetic rows (fixed seed).

The data: 10 latent factors mixed into 200 correlated columns (so PCA has
structure to find), each column then bent by a skewed monotone map
(lognormal, cube, exponential tail, squared, log-counts rounded to integers
that repeat, so several quantiles coincide): the quantile step matters and
meets ties. Every value is float32-exact; the model is fitted on those
values in double.

Writes to OUTDIR:
  pipeline.pkl      the Pipeline (joblib)
  eval.npz          X: 2000 held-out rows + 4 rows beyond every column's
                    training range (float32-exact); variable: the Pipeline's
                    transform of them, in double
usage: python make_model.py OUTDIR      (in the bench venv, see run.sh)
"""
import os
import sys
import time

import joblib
import numpy as np
from sklearn.decomposition import PCA
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import QuantileTransformer

N_FIT, N_EVAL, N_FEATURES, N_FACTORS = 20000, 2000, 200, 10

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.RandomState(14)
mix = rng.randn(N_FACTORS, N_FEATURES)
scale = rng.uniform(0.2, 1.5, N_FEATURES)


def rows(n):
    z = rng.randn(n, N_FACTORS) @ mix / np.sqrt(N_FACTORS) + 0.5 * rng.randn(n, N_FEATURES)
    z *= scale
    x = np.empty_like(z)
    kind = np.arange(N_FEATURES) % 5
    x[:, kind == 0] = np.exp(z[:, kind == 0])                        # lognormal
    x[:, kind == 1] = z[:, kind == 1] ** 3                           # heavy both tails
    x[:, kind == 2] = np.exp(np.clip(z[:, kind == 2], -3, None)) * 100 - 50
    x[:, kind == 3] = z[:, kind == 3] ** 2                           # piled at 0
    x[:, kind == 4] = np.floor(np.exp(z[:, kind == 4] + 1))          # counts: ties
    return x.astype(np.float32).astype(np.float64)


X_fit, X_eval = rows(N_FIT), rows(N_EVAL)
lo, hi = X_fit.min(axis=0), X_fit.max(axis=0)
span = hi - lo + 1
beyond = np.vstack([lo - span, hi + span, lo - 1e-3 * span, hi + 1e-3 * span])
X_eval = np.vstack([X_eval, beyond]).astype(np.float32).astype(np.float64)

model = Pipeline([("quantile", QuantileTransformer(n_quantiles=1000, random_state=0)),
                  ("pca", PCA(n_components=50, random_state=0))])
t0 = time.perf_counter()
model.fit(X_fit)
print("fit_s=%.1f" % (time.perf_counter() - t0))
qt, pca = model.named_steps["quantile"], model.named_steps["pca"]
joblib.dump(model, os.path.join(out, "pipeline.pkl"))
np.savez(os.path.join(out, "eval.npz"), X=X_eval.astype(np.float32), variable=model.transform(X_eval))
repeated = sum(int(len(np.unique(qt.quantiles_[:, j])) < qt.n_quantiles_) for j in range(N_FEATURES))
print("pipeline_bytes=%d n_quantiles=%d columns_with_repeated_quantiles=%d pca_explained_variance=%.3f" % (
    os.path.getsize(os.path.join(out, "pipeline.pkl")), qt.n_quantiles_, repeated,
    float(pca.explained_variance_ratio_.sum())))
