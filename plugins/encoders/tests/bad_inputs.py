#!/usr/bin/python3
"""DataFrame models with bad input state or bad input options are refused
clearly (issue 12, item 5): the message names the step path and the
column, and nothing is written.

usage: /usr/bin/python3 plugins/encoders/tests/bad_inputs.py --onnxconv BIN OUTDIR

Each model is fitted by real scikit-learn on a pandas DataFrame; some are
then edited the way a hand-made file could be. Prints one line per case and
"N passed, M failed".
"""
import os
import sys

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402


def frame():
    rng = np.random.RandomState(0)
    return pd.DataFrame({"age (years)": rng.rand(40), "city": rng.choice(["a", "b", "c"], 40).astype(object),
                         "label": rng.rand(40)})


def fitted(encoder=None):
    df = frame()
    ct = ColumnTransformer([("num", StandardScaler(), ["age (years)"]),
                            ("cat", encoder or OneHotEncoder(handle_unknown="ignore"), ["city"])])
    return Pipeline([("prep", ct), ("clf", LogisticRegression())]).fit(df, df["age (years)"] > 0.5)


def mixed_categories():
    m = fitted()
    enc = m.steps[0][1].transformers_[1][1]
    enc.categories_[0] = np.array(["a", 1.5, "c"], dtype=object)
    return m


def duplicate_column():
    m = fitted()
    ct = m.steps[0][1]
    ct.feature_names_in_ = np.array(["age (years)", "age (years)", "label"], dtype=object)
    return m


def empty_and_missing():
    m = fitted(OrdinalEncoder())
    enc = m.steps[0][1].transformers_[1][1]
    enc.categories_[0] = np.array(["", "a", None], dtype=object)
    return m


def infrequent_group_out_of_range():
    m = fitted(OneHotEncoder(handle_unknown="infrequent_if_exist", max_categories=2))
    enc = m.steps[0][1].transformers_[1][1]
    enc._default_to_infrequent_mappings[0] = np.array([0, 1, 10**9])
    return m


def dropped_group_out_of_range():
    m = fitted(OneHotEncoder(drop="first"))
    enc = m.steps[0][1].transformers_[1][1]
    bad = np.array([10**6], dtype=object)
    enc.drop_idx_ = bad
    if hasattr(enc, "_drop_idx_after_grouping"):
        enc._drop_idx_after_grouping = bad
    return m


def hgb_from_dtype():
    """HistGradientBoosting on a pandas category column of strings (1.4+)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    df = frame()
    df["city"] = pd.Categorical(df["city"], categories=["a", "b", "c"])
    X = df[["age (years)", "city"]]
    return HistGradientBoostingClassifier(categorical_features="from_dtype", max_iter=3).fit(X, df["label"] > 0.5)


def hgb_cases():
    """String categories inside HistGradientBoosting: only from 1.4."""
    import sklearn
    if tuple(int(p) for p in sklearn.__version__.split(".")[:2]) < (1, 4):
        return []
    return [
        ("hgb_string_fed_as_float", hgb_from_dtype(), ["--input", "city=float"],
         ["HistGradientBoostingClassifier", "column 'city' has string categories", "tensor(string)"]),
        ("hgb_single_with_strings", hgb_from_dtype(), ["--inputs", "single"],
         ["--inputs single", "column 'city' is string", "ordinal-encoded inside the model"]),
    ]


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    return hgb_cases() + [
        ("mixed_categories", mixed_categories(), [],
         ["transformers_[1] 'cat'", "categories_[0]", "mix strings and numbers"]),
        ("duplicate_column", duplicate_column(), [],
         ["feature_names_in_", "column 'age (years)' twice"]),
        ("empty_and_missing", empty_and_missing(), [],
         ["transformers_[1] 'cat'", "categories_[0]", "\"\" and a missing value"]),
        ("input_unknown_column", fitted(), ["--input", "town=string"],
         ["--input town=string", "no column 'town'", "'city'"]),
        ("input_unknown_type", fitted(), ["--input", "city=text"],
         ["--input city=text", "unknown type"]),
        ("single_with_strings", fitted(), ["--inputs", "single"],
         ["--inputs single", "column 'city' is string", "transformers_[1] 'cat'"]),
        ("infrequent_group_huge", infrequent_group_out_of_range(), [],
         ["transformers_[1] 'cat'", "_default_to_infrequent_mappings[0]", "holds group 1000000000"]),
        ("dropped_group_huge", dropped_group_out_of_range(), [],
         ["transformers_[1] 'cat'", "drops group 1000000", "of 3"]),
        ("column_named_as_output", fitted(), [],
         ["column 'label'", "model output 'label'"]),
    ]


def main():
    return harness.run_pickled_cases(cases, "%-24s")


if __name__ == "__main__":
    sys.exit(main())
