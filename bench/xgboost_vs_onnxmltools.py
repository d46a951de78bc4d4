"""Issue 16's measurement: a 1000-round, depth-8 XGBClassifier converted by
onnxconv and by onnxmltools; conversion time and peak RSS, file size, ONNX
Runtime session time and latency, accuracy against xgboost's own
predict_proba.

Not a test. Run in a private venv holding xgboost, onnxmltools, onnx,
onnxruntime and scikit-learn (nothing of it is in the test suite):

    python bench/xgboost_vs_onnxmltools.py --onnxconv build/bin/onnxconv OUTDIR
"""
import argparse
import os
import pickle
import resource
import subprocess
import sys
import time

import numpy as np


def rss_of(cmd):
    """Wall time and peak RSS (MiB) of a child process."""
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr))
    return dt, int(r.stderr.strip().splitlines()[-1]) / 1024.0


def ort_numbers(path, X):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    t0 = time.perf_counter()
    sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    session_s = time.perf_counter() - t0
    name = sess.get_inputs()[0].name
    out = sess.run(None, {name: X})
    one = X[:1]
    for _ in range(20):
        sess.run(None, {name: one})
    t0 = time.perf_counter()
    n = 200
    for _ in range(n):
        sess.run(None, {name: one})
    batch1_ms = (time.perf_counter() - t0) / n * 1e3
    t0 = time.perf_counter()
    for _ in range(5):
        sess.run(None, {name: X})
    batch_ms = (time.perf_counter() - t0) / 5 * 1e3
    probs = out[1]
    if isinstance(probs, list):  # ZipMap
        probs = np.array([[d[k] for k in sorted(d)] for d in probs])
    return session_s, batch1_ms, batch_ms, np.asarray(probs, dtype=np.float64), np.asarray(out[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnxconv", required=True)
    ap.add_argument("--rounds", type=int, default=1000)
    ap.add_argument("outdir")
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    import xgboost as xgb
    rng = np.random.RandomState(0)
    X = rng.randn(20000, 20).astype(np.float32)
    y = (X[:, 0] + np.sin(3 * X[:, 1]) + X[:, 2] * X[:, 3] + 0.3 * rng.randn(20000) > 0).astype(int)
    Xte = rng.randn(10000, 20).astype(np.float32)
    pkl = os.path.join(a.outdir, "xgb.pkl")
    if os.path.exists(pkl):  # training takes minutes on a small machine: reuse it
        with open(pkl, "rb") as f:
            clf = pickle.load(f)
    else:
        t0 = time.perf_counter()
        clf = xgb.XGBClassifier(n_estimators=a.rounds, max_depth=8, learning_rate=0.05, tree_method="hist",
                                n_jobs=2, random_state=0).fit(X, y)
        print("trained %d rounds in %.1f s (xgboost %s)" % (a.rounds, time.perf_counter() - t0, xgb.__version__))
        with open(pkl, "wb") as f:
            pickle.dump(clf, f, protocol=4)
    print("model: %d trees, pickle %.1f MiB" % (len(clf.get_booster().get_dump()), os.path.getsize(pkl) / 2**20))
    expected = clf.predict_proba(Xte).astype(np.float64)
    label = clf.predict(Xte)

    ours = os.path.join(a.outdir, "onnxconv.onnx")
    conv_s, conv_rss = rss_of([a.onnxconv, "convert", pkl, "-o", ours])

    theirs = os.path.join(a.outdir, "onnxmltools.onnx")
    script = ("import pickle,sys,onnxmltools;from onnxmltools.convert.common.data_types import FloatTensorType;"
              "m=pickle.load(open(sys.argv[1],'rb'));"
              "o=onnxmltools.convert_xgboost(m,initial_types=[('X',FloatTensorType([None,%d]))],target_opset=15);"
              "open(sys.argv[2],'wb').write(o.SerializeToString())" % X.shape[1])
    their_s, their_rss = rss_of([sys.executable, "-c", script, pkl, theirs])
    # onnxmltools' own time excludes the interpreter and imports: measure them apart.
    base_s, base_rss = rss_of([sys.executable, "-c", "import pickle,onnxmltools,xgboost"])

    rows = []
    for name, path, ct, rss in (("onnxconv", ours, conv_s, conv_rss), ("onnxmltools", theirs, their_s, their_rss)):
        session_s, b1, bn, probs, lab = ort_numbers(path, Xte)
        err = np.abs(probs - expected).max()
        mism = int((lab.reshape(-1) != label).sum())
        rows.append((name, ct, rss, os.path.getsize(path) / 2**20, session_s, b1, bn, err, mism))
    print("%-12s %9s %9s %8s %9s %10s %12s %10s %6s" % ("converter", "convert_s", "peak_MiB", "file_MiB",
                                                       "session_s", "batch1_ms", "batch10k_ms", "max_abs", "labels"))
    for r in rows:
        print("%-12s %9.2f %9.1f %8.2f %9.3f %10.3f %12.1f %10.2e %6d" % r)
    print("onnxmltools' interpreter + imports alone: %.2f s, %.1f MiB" % (base_s, base_rss))
    print("speed-up, whole process: %.1fx; net of onnxmltools' import time: %.1fx"
          % (rows[1][1] / rows[0][1], max(rows[1][1] - base_s, 1e-9) / rows[0][1]))


if __name__ == "__main__":
    main()
