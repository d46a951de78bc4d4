// The trees plugin's one export: which converter handles which scikit-learn
// class (paths as scikit-learn 1.2 pickles them). Keep this list and
// plugin.yaml in step.
#include "converters.hpp"

using onnxconv::sdk::converter_for;
using namespace onnxconv::trees;

ONNXCONV_PLUGIN(
    "trees", "0.1.0",
    converter_for<SingleTreeConverter>("sklearn.tree._classes.DecisionTreeClassifier"),
    converter_for<SingleTreeConverter>("sklearn.tree._classes.DecisionTreeRegressor"),
    converter_for<SingleTreeConverter>("sklearn.tree._classes.ExtraTreeClassifier"),
    converter_for<SingleTreeConverter>("sklearn.tree._classes.ExtraTreeRegressor"),
    converter_for<ForestConverter>("sklearn.ensemble._forest.RandomForestClassifier"),
    converter_for<ForestConverter>("sklearn.ensemble._forest.RandomForestRegressor"),
    converter_for<ForestConverter>("sklearn.ensemble._forest.ExtraTreesClassifier"),
    converter_for<ForestConverter>("sklearn.ensemble._forest.ExtraTreesRegressor"),
    converter_for<GradientBoostingConverter>("sklearn.ensemble._gb.GradientBoostingClassifier"),
    converter_for<GradientBoostingConverter>("sklearn.ensemble._gb.GradientBoostingRegressor"),
    converter_for<HistGradientBoostingConverter>(
        "sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingClassifier"),
    converter_for<HistGradientBoostingConverter>(
        "sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingRegressor"))
