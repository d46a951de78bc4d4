#!/usr/bin/python3
"""Damaged decomposition / discriminant-analysis models must be refused
before any graph is built, naming the attribute and the value.

usage: /usr/bin/python3 plugins/decomposition/tests/bad_models.py --onnxconv BIN OUTDIR
"""
import os
import sys

import numpy as np
from sklearn.decomposition import PCA
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis, QuadraticDiscriminantAnalysis

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402

rng = np.random.RandomState(0)
X = rng.randn(90, 4)
y = np.arange(90) % 3


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    pca = PCA(n_components=2).fit(X)
    pca.mean_ = pca.mean_[:3]
    qda = QuadraticDiscriminantAnalysis().fit(X, y)
    qda.rotations_ = qda.rotations_[:2]
    lda = LinearDiscriminantAnalysis().fit(X, y)
    lda.intercept_ = lda.intercept_[:2]
    lsqr = LinearDiscriminantAnalysis(solver="lsqr").fit(X, y)
    return [
        ("pca_mean_short", pca, [], ["PCA.mean_", "has shape [3]; expected [4]"]),
        ("qda_rotations_short", qda, [],
         ["QuadraticDiscriminantAnalysis.rotations_", "expected a list of 3 arrays"]),
        ("lda_intercept_short", lda, [],
         ["LinearDiscriminantAnalysis.intercept_", "has shape [2]; expected [3]"]),
        ("lda_lsqr_transform", lsqr, ["--option", "lda_transform=true"],
         ["LinearDiscriminantAnalysis.solver", "solver 'lsqr' has no transform"]),
    ]


def main():
    return harness.run_pickled_cases(cases, "%-24s")


if __name__ == "__main__":
    sys.exit(main())
