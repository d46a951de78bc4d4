// The neural_network plugin's one export (class paths as scikit-learn
// pickles them). Keep this list and plugin.yaml in step.
#include "mlp.hpp"

using onnxconv::neural_network::MlpClassifierConverter;
using onnxconv::neural_network::MlpRegressorConverter;
using onnxconv::sdk::converter_for;

ONNXCONV_PLUGIN("neural_network", "0.1.0",
                converter_for<MlpClassifierConverter>(
                    "sklearn.neural_network._multilayer_perceptron.MLPClassifier"),
                converter_for<MlpRegressorConverter>(
                    "sklearn.neural_network._multilayer_perceptron.MLPRegressor"))
