#include "atomic_file.h"

#include <onnxconv/engine.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace onnxconv {
namespace {

std::string errno_text() { return std::strerror(errno); }

void write_all(int fd, const std::string& bytes, const std::string& tmp) {
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error("cannot write " + tmp + ": " + errno_text(), ErrorKind::Io);
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& bytes) {
  write_file_atomically(path, [&bytes](int fd, const std::string& tmp) { write_all(fd, bytes, tmp); });
}

namespace {

// A temporary file beside `path`, closed and removed unless kept.
class TempFile {
 public:
  explicit TempFile(const std::string& path) {
    std::string pattern = path + ".tmp.XXXXXX";
    std::vector<char> tmp(pattern.begin(), pattern.end());
    tmp.push_back('\0');
    fd_ = ::mkstemp(tmp.data());
    if (fd_ < 0) throw Error("cannot create a temporary file beside " + path + ": " + errno_text(), ErrorKind::Io);
    path_ = tmp.data();
  }
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!renamed_) std::remove(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  void flush_and_close() {
    if (::fchmod(fd_, 0644) != 0 || ::fsync(fd_) != 0) throw Error("cannot flush " + path_ + ": " + errno_text(), ErrorKind::Io);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw Error("cannot close " + path_ + ": " + errno_text(), ErrorKind::Io);
  }
  void rename_to(const std::string& target) {
    if (std::rename(path_.c_str(), target.c_str()) != 0)
      throw Error("cannot rename " + path_ + " to " + target + ": " + errno_text(), ErrorKind::Io);
    renamed_ = true;
  }

 private:
  int fd_ = -1;
  std::string path_;
  bool renamed_ = false;
};

}  // namespace

void write_file_pair_atomically(const std::string& path, const std::string& data_path, const PairWriter& write) {
  TempFile model(path), data(data_path);
  write(model.fd(), model.path(), data.fd(), data.path());
  model.flush_and_close();
  data.flush_and_close();
  data.rename_to(data_path);
  try {
    model.rename_to(path);
  } catch (...) {
    std::remove(data_path.c_str());  // a data file without its model is no output
    throw;
  }
}

void write_file_atomically(const std::string& path, const ContentWriter& write) {
  std::string pattern = path + ".tmp.XXXXXX";
  std::vector<char> tmp(pattern.begin(), pattern.end());
  tmp.push_back('\0');
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) throw Error("cannot create a temporary file beside " + path + ": " + errno_text(), ErrorKind::Io);
  std::string tmp_path(tmp.data());
  try {
    write(fd, tmp_path);
    if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0)
      throw Error("cannot flush " + tmp_path + ": " + errno_text(), ErrorKind::Io);
    if (::close(fd) != 0) {
      fd = -1;
      throw Error("cannot close " + tmp_path + ": " + errno_text(), ErrorKind::Io);
    }
    fd = -1;
    if (std::rename(tmp_path.c_str(), path.c_str()) != 0)
      throw Error("cannot rename " + tmp_path + " to " + path + ": " + errno_text(), ErrorKind::Io);
  } catch (...) {
    if (fd >= 0) ::close(fd);
    std::remove(tmp_path.c_str());
    throw;
  }
}

}  // namespace onnxconv
