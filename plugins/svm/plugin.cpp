// The svm plugin's one export (class paths as scikit-learn 0.22+ pickles
// them). Keep this list and plugin.yaml in step.
#include "converters.hpp"

using onnxconv::sdk::converter_for;
using namespace onnxconv::svm;

ONNXCONV_PLUGIN("svm", "0.1.0",
                converter_for<SvcConverter>("sklearn.svm._classes.SVC"),
                converter_for<SvcConverter>("sklearn.svm._classes.NuSVC"),
                converter_for<SvrConverter>("sklearn.svm._classes.SVR"),
                converter_for<SvrConverter>("sklearn.svm._classes.NuSVR"),
                converter_for<OneClassSvmConverter>("sklearn.svm._classes.OneClassSVM"))
