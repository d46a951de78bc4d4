// The preprocessing plugin's one export: which converter handles which
// scikit-learn class (paths as scikit-learn 1.2 pickles them). Keep this
// list and plugin.yaml in step.
#include "converters.hpp"

using onnxconv::sdk::converter_for;
using namespace onnxconv::preprocessing;

ONNXCONV_PLUGIN(
    "preprocessing", "0.1.0",
    converter_for<StandardScalerConverter>("sklearn.preprocessing._data.StandardScaler"),
    converter_for<MinMaxScalerConverter>("sklearn.preprocessing._data.MinMaxScaler"),
    converter_for<MaxAbsScalerConverter>("sklearn.preprocessing._data.MaxAbsScaler"),
    converter_for<RobustScalerConverter>("sklearn.preprocessing._data.RobustScaler"),
    converter_for<NormalizerConverter>("sklearn.preprocessing._data.Normalizer"),
    converter_for<BinarizerConverter>("sklearn.preprocessing._data.Binarizer"),
    converter_for<SimpleImputerConverter>("sklearn.impute._base.SimpleImputer"),
    converter_for<PolynomialFeaturesConverter>("sklearn.preprocessing._polynomial.PolynomialFeatures"),
    converter_for<PowerTransformerConverter>("sklearn.preprocessing._data.PowerTransformer"),
    converter_for<QuantileTransformerConverter>("sklearn.preprocessing._data.QuantileTransformer"),
    converter_for<SplineTransformerConverter>("sklearn.preprocessing._polynomial.SplineTransformer"),
    converter_for<FunctionTransformerConverter>("sklearn.preprocessing._function_transformer.FunctionTransformer"))
