#!/usr/bin/env bash
# VotingClassifier benchmark (issue 15): a soft vote of a 300-tree
# RandomForestClassifier, an SVC(probability=True) and a LogisticRegression
# on scikit-learn's digits, converted by onnxconv (CLI: read + convert +
# validate + write, one core) and by skl2onnx (pinned, in the benchmarks'
# private venv: bench/skl2onnx_venv.sh, bench/skl2onnx-requirements.txt),
# both run in the same Python onnxruntime on one thread. See README.md for
# the figures.
# usage: bash bench/voting/run.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${1:-build}
OUT=$BUILD_DIR/bench/voting
PY=$(bash bench/skl2onnx_venv.sh)
export OMP_NUM_THREADS=1
[ -f "$OUT/voting.pkl" ] || "$PY" bench/voting/make_model.py "$OUT"
for dtype in float32 float64; do
  echo "== onnxconv $dtype"
  taskset -c 0 /usr/bin/time -f "cli_wall_s=%e cli_peak_rss_kib=%M" \
    "$BUILD_DIR/bin/onnxconv" convert "$OUT/voting.pkl" -o "$OUT/onnxconv_$dtype.onnx" --dtype "$dtype"
done
echo "== skl2onnx float32"
taskset -c 0 /usr/bin/time -f "process_wall_s=%e process_peak_rss_kib=%M" \
  "$PY" bench/skl2onnx_convert.py "$OUT/voting.pkl" "$OUT/skl2onnx_float32.onnx"
for f in onnxconv_float32 onnxconv_float64 skl2onnx_float32; do
  taskset -c 0 /usr/bin/time -f "ort_peak_rss_kib=%M" \
    "$PY" bench/ort_bench.py "$OUT/$f.onnx" "$OUT/eval.npz" "${f##*_}"
done
