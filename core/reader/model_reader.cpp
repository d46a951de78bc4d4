// The reader's entry points: file -> container -> pickle stream -> values.
#include <onnxconv/model_reader.h>

#include "decompress.h"
#include "lightgbm_text.h"
#include "read_context.h"
#include "unpickler.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace onnxconv {

namespace {

std::string compose(const std::string& file, uint64_t offset, const std::string& detail,
                    const std::string& stream) {
  std::string m = file + ": ";
  if (offset != ReadError::kNoOffset) {
    m += "byte " + std::to_string(offset);
    if (!stream.empty()) m += " of the " + stream + " data";
    m += ": ";
  }
  return m + detail;
}

}  // namespace

ReadError::ReadError(std::string file, uint64_t offset, std::string detail, std::string stream)
    : std::runtime_error(compose(file, offset, detail, stream)),
      file_(std::move(file)),
      offset_(offset),
      detail_(std::move(detail)),
      stream_(std::move(stream)) {}

namespace {

using reader::ByteCursor;
using reader::ErrorSite;
using reader::ReadContext;
using reader::StreamBytes;
using reader::Unpickler;
using reader::ValueFactory;

// `owner` keeps the stream alive for arrays that view it; null when
// nothing does past the read (arrays then copy).
py::ValuePtr read_stream(std::shared_ptr<const void> owner, const uint8_t* data, size_t size,
                         const ErrorSite& site, const ReadLimits& limits) {
  if (size == 0) site.fail(0, "no pickle data");
  if (size > limits.max_decompressed_bytes) {
    site.fail(ReadError::kNoOffset, "the pickle is " + std::to_string(size) + " bytes, more than " +
                                        std::to_string(limits.max_decompressed_bytes) +
                                        " (ReadLimits::max_decompressed_bytes, CLI --max-input-size; a host may raise it)");
  }
  ByteCursor in(data, size, site);
  StreamBytes stream(data, size, std::move(owner));
  ValueFactory make(limits, site);
  ReadContext ctx{limits, in, stream, make, {}};
  py::ValuePtr root = Unpickler(ctx, 0).load();
  if (!in.at_end()) {
    in.fail(in.pos(), std::to_string(in.remaining()) + " bytes of trailing data after the pickle's final STOP");
  }
  make.finish(root);
  stream.finish();
  return root;
}


// A model file's bytes, read into memory once. Not mapped: a mapped file
// truncated by another process while we convert it kills the process with
// SIGBUS on the next access (issue 17), and the mapped pages would count in
// the RSS all the same. Arrays that view the bytes share their ownership.
class FileBytes {
 public:
  FileBytes(const std::string& path, const ReadLimits& limits) : path_(path), limits_(limits) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(std::string("cannot open: ") + std::strerror(errno));
    try {
      struct stat st {};
      if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) fail("is a directory, not a model file");
      size_t expected = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? size_t(st.st_size) : 0;
      if (expected > limits.max_decompressed_bytes) too_large();
      read_all(fd, expected);
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
  }

  const uint8_t* data() const { return bytes_.data(); }
  size_t size() const { return bytes_.size(); }

 private:
  [[noreturn]] void fail(const std::string& why) const { throw ReadError(path_, ReadError::kNoOffset, why); }
  [[noreturn]] void too_large() const {
    fail("the file is larger than " + std::to_string(limits_.max_decompressed_bytes) +
         " bytes (ReadLimits::max_decompressed_bytes, CLI --max-input-size; a host may raise it)");
  }

  // Reads to the end: `expected` (the size fstat gave) is only a first
  // guess, since the file may change while it is read. The buffer grows
  // only when a read past its end finds more bytes.
  void read_all(int fd, size_t expected) {
    bytes_.resize(std::max<size_t>(expected, 1 << 16));
    size_t used = 0;
    for (;;) {
      uint8_t probe[4096];
      bool full = used == bytes_.size();
      uint8_t* into = full ? probe : bytes_.data() + used;
      ssize_t n = ::read(fd, into, full ? sizeof probe : bytes_.size() - used);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail(std::string("read error: ") + std::strerror(errno));
      if (n == 0) break;
      if (full) {
        if (used >= limits_.max_decompressed_bytes) too_large();
        bytes_.resize(std::min<uint64_t>(uint64_t{used} * 2, limits_.max_decompressed_bytes + 1));
        std::memcpy(bytes_.data() + used, probe, size_t(n));
      }
      used += size_t(n);
    }
    if (used > limits_.max_decompressed_bytes) too_large();
    bytes_.resize(used);
  }

  std::string path_;
  const ReadLimits& limits_;
  std::vector<uint8_t> bytes_;
};

}  // namespace

py::ValuePtr read_pickle(std::shared_ptr<const void> owner, const uint8_t* data, size_t size,
                         const std::string& source_name, const ReadLimits& limits) {
  ErrorSite site{source_name, {}};
  return read_stream(std::move(owner), data, size, site, limits);
}

py::ValuePtr read_pickle(const uint8_t* data, size_t size, const std::string& source_name,
                         const ReadLimits& limits) {
  return read_pickle(nullptr, data, size, source_name, limits);
}

py::ValuePtr read_model_data(std::shared_ptr<const void> owner, const uint8_t* data, size_t size,
                             const std::string& source_name, const ReadLimits& limits) {
  if (reader::is_lightgbm_text(data, size)) return reader::lightgbm_text_as_booster(data, size);
  reader::Container c = reader::sniff_container(data, size, source_name);
  if (c == reader::Container::kPickle) return read_pickle(std::move(owner), data, size, source_name, limits);
  // The decompressed stream is the result's own, whoever owns the file.
  auto stream = std::make_shared<reader::ByteBuffer>(reader::decompress(c, data, size, limits, source_name));
  ErrorSite site{source_name, std::string(reader::container_name(c)) + "-decompressed"};
  return read_stream(stream, stream->data(), stream->size(), site, limits);
}

py::ValuePtr read_model_data(const uint8_t* data, size_t size, const std::string& source_name,
                             const ReadLimits& limits) {
  return read_model_data(nullptr, data, size, source_name, limits);
}

py::ValuePtr read_model_file(const std::string& path, const ReadLimits& limits) {
  auto bytes = std::make_shared<const FileBytes>(path, limits);
  return read_model_data(bytes, bytes->data(), bytes->size(), path, limits);
}

}  // namespace onnxconv
