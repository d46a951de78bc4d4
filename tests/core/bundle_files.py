"""Files as users save them, made by real scikit-learn, and what the onnxconv
CLI does with them:

- a joblib dict bundle with one estimator and metadata converts on its own;
- one with several estimators needs --key (the error lists the keys), and
  `inspect` shows the keys;
- a ColumnTransformer whose columns are a pandas Index converts, of
  integers or of names (fitted on a DataFrame: names are placed by
  feature_names_in_);
- `inspect` shows a model with a class no plugin converts (marked), while
  `convert` refuses it.

    bundle_files.py OUTDIR --onnxconv PATH

Writes OUTDIR/index.json and one case folder per convertible file (for
tests/parity/run_parity.js) and checks the CLI's behaviour on the others.
Exit code 0 when every check holds."""
import argparse
import json
import os
import shutil
import subprocess
import sys

import joblib
import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.manifold import Isomap
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

FAILURES = []


def check(ok, what, output=""):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)
        print("     output was:\n" + "\n".join("       " + l for l in output.splitlines()[-15:]))


def data():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(80, 4)).astype(np.float32)
    y = (X[:, 0] + 0.5 * X[:, 2] - X[:, 3] > 0).astype(np.int64)
    return X, y


def write_case(outdir, name, saved, model, X):
    case_dir = os.path.join(outdir, name)
    os.makedirs(case_dir)
    joblib.dump(saved, os.path.join(case_dir, "model.joblib"))
    rows = np.asarray(X, dtype=np.float32)
    case = {"family": "bundle_files", "case": name, "model": "model.joblib", "dtype": "float32",
            "options": {}, "X": rows.tolist(),
            "expected": {"label": model.predict(X).tolist(), "probabilities": model.predict_proba(X).tolist()},
            "boundary_rows": []}
    with open(os.path.join(case_dir, "case.json"), "w") as f:
        json.dump(case, f)
    return os.path.join(case_dir, "model.joblib")


def run(onnxconv, *args):
    r = subprocess.run([onnxconv, *args], capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout + r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--onnxconv", required=True)
    a = ap.parse_args()
    shutil.rmtree(a.outdir, ignore_errors=True)
    os.makedirs(a.outdir)
    X, y = data()
    clf = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)
    scaler = StandardScaler().fit(X)
    meta = {"features": ["a", "b", "c", "d"], "threshold": 0.5, "trained_with": sklearn.__version__}

    # One estimator among metadata: converts without --key.
    write_case(a.outdir, "bundle_one_estimator", {"model": clf, **meta}, clf, X)

    # ColumnTransformer columns as a pandas Index (pickled via _new_Index).
    ct = ColumnTransformer([("num", StandardScaler(), pd.Index([0, 2])), ("rest", "passthrough", pd.Index([1, 3]))])
    ct_clf = make_pipeline(ct, LogisticRegression()).fit(X, y)
    path = write_case(a.outdir, "column_transformer_pandas_index", ct_clf, ct_clf, X)
    with open(path, "rb") as f:
        check(b"_new_Index" in f.read(), "the ColumnTransformer file holds a pickled pandas Index")

    # Fitted on a DataFrame, columns chosen from df.columns (names): they
    # select by position in feature_names_in_, the order X is fed in.
    df = pd.DataFrame(X, columns=["age", "income", "debt", "score"])
    named = ColumnTransformer([("num", StandardScaler(), df.columns[[2, 0]]),
                               ("rest", "passthrough", df.columns[[1, 3]])])
    named_clf = make_pipeline(named, LogisticRegression()).fit(df, y)
    write_case(a.outdir, "column_transformer_dataframe_names", named_clf, named_clf, df)

    with open(os.path.join(a.outdir, "index.json"), "w") as f:
        json.dump({"family": "bundle_files",
                   "cases": ["bundle_one_estimator", "column_transformer_pandas_index",
                             "column_transformer_dataframe_names"]}, f)

    # Several estimators: --key chooses, without it the error lists them.
    several = os.path.join(a.outdir, "several.joblib")
    joblib.dump({"model": clf, "scaler": scaler, **meta}, several)
    out = os.path.join(a.outdir, "several.onnx")
    rc, text = run(a.onnxconv, "convert", several, "-o", out)
    check(rc == 1 and "several estimators (keys 'model', 'scaler'" in text and "--key" in text,
          "several estimators without --key: an error listing the keys", text)
    rc, text = run(a.onnxconv, "convert", several, "-o", out, "--key", "scaler")
    check(rc == 0 and os.path.exists(out), "--key scaler converts", text)
    rc, text = run(a.onnxconv, "convert", several, "-o", out, "--key", "nope")
    check(rc == 1 and "no key 'nope'" in text, "--key of a missing entry names the keys", text)
    rc, text = run(a.onnxconv, "inspect", several, "--key", "model")
    check(rc == 0 and all(k in text for k in ("'model':", "'scaler':", "'features':", "'threshold':"))
          and "scikit-learn: " + sklearn.__version__ in text, "inspect lists the keys and the version", text)

    # A class no plugin converts: inspect shows it, convert refuses it.
    # Isomap: a transformer no plugin converts (its transform needs the
    # training graph's shortest paths).
    unconvertible = os.path.join(a.outdir, "isomap.joblib")
    joblib.dump(make_pipeline(StandardScaler(), Isomap(n_components=2), LogisticRegression()).fit(X, y),
                unconvertible)
    rc, text = run(a.onnxconv, "inspect", unconvertible)
    check(rc == 0 and "NOT CONVERTIBLE" in text and "Isomap" in text and "LogisticRegression" in text,
          "inspect shows a model with a class no plugin converts", text)
    rc, text = run(a.onnxconv, "convert", unconvertible, "-o", out + ".isomap")
    check(rc == 3 and "no plugin converts 'sklearn.manifold._isomap.Isomap'" in text,
          "convert refuses it, naming the class, with the unsupported-estimator exit code 3", text)

    print(f"{len(FAILURES)} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
