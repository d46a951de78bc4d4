#!/usr/bin/python3
"""Malformed scorecards and binning models must fail with a clear error.

usage: /usr/bin/python3 tests/woe/bad_inputs.py --onnxconv BIN OUTDIR

Each case writes one input (a YAML scorecard, or a real model corrupted the
way a broken file could be), runs `onnxconv convert` on it and checks that it
exits non-zero, writes no output file, and that stderr holds every expected
fragment: for scorecards the file and line (`card.yaml:12:`), the feature and
bin, and what is wrong. Prints one line per case and "N passed, M failed".
"""
import os
import struct
import sys

import numpy as np
from sklearn.preprocessing import KBinsDiscretizer

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

sys.path.insert(0, os.path.dirname(HERE))
import bad_input_harness as harness  # noqa: E402

GOOD_CARD = """\
onnxconv_scorecard: 1
output: score
features:
  - name: age
    type: numeric
    coefficient: 2.0
    bins:
      - {interval: "(-inf, 25)", woe: -0.8}
      - {interval: "[25, inf)", woe: 0.5}
    missing: {woe: 0}
  - name: region
    column: 1
    type: categorical
    bins:
      - {codes: [1, 2], woe: 0.3, points: 10}
      - {codes: [3], woe: -0.2, points: -5}
    missing: {woe: 0, points: 0}
    other: {woe: 0, points: 1}
"""


def line_of(text, needle):
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    raise ValueError("no line holds %r" % needle)


def card(name, old, new, fragments_at, options=()):
    """A scorecard case: GOOD_CARD with `old` replaced by `new`.
    fragments_at: (needle, [fragments]): the error must name the line that
    holds `needle` (None: no line check) and contain every fragment."""
    text = GOOD_CARD.replace(old, new, 1)
    if text == GOOD_CARD and old != new:
        raise ValueError("%s: %r not found" % (name, old))
    needle, fragments = fragments_at
    file_name = name + ".yaml"
    if needle is not None:
        fragments = ["%s:%d:" % (file_name, line_of(text, needle))] + fragments
    return (name, file_name, lambda path: write_text(path, text), list(options), fragments)


def write_text(path, text):
    with open(path, "w") as f:
        f.write(text)


def scorecard_cases():
    return [
        card("bad_syntax", "features:\n", "features: [\n",
             ("- name: age", ["invalid YAML"])),  # yaml-cpp stops on the next line
        card("no_marker", "onnxconv_scorecard: 1\n", "",
             (None, ["not an onnxconv scorecard", "onnxconv_scorecard"])),
        card("version", "onnxconv_scorecard: 1", "onnxconv_scorecard: 2",
             ("onnxconv_scorecard", ["unsupported scorecard format version"])),
        card("unknown_key", "output: score", "outptu: score",
             ("outptu", ["unknown key 'outptu'", "expected one of"])),
        card("duplicate_key", "output: score\n", "output: score\noutput: woe\n",
             ("output: woe", ["key 'output' given twice"])),
        card("reserved_key", "output: score\n", "output: score\n__line__: 3\n",
             ("__line__", ["reserved"])),
        card("empty_interval", '"[25, inf)"', '"[40, 25)"',
             ('"[40, 25)"', ["features[0] 'age': bins[1]", "[40, 25) is empty"])),
        card("overlap", '"[25, inf)"', '"[20, inf)"',
             ('"[20, inf)"', ["features[0] 'age': bins[1]", "[20, inf] overlaps bins[0] [-inf, 25)"])),
        card("gap", '"[25, inf)"', '"(25, inf)"',
             ("- name: age", ["features[0] 'age'", "the value 25 is in no bin", "other"])),
        card("bad_interval", '"[25, inf)"', '"[25; inf)"',
             ('"[25; inf)"', ["features[0] 'age': bins[1]", "is not of the form"])),
        card("woe_not_number", "woe: -0.8}", 'woe: "low"}',
             ('"low"', ["features[0] 'age': bins[0]", "'woe' must be a number"])),
        card("woe_infinite", "woe: -0.8}", "woe: .inf}",
             (".inf", ["'woe' must be finite"])),
        card("duplicate_code", "codes: [3]", "codes: [2]",
             ("codes: [2]", ["features[1] 'region': bins[1]", "code 2 is already in bins[0]"])),
        card("categorical_without_other", "    other: {woe: 0, points: 1}\n", "",
             ("- name: region", ["features[1] 'region'", "missing key 'other'"])),
        card("no_points", "woe: 0.3, points: 10}", "woe: 0.3}",
             ("woe: 0.3}", ["features[1] 'region': bins[0]", "missing key 'points'"])),
        card("coefficient_and_points", "woe: -0.8}", "woe: -0.8, points: 3}",
             ("points: 3", ["features[0] 'age': bins[0]", "coefficient or points, not both"])),
        card("missing_missing", "    missing: {woe: 0}\n", "",
             ("- name: age", ["features[0] 'age'", "missing key 'missing'"])),
        card("column_out_of_range", "output: score\n", "output: score\nn_features: 1\n",
             ("column: 1", ["features[1] 'region'", "column 1 is not below n_features 1"])),
        card("duplicate_name", "- name: region", "- name: age  # again",
             ("# again", ["feature name 'age' is used twice"])),
        card("bad_type", "type: numeric", "type: numerical",
             ("numerical", ["type must be 'numeric' or 'categorical'"])),
        card("option_output", "output: score", "output: score",
             (None, ["option output", "'score' or 'woe'"]), options=["--option", "output=both"]),
    ]


