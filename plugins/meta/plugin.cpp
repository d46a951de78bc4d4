// The meta plugin's one export (class paths as current scikit-learn pickles them).
#include "bagging.hpp"
#include "calibration.hpp"
#include "multiclass.hpp"
#include "multioutput.hpp"
#include "stacking.hpp"
#include "thresholds.hpp"
#include "transformed_target.hpp"
#include "voting.hpp"
#include "weight_boosting.hpp"

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
                converter_for<onnxconv::meta::ChainConverter>("sklearn.multioutput.ClassifierChain"),
                converter_for<onnxconv::meta::OneVsRestConverter>("sklearn.multiclass.OneVsRestClassifier"),
                converter_for<onnxconv::meta::OneVsOneConverter>("sklearn.multiclass.OneVsOneClassifier"),
                converter_for<onnxconv::meta::CalibratedClassifierConverter>("sklearn.calibration.CalibratedClassifierCV"),
                converter_for<onnxconv::meta::BaggingClassifierConverter>("sklearn.ensemble._bagging.BaggingClassifier"),
                converter_for<onnxconv::meta::BaggingRegressorConverter>("sklearn.ensemble._bagging.BaggingRegressor"),
                converter_for<onnxconv::meta::AdaBoostClassifierConverter>("sklearn.ensemble._weight_boosting.AdaBoostClassifier"),
                converter_for<onnxconv::meta::AdaBoostRegressorConverter>("sklearn.ensemble._weight_boosting.AdaBoostRegressor"),
                converter_for<onnxconv::meta::ThresholdClassifierConverter>(
                    "sklearn.model_selection._classification_threshold.FixedThresholdClassifier"),
                converter_for<onnxconv::meta::ThresholdClassifierConverter>(
                    "sklearn.model_selection._classification_threshold.TunedThresholdClassifierCV"))
