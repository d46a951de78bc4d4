#!/usr/bin/env bash
# Transformers benchmark (issue 14): Pipeline(QuantileTransformer(1000
# quantiles) on 200 features -> PCA(200 -> 50)), fitted by make_model.py,
# converted by onnxconv (CLI: read + convert + validate + write, one core)
# and by skl2onnx (pinned, in the benchmarks' private venv:
# bench/skl2onnx_venv.sh), float32 and float64, every file then run in the
# same Python onnxruntime on one thread (bench/ort_bench.py) against
# scikit-learn's transform. See README.md for the figures.
# skl2onnx's conversion takes minutes (README.md); SKL2ONNX_CONVERT=0 keeps
# the skl2onnx_*.onnx files of an earlier run and only times them in ORT.
# usage: bash bench/transformers/run.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${1:-build}
OUT=$BUILD_DIR/bench/transformers
PY=$(bash bench/skl2onnx_venv.sh)
export OMP_NUM_THREADS=1
[ -f "$OUT/pipeline.pkl" ] || "$PY" bench/transformers/make_model.py "$OUT"
for dtype in float32 float64; do
  echo "== onnxconv $dtype"
  taskset -c 0 /usr/bin/time -f "cli_wall_s=%e cli_peak_rss_kib=%M" \
    "$BUILD_DIR/bin/onnxconv" convert "$OUT/pipeline.pkl" -o "$OUT/onnxconv_$dtype.onnx" --dtype "$dtype"
  [ "${SKL2ONNX_CONVERT:-1}" = 0 ] && [ -f "$OUT/skl2onnx_$dtype.onnx" ] && continue
  echo "== skl2onnx $dtype"
  taskset -c 0 /usr/bin/time -f "process_wall_s=%e process_peak_rss_kib=%M" \
    "$PY" bench/skl2onnx_convert.py "$OUT/pipeline.pkl" "$OUT/skl2onnx_$dtype.onnx" "$dtype"
done
for f in onnxconv_float32 onnxconv_float64 skl2onnx_float32 skl2onnx_float64; do
  taskset -c 0 /usr/bin/time -f "ort_peak_rss_kib=%M" \
    "$PY" bench/ort_bench.py "$OUT/$f.onnx" "$OUT/eval.npz" "${f##*_}"
done
