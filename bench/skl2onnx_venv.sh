#!/usr/bin/env bash
# The benchmarks' private Python: skl2onnx, the Python onnxruntime and the
# scikit-learn the benchmark models are fitted with, pinned in
# bench/skl2onnx-requirements.txt and installed with --no-deps (no resolver
# runs, binary wheels only) into $ONNXCONV_BENCH_CACHE/skl2onnx-venv
# (default ~/.cache/onnxconv-bench). Built on first use, rebuilt when the
# pinned list changes (a copy of it is kept in the venv to compare). Never
# part of the tests. Prints the venv's python path on stdout, nothing else.
# usage: PY=$(bash bench/skl2onnx_venv.sh)
set -euo pipefail
REQ=$(cd "$(dirname "$0")" && pwd)/skl2onnx-requirements.txt
VENV=${ONNXCONV_BENCH_CACHE:-$HOME/.cache/onnxconv-bench}/skl2onnx-venv
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$REQ" "$VENV/requirements.txt"; then
  rm -rf "$VENV"
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install -q --no-deps --only-binary=:all: -r "$REQ" >&2
  cp "$REQ" "$VENV/requirements.txt"
fi
echo "$VENV/bin/python"
