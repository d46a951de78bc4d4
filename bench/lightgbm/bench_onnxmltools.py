"""onnxconv against onnxmltools on one 1000-tree LightGBM classifier (issue 16).

usage (a private venv, never the test suite):
  python3 -m venv /tmp/lgbm-bench-venv
  /tmp/lgbm-bench-venv/bin/pip install onnxmltools==1.16.0 onnx==1.19.1 onnxruntime==1.23.2 \
      lightgbm==4.7.0 numpy==2.3.5 scipy==1.16.3 scikit-learn==1.7.2 skl2onnx==1.20.0
  /tmp/lgbm-bench-venv/bin/python bench/lightgbm/bench_onnxmltools.py --onnxconv build/bin/onnxconv OUTDIR

Trains an LGBMClassifier (1000 trees, 63 leaves, 30 features, NaN in the
data) and reports for each converter: conversion time and peak RSS (a
fresh process each, best of 3), file size, ONNX Runtime session time,
latency of one row and of 1000 rows (median of 50 / 10 runs, one thread),
and the largest probability difference and label mismatches against
LightGBM's own predict_proba / predict on 5000 float32 rows. onnxconv's
float64 model is measured too.
"""
import argparse
import json
import os
import pickle
import subprocess
import sys
import time

import lightgbm as lgb
import numpy as np
import onnxruntime as ort

N_FEATURES = 30


def train(out):
    rng = np.random.RandomState(0)
    pkl = os.path.join(out, "lgbm_1000.pkl")
    X = rng.randn(20000, N_FEATURES)
    y = (X[:, 0] + np.sin(3 * X[:, 1]) + X[:, 2] * X[:, 3] + rng.randn(20000) > 0).astype(int)
    X[rng.rand(*X.shape) < 0.02] = np.nan
    if os.path.exists(pkl):  # the same seed makes the same model: reuse it
        with open(pkl, "rb") as f:
            model = pickle.load(f)
    else:
        model = lgb.LGBMClassifier(n_estimators=1000, num_leaves=63, learning_rate=0.05, verbose=-1,
                                   random_state=0, n_jobs=2).fit(X, y)
        with open(pkl, "wb") as f:
            pickle.dump(model, f, protocol=4)
    model.booster_.save_model(os.path.join(out, "lgbm_1000.txt"))
    X_eval = rng.randn(5000, N_FEATURES).astype(np.float32)
    X_eval[rng.rand(*X_eval.shape) < 0.02] = np.nan
    return model, pkl, X_eval


ONNXMLTOOLS_SCRIPT = r"""
import pickle, resource, sys, time
t0 = time.perf_counter()
import onnxmltools
from onnxmltools.convert.common.data_types import FloatTensorType
model = pickle.load(open(sys.argv[1], "rb"))
t1 = time.perf_counter()
onx = onnxmltools.convert_lightgbm(model, initial_types=[("X", FloatTensorType([None, %d]))],
                                   zipmap=False, target_opset=15)  # the newest it supports
open(sys.argv[2], "wb").write(onx.SerializeToString())
t2 = time.perf_counter()
print("%%.3f %%.3f %%d" %% (t2 - t1, t2 - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
""" % N_FEATURES


def run_onnxmltools(pkl, onnx_path):
    """(conversion seconds excluding imports and unpickling, total, peak RSS MiB), best of 3."""
    best = None
    for _ in range(3):
        r = subprocess.run([sys.executable, "-c", ONNXMLTOOLS_SCRIPT, pkl, onnx_path],
                           capture_output=True, text=True, check=True)
        conv, total, rss = r.stdout.split()
        row = (float(conv), float(total), int(rss) / 1024)
        best = row if best is None or row[0] < best[0] else best
    return best


def run_onnxconv(binary, model_path, onnx_path, dtype):
    """(wall seconds of the whole CLI run: read, convert, validate, write; peak RSS MiB), best of 3."""
    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "convert", model_path, "-o", onnx_path,
                            "--dtype", dtype], capture_output=True, text=True, check=True)
        wall = time.perf_counter() - t0
        row = (wall, int(r.stderr.strip().splitlines()[-1]) / 1024)
        best = row if best is None or row[0] < best[0] else best
    return best


def ort_numbers(onnx_path, X, prob_name):
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    t0 = time.perf_counter()
    sess = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
    session_s = time.perf_counter() - t0
    name = sess.get_inputs()[0].name
    outs = [o.name for o in sess.get_outputs()]
    label_name = outs[0]

    def median_ms(batch, runs):
        ts = []
        for _ in range(runs):
            t = time.perf_counter()
            sess.run(None, {name: batch})
            ts.append(time.perf_counter() - t)
        return 1000 * float(np.median(ts))

    lat1 = median_ms(X[:1], 50)
    lat1000 = median_ms(X[:1000], 10)
    res = dict(zip(outs, sess.run(None, {name: X})))
    return session_s, lat1, lat1000, res[label_name], res[prob_name]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnxconv", required=True)
    ap.add_argument("outdir")
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    t0 = time.perf_counter()
    model, pkl, X = train(args.outdir)
    print("trained in %.1f s" % (time.perf_counter() - t0))
    proba = model.predict_proba(X.astype(np.float64))
    label = model.predict(X.astype(np.float64))
    rows = []
    omt = os.path.join(args.outdir, "onnxmltools.onnx")
    conv, total, rss = run_onnxmltools(pkl, omt)
    rows.append(("onnxmltools float32", conv, total, rss, omt, X, "probabilities"))
    for dtype in ("float32", "float64"):
        out = os.path.join(args.outdir, "onnxconv_%s.onnx" % dtype)
        wall, rss = run_onnxconv(args.onnxconv, pkl, out, dtype)
        rows.append(("onnxconv %s" % dtype, wall, wall, rss, out,
                     X if dtype == "float32" else X.astype(np.float64), "probabilities"))
    report = []
    print("%-20s %10s %10s %9s %9s %9s %9s %10s %12s %6s" % (
        "converter", "convert_s", "total_s", "rss_MiB", "size_MB", "session_s", "lat1_ms", "lat1000_ms",
        "max|dp|", "label"))
    for name, conv, total, rss, path, Xin, prob in rows:
        session_s, lat1, lat1000, lab, p = ort_numbers(path, Xin, prob)
        dp = float(np.max(np.abs(np.asarray(p, dtype=np.float64) - proba)))
        mism = int(np.sum(np.asarray(lab) != label))
        size = os.path.getsize(path) / 1e6
        print("%-20s %10.3f %10.3f %9.0f %9.1f %9.3f %9.3f %10.2f %12.3g %6d" % (
            name, conv, total, rss, size, session_s, lat1, lat1000, dp, mism))
        report.append(dict(converter=name, convert_s=conv, total_s=total, rss_mib=rss, size_mb=size,
                           session_s=session_s, latency_1_ms=lat1, latency_1000_ms=lat1000,
                           max_abs_proba_diff=dp, label_mismatches=mism))
    with open(os.path.join(args.outdir, "report.json"), "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
