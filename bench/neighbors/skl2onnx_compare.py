"""Optional: skl2onnx's conversion of the same KNeighborsClassifier, timed
next to onnxconv's files in the Python onnxruntime (one thread).

Needs a private venv (not part of the test suite), e.g.
  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install skl2onnx==1.19.1 \
      onnxruntime==1.23.2 scikit-learn==1.6.1 "numpy<2.3"
usage: /tmp/venv/bin/python bench/neighbors/skl2onnx_compare.py OUTDIR [ONNX ...]
OUTDIR holds make_model.py's eval.json; the model is refitted here on the
same data (make_model.py's seed), since the pickle comes from another
scikit-learn. Each ONNX file given is timed too.
"""
import pickle, sys, time, os, json
import numpy as np
import onnxruntime as ort
from skl2onnx import to_onnx
out = sys.argv[1]
ev = json.load(open(os.path.join(out, "eval.json")))
Xe = np.array(ev["X"], dtype=np.float32)
# refit in this environment on the same data as make_model.py
from sklearn.neighbors import KNeighborsClassifier
rng = np.random.RandomState(0)
centres = rng.randn(3, 20) * 2.0
y = rng.randint(0, 3, size=51000)
X = (centres[y] + rng.randn(51000, 20) * 1.5).astype(np.float32).astype(np.float64)
clf = KNeighborsClassifier(n_neighbors=5).fit(X[:50000], y[:50000])
t0 = time.time()
onx = to_onnx(clf, X[:1].astype(np.float32), options={id(clf): {"zipmap": False}}, target_opset=17)
t_conv = time.time() - t0
path = os.path.join(out, "knc_skl2onnx.onnx")
open(path, "wb").write(onx.SerializeToString())
print("skl2onnx convert_s=%.2f bytes=%d ops=%s" % (t_conv, os.path.getsize(path), sorted({n.op_type for n in onx.graph.node})))
want = clf.predict(Xe)
def bench(p):
    so = ort.SessionOptions(); so.intra_op_num_threads = 1; so.inter_op_num_threads = 1
    s = ort.InferenceSession(p, so, providers=["CPUExecutionProvider"])
    name = s.get_inputs()[0].name
    def lat(batch, runs):
        s.run(None, {name: Xe[:batch]}); ts = []
        for _ in range(runs):
            t = time.perf_counter(); s.run(None, {name: Xe[:batch]}); ts.append(time.perf_counter() - t)
        return sorted(ts)[len(ts) // 2] * 1000
    b1, b1000 = lat(1, 50), lat(1000, 3)
    lab = s.run(None, {name: Xe})[0]
    print("%-22s batch1_ms=%.3f batch1000_ms=%.1f label_mismatches=%d" % (os.path.basename(p), b1, b1000, int((np.asarray(lab).ravel() != want).sum())))
for p in sys.argv[2:] + [path]:
    bench(p)
