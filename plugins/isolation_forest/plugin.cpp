// The isolation_forest plugin's one export (class path as scikit-learn 1.2
// pickles it). Keep this list and plugin.yaml in step.
#include "converter.hpp"

using onnxconv::sdk::converter_for;
using onnxconv::isolation_forest::IsolationForestConverter;

ONNXCONV_PLUGIN("isolation_forest", "0.1.0",
                converter_for<IsolationForestConverter>("sklearn.ensemble._iforest.IsolationForest"))
