// The neighbors plugin's one export (class paths as scikit-learn 0.22 and
// later pickle them). Keep this list and plugin.yaml in step.
#include "converters.hpp"

using onnxconv::sdk::converter_for;
using namespace onnxconv::neighbors;

ONNXCONV_PLUGIN("neighbors", "0.1.0",
                converter_for<KNeighborsClassifierConverter>("sklearn.neighbors._classification.KNeighborsClassifier"),
                converter_for<KNeighborsRegressorConverter>("sklearn.neighbors._regression.KNeighborsRegressor"),
                converter_for<NearestNeighborsConverter>("sklearn.neighbors._unsupervised.NearestNeighbors"),
                converter_for<KNNImputerConverter>("sklearn.impute._knn.KNNImputer"),
                converter_for<LocalOutlierFactorConverter>("sklearn.neighbors._lof.LocalOutlierFactor"),
                converter_for<RadiusNeighborsClassifierConverter>(
                    "sklearn.neighbors._classification.RadiusNeighborsClassifier"),
                converter_for<RadiusNeighborsRegressorConverter>("sklearn.neighbors._regression.RadiusNeighborsRegressor"))
