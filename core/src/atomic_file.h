#ifndef ONNXCONV_CORE_ATOMIC_FILE_H
#define ONNXCONV_CORE_ATOMIC_FILE_H

#include <functional>
#include <string>

namespace onnxconv {

// Writes the file's content to an open descriptor; throws on failure.
using ContentWriter = std::function<void(int fd, const std::string& tmp_path)>;

// Creates a temporary file beside `path`, lets `write` fill it, flushes it
// to disk and renames it over `path`, so readers see the old file or the
// whole new one, never a partial one. Throws onnxconv::Error and removes the
// temporary file on failure.
void write_file_atomically(const std::string& path, const ContentWriter& write);

// Writes `bytes` to a temporary file beside `path`, flushes it to disk and
// renames it over `path`, so readers see the old file or the whole new one,
// never a partial one. Throws onnxconv::Error and removes the temporary file
// on failure.
void write_file_atomically(const std::string& path, const std::string& bytes);

}  // namespace onnxconv

#endif
