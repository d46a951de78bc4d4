// The naive_bayes plugin's one export (class paths as scikit-learn pickles
// them: the module has been public, sklearn.naive_bayes, in every release).
// Keep this list and plugin.yaml in step.
#include "naive_bayes.hpp"

using namespace onnxconv::naive_bayes;
using onnxconv::sdk::converter_for;

ONNXCONV_PLUGIN("naive_bayes", "0.1.0",
                converter_for<GaussianNbConverter>("sklearn.naive_bayes.GaussianNB"),
                converter_for<MultinomialNbConverter>("sklearn.naive_bayes.MultinomialNB"),
                converter_for<ComplementNbConverter>("sklearn.naive_bayes.ComplementNB"),
                converter_for<BernoulliNbConverter>("sklearn.naive_bayes.BernoulliNB"),
                converter_for<CategoricalNbConverter>("sklearn.naive_bayes.CategoricalNB"))
