#!/usr/bin/python3
"""Time and peak memory of `onnxconv convert` on the hostile files of issue 17.

usage (needs GNU time, Debian package `time`):
    /usr/bin/python3 bench/hostile/run.py [--onnxconv build/bin/onnxconv] [--workdir DIR]

Each file is made here from a real scikit-learn model (Debian's python3-sklearn),
altered the way a hand-made file could be, and converted with the default
limits. Prints one row per file: seconds, peak RSS (MiB), exit code and the
first line of the error. Every row must be a refusal (exit 1) in well under a
second and 256 MiB; the table goes into docs/limits.md.
"""
import argparse
import bz2
import os
import pickle
import subprocess
import sys
import time
import zlib

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.tree import DecisionTreeRegressor

HERE = os.path.dirname(os.path.abspath(__file__))


def poly(n_features, degree, claimed):
    p = PolynomialFeatures(degree=degree).fit(np.random.RandomState(0).randn(5, n_features))
    p.degree = p._max_degree = claimed
    return pickle.dumps(p, protocol=4)


def column_slice(stop):
    ct = ColumnTransformer([("s", StandardScaler(), [0, 1])]).fit(np.random.RandomState(0).randn(5, 3))
    ct.transformers_ = [("s", ct.transformers_[0][1], slice(0, stop))]
    ct.n_features_in_ = stop  # the input claims as many columns
    return pickle.dumps(ct, protocol=4)


def negative_node_count():
    t = DecisionTreeRegressor(max_depth=3, random_state=0).fit(np.random.RandomState(0).randn(50, 3),
                                                              np.arange(50.0))
    data = pickle.dumps(t, protocol=4)
    # The Tree's state dict holds node_count as a BININT; patch its value.
    count = t.tree_.node_count
    key = b"node_count"
    at = data.index(key) + len(key)
    head, tail = data[:at], data[at:]
    old = b"K" + bytes([count])  # BININT1
    assert tail.find(old) < 8, "node_count is not the next BININT1"
    i = tail.find(old)
    return head + tail[:i] + b"J" + (-5).to_bytes(4, "little", signed=True) + tail[i + 2:]


def zlib_bomb(size):
    c = zlib.compressobj(9)
    chunk = b"\0" * (1 << 24)
    out = [c.compress(chunk) for _ in range(size >> 24)]
    return b"".join(out) + c.flush()


def bz2_bomb(size):
    c = bz2.BZ2Compressor(9)
    chunk = b"\0" * (1 << 24)
    out = [c.compress(chunk) for _ in range(size >> 24)]
    return b"".join(out) + c.flush()


def cases():
    yield "PolynomialFeatures degree 10^6", "poly_degree.pkl", lambda: poly(3, 2, 10 ** 6)
    yield "PolynomialFeatures width explodes (200 features, degree 6)", "poly_width.pkl", lambda: poly(200, 2, 6)
    yield "ColumnTransformer slice of 10^9 columns", "ct_1e9.pkl", lambda: column_slice(10 ** 9)
    yield "ColumnTransformer slice of 10^12 columns", "ct_1e12.pkl", lambda: column_slice(10 ** 12)
    yield "tree with node_count -5", "tree_negative.pkl", negative_node_count
    yield "bz2 bomb (1 GiB of zeros)", "bomb_1g.joblib.bz2", lambda: bz2_bomb(1 << 30)
    yield "zlib bomb (10 GiB of zeros)", "bomb_10g.joblib.z", lambda: zlib_bomb(10 << 30)
    yield "bz2 bomb (10 GiB of zeros)", "bomb_10g.joblib.bz2", lambda: bz2_bomb(10 << 30)


def convert(onnxconv, path, out):
    """(seconds, peak RSS in MiB, exit code, stderr) of one conversion."""
    # GNU time forks from a small process: a child forked from this Python
    # would report Python's own RSS as its peak (ru_maxrss survives exec).
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", onnxconv, "convert", path, "-o", out],
                          stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    lines = proc.stderr.decode(errors="replace").strip().splitlines()
    errors = [line for line in lines[:-1] if not line.startswith("Command exited")]
    return seconds, int(lines[-1]) / 1024, proc.returncode, "\n".join(errors)


def short(error):
    """The error without the plugin library's path."""
    text = error.strip().replace("onnxconv: error: ", "")
    if "failed on " in text:
        text = text[text.index("failed on "):]
    return text[:200]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnxconv", default=os.path.join(HERE, "..", "..", "build", "bin", "onnxconv"))
    ap.add_argument("--workdir", default="/tmp/onnxconv-hostile")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    print("| file | seconds | peak RSS | exit | error |")
    print("| --- | --- | --- | --- | --- |")
    failures = 0
    for title, name, make in cases():
        path = os.path.join(args.workdir, name)
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(make())
        out = os.path.join(args.workdir, name + ".onnx")
        seconds, rss, code, err = convert(args.onnxconv, path, out)
        ok = code == 1 and not os.path.exists(out)
        failures += not ok
        print("| %s | %.3f | %.0f MiB | %d | %s |" % (title, seconds, rss, code, short(err)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
