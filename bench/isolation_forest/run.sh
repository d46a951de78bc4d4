#!/usr/bin/env bash
# IsolationForest benchmark (issue 4): 100 and 750 trees (max_samples 256,
# 20 features), float32 and float64. Per model and dtype:
#   - the ONNX graph: node count (python3-onnx) and file size;
#   - end to end `onnxconv convert` on one core: wall time, peak RSS;
#   - bench/convert_bench phases (read, convert+validate, convert only,
#     write; medians of 5);
#   - ONNX Runtime (onnxruntime-node, 1 thread): session creation, latency
#     at batch 1 and 1000, and the accuracy of `scores` against scikit-learn.
# usage: bash bench/isolation_forest/run.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${1:-build}
OUT=$BUILD_DIR/bench/isolation_forest
/usr/bin/python3 bench/isolation_forest/make_models.py "$OUT"
for n in 100 750; do
  for dtype in float32 float64; do
    model=$OUT/iforest_$n.pkl
    onnx=$OUT/iforest_${n}_$dtype.onnx
    echo "== iforest_$n $dtype"
    taskset -c 0 /usr/bin/time -f "cli_wall_s=%e cli_peak_rss_kib=%M" \
      "$BUILD_DIR/bin/onnxconv" convert "$model" -o "$onnx" --dtype "$dtype"
    /usr/bin/python3 -c "import onnx,sys; m=onnx.load(sys.argv[1]); \
print('onnx_nodes=%d ops=%s' % (len(m.graph.node), ','.join(n.op_type for n in m.graph.node)))" "$onnx"
    echo "onnx_bytes=$(stat -c %s "$onnx")"
    dtype_flag=()
    [ "$dtype" = float64 ] && dtype_flag=(--dtype float64)
    taskset -c 0 "$BUILD_DIR/bin/convert_bench" "$model" --repeat 5 --out "$OUT/bench_out.onnx" "${dtype_flag[@]}"
    taskset -c 0 node bench/isolation_forest/ort_bench.js "$onnx" "$OUT/eval_$n.json" "$dtype"
  done
done
