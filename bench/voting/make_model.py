"""The benchmark model (issue 15's "Measure and report"): a soft
VotingClassifier of a 300-tree RandomForestClassifier, an SVC with
probability=True and a LogisticRegression, fitted on scikit-learn's
handwritten digits (1797 8x8 images, 64 features of 0..16, 10 classes).

Writes OUTDIR/voting.pkl (joblib) and OUTDIR/eval.npz: the held-out rows
(exact in float32) with scikit-learn's predict / predict_proba, the
reference every converted file is checked against.
usage: python make_model.py OUTDIR      (in the bench's venv, see run.sh)
"""
import os
import sys
import time

import joblib
import numpy as np
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier, VotingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
model = VotingClassifier(
    [("forest", RandomForestClassifier(n_estimators=300, random_state=0)),
     ("svc", SVC(probability=True, random_state=0)),
     ("logreg", LogisticRegression(max_iter=5000))],
    # flatten_transform only shapes transform(); skl2onnx refuses its default
    # (True), and predict / predict_proba are the same either way.
    voting="soft", flatten_transform=False)
t0 = time.perf_counter()
model.fit(X_train, y_train)
print("fit_s=%.1f" % (time.perf_counter() - t0))
path = os.path.join(out, "voting.pkl")
joblib.dump(model, path)
np.savez(os.path.join(out, "eval.npz"), X=X_test.astype(np.float32), y=y_test,
         label=model.predict(X_test), proba=model.predict_proba(X_test))
forest, svc = model.estimators_[0], model.estimators_[1]
print("test_accuracy=%.4f forest_nodes=%d svc_support_vectors=%d pickle_bytes=%d" % (
    model.score(X_test, y_test), sum(t.tree_.node_count for t in forest.estimators_),
    int(svc.n_support_.sum()), os.path.getsize(path)))
