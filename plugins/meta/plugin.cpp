// The meta plugin's one export (class paths as current scikit-learn pickles them).
#include "multioutput.hpp"
#include "stacking.hpp"
#include "transformed_target.hpp"
#include "voting.hpp"

using onnxconv::sdk::converter_for;

ONNXCONV_PLUGIN("meta", "0.1.0",
                converter_for<onnxconv::meta::VotingClassifierConverter>("sklearn.ensemble._voting.VotingClassifier"),
                converter_for<onnxconv::meta::VotingRegressorConverter>("sklearn.ensemble._voting.VotingRegressor"),
                converter_for<onnxconv::meta::StackingConverter>("sklearn.ensemble._stacking.StackingClassifier"),
                converter_for<onnxconv::meta::StackingConverter>("sklearn.ensemble._stacking.StackingRegressor"),
                converter_for<onnxconv::meta::TransformedTargetConverter>("sklearn.compose._target.TransformedTargetRegressor"),
                converter_for<onnxconv::meta::MultiOutputRegressorConverter>("sklearn.multioutput.MultiOutputRegressor"),
                converter_for<onnxconv::meta::MultiOutputClassifierConverter>("sklearn.multioutput.MultiOutputClassifier"),
                converter_for<onnxconv::meta::ChainConverter>("sklearn.multioutput.RegressorChain"),
                converter_for<onnxconv::meta::ChainConverter>("sklearn.multioutput.ClassifierChain"))
