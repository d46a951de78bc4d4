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

// A model and its external data file, which are only valid together: both
// are written to temporary files beside their paths and flushed, then the
// data file is renamed into place and the model last. On any failure
// neither new file is left (a data file already renamed is removed again);
// an existing model at `path` is left untouched. Throws onnxconv::Error.
using PairWriter = std::function<void(int fd, const std::string& tmp_path, int data_fd,
                                      const std::string& data_tmp_path)>;
void write_file_pair_atomically(const std::string& path, const std::string& data_path, const PairWriter& write);

}  // namespace onnxconv

#endif
