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
[ -f "$OUT/pipeline.pkl" ] || "$PY" bench/transformers/make_model.py "$OUT"
bash bench/compare_with_skl2onnx.sh "$BUILD_DIR" "$OUT" "$OUT/pipeline.pkl" "float32 float64"
