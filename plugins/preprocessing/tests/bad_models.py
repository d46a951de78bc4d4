#!/usr/bin/python3
"""Hostile PolynomialFeatures models must be refused at once, clearly; so
must damaged Power/Quantile/SplineTransformers and FunctionTransformers
whose func is not a numpy ufunc.

usage: /usr/bin/python3 plugins/preprocessing/tests/bad_models.py --onnxconv BIN OUTDIR

Fits each model with real scikit-learn, then sets the degree the way a
hand-made file could (a degree of 10^6 once overflowed the stack; a width
of 10^11 terms ran for a minute and took gigabytes before failing), runs
`onnxconv convert` and checks that it exits non-zero, writes no output
file, and that stderr names the estimator path, the offending value and
the limit. Prints one line per case and "N passed, M failed".
"""
import os
import sys

import numpy as np
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import (FunctionTransformer, PolynomialFeatures, PowerTransformer,
                                   QuantileTransformer, StandardScaler)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402


def poly(n_features, degree, max_degree, **params):
    """PolynomialFeatures fitted with `degree`, then claiming `max_degree`."""
    X = np.random.RandomState(0).randn(5, n_features)
    p = PolynomialFeatures(degree=degree, **params).fit(X)
    p.degree = p._max_degree = max_degree
    return p


def user_function(X):
    """A Python function: its code is not in the pickle, only its name."""
    return X * 2


def fitted(model, n_features=3, positive=False):
    X = np.random.RandomState(1).randn(40, n_features)
    return model.fit(np.abs(X) + 0.1 if positive else X)


def spline(**damage):
    """A SplineTransformer (1.0+) whose first BSpline's state is changed."""
    from sklearn.preprocessing import SplineTransformer
    model = fitted(SplineTransformer())
    spl = model.bsplines_[0]
    for name, value in damage.items():
        key = name if name in spl.__dict__ else "_" + name  # scipy 1.17: _t, _c
        spl.__dict__[key] = value
    return model


def transformer_cases():
    """Power/Quantile/Spline/FunctionTransformer files that must be refused."""
    unsorted = fitted(QuantileTransformer(n_quantiles=20))
    unsorted.quantiles_ = unsorted.quantiles_.copy()
    unsorted.quantiles_[5, 1] = unsorted.quantiles_[15, 1] + 1.0
    wide = fitted(QuantileTransformer(n_quantiles=20))
    wide.n_features_in_ = 5
    short = fitted(PowerTransformer())
    short.lambdas_ = short.lambdas_[:2]
    with_kw = fitted(FunctionTransformer(np.log1p, kw_args={"out": None}))
    return [
        ("function_user_function", fitted(FunctionTransformer(user_function)), [],
         ["FunctionTransformer.func", "__main__.user_function", "only these numpy ufuncs", "numpy.log1p"]),
        ("function_not_a_ufunc", fitted(FunctionTransformer(np.round)), [],
         ["FunctionTransformer.func", "round", "only these numpy ufuncs"]),
        ("function_kw_args", with_kw, [], ["FunctionTransformer.kw_args", "not empty"]),
        ("quantile_unsorted", unsorted, [], ["QuantileTransformer.quantiles_", "column 1 is not sorted at row 6"]),
        ("quantile_width", wide, [], ["QuantileTransformer.quantiles_", "3 columns; n_features_in_ is 5"]),
        ("power_lambdas_short", short, [], ["PowerTransformer.lambdas_", "expected 3 values"]),
    ] + ([] if not hasattr(__import__("sklearn.preprocessing").preprocessing, "SplineTransformer") else [
        ("spline_huge_degree", spline(k=10**6), [], ["SplineTransformer.bsplines_[0].k", "degree 1000000",
                                                    "outside 0..32"]),
        ("spline_short_coefficients", spline(c=np.eye(3)), [],
         ["SplineTransformer.bsplines_[0]", "has 3 rows", "make 7 basis functions"]),
        ("spline_unsorted_knots", spline(t=np.array([0.0, 1, 2, 3, 2.5, 5, 6, 7, 8, 9, 10])), [],
         ["SplineTransformer.bsplines_[0]", "not sorted at index 4"]),
    ])


def cases():
    """(name, model, extra CLI args, strings stderr must contain)."""
    in_pipeline = Pipeline([("scale", StandardScaler()), ("poly", PolynomialFeatures(2))]).fit(
        np.random.RandomState(0).randn(5, 3))
    in_pipeline.steps[1][1]._max_degree = 10**6
    return [
        ("huge_degree", poly(3, 2, 10**6), [],
         ["PolynomialFeatures", "degree 1000000", "limit of 64"]),
        ("huge_degree_in_pipeline", in_pipeline, [],
         ["Pipeline.steps[1] 'poly'", "degree 1000000", "limit of 64"]),
        ("exploding_width", poly(200, 2, 6), [],
         ["PolynomialFeatures", "more than 1048576 terms of degree 3", "over 200 features"]),
        ("exploding_interactions", poly(60, 2, 8, interaction_only=True), [],
         ["PolynomialFeatures", "more than 1048576 terms of degree 5", "limit of 1048576"]),
    ] + transformer_cases()


def main():
    return harness.run_pickled_cases(cases, "%-28s")


if __name__ == "__main__":
    sys.exit(main())
