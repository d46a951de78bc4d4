"""Issue 12's benchmark model: a ColumnTransformer over 200 DataFrame
columns (100 string columns of 50 categories one-hot encoded, 100 numeric
ones scaled) ahead of a 300-tree random forest.

usage: python make_model.py OUT.pkl   (in a scikit-learn environment)
Then: /usr/bin/time -v onnxconv convert OUT.pkl -o OUT.onnx
"""
import pickle
import sys

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

rng = np.random.RandomState(0)
n = 2000
cols = {}
for i in range(100):
    cols["cat %d" % i] = rng.choice(["c%d" % k for k in range(50)], n).astype(object)
for i in range(100):
    cols["num-%d" % i] = rng.randn(n)
df = pd.DataFrame(cols)
y = (df["num-0"] + (df["cat 0"] == "c1") > 0.5).astype(int)
ct = ColumnTransformer([("cat", OneHotEncoder(handle_unknown="ignore"), [c for c in cols if c.startswith("cat")]),
                        ("num", StandardScaler(), [c for c in cols if c.startswith("num")])])
model = Pipeline([("prep", ct), ("rf", RandomForestClassifier(n_estimators=300, max_depth=10, random_state=0,
                                                              n_jobs=1))])
model.fit(df, y)
with open(sys.argv[1], "wb") as f:
    pickle.dump(model, f, protocol=4)
