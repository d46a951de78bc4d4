// The encoders plugin's one export (class paths as scikit-learn pickles
// them from 0.22 on). Keep this list and plugin.yaml in step.
#include "encoders.hpp"

using onnxconv::sdk::converter_for;
using namespace onnxconv::encoders;

ONNXCONV_PLUGIN("encoders", "0.1.0",
                converter_for<OneHotEncoderConverter>("sklearn.preprocessing._encoders.OneHotEncoder"),
                converter_for<OrdinalEncoderConverter>("sklearn.preprocessing._encoders.OrdinalEncoder"),
                converter_for<TargetEncoderConverter>("sklearn.preprocessing._target_encoder.TargetEncoder"),
                converter_for<LabelEncoderConverter>("sklearn.preprocessing._label.LabelEncoder"),
                converter_for<LabelBinarizerConverter>("sklearn.preprocessing._label.LabelBinarizer"))
