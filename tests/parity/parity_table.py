#!/usr/bin/python3
"""Tabulates the parity runs of the version matrix.

Usage: parity_table.py FIXTURE_DIR

Reads FIXTURE_DIR/<version>/<family>/parity-summary.json (written by
run_parity.js --summary when ctest runs parity.<family>.<version>) and prints
a markdown table per measure: cases passed/failed, worst float32 and float64
relative error (a `*` marks outputs with a tolerance stated in case.json,
e.g. the opset-3 tree ensembles' float32 outputs of float64 models).
"""

import json
import os
import re
import sys


def version_key(v):
    return tuple(int(p) for p in re.findall(r"\d+", v))


def load(root):
    runs = {}
    for version in os.listdir(root):
        vdir = os.path.join(root, version)
        if not os.path.isdir(vdir) or not re.fullmatch(r"[0-9.]+", version):
            continue
        for family in os.listdir(vdir):
            path = os.path.join(vdir, family, "parity-summary.json")
            if os.path.exists(path):
                with open(path) as f:
                    runs[(family, version)] = json.load(f)
    return runs


def cell_counts(s):
    return "%d/%d" % (s["passed"], s["passed"] + s["failed"])


def cell_worst(s, dtype):
    parts = []
    for key in (dtype, dtype + "*"):
        w = s["worst"].get(key)
        if w:
            parts.append("%.1e%s" % (w["max_rel"], "*" if key.endswith("*") else ""))
    return " ".join(parts) or "-"


def table(runs, title, cell):
    versions = sorted({v for _, v in runs}, key=version_key)
    families = sorted({f for f, _ in runs})
    print("\n%s\n" % title)
    print("| family | " + " | ".join(versions) + " |")
    print("| --- |" + " --- |" * len(versions))
    for fam in families:
        cells = [cell(runs[(fam, v)]) if (fam, v) in runs else "-" for v in versions]
        print("| %s | %s |" % (fam, " | ".join(cells)))


def main(argv):
    if len(argv) != 1:
        sys.exit(__doc__)
    runs = load(argv[0])
    if not runs:
        sys.exit("no parity-summary.json under %s: run ctest -R parity first" % argv[0])
    table(runs, "cases passed / run", cell_counts)
    table(runs, "worst relative error, float32", lambda s: cell_worst(s, "float32"))
    table(runs, "worst relative error, float64", lambda s: cell_worst(s, "float64"))
    timed = [s["seconds"] for s in runs.values() if "seconds" in s]
    if timed:
        total = sum(t["total"] for t in timed)
        convert = sum(t["convert"] for t in timed)
        print("\nparity runs: %.1f s in all, %.1f s converting (CLI), %.1f s in ONNX Runtime and "
              "comparing" % (total, convert, total - convert))


if __name__ == "__main__":
    main(sys.argv[1:])
