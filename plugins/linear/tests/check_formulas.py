#!/usr/bin/python3
"""The linear plugin's formulas, in numpy, checked against scikit-learn.

Each function below computes what the ONNX graph of the matching converter
computes (same formula, same order of operations where it matters), and the
script compares it with scikit-learn's own predict / predict_proba /
decision_function on about 90 fitted models: every family the plugin
converts, binary and multiclass, every LogisticRegression multi_class/solver
rule, every SGDClassifier loss, log-link and identity-link GLMs, rows far
outside the training range and modified_huber rows of all zeros.

It checks the semantics, not the C++: the end-to-end check of the plugin is
tests/parity (ONNX Runtime against scikit-learn fixtures).

Needs Debian's python3-sklearn: run with /usr/bin/python3.
"""
import sys
import warnings

import numpy as np
from sklearn import linear_model as lm
from sklearn import svm

warnings.simplefilter("ignore")


# ---------------------------------------------------------------- the graph

def scores(m, X):
    """linear_scores: X @ coef_.T + intercept_, [N, rows of coef_]."""
    W = np.atleast_2d(m.coef_)
    b = np.broadcast_to(np.asarray(m.intercept_, dtype=float), (W.shape[0],))
    return X @ W.T + b


GLM_LINKS = {"HalfSquaredError": "identity", "HalfTweedieLossIdentity": "identity",
             "HalfPoissonLoss": "log", "HalfGammaLoss": "log", "HalfTweedieLoss": "log"}


def regressor(m, X):
    s = scores(m, X)
    if hasattr(m, "_base_loss") and GLM_LINKS[type(m._base_loss).__name__] == "log":
        s = np.exp(s)
    return s


def classes(m):
    return m._label_binarizer.classes_ if isinstance(m, lm.RidgeClassifier) else m.classes_


def proba_kind(m, n_classes):
    if isinstance(m, lm.LogisticRegression):
        if m.multi_class in ("ovr", "warn"):
            return "ovr"
        if m.multi_class == "multinomial":
            return "softmax"
        ovr = n_classes <= 2 or m.solver in ("liblinear", "newton-cholesky")
        return "ovr" if ovr else "softmax"
    if isinstance(m, lm.SGDClassifier):
        return {"log_loss": "ovr", "log": "ovr", "modified_huber": "mhuber"}.get(m.loss, "scores")
    return "scores"


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_sigmoid(z):
    return np.minimum(z, 0) - np.log(1 + np.exp(-np.abs(z)))


def classifier(m, X):
    s = scores(m, X)
    binary = s.shape[1] == 1
    decision = np.c_[-s, s] if binary else s
    label = np.asarray(classes(m))[np.argmax(decision, axis=1)]
    kind = proba_kind(m, len(classes(m)))
    if kind == "scores":
        p = decision
    elif kind == "softmax":
        p = softmax(decision)
    elif kind == "ovr":
        ls = log_sigmoid(s)
        if binary:
            p1 = np.exp(ls)
            p = np.c_[1 - p1, p1]
        else:
            p = softmax(ls)
    else:  # modified_huber
        q = (np.maximum(np.minimum(s, 1), -1) + 1) / 2
        if binary:
            p = np.c_[1 - q, q]
        else:
            q = np.where(q.sum(axis=1, keepdims=True) == 0, 1.0, q)
            p = q / q.sum(axis=1, keepdims=True)
    return label, p


# ------------------------------------------------------------ the reference

def sklearn_proba(m, X):
    if hasattr(m, "predict_proba"):
        try:
            return m.predict_proba(X)
        except AttributeError:  # SGDClassifier without a probabilistic loss
            pass
    d = m.decision_function(X)
    return np.c_[-d, d] if d.ndim == 1 else d


def rel_error(got, want):
    got = np.asarray(got, float).reshape(len(got), -1)
    want = np.asarray(want, float).reshape(len(want), -1)
    assert got.shape == want.shape, (got.shape, want.shape)
    return float(np.max(np.abs(got - want) / np.maximum(np.abs(want), 1.0)))


