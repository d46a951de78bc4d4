#!/usr/bin/python3
"""Runs every libFuzzer target for a while and reports what it did.

usage: /usr/bin/python3 fuzz/run_fuzzers.py --build BUILD_DIR [--seconds 20]
           [--fixtures build/fixtures] [--work DIR] [TARGET...]

BUILD_DIR is a clang build with -DONNXCONV_FUZZ=ON (run.sh sanitize makes
one). Seed corpora come from the repository and the generated test fixtures
(model files up to 64 KiB, plugin manifests, scorecards); the dictionary is
fuzz/pickle.dict. Each target runs --seconds with 2 GiB and 10 s per input;
corpora grow in WORK/corpus/<target> and are kept between runs. A crash,
leak, timeout or sanitizer report leaves its input in WORK/findings/ and
fails the run: fix it, then copy the input to fuzz/regressions/<target>/,
where `fuzz_replay` (ctest fuzz.replay) runs it in every build.

Prints one row per target: executions, executions per second, coverage
(libFuzzer's `cov`, edges), corpus size, findings.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = ["read_file_bytes", "read_compressed", "read_manifest", "read_scorecard", "convert"]
MAX_SEED = 64 << 10
MODEL_PATTERNS = ["*.pkl", "*.joblib", "*.joblib.*", "*.p[2-5].pkl"]


def model_files(fixtures):
    found = set()
    # The shared fixtures sit beside the repository, or where ONNXCONV_SHARED_DIR says (as for the tests).
    shared = os.environ.get("ONNXCONV_SHARED_DIR", os.path.join(ROOT, "..", "shared"))
    roots = [os.path.join(ROOT, "examples"), os.path.join(shared, "fixtures")]
    if fixtures:
        roots.append(fixtures)
    for root in roots:
        for pattern in MODEL_PATTERNS:
            for path in glob.glob(os.path.join(root, "**", pattern), recursive=True):
                if os.path.getsize(path) <= MAX_SEED:
                    found.add(os.path.realpath(path))
    return sorted(found)


def is_plain_pickle(path):
    with open(path, "rb") as f:
        return f.read(1) == b"\x80"


def seeds_for(target, fixtures):
    """(name, bytes) seeds of one target."""
    if target in ("read_file_bytes", "convert"):
        files = model_files(fixtures)
        if target == "convert":  # one case per fixture folder is plenty
            files = [f for f in files if os.path.basename(f) in ("model.pkl", "model.joblib")]
        return [(f, open(f, "rb").read()) for f in files]
    if target == "read_compressed":
        plain = [f for f in model_files(fixtures) if is_plain_pickle(f)]
        return [(f + str(k), bytes([k]) + open(f, "rb").read()) for k in range(4) for f in plain[:200]]
    if target == "read_manifest":
        files = glob.glob(os.path.join(ROOT, "plugins", "*", "plugin.yaml"))
        files += glob.glob(os.path.join(ROOT, "tests", "**", "*.yaml"), recursive=True)
        files += glob.glob(os.path.join(ROOT, "examples", "**", "plugin.yaml"), recursive=True)
        return [(f, open(f, "rb").read()) for f in files if "cards" not in f]
    if target == "read_scorecard":
        files = glob.glob(os.path.join(ROOT, "tests", "woe", "cards", "*.yaml"))
        if fixtures:
            files += glob.glob(os.path.join(fixtures, "**", "*.yaml"), recursive=True)
        return [(f, open(f, "rb").read()) for f in files]
    raise ValueError(target)


def write_seeds(target, fixtures, directory):
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    seeds = seeds_for(target, fixtures)
    for i, (_, data) in enumerate(seeds):
        with open(os.path.join(directory, "seed%05d" % i), "wb") as f:
            f.write(data)
    return len(seeds)


def run(target, args):
    binary = os.path.join(args.build, "bin", "fuzz_" + target)
    corpus = os.path.join(args.work, "corpus", target)
    seeds = os.path.join(args.work, "seeds", target)
    findings = os.path.join(args.work, "findings")
    os.makedirs(corpus, exist_ok=True)
    os.makedirs(findings, exist_ok=True)
    n_seeds = write_seeds(target, args.fixtures, seeds)
    cmd = [binary, "-max_total_time=%d" % args.seconds, "-rss_limit_mb=2048", "-timeout=10",
           "-print_final_stats=1", "-artifact_prefix=%s/%s-" % (findings, target), corpus, seeds]
    if target in ("read_file_bytes", "read_compressed", "convert"):
        cmd.insert(1, "-dict=" + os.path.join(ROOT, "fuzz", "pickle.dict"))
    env = dict(os.environ, ONNXCONV_FUZZ_PLUGIN_DIR=os.path.join(args.build, "lib", "onnxconv", "plugins"))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    log = proc.stderr
    with open(os.path.join(args.work, target + ".log"), "w") as f:
        f.write(log)

    def stat(name):
        m = re.findall(r"stat::%s:\s+(\d+)" % name, log)
        return int(m[-1]) if m else 0

    cov = re.findall(r"cov: (\d+)", log)
    corp = re.findall(r"corp: (\d+)", log)
    crashed = proc.returncode != 0
    return {"target": target, "seeds": n_seeds, "execs": stat("number_of_executed_units"),
            "per_s": stat("average_exec_per_sec"), "cov": int(cov[-1]) if cov else 0,
            "corpus": int(corp[-1]) if corp else 0, "crashed": crashed,
            "why": "" if not crashed else (re.findall(r"==\d+==ERROR: .*|SUMMARY: .*|ALARM: .*", log) or
                                           ["exit %d" % proc.returncode])[0]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--fixtures", default=os.path.join(ROOT, "build", "fixtures"))
    ap.add_argument("--work", default=None)
    ap.add_argument("targets", nargs="*", default=TARGETS)
    args = ap.parse_args()
    args.work = args.work or os.path.join(args.build, "fuzz-work")
    if not os.path.isdir(args.fixtures):
        args.fixtures = None
    print("| target | seeds | executions | exec/s | coverage (edges) | corpus | findings |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    failed = 0
    for target in args.targets:
        r = run(target, args)
        failed += r["crashed"]
        print("| %(target)s | %(seeds)d | %(execs)d | %(per_s)d | %(cov)d | %(corpus)d | " % r +
              ("**" + r["why"] + "**" if r["crashed"] else "none") + " |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
