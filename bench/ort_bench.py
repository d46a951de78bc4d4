"""One converted file in the Python onnxruntime on one thread: node count
and op types, file size, session creation, median latency at batch 1 and
1000 (the held-out rows repeated), and the outputs against scikit-learn's
on the held-out rows: label mismatches, largest probability error
(absolute; probabilities are in [0, 1]). One line of key=value pairs.
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
label, proba = np.asarray(outs["label"]).ravel(), np.asarray(outs["probabilities"])
print("%s nodes=%d bytes=%d session_ms=%.0f batch1_ms=%.3f batch1000_ms=%.1f label_mismatches=%d/%d "
      "proba_max_abs_err=%.2e accuracy=%.4f ops=%s" % (
          os.path.basename(path), len(graph.node), os.path.getsize(path), session_ms, b1, b1000,
          int((label != ev["label"]).sum()), len(label), float(np.abs(proba - ev["proba"]).max()),
          float((label == ev["y"]).mean()), dict(sorted(ops.items()))))
