#!/usr/bin/env bash
# Scorecard benchmark (issue 5): a YAML scorecard of 200 features x 20 bins
# (bench/woe/make_card.py), output score and output woe. Per dtype:
#   - conversion: bench/convert_bench (read, convert+validate, convert only,
#     write; medians of 5, one core) and the CLI end to end (wall time);
#   - the graph: node count by op type, tree nodes, depth, ONNX bytes;
#   - ONNX Runtime (onnxruntime-node, 1 thread): session creation, latency
#     at batch 1 and 1000.
# usage: bash bench/woe/run_woe.sh [BUILD_DIR] [N_FEATURES] [N_BINS]
# needs Debian's python3-onnx for the graph statistics (apt-get install python3-onnx)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${1:-build}
N_FEATURES=${2:-200}
N_BINS=${3:-20}
OUT=$BUILD_DIR/bench/woe
mkdir -p "$OUT"
card=$OUT/card_${N_FEATURES}x${N_BINS}.yaml
/usr/bin/python3 bench/woe/make_card.py "$card" "$N_FEATURES" "$N_BINS"
echo "card=$card card_bytes=$(stat -c %s "$card")"
for dtype in float32 float64; do
  for output in score woe; do
    onnx=$OUT/card_${dtype}_$output.onnx
    echo "== $dtype, output $output"
    dtype_flag=()
    [ "$dtype" = float64 ] && dtype_flag=(--dtype float64)
    if [ "$output" = score ]; then
      taskset -c 0 "$BUILD_DIR/bin/convert_bench" "$card" --repeat 5 --out "$OUT/bench_out.onnx" "${dtype_flag[@]}"
    fi
    start=$(date +%s%N)
    taskset -c 0 "$BUILD_DIR/bin/onnxconv" convert "$card" -o "$onnx" --dtype "$dtype" --option "output=$output"
    echo "cli_convert_ms=$(( ($(date +%s%N) - start) / 1000000 ))"
    /usr/bin/python3 bench/woe/graph_stats.py "$onnx"
    taskset -c 0 node bench/woe/ort_bench.js "$onnx" "$N_FEATURES" "$dtype"
  done
done
