// The feature_selection plugin's one export: which converter handles which
// scikit-learn class. Keep this list and plugin.yaml in step.
#include "selector.hpp"

using onnxconv::sdk::converter_for;
using namespace onnxconv::feature_selection;

#define FS "sklearn.feature_selection."

ONNXCONV_PLUGIN(
    "feature_selection", "0.1.0",
    converter_for<UnivariateConverter>(FS "_univariate_selection.SelectKBest"),
    converter_for<UnivariateConverter>(FS "_univariate_selection.SelectPercentile"),
    converter_for<UnivariateConverter>(FS "_univariate_selection.SelectFpr"),
    converter_for<UnivariateConverter>(FS "_univariate_selection.SelectFdr"),
    converter_for<UnivariateConverter>(FS "_univariate_selection.SelectFwe"),
    converter_for<UnivariateConverter>(FS "_univariate_selection.GenericUnivariateSelect"),
    converter_for<VarianceThresholdConverter>(FS "_variance_threshold.VarianceThreshold"),
    converter_for<SelectFromModelConverter>(FS "_from_model.SelectFromModel"),
    converter_for<SupportConverter>(FS "_rfe.RFE"),
    converter_for<SupportConverter>(FS "_rfe.RFECV"),
    converter_for<SupportConverter>(FS "_sequential.SequentialFeatureSelector"))
