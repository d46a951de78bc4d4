#!/usr/bin/env bash
# Linear-model conversion benchmark: read + convert + validate + write time
# and peak RSS per model size. usage: bash bench/run_linear.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
OUT=$BUILD_DIR/bench/linear
/usr/bin/python3 bench/make_linear_models.py "$OUT"
for model in "$OUT"/*.joblib; do
  "$BUILD_DIR/bin/convert_bench" "$model" --repeat 5 --out "$OUT/out.onnx"
done
