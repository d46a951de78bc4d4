"""Acme's own scikit-learn classes: what the example plugin converts.

A third party's module, not part of scikit-learn. Pickled inside a Pipeline
it is stored as the class reference `acme_transforms.LogClipTransformer`
plus its fitted attributes; onnxconv never imports this file, it hands that
state to the `acme` converter plugin.
"""

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin, TransformerMixin, clone
from sklearn.utils.validation import check_is_fitted


# [snippet:transformer]
try:  # scikit-learn 1.6 and later (1.7 removed BaseEstimator._validate_data)
    from sklearn.utils.validation import validate_data
except ImportError:  # 1.5 and earlier: the estimator's own method
    def validate_data(estimator, X, **kwargs):
        return estimator._validate_data(X, **kwargs)


class LogClipTransformer(TransformerMixin, BaseEstimator):
    """Clips every feature to [its training minimum, its `quantile`
    quantile] and returns log1p(clipped - minimum): heavy right tails
    squashed, outliers capped."""

    def __init__(self, quantile=0.95):
        self.quantile = quantile

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=np.float64)  # sets n_features_in_
        self.lower_ = X.min(axis=0)
        self.upper_ = np.quantile(X, self.quantile, axis=0)
        return self

    def transform(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return np.log1p(np.clip(X, self.lower_, self.upper_) - self.lower_)
# [/snippet:transformer]


# [snippet:blend]
class BlendRegressor(RegressorMixin, BaseEstimator):
    """weight * first.predict(X) + (1 - weight) * second.predict(X): two
    regressors (any scikit-learn estimators, pipelines included) blended."""

    def __init__(self, first, second, weight=0.5):
        self.first = first
        self.second = second
        self.weight = weight

    def fit(self, X, y):
        X, y = validate_data(self, X, y=y, dtype=np.float64)
        self.first_ = clone(self.first).fit(X, y)
        self.second_ = clone(self.second).fit(X, y)
        return self

    def predict(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return (self.weight * self.first_.predict(X)
                + (1.0 - self.weight) * self.second_.predict(X))
# [/snippet:blend]
