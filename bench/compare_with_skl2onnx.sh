#!/usr/bin/env bash
# The measuring half every benchmark against skl2onnx shares: converts
# MODEL with onnxconv (CLI: read + convert + validate + write) in float32
# and float64 and with skl2onnx (the benchmarks' private venv) in each of
# SKL2ONNX_DTYPES, all on core 0 under /usr/bin/time, then runs every file
# in the venv's onnxruntime on one thread (bench/ort_bench.py) against
# DIR/eval.npz. SKL2ONNX_CONVERT=0 keeps skl2onnx files of an earlier run.
# usage: compare_with_skl2onnx.sh BUILD_DIR DIR MODEL "SKL2ONNX_DTYPES"
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=$1 OUT=$2 MODEL=$3 SKL2ONNX_DTYPES=$4
PY=$(bash bench/skl2onnx_venv.sh)
export OMP_NUM_THREADS=1
files=()
for dtype in float32 float64; do
  echo "== onnxconv $dtype"
  taskset -c 0 /usr/bin/time -f "cli_wall_s=%e cli_peak_rss_kib=%M" \
    "$BUILD_DIR/bin/onnxconv" convert "$MODEL" -o "$OUT/onnxconv_$dtype.onnx" --dtype "$dtype"
  files+=("onnxconv_$dtype")
done
for dtype in $SKL2ONNX_DTYPES; do
  files+=("skl2onnx_$dtype")
  [ "${SKL2ONNX_CONVERT:-1}" = 0 ] && [ -f "$OUT/skl2onnx_$dtype.onnx" ] && continue
  echo "== skl2onnx $dtype"
  taskset -c 0 /usr/bin/time -f "process_wall_s=%e process_peak_rss_kib=%M" \
    "$PY" bench/skl2onnx_convert.py "$MODEL" "$OUT/skl2onnx_$dtype.onnx" "$dtype"
done
for f in "${files[@]}"; do
  taskset -c 0 /usr/bin/time -f "ort_peak_rss_kib=%M" \
    "$PY" bench/ort_bench.py "$OUT/$f.onnx" "$OUT/eval.npz" "${f##*_}"
done
