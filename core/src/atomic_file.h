#ifndef ONNXCONV_CORE_ATOMIC_FILE_H
#define ONNXCONV_CORE_ATOMIC_FILE_H

#include <string>

namespace onnxconv {

// Writes `bytes` to a temporary file beside `path`, flushes it to disk and
// renames it over `path`, so readers see the old file or the whole new one,
// never a partial one. Throws onnxconv::Error and removes the temporary file
// on failure.
void write_file_atomically(const std::string& path, const std::string& bytes);

}  // namespace onnxconv

#endif
