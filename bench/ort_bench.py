"""One converted file in the Python onnxruntime on one thread: node count
and op types, file size, session creation, median latency at batch 1 (200
runs) and 1000 (10 runs; the evaluation rows repeated or cut to 1000), and
the outputs against scikit-learn's on the evaluation rows.

EVAL.npz holds `X` (the rows, exact in float32) and, per graph output to
check, scikit-learn's values under the output's name (`label`,
`probabilities`, `variable`; `proba` is read for `probabilities`, the name
older evaluation files used). A label output (integers or strings) reports
its mismatches, a float output its largest absolute error and the largest
|expected| beside it (the scale the error is relative to). `y` (optional,
the true labels) adds the accuracy of `label`. One line of key=value pairs.
usage: python ort_bench.py MODEL.onnx EVAL.npz [float32|float64]   (bench venv)
"""
import collections
import os
import sys
import time

import numpy as np
import onnx
import onnxruntime as ort

path, ev = sys.argv[1], np.load(sys.argv[2])
dtype = np.float64 if len(sys.argv) > 3 and sys.argv[3] == "float64" else np.float32
graph = onnx.load(path, load_external_data=False).graph
ops = collections.Counter(n.op_type for n in graph.node)
so = ort.SessionOptions()
so.intra_op_num_threads = so.inter_op_num_threads = 1
t0 = time.perf_counter()
sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
session_ms = (time.perf_counter() - t0) * 1000
name = sess.get_inputs()[0].name
X = ev["X"].astype(dtype)
big = np.resize(X, (1000, X.shape[1]))


def median_ms(rows, runs):
    sess.run(None, {name: rows})
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        sess.run(None, {name: rows})
        times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2] * 1000


b1 = median_ms(X[:1], 200)
b1000 = median_ms(big, 10)
outs = dict(zip([o.name for o in sess.get_outputs()], sess.run(None, {name: X})))
checks = []
for out_name, got in outs.items():
    key = out_name if out_name in ev.files else {"probabilities": "proba"}.get(out_name)
    if key not in ev.files:
        continue
    got, want = np.asarray(got), np.asarray(ev[key])
    if want.dtype.kind in "fc":
        got = got.reshape(want.shape)
        checks.append("%s_max_abs_err=%.2e %s_max_abs=%.3g" % (
            out_name, float(np.abs(got - want).max()), out_name, float(np.abs(want).max())))
    else:
        got = got.ravel()
        checks.append("%s_mismatches=%d/%d" % (out_name, int((got != want.ravel()).sum()), len(got)))
        if out_name == "label" and "y" in ev.files:
            checks.append("accuracy=%.4f" % float((got == ev["y"]).mean()))
if not checks:
    checks.append("checked=none")
print("%s nodes=%d bytes=%d session_ms=%.0f batch1_ms=%.3f batch1000_ms=%.1f %s ops=%s" % (
    os.path.basename(path), len(graph.node), os.path.getsize(path), session_ms, b1, b1000,
    " ".join(checks), dict(sorted(ops.items()))))