def proba_error(got, want):
    """rel_error, except on rows where scikit-learn's OvR normalisation is
    0 / 0 (every expit(d) underflows: d < -745 for all classes): there the
    plugin gives the exact limit, which must be finite and sum to 1."""
    nan_rows = np.isnan(want).any(axis=1)
    if nan_rows.any():
        limit = got[nan_rows]
        assert np.isfinite(limit).all() and np.allclose(limit.sum(axis=1), 1), "bad limit rows"
    return rel_error(got[~nan_rows], want[~nan_rows])


def models():
    rng = np.random.RandomState(0)
    X = rng.randn(300, 5) * [1, 2, .5, 3, 1]
    y = X @ [1, -2, 0, .5, 3] + 4 + rng.randn(300) * .3
    ypos = np.exp(X @ [.1, -.2, 0, .05, .3] + 1)
    for m, t in [(lm.LinearRegression(), y), (lm.LinearRegression(), np.c_[y, -y, 2 * y]),
                 (lm.LinearRegression(fit_intercept=False), y), (lm.Ridge(), y),
                 (lm.Ridge(), np.c_[y, y]), (lm.Lasso(alpha=.1), y), (lm.ElasticNet(), np.c_[y, y]),
                 (lm.Lars(), y), (lm.Lars(), np.c_[y, y]), (lm.LassoLars(alpha=.01), y),
                 (lm.SGDRegressor(), y), (svm.LinearSVR(), y), (lm.HuberRegressor(), y),
                 (lm.PoissonRegressor(), ypos), (lm.GammaRegressor(), ypos)]:
        yield m.fit(X, t), X
    for power in (0, 1, 1.5, 2, 3):
        for link in ("auto", "log", "identity"):
            target = ypos + 1 if (link == "identity" and power > 0) else ypos
            yield lm.TweedieRegressor(power=power, link=link, max_iter=1000).fit(X, target), X
    Xc = X + np.eye(5)[np.arange(300) % 4] * 3
    for k in (2, 3, 4):
        labels = np.array([-7, -2, 3, 11])[:k][np.arange(300) % k]
        ests = [svm.LinearSVC(), svm.LinearSVC(multi_class="crammer_singer"), lm.Perceptron(),
                lm.RidgeClassifier(), lm.PassiveAggressiveClassifier()]
        for mc in ("auto", "ovr", "multinomial"):
            for solver in ("lbfgs", "liblinear", "newton-cholesky", "saga"):
                if mc == "multinomial" and solver in ("liblinear", "newton-cholesky"):
                    continue
                ests.append(lm.LogisticRegression(multi_class=mc, solver=solver, max_iter=2000))
        for loss in ("hinge", "log_loss", "log", "modified_huber", "squared_hinge", "perceptron"):
            ests.append(lm.SGDClassifier(loss=loss, random_state=0))
        for m in ests:
            yield m.fit(Xc, labels), Xc


def main():
    rng = np.random.RandomState(1)
    passed = failed = 0
    worst = 0.0
    for m, X in models():
        # test rows: ordinary, far outside the training range, and zero
        T = np.vstack([rng.randn(200, X.shape[1]) * 3, np.zeros((1, X.shape[1])),
                       rng.randn(20, X.shape[1]) * 30, rng.randn(20, X.shape[1]) * 300])
        name = "%s(%s)" % (type(m).__name__, getattr(m, "loss", getattr(m, "multi_class", "")))
        try:
            if hasattr(m, "decision_function") or hasattr(m, "classes_"):
                label, p = classifier(m, T)
                assert (label == m.predict(T)).all(), "labels differ"
                err = proba_error(p, sklearn_proba(m, T))
            else:
                err = rel_error(regressor(m, T[:221]), m.predict(T[:221]))
            assert err < 1e-9, "max rel error %g" % err
            worst = max(worst, err)
            passed += 1
        except AssertionError as e:
            print("FAIL %s: %s" % (name, e))
            failed += 1
    print("worst relative error %.3g" % worst)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
