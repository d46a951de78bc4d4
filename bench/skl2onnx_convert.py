"""skl2onnx's conversion of a benchmark model, timed in-process: the
pickle is loaded first (not timed), then to_onnx and the write are.
Prints convert_s and the peak RSS before and after converting (the
process's own baseline, Python + scikit-learn + skl2onnx imported and the
model loaded, is what /usr/bin/time adds on top of the conversion).
The input is one float tensor of the given dtype (float32 by default);
classifiers get zipmap off: probabilities as an [N, n_classes] tensor, as
onnxconv writes them. When skl2onnx refuses the model, prints its
exception's type and message on one line (skl2onnx_error=...) and exits 1.
usage: python skl2onnx_convert.py MODEL.pkl OUT.onnx [float32|float64]   (bench venv)
"""
import resource
import sys
import time

import joblib
import numpy as np
from sklearn.base import is_classifier
from skl2onnx import to_onnx

model = joblib.load(sys.argv[1])
dtype = np.float64 if len(sys.argv) > 3 and sys.argv[3] == "float64" else np.float32
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
try:
    onx = to_onnx(model, np.zeros((1, model.n_features_in_), dtype=dtype),
                  options={id(model): {"zipmap": False}} if is_classifier(model) else None)
except Exception as e:  # the refusal is a result of the benchmark: report it as is
    print("skl2onnx_error=%s: %s" % (type(e).__name__, " ".join(str(e).split())))
    sys.exit(1)
with open(sys.argv[2], "wb") as f:
    f.write(onx.SerializeToString())
t = time.perf_counter() - t0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("skl2onnx_convert_s=%.3f rss_before_kib=%d rss_after_kib=%d opsets=%s" % (
    t, before, after, {o.domain or "ai.onnx": o.version for o in onx.opset_import}))
