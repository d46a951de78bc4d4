#!/bin/sh
# DEV-ONLY self-test of the parity runner against the real fixtures, before
# the onnxconv CLI exists. Not run by CI (needs python3-onnx:
# apt-get install python3-onnx). From the repository root:
#     sh tests/parity/dev/selftest.sh
# 1. generates the fixtures, 2. converts them all with ref_convert.py (a
# skl2onnx-like reference built with python onnx) and expects every case to
# pass, 3. converts them again with each REF_CONVERT_BREAK sabotage and
# expects failures, 4. runs the runner's own node tests.
set -eu
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3
runner="$repo/tests/parity/run_parity.js"
fake="$repo/tests/parity/dev/fake_onnxconv.sh"

$py "$repo/tests/fixtures/generate_fixtures.py" "$work/fx"
fams="$work/fx/linear $work/fx/formats"

echo "== reference conversion: every case must pass"
$py "$repo/tests/parity/dev/ref_convert.py" batch $fams -o "$work/good"
FAKE_ONNX_DIR="$work/good" node "$runner" --onnxconv "$fake" $fams > "$work/good.log" || {
  grep -v PASS "$work/good.log"; echo "SELFTEST FAILED: reference models do not pass"; exit 1; }
tail -1 "$work/good.log"

echo "== sabotaged conversions: the runner must fail them"
status=0
for mode in fail coef label shape name nozipmap; do
  if [ "$mode" = fail ]; then
    # ref_convert refuses at once: every conversion fails
    REF_CONVERT_BREAK=fail node "$runner" --onnxconv "$fake" --filter 'logreg_multi_f32|linreg_f64' $fams > "$work/$mode.log" && rc=0 || rc=$?
    want_failed=2
  else
    REF_CONVERT_BREAK=$mode $py "$repo/tests/parity/dev/ref_convert.py" batch $fams -o "$work/$mode"
    FAKE_ONNX_DIR="$work/$mode" node "$runner" --onnxconv "$fake" $fams > "$work/$mode.log" && rc=0 || rc=$?
    case $mode in
      # a 0.1% change of the largest coefficient: every case but a few whose
      # probabilities saturate (SGD modified_huber multi, log_loss multi f32)
      coef) want_failed=133 ;;
      label|name) want_failed=$(grep -l '"label"' "$work"/fx/*/*/case.json | wc -l) ;;
      shape) want_failed=136 ;;
      nozipmap) want_failed=$(grep -l '"zipmap":"true"' "$work"/fx/*/*/case.json | wc -l) ;;
    esac
  fi
  last=$(tail -1 "$work/$mode.log")
  failed=$(echo "$last" | sed -n 's/^[0-9]* passed, \([0-9]*\) failed$/\1/p')
  if [ "$rc" -ne 0 ] && [ "$failed" = "$want_failed" ]; then
    echo "ok   $mode: $last (exit $rc)"
  else
    echo "BAD  $mode: $last (exit $rc), expected $want_failed failed"; status=1
  fi
done

echo "== node --test"
node --test "$repo/tests/parity" 2>&1 | grep -E '^# (tests|pass|fail)'
[ $status -eq 0 ] && echo "SELFTEST OK" || echo "SELFTEST FAILED"
exit $status
