#!/usr/bin/python3
"""Conversion time of the largest fixture per estimator class (issue 14's
"Measure and report"), on the fixtures the test suite generated.

The suite writes one folder per release, family and case:
FIXTURES/<release>/<family>/<case>/case.json (tests/CMakeLists.txt,
ONNXCONV_FIXTURE_DIR, by default BUILD_DIR/fixtures), with the case's
top-level class in "estimator" and its model file in "model". For each
family given, per estimator class and dtype, the case whose model file is
largest is converted RUNS times (default 5) by `onnxconv convert` exactly as
tests/parity/run_parity.js converts it (--dtype from case.json, one --option
k=v per "options" entry, then "convert_args" as is), pinned to one core
(taskset -c CPU) when taskset exists, and the median wall time of the whole
process is reported. Conversions that fail are reported with their exit code.
Prints a markdown table: class, dtype, case, model size, ONNX size,
conversion ms (median, and the range over the runs).

usage: bench/largest_fixture_per_class.py --onnxconv BUILD/bin/onnxconv
           [--fixtures BUILD/fixtures] [--release 1.9.1] [--runs 5] [--cpu 0]
           FAMILY...
Only the standard library; any python3.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def version_key(v):
    return tuple(int(p) for p in re.findall(r"\d+", v))


def human_bytes(n):
    for unit, size in (("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= size:
            return "%.1f %s" % (n / size, unit)
    return "%d B" % n


def family_cases(family_dir):
    """Case folders of one family: index.json's list, else every folder with a case.json."""
    index = os.path.join(family_dir, "index.json")
    if os.path.exists(index):
        with open(index) as f:
            names = json.load(f).get("cases", [])
    else:
        names = sorted(d for d in os.listdir(family_dir)
                       if os.path.exists(os.path.join(family_dir, d, "case.json")))
    return [os.path.join(family_dir, n) for n in names]


def convert_command(onnxconv, case_dir, case, out):
    """The command line run_parity.js's convert() builds for this case."""
    args = [onnxconv, "convert", os.path.join(case_dir, case["model"]), "-o", out, "--dtype", case["dtype"]]
    for k, v in (case.get("options") or {}).items():
        args += ["--option", "%s=%s" % (k, v)]
    args += [str(a) for a in case.get("convert_args") or []]
    return args


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--onnxconv", required=True)
    ap.add_argument("--fixtures", default="build/fixtures", help="the suite's fixture root (one folder per release)")
    ap.add_argument("--release", help="default: the newest release folder under --fixtures")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cpu", default="0", help="core for taskset -c; '' to not pin")
    ap.add_argument("families", nargs="+")
    a = ap.parse_args()

    releases = sorted((d for d in os.listdir(a.fixtures) if re.fullmatch(r"[0-9.]+", d)), key=version_key)
    release = a.release or (releases[-1] if releases else None)
    if not release or not os.path.isdir(os.path.join(a.fixtures, release)):
        sys.exit("no release folder %r under %s (found: %s)" % (release, a.fixtures, " ".join(releases)))
    pin = ["taskset", "-c", a.cpu] if a.cpu and shutil.which("taskset") else []

    # (class, dtype) -> (model bytes, family, case folder, case.json)
    largest = {}
    for family in a.families:
        family_dir = os.path.join(a.fixtures, release, family)
        if not os.path.isdir(family_dir):
            sys.exit("no family folder %s" % family_dir)
        for case_dir in family_cases(family_dir):
            with open(os.path.join(case_dir, "case.json")) as f:
                case = json.load(f)
            size = os.path.getsize(os.path.join(case_dir, case["model"]))
            key = (case["estimator"], case["dtype"])
            if key not in largest or size > largest[key][0]:
                largest[key] = (size, family, case_dir, case)

    print("Largest fixture per class, scikit-learn %s (%s), `onnxconv convert` as the parity runner "
          "calls it, %swall time of the process, median of %d runs (range)\n" % (
              release, ", ".join(a.families), "one core (taskset -c %s), " % a.cpu if pin else "", a.runs))
    print("| class | dtype | case | model size | ONNX size | conversion ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory(prefix="largest_fixture_") as tmp:
        # Short class names, the module kept where two paths share one
        # (a class pickled under an older module path is a class of its own).
        short = {}
        for cls, _ in largest:
            short.setdefault(cls.rsplit(".", 1)[-1], set()).add(cls)
        shown = {cls: cls if len(short[cls.rsplit(".", 1)[-1]]) > 1 else cls.rsplit(".", 1)[-1]
                 for cls, _ in largest}
        rows = sorted(largest.items(), key=lambda kv: (a.families.index(kv[1][1]), shown[kv[0][0]], kv[0][1]))
        for (cls, dtype), (size, family, case_dir, case) in rows:
            out = os.path.join(tmp, "model.onnx")
            cmd = pin + convert_command(a.onnxconv, case_dir, case, out)
            times, failed, onnx_bytes = [], None, 0
            for _ in range(a.runs):
                t0 = time.perf_counter()
                r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                times.append((time.perf_counter() - t0) * 1000)
                if r.returncode != 0:
                    last = (r.stderr.strip().splitlines() or [""])[-1]
                    failed = "failed (exit %d: %s)" % (r.returncode, last[:120].replace("|", "/"))
                    break
                onnx_bytes = os.path.getsize(out) + (
                    os.path.getsize(out + ".data") if os.path.exists(out + ".data") else 0)
            ms = failed or "%.0f (%.0f-%.0f)" % (statistics.median(times), min(times), max(times))
            print("| `%s` | %s | %s/%s | %s | %s | %s |" % (
                shown[cls], dtype, family, os.path.basename(case_dir), human_bytes(size),
                human_bytes(onnx_bytes) if onnx_bytes else "-", ms), flush=True)


if __name__ == "__main__":
    main()
