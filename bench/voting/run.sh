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
[ -f "$OUT/voting.pkl" ] || "$PY" bench/voting/make_model.py "$OUT"
bash bench/compare_with_skl2onnx.sh "$BUILD_DIR" "$OUT" "$OUT/voting.pkl" "float32"
