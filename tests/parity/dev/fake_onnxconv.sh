#!/bin/sh
# DEV-ONLY fake `onnxconv` for self-testing tests/parity/run_parity.js before
# the real CLI exists. Not used by CI.
#  - FAKE_ONNX_DIR set: copy $FAKE_ONNX_DIR/<case>.onnx (case = the model's
#    folder name) to the -o path; a missing file is a conversion failure.
#  - otherwise: build the model with ref_convert.py (needs python3-onnx and
#    scikit-learn under /usr/bin/python3).
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "$FAKE_ONNX_DIR" ]; then
  model=$2; out=
  while [ $# -gt 0 ]; do
    case $1 in -o) out=$2; shift ;; esac
    shift
  done
  case_name=$(basename "$(dirname "$model")")
  src="$FAKE_ONNX_DIR/$case_name.onnx"
  [ -f "$src" ] || { echo "fake_onnxconv: no prebuilt $src" >&2; exit 3; }
  exec cp "$src" "$out"
fi
exec /usr/bin/python3 "$here/ref_convert.py" "$@"