# ----------------------------------------------------------------------------
# corrupted real models
# ----------------------------------------------------------------------------

def shared_woe():
    base = os.environ.get("ONNXCONV_SHARED_DIR") or os.path.join(REPO, "..", "shared")
    path = os.path.join(base, "fixtures", "woe", "woe_values_no_onehot", "model.pkl")
    if not os.path.isfile(path):
        sys.exit("bad_inputs: the shared WOETransformer fixture %s is missing" % path)
    return path


def woe_overlap(path):
    """The real woe_values_no_onehot pickle (onehot=False) with interval 1 of
    column 2 moved from (0.3, 0.6] to (0.2, 0.6]: it now overlaps [0, 0.3].
    Same opcode sizes, so the pickle's frame stays valid."""
    data = open(shared_woe(), "rb").read()
    start = data.index(b"intervals_")
    old = b"G" + struct.pack(">d", 0.3)
    first = data.index(old, start)
    second = data.index(old, first + 1)  # the lower end of interval 1
    patched = data[:second] + b"G" + struct.pack(">d", 0.2) + data[second + len(old):]
    write_bytes(path, patched)


def write_bytes(path, blob):
    with open(path, "wb") as f:
        f.write(blob)


def kbins_unsorted(path):
    rng = np.random.RandomState(0)
    model = KBinsDiscretizer(n_bins=4, encode="ordinal").fit(rng.randn(50, 2))
    model.bin_edges_[1] = model.bin_edges_[1][::-1].copy()
    harness.write_pickle(path, model)


def model_cases():
    return [
        ("woe_overlap", "woe_overlap.pkl", woe_overlap, [],
         ["WOETransformer.intervals_[2]", "intervals 0 [0, 0.3] and 1 (0.2, 0.6] overlap", "onehot=False"]),
        ("kbins_unsorted", "kbins_unsorted.pkl", kbins_unsorted, [],
         ["KBinsDiscretizer.bin_edges_[1]", "edges are not sorted"]),
    ]


def run(onnxconv, outdir, case):
    name, file_name, write, options, fragments = case
    out = os.path.join(outdir, name + ".onnx")
    write(os.path.join(outdir, file_name))
    return harness.check_refused([onnxconv, "convert", file_name, "-o", out] + options, out, fragments, cwd=outdir)


def main():
    args = harness.parse_args()
    harness.fresh_dir(args.outdir)
    tally = harness.Tally("%s:")
    for case in scorecard_cases() + model_cases():
        tally.record(case[0], *run(os.path.abspath(args.onnxconv), args.outdir, case))
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
