"""A Scorecard over 200 variables for the optbinning benchmark (issue 18):
100 numeric columns num_0.. binned on 19 user splits (20 prebins; the solver may merge some),
100 string columns cat_0.. with 30 categories c0..c29, a LogisticRegression,
pdo_odds scaling. Runs in an environment with optbinning (tests/fixtures/
envs/sklearn-1.9.1.txt):

  python3 tests/fixtures/envs.py run 1.9.1 -- python bench/optbinning/make_model.py OUT.pkl
"""
import pickle
import sys
import time

import numpy as np
import pandas as pd
from optbinning import BinningProcess, Scorecard
from sklearn.linear_model import LogisticRegression

N_NUM, N_CAT, N_BINS, N_CATS, N_ROWS = 100, 100, 20, 30, 20000


def main(out):
    rng = np.random.RandomState(0)
    cols, z = {}, np.zeros(N_ROWS)
    for i in range(N_NUM):
        x = rng.normal(size=N_ROWS)
        cols["num_%d" % i] = x
        z += 0.05 * x
    for i in range(N_CAT):
        codes = rng.randint(N_CATS, size=N_ROWS)
        cols["cat_%d" % i] = pd.Series(["c%d" % c for c in codes], dtype=object)
        z += 0.03 * (codes % 3)
    y = (z + rng.normal(size=N_ROWS) > 0).astype(int)
    df = pd.DataFrame(cols)
    splits = list(np.quantile(rng.normal(size=100000), np.linspace(0, 1, N_BINS + 1)[1:-1]))
    params = {"num_%d" % i: {"user_splits": splits,
                             "monotonic_trend": None} for i in range(N_NUM)}
    params.update({"cat_%d" % i: {"cat_cutoff": None, "min_prebin_size": 0.001, "monotonic_trend": None,
                                  "max_n_prebins": N_CATS} for i in range(N_CAT)})
    process = BinningProcess(list(df.columns), categorical_variables=["cat_%d" % i for i in range(N_CAT)],
                             binning_fit_params=params)
    t = time.time()
    card = Scorecard(process, LogisticRegression(max_iter=2000), scaling_method="pdo_odds",
                     scaling_method_params={"pdo": 20, "odds": 50, "scorecard_points": 600}).fit(df, y)
    bins = [card.binning_process_.get_binned_variable(n).binning_table.build().shape[0] - 3 for n in df.columns]
    print("fit_s=%.1f variables=%d numeric_bins=%d..%d categorical_bins=%d..%d" % (
        time.time() - t, len(df.columns), min(bins[:N_NUM]), max(bins[:N_NUM]), min(bins[N_NUM:]),
        max(bins[N_NUM:])))
    with open(out, "wb") as f:
        pickle.dump(card, f, protocol=4)


if __name__ == "__main__":
    main(sys.argv[1])
