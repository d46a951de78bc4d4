// The scikit-learn release an estimator's state says wrote it
// (`_sklearn_version`, pickled by every estimator since 0.18), for error
// messages and `inspect`. Nothing in the host requires it: files older
// than 0.18 have none and still convert when their state is complete.
#ifndef ONNXCONV_CORE_SKLEARN_VERSIONS_H
#define ONNXCONV_CORE_SKLEARN_VERSIONS_H

#include <onnxconv/pyvalue.h>

#include <string>
#include <vector>

namespace onnxconv {

// The estimator's `_sklearn_version`, or "" when it has none.
std::string sklearn_version_of(const py::Value& est);

// For messages: "(file written by scikit-learn 0.24.2)", or
// "(no _sklearn_version in the file: written before 0.18)".
std::string version_note(const py::Value& est);

// Versions of estimators nested in `root` that differ from root's own, as
// "0.24.2 (sklearn.tree._classes.DecisionTreeClassifier)", each version once.
// Shared values are visited once (the graph may share, never cycles).
std::vector<std::string> differing_nested_versions(const py::Value& root);

}  // namespace onnxconv

#endif
