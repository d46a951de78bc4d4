#!/usr/bin/python3
"""optbinning models whose state is inconsistent must be refused, naming the
variable and the attribute, and nothing written.

usage: /usr/bin/python3 plugins/optbinning/tests/bad_models.py --onnxconv BIN OUTDIR

Fits real optbinning objects, then damages their state the way a hand-made
or corrupted file could (splits out of order, count arrays of the wrong
length, a support mask or coefficients that do not match the variables),
runs `onnxconv convert` and checks that it exits non-zero, writes no file,
and that stderr names what is wrong. Runs where optbinning is installed
(tests/CMakeLists.txt: ONNXCONV_optbinning_RELEASES).
"""
import os
import sys

import numpy as np
import pandas as pd
from optbinning import BinningProcess, OptimalBinning, Scorecard
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402


def data():
    rng = np.random.RandomState(3)
    n = 600
    x = rng.normal(size=n)
    g = rng.choice(list("abcde"), n).astype(object)
    y = (x + (g == "a") + rng.normal(size=n) > 0.5).astype(int)
    return pd.DataFrame({"x": x, "g": pd.Series(g, dtype=object)}), y


def cases():
    df, y = data()
    unsorted = OptimalBinning("x").fit(df.x.values, y)
    unsorted._splits_optimal = unsorted._splits_optimal[::-1].copy()
    short_counts = OptimalBinning("x", special_codes=[-9]).fit(df.x.values, y)
    short_counts._n_event = short_counts._n_event[:-1].copy()
    cat_counts = OptimalBinning("g", dtype="categorical").fit(df.g.values, y)
    cat_counts._n_nonevent = np.append(cat_counts._n_nonevent, 3)

    process = BinningProcess(["x", "g"], categorical_variables=["g"]).fit(df, y)
    process._binned_variables["x"]._n_nonevent = process._binned_variables["x"]._n_nonevent[:2].copy()
    bad_support = BinningProcess(["x", "g"], categorical_variables=["g"]).fit(df, y)
    bad_support._support = np.array([True, True, False])

    card = Scorecard(BinningProcess(["x", "g"], categorical_variables=["g"]), LogisticRegression()).fit(df, y)
    card.estimator_.coef_ = card.estimator_.coef_[:, :1].copy()
    mip = Scorecard(BinningProcess(["x", "g"], categorical_variables=["g"]), LogisticRegression(),
                    scaling_method="min_max", scaling_method_params={"min": 0, "max": 100},
                    rounding=True).fit(df, y)
    return [
        ("unsorted_splits", unsorted, [],
         ["OptimalBinning._splits_optimal", "variable 'x'", "not strictly ascending"]),
        ("short_n_event", short_counts, [],
         ["OptimalBinning._n_event", "variable 'x'", "entries; its", "1 special and 1 missing give"]),
        ("long_n_nonevent_categorical", cat_counts, [],
         ["OptimalBinning._n_nonevent", "variable 'g'", "entries, _n_event has"]),
        ("process_variable_counts", process, [],
         ["BinningProcess._binned_variables.x._n_nonevent", "variable 'x'", "has 2 entries"]),
        ("process_support_length", bad_support, [],
         ["BinningProcess._support", "has 3 entries for 2 variable_names"]),
        ("scorecard_coef_length", card, [],
         ["estimator_.coef_", "has 1 coefficients for 2 selected variables"]),
        ("scorecard_min_max_rounding_mip", mip, [],
         ["Scorecard.rounding", "MIP", "_df_scorecard"]),
    ]


def main():
    return harness.run_pickled_cases(cases, "%-30s")


if __name__ == "__main__":
    sys.exit(main())
