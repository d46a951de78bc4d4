"""skl2onnx's conversion of the benchmark model, timed in-process: the
pickle is loaded first (not timed), then to_onnx and the write are.
Prints convert_s and the peak RSS before and after converting (the
process's own baseline, Python + scikit-learn + skl2onnx imported and the
model loaded, is what /usr/bin/time adds on top of the conversion).
usage: python skl2onnx_convert.py MODEL.pkl OUT.onnx   (bench venv)
"""
import resource
import sys
import time

import joblib
import numpy as np
from skl2onnx import to_onnx

model = joblib.load(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
# zipmap off: probabilities as a [N, 10] tensor, as onnxconv writes them.
onx = to_onnx(model, np.zeros((1, model.n_features_in_), dtype=np.float32),
              options={id(model): {"zipmap": False}})
with open(sys.argv[2], "wb") as f:
    f.write(onx.SerializeToString())
t = time.perf_counter() - t0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("skl2onnx_convert_s=%.3f rss_before_kib=%d rss_after_kib=%d opsets=%s" % (
    t, before, after, {o.domain or "ai.onnx": o.version for o in onx.opset_import}))
