// The kmeans plugin's one export (class paths as scikit-learn 1.2 pickles
// them). Keep this list and plugin.yaml in step.
#include "kmeans.hpp"

using onnxconv::sdk::converter_for;
using onnxconv::kmeans::KMeansConverter;

ONNXCONV_PLUGIN("kmeans", "0.1.0",
                converter_for<KMeansConverter>("sklearn.cluster._kmeans.KMeans"),
                converter_for<KMeansConverter>("sklearn.cluster._kmeans.MiniBatchKMeans"))
