// The xgboost plugin's one export: which converter handles which class.
// Keep this list and plugin.yaml in step.
#include "converters.hpp"

using onnxconv::sdk::converter_for;
using namespace onnxconv::xgboost;

ONNXCONV_PLUGIN("xgboost", "0.1.0",
                converter_for<BoosterConverter>("onnxconv.document.XGBoostModel"),
                converter_for<BoosterConverter>("xgboost.core.Booster"),
                converter_for<RegressorConverter>("xgboost.sklearn.XGBRegressor"),
                converter_for<RegressorConverter>("xgboost.sklearn.XGBRFRegressor"),
                converter_for<RegressorConverter>("xgboost.sklearn.XGBRanker"),
                converter_for<ClassifierConverter>("xgboost.sklearn.XGBClassifier"),
                converter_for<ClassifierConverter>("xgboost.sklearn.XGBRFClassifier"))
