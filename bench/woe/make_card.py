#!/usr/bin/python3
"""Writes a benchmark scorecard (docs/scorecard-format.md): N_FEATURES
features of N_BINS bins each, every 10th one categorical (one or two codes
per bin), the others numeric with random edges of every closedness.

usage: /usr/bin/python3 bench/woe/make_card.py OUT.yaml [N_FEATURES] [N_BINS]
"""
import sys

import numpy as np


def numeric_bins(rng, n_bins):
    edges = np.sort(rng.choice(np.arange(-5000, 5000), size=n_bins - 1, replace=False) / 100.0)
    bounds = ["-inf"] + ["%r" % float(e) for e in edges] + ["inf"]
    closed_left = rng.rand() < 0.5  # "[a, b)" or "(a, b]" bins, all alike
    lines = []
    for b in range(n_bins):
        lo, hi = bounds[b], bounds[b + 1]
        text = ("[%s, %s)" if closed_left else "(%s, %s]") % (lo, hi)
        lines.append('      - {interval: "%s", woe: %r}' % (text, round(float(rng.randn()), 4)))
    return lines


def categorical_bins(rng, n_bins):
    codes = rng.permutation(np.arange(2 * n_bins))
    lines = []
    for b in range(n_bins):
        group = sorted(int(c) for c in codes[2 * b: 2 * b + 1 + (b % 2)])
        lines.append('      - {codes: %s, woe: %r}' % (group, round(float(rng.randn()), 4)))
    return lines


def card(n_features, n_bins, seed=0):
    rng = np.random.RandomState(seed)
    out = ["# Benchmark scorecard: %d features x %d bins (bench/woe/make_card.py)." % (n_features, n_bins),
           "onnxconv_scorecard: 1",
           "output: score",
           "intercept: 600",
           "features:"]
    for f in range(n_features):
        categorical = f % 10 == 9
        out += ["  - name: f%d" % f,
                "    type: %s" % ("categorical" if categorical else "numeric"),
                "    coefficient: %r" % round(float(-20 - 20 * rng.rand()), 3),
                "    bins:"]
        out += categorical_bins(rng, n_bins) if categorical else numeric_bins(rng, n_bins)
        out.append("    missing: {woe: 0}")
        if categorical:
            out.append("    other: {woe: -0.5}")
    return "\n".join(out) + "\n"


def main():
    path = sys.argv[1]
    n_features = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    n_bins = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    with open(path, "w") as f:
        f.write(card(n_features, n_bins))


if __name__ == "__main__":
    main()
