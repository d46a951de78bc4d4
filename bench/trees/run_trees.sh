#!/usr/bin/env bash
# Tree-ensemble conversion benchmark (issue 3): RandomForestRegressor with
# 100 / 300 / 1000 trees of max_depth 12 on 20 features. Per model:
#   - end to end `onnxconv convert` (read + convert + validate + write, one
#     process, one core): wall time and peak RSS, ONNX file size;
#   - the phase split from bench/convert_bench (read, convert+validate,
#     convert only, write; medians of 3);
#   - ONNX Runtime (onnxruntime-node, 1 thread): session creation, latency
#     at batch 1 and 1000.
# usage: bash bench/trees/run_trees.sh [BUILD_DIR] [float32|float64]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${1:-build}
DTYPE=${2:-float32}
OUT=$BUILD_DIR/bench/trees
/usr/bin/python3 bench/trees/make_forest_models.py "$OUT"
for n in 100 300 1000; do
  model=$OUT/rf_$n.pkl
  onnx=$OUT/rf_${n}_$DTYPE.onnx
  echo "== rf_$n ($DTYPE): $(/usr/bin/python3 -c "import json;print(json.load(open('$OUT/models.json'))['rf_$n'])")"
  echo "model_bytes=$(stat -c %s "$model")"
  # one core, as the budget says
  taskset -c 0 /usr/bin/python3 bench/trees/measure.py \
    "$BUILD_DIR/bin/onnxconv" convert "$model" -o "$onnx" --dtype "$DTYPE"
  echo "onnx_bytes=$(stat -c %s "$onnx")"
  dtype_flag=()
  [ "$DTYPE" = float64 ] && dtype_flag=(--dtype float64)
  taskset -c 0 "$BUILD_DIR/bin/convert_bench" "$model" --repeat 3 --out "$OUT/bench_out.onnx" "${dtype_flag[@]}"
  taskset -c 0 node bench/trees/ort_bench.js "$onnx" 20 "$DTYPE"
done
