#!/usr/bin/env bash
# MLP benchmark (issue 13): MLPClassifier 3 x 256 relu, 50 features, 10
# classes, as float32 and float64. Per dtype: `onnxconv convert` wall time
# and peak RSS on one core, file size, convert_bench's phases (medians of 5),
# and with onnxruntime-node (one thread) session creation, median latency at
# batch 1 and 1000, accuracy against scikit-learn.
# With SKL2ONNX_PYTHON set to a python that has skl2onnx (a private venv;
# not part of the project), the same for skl2onnx's float32 conversion.
# usage: bash bench/neural_network/run.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${1:-build}
OUT=$BUILD_DIR/bench/neural_network
/usr/bin/python3 bench/neural_network/make_models.py "$OUT"
model=$OUT/mlp_3x256.pkl
for dtype in float32 float64; do
  onnx=$OUT/mlp_3x256_$dtype.onnx
  echo "== onnxconv $dtype"
  taskset -c 0 /usr/bin/time -f "cli_wall_s=%e cli_peak_rss_kib=%M" \
    "$BUILD_DIR/bin/onnxconv" convert "$model" -o "$onnx" --dtype "$dtype"
  echo "onnx_bytes=$(stat -c %s "$onnx")"
  dtype_flag=()
  [ "$dtype" = float64 ] && dtype_flag=(--dtype float64)
  taskset -c 0 "$BUILD_DIR/bin/convert_bench" "$model" --repeat 5 --out "$OUT/bench_out.onnx" "${dtype_flag[@]}"
  taskset -c 0 node bench/neural_network/ort_bench.js "$onnx" "$OUT/eval.json" "$dtype"
done
if [ -n "${SKL2ONNX_PYTHON:-}" ]; then
  onnx=$OUT/mlp_3x256_skl2onnx.onnx
  echo "== skl2onnx float32"
  taskset -c 0 "$SKL2ONNX_PYTHON" -c "
import pickle, sys, time
t0 = time.perf_counter()
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType
t1 = time.perf_counter()
with open(sys.argv[1], 'rb') as f:
    est = pickle.load(f)
onx = to_onnx(est, initial_types=[('X', FloatTensorType([None, est.n_features_in_]))],
              options={id(est): {'zipmap': False}})
with open(sys.argv[2], 'wb') as f:
    f.write(onx.SerializeToString())
t2 = time.perf_counter()
print('skl2onnx_import_s=%.3f skl2onnx_load_convert_write_s=%.3f' % (t1 - t0, t2 - t1))
" "$model" "$onnx"
  echo "onnx_bytes=$(stat -c %s "$onnx")"
  taskset -c 0 node bench/neural_network/ort_bench.js "$onnx" "$OUT/eval.json" float32
fi
