// The lightgbm plugin's one export. Keep this list and plugin.yaml in step.
#include "converter.hpp"

using onnxconv::lightgbm::LightGBMConverter;
using onnxconv::sdk::converter_for;

ONNXCONV_PLUGIN("lightgbm", "0.1.0",
                converter_for<LightGBMConverter>("lightgbm.basic.Booster"),
                converter_for<LightGBMConverter>("lightgbm.sklearn.LGBMClassifier"),
                converter_for<LightGBMConverter>("lightgbm.sklearn.LGBMRegressor"),
                converter_for<LightGBMConverter>("lightgbm.sklearn.LGBMRanker"))
