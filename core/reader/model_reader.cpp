// The reader's entry points: file -> container -> pickle stream -> values.
#include <onnxconv/model_reader.h>

#include "decompress.h"
#include "read_context.h"
#include "unpickler.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <fcntl.h>
#include <sys/mman.h>
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


// A model file's bytes: mapped read-only where the OS allows (no copy, and
// the pages are the page cache's, not the heap's), else read into memory
// (pipes, special files). Arrays that view it share its ownership.
class FileBytes {
 public:
  FileBytes(const std::string& path, const ReadLimits& limits) {
    auto fail = [&](const std::string& why) { throw ReadError(path, ReadError::kNoOffset, why); };
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    bool ok = ::fstat(fd, &st) == 0;
    if (ok && S_ISDIR(st.st_mode)) {
      ::close(fd);
      fail("is a directory, not a model file");
    }
    if (ok && S_ISREG(st.st_mode) && uint64_t(st.st_size) > limits.max_decompressed_bytes) {
      ::close(fd);
      fail("the file is larger than " + std::to_string(limits.max_decompressed_bytes) +
           " bytes (ReadLimits::max_decompressed_bytes, CLI --max-input-size; a host may raise it)");
    }
    if (ok && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* p = ::mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        ::madvise(p, size_t(st.st_size), MADV_SEQUENTIAL);
        mapped_ = static_cast<const uint8_t*>(p);
        size_ = size_t(st.st_size);
      }
    }
    if (mapped_ == nullptr) read_all(fd, path, limits);
    ::close(fd);
  }
  ~FileBytes() {
    if (mapped_ != nullptr) ::munmap(const_cast<uint8_t*>(mapped_), size_);
  }
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  const uint8_t* data() const { return mapped_ != nullptr ? mapped_ : copy_.data(); }
  size_t size() const { return mapped_ != nullptr ? size_ : copy_.size(); }

 private:
  void read_all(int fd, const std::string& path, const ReadLimits& limits) {
    uint8_t chunk[1 << 16];
    for (;;) {
      ssize_t n = ::read(fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        ::close(fd);
        throw ReadError(path, ReadError::kNoOffset, std::string("read error: ") + std::strerror(errno));
      }
      if (n == 0) break;
      if (copy_.size() + size_t(n) > limits.max_decompressed_bytes) {
        ::close(fd);
        throw ReadError(path, ReadError::kNoOffset,
                        "the file is larger than " + std::to_string(limits.max_decompressed_bytes) +
                            " bytes (ReadLimits::max_decompressed_bytes, CLI --max-input-size; a host may raise it)");
      }
      copy_.insert(copy_.end(), chunk, chunk + n);
    }
  }

  const uint8_t* mapped_ = nullptr;
  size_t size_ = 0;
  std::vector<uint8_t> copy_;
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
