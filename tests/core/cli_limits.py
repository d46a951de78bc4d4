#!/usr/bin/python3
"""The CLI's limit flags (docs/limits.md) on the shipped example model.

usage: /usr/bin/python3 tests/core/cli_limits.py --onnxconv BIN OUTDIR

Each flag set too low must refuse the conversion with exit code 1, name
the flag in the message, and leave no output file; set high enough, the
same conversion succeeds. Needs nothing but the standard library.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "..", "examples", "models", "iris_logreg", "model.joblib")

# (flags too low, text the error must contain, flags high enough)
CASES = [
    (["--timeout", "0.000001"], "--timeout", ["--timeout", "60"]),
    (["--max-nodes", "1"], "--max-nodes", ["--max-nodes", "100"]),
    (["--max-graph-bytes", "16"], "--max-graph-bytes", ["--max-graph-bytes", "1M"]),
    (["--max-input-size", "256"], "--max-input-size", ["--max-input-size", "1M"]),
    (["--max-memory", "1M"], "--max-memory", ["--max-memory", "1G"]),
]
# AddressSanitizer reserves terabytes of address space: RLIMIT_AS cannot
# be tested under it (the sanitizer lane passes --sanitized).
SANITIZED_SKIP = {"--max-memory"}
BAD_USAGE = [["--max-memory", "12X"], ["--timeout", "-1"], ["--max-nodes", "0"]]


def convert(onnxconv, out, flags):
    return subprocess.run([onnxconv, "convert", MODEL, "-o", out] + flags, capture_output=True, text=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnxconv", required=True)
    ap.add_argument("--sanitized", action="store_true")
    ap.add_argument("outdir")
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    failed = 0
    for low, needle, enough in CASES:
        if args.sanitized and needle in SANITIZED_SKIP:
            print("skip %-40s not under AddressSanitizer" % " ".join(low))
            continue
        out = os.path.join(args.outdir, needle.strip("-") + ".onnx")
        if os.path.exists(out):
            os.remove(out)
        refused = convert(args.onnxconv, out, low)
        ok = refused.returncode == 1 and needle in refused.stderr and not os.path.exists(out)
        passed = convert(args.onnxconv, out, enough)
        ok = ok and passed.returncode == 0 and os.path.exists(out)
        failed += not ok
        print("%-4s %-40s %s" % ("ok" if ok else "FAIL", " ".join(low), refused.stderr.strip()[:160]))
        if not ok:
            print("     with %s: exit %d %s" % (" ".join(enough), passed.returncode, passed.stderr.strip()))
    for flags in BAD_USAGE:
        r = convert(args.onnxconv, os.path.join(args.outdir, "usage.onnx"), flags)
        ok = r.returncode == 2 and flags[0] in r.stderr
        failed += not ok
        print("%-4s %-40s %s" % ("ok" if ok else "FAIL", " ".join(flags), r.stderr.strip().splitlines()[0]))
    ran = len(CASES) + len(BAD_USAGE) - (len(SANITIZED_SKIP) if args.sanitized else 0)
    print("%d passed, %d failed" % (ran - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
