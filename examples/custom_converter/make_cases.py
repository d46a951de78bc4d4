#!/usr/bin/python3
"""Train Acme's pipelines with real scikit-learn and write parity cases.

Usage:
    PYTHON make_cases.py OUTDIR

PYTHON: any python with numpy and scikit-learn 1.1 or later. onnxconv's
tests run it in each venv of the scikit-learn version matrix
(tests/fixtures/envs.py run VERSION -- make_cases.py OUTDIR).

Writes OUTDIR/acme/<case>/{model.pkl,case.json} and OUTDIR/acme/index.json in
the format of onnxconv's tests/fixtures/README.md, so that onnxconv's parity
runner (tests/parity/run_parity.js) converts each model with the `acme`
plugin, runs it in ONNX Runtime and compares with scikit-learn's own
outputs. Also writes OUTDIR/broken/model.pkl: a pipeline whose transformer
state is damaged, to check the plugin's error message.

The models: scikit-learn Pipelines with LogClipTransformer (acme_transforms,
this folder) ahead of a built-in estimator, and Acme's composite
BlendRegressor over a built-in regressor and such a pipeline (the host
converts its members, the plugin blends them). Deterministic: re-running writes
identical files with the same scikit-learn, numpy and python.
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # deterministic, single-threaded BLAS

import json  # noqa: E402
import pickle  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402

# Import Acme's module from this folder, leaving no __pycache__ behind in it.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from acme_transforms import BlendRegressor, LogClipTransformer  # noqa: E402

N_TRAIN, N_TEST, N_FEATURES = 200, 60, 5
# A row whose two best decision scores are closer than this, relative to the
# terms summed into them, may get either label from a correct float32 model.
BOUNDARY_REL = 1e-5


def data(seed, classes=None):
    """Heavy-tailed positive features (what a log transform is for), plus
    test rows below every training minimum and far above the quantiles."""
    rng = np.random.RandomState(seed)
    X = rng.lognormal(mean=0.5, sigma=1.0, size=(N_TRAIN + N_TEST, N_FEATURES))
    X *= np.array([1.0, 10.0, 0.1, 3.0, 50.0])[:N_FEATURES]
    w = rng.uniform(-2.0, 2.0, size=N_FEATURES)
    score = np.log1p(X) @ w
    if classes is None:
        y = score + 0.1 * rng.randn(len(X))
    else:
        cuts = np.quantile(score, np.linspace(0, 1, classes + 1)[1:-1])
        y = np.searchsorted(cuts, score)
    lo, hi = X[:N_TRAIN].min(axis=0), X[:N_TRAIN].max(axis=0)
    extremes = np.array([lo - 1.0, hi * 10.0, np.zeros(N_FEATURES),
                         np.where(np.arange(N_FEATURES) % 2 == 0, -5.0, 1e4)])
    return X[:N_TRAIN], y[:N_TRAIN], np.vstack([X[N_TRAIN:], extremes])


def as_dtype(X, dtype):
    """float32 cases use float32-representable inputs: scikit-learn then
    runs on exactly the values ONNX Runtime gets."""
    return X.astype(np.float32).astype(np.float64) if dtype == "float32" else X


def boundary_rows(pipe, X):
    clf = pipe.steps[-1][1]
    Z = pipe[:-1].transform(X)
    d = clf.decision_function(Z)
    d = np.column_stack([-d, d]) if d.ndim == 1 else d
    W = np.atleast_2d(clf.coef_)
    scale = np.abs(Z) @ np.abs(W).T + np.abs(clf.intercept_)
    rows = []
    for i, row in enumerate(d):
        a, b = np.argsort(-row, kind="stable")[:2]
        if row[a] - row[b] <= BOUNDARY_REL * max(1.0, scale[i].max()):
            rows.append(i)
    return rows


def expected(pipe, X):
    if hasattr(pipe, "classes_"):
        return {"label": [int(v) for v in pipe.predict(X)],
                "probabilities": pipe.predict_proba(X).tolist()}
    return {"variable": pipe.predict(X).reshape(len(X), -1).tolist()}


def write_case(family_dir, name, pipe, X, dtype, options=None):
    X = as_dtype(X, dtype)
    case_dir = os.path.join(family_dir, name)
    os.makedirs(case_dir)
    with open(os.path.join(case_dir, "model.pkl"), "wb") as f:
        pickle.dump(pipe, f, protocol=4)
    case = {
        "family": "acme",
        "case": name,
        "estimator": type(pipe).__module__ + "." + type(pipe).__name__,
        "model": "model.pkl",
        "dtype": dtype,
        "options": options or {},
        "X": X.tolist(),
        "expected": expected(pipe, X),
        "boundary_rows": boundary_rows(pipe, X) if hasattr(pipe, "classes_") else [],
    }
    with open(os.path.join(case_dir, "case.json"), "w") as f:
        json.dump(case, f, separators=(",", ":"))
        f.write("\n")
    return name


def main(outdir):
    family_dir = os.path.join(outdir, "acme")
    shutil.rmtree(family_dir, ignore_errors=True)
    os.makedirs(family_dir)

    Xtr, ytr, Xte = data(seed=1, classes=3)
    clf = Pipeline([("logclip", LogClipTransformer(quantile=0.9)),
                    ("model", LogisticRegression(max_iter=1000))]).fit(Xtr, ytr)
    Xtr, ytr, Xte_r = data(seed=2)
    reg = Pipeline([("logclip", LogClipTransformer(quantile=0.95)),
                    ("model", LinearRegression())]).fit(Xtr, ytr)

    blend = BlendRegressor(LinearRegression(),
                           Pipeline([("logclip", LogClipTransformer(quantile=0.9)),
                                     ("ridge", Ridge(alpha=0.5))]),
                           weight=0.3).fit(Xtr, ytr)

    cases = [
        write_case(family_dir, "logclip_logreg_f32", clf, Xte, "float32"),
        write_case(family_dir, "logclip_logreg_f64", clf, Xte, "float64"),
        write_case(family_dir, "logclip_logreg_precise_f32", clf, Xte, "float32",
                   {"precise_log1p": "true"}),
        write_case(family_dir, "logclip_linreg_f32", reg, Xte_r, "float32"),
        write_case(family_dir, "logclip_linreg_f64", reg, Xte_r, "float64",
                   {"precise_log1p": "true"}),
        write_case(family_dir, "blend_linreg_logclip_ridge_f32", blend, Xte_r, "float32"),
        write_case(family_dir, "blend_linreg_logclip_ridge_f64", blend, Xte_r, "float64"),
    ]
    with open(os.path.join(family_dir, "index.json"), "w") as f:
        json.dump({"cases": cases, "sklearn": sklearn.__version__,
                   "numpy": np.__version__}, f, indent=1)
        f.write("\n")

    # Damaged state: one bound fewer than the model has features.
    broken_dir = os.path.join(outdir, "broken")
    shutil.rmtree(broken_dir, ignore_errors=True)
    os.makedirs(broken_dir)
    clf.steps[0][1].upper_ = clf.steps[0][1].upper_[:-1]
    with open(os.path.join(broken_dir, "model.pkl"), "wb") as f:
        pickle.dump(clf, f, protocol=4)
    print("wrote %d cases to %s, and %s" % (len(cases), family_dir, broken_dir))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_cases.py OUTDIR")
    main(sys.argv[1])
