#!/usr/bin/env bash
# A forest of ~30 million nodes past protobuf's 2 GiB (issue 19 part 4):
#   - make_big_forest.py writes it (scikit-learn 1.9.1 environment);
#   - float64 conversion without --external-data (refused when the model
#     would pass 2 GiB), then with it: wall time and peak RSS
#     (bench/trees/measure.py), the sizes of OUT.onnx and OUT.onnx.data;
#   - ONNX Runtime (onnxruntime-node, one thread): session creation and
#     latency at batch 1 / 1000 (bench/trees/ort_bench.js);
#   - float32, for comparison (FLOATS attributes stay inline); its ONNX
#     Runtime session only with ORT_FLOAT32=1 (ONNX Runtime needs ~19 GiB
#     for the float64 session already).
# The hostile-file limits are raised on purpose (--max-input-size,
# --max-graph-bytes, --max-nodes stays: a forest is one node).
# usage: bash bench/external_data/run_external_data.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${1:-build}
OUT=${2:-$BUILD_DIR/bench/external_data}
mkdir -p "$OUT"
[ -f "$OUT/forest_30m.pkl" ] ||
  /usr/bin/python3 tests/fixtures/envs.py run 1.9.1 -- python bench/external_data/make_big_forest.py "$OUT"
echo "forest: $(cat "$OUT/forest_30m.json") model_bytes=$(stat -c %s "$OUT/forest_30m.pkl")"
LIMITS=(--max-input-size 16G --max-graph-bytes 16G)
for dtype in float64 float32; do
  onnx=$OUT/forest_30m_$dtype.onnx
  rm -f "$onnx" "$onnx.data"
  echo "== $dtype, no --external-data"
  /usr/bin/python3 bench/trees/measure.py "$BUILD_DIR/bin/onnxconv" convert "$OUT/forest_30m.pkl" \
    -o "$onnx" --dtype "$dtype" "${LIMITS[@]}" || true
  [ -f "$onnx" ] && echo "onnx_bytes=$(stat -c %s "$onnx")" && rm -f "$onnx"
  echo "== $dtype, --external-data"
  /usr/bin/python3 bench/trees/measure.py "$BUILD_DIR/bin/onnxconv" convert "$OUT/forest_30m.pkl" \
    -o "$onnx" --dtype "$dtype" --external-data "${LIMITS[@]}"
  echo "onnx_bytes=$(stat -c %s "$onnx") data_bytes=$(stat -c %s "$onnx.data")"
  if [ "$dtype" = float64 ] || [ "${ORT_FLOAT32:-0}" = 1 ]; then
    node bench/trees/ort_bench.js "$onnx" 10 "$dtype"
  fi
done
