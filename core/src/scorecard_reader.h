// Scorecard files (docs/scorecard-format.md): YAML read into the same plain
// object tree a pickle gives, so the converter plugin that handles the
// pseudo class onnxconv.scorecard.Scorecard (the `woe` plugin) reads it
// like any model. The reader only checks YAML syntax and the marker key;
// the format itself is the converter's business.
#ifndef ONNXCONV_CORE_SCORECARD_READER_H
#define ONNXCONV_CORE_SCORECARD_READER_H

#include <onnxconv/pyvalue.h>

#include <string>

namespace onnxconv {

// Whether `path` is read as a scorecard: its name ends in .yaml or .yml.
bool is_scorecard_path(const std::string& path);

// An Instance of onnxconv.scorecard.Scorecard whose state is the top-level
// mapping. Mappings become Dicts that also hold "__line__" (their line) and
// "__lines__" (key -> line of that key); the root also holds "__file__".
// Lines are 1-based. Errors (onnxconv::Error) read "<path>:<line>: ...".
py::ValuePtr read_scorecard_file(const std::string& path);

}  // namespace onnxconv

#endif  // ONNXCONV_CORE_SCORECARD_READER_H
