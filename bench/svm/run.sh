#!/usr/bin/env bash
# SVC benchmark (issue 13): a binary rbf SVC with ~10 000 support vectors x
# 50 features, float32 and float64. Per dtype:
#   - end to end `onnxconv convert` on one core: wall time, peak RSS;
#   - the .onnx file size;
#   - ONNX Runtime (onnxruntime-node, 1 thread): session creation, latency
#     at batch 1 and 1000, label mismatches and decision-function error
#     against scikit-learn on 1000 rows.
# usage: bash bench/svm/run.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${1:-build}
OUT=$BUILD_DIR/bench/svm
OMP_NUM_THREADS=1 /usr/bin/python3 bench/svm/make_model.py "$OUT"
for dtype in float32 float64; do
  onnx=$OUT/svc_10k_$dtype.onnx
  echo "== svc_10k $dtype"
  taskset -c 0 /usr/bin/time -f "cli_wall_s=%e cli_peak_rss_kib=%M" \
    "$BUILD_DIR/bin/onnxconv" convert "$OUT/svc_10k.pkl" -o "$onnx" --dtype "$dtype"
  echo "onnx_bytes=$(stat -c %s "$onnx")"
  taskset -c 0 node bench/svm/ort_bench.js "$onnx" "$OUT/eval.json" "$dtype"
done
