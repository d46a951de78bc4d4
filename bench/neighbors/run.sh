#!/usr/bin/env bash
# Neighbours benchmark (issue 13): KNeighborsClassifier(n_neighbors=5) on
# 50 000 rows x 20 features, float32:
#   - end to end `onnxconv convert` on one core: wall time, peak RSS;
#   - the ONNX file size;
#   - ONNX Runtime (onnxruntime-node, 1 thread): session creation, latency
#     at batch 1 and 1000 (and 100), label mismatches and the largest
#     probability error against scikit-learn, peak RSS of the run.
# Both distance forms (option neighbors_distance=direct|gemm). Direct at
# batch 1000 materialises 1000 x 50 000 x 20 float32 differences (4 GB).
# usage: bash bench/neighbors/run.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${1:-build}
OUT=$BUILD_DIR/bench/neighbors
/usr/bin/python3 bench/neighbors/make_model.py "$OUT"
model=$OUT/knc_50000x20.pkl
for distance in direct gemm; do
  onnx=$OUT/knc_50000x20_$distance.onnx
  echo "== neighbors_distance=$distance"
  taskset -c 0 /usr/bin/time -f "cli_wall_s=%e cli_peak_rss_kib=%M" \
    "$BUILD_DIR/bin/onnxconv" convert "$model" -o "$onnx" --option neighbors_distance=$distance
  echo "onnx_bytes=$(stat -c %s "$onnx") pickle_bytes=$(stat -c %s "$model")"
  for batch in 100 1000; do
    taskset -c 0 /usr/bin/time -f "ort_peak_rss_kib=%M" \
      node bench/neighbors/ort_bench.js "$onnx" "$OUT/eval.json" float32 "$batch"
  done
done
