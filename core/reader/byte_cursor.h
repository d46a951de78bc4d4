// A read position in the pickle stream that does every bounds check.
//
// All reads of the stream go through ByteCursor: a read that needs more
// bytes than are left, or that would run past the end of the current pickle
// FRAME, throws a ReadError naming what was being read, where, and how many
// bytes it needed. Nothing is allocated before that check.
#ifndef ONNXCONV_READER_BYTE_CURSOR_H
#define ONNXCONV_READER_BYTE_CURSOR_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace onnxconv::reader {

// Where errors point: the file name and, for compressed files, which
// decompressed stream the offsets count in.
struct ErrorSite {
  std::string file;
  std::string stream;  // "" or e.g. "gzip-decompressed"

  [[noreturn]] void fail(uint64_t offset, const std::string& detail) const;
};

// An error position: the site and the offset of the opcode being run.
struct At {
  const ErrorSite& site;
  uint64_t offset;
  [[noreturn]] void fail(const std::string& detail) const { site.fail(offset, detail); }
};

class ByteCursor {
 public:
  ByteCursor(const uint8_t* data, size_t size, const ErrorSite& site)
      : data_(data), size_(size), site_(site) {}

  size_t pos() const { return pos_; }
  size_t size() const { return size_; }
  size_t remaining() const { return size_ - pos_; }
  bool at_end() const { return pos_ == size_; }
  const ErrorSite& site() const { return site_; }

  // Fixed-size little-endian reads (pickle's own byte order), and BINFLOAT's
  // big-endian double. `what` names the opcode or field in errors.
  uint8_t u8(const char* what);
  uint16_t u16(const char* what);
  uint32_t u32(const char* what);
  int32_t i32(const char* what);
  uint64_t u64(const char* what);
  double f64_big_endian(const char* what);

  // The next n bytes (n may come straight from the file: checked here).
  const uint8_t* take(uint64_t n, const char* what);
  // A protocol-0 text argument: the bytes up to the next '\n', which is
  // consumed but not returned.
  std::string_view line(const char* what);

  // FRAME: the next n bytes form a frame; no read may straddle its end.
  void begin_frame(uint64_t n);
  // True while inside a frame that has bytes left.
  bool in_frame() const { return pos_ < frame_end_; }
  size_t frame_end() const { return frame_end_; }

  [[noreturn]] void fail(uint64_t offset, const std::string& detail) const {
    site_.fail(offset, detail);
  }

 private:
  void need(uint64_t n, const char* what) const;

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  size_t frame_end_ = 0;  // end of the current frame (<= pos_ when none)
  const ErrorSite& site_;
};

}  // namespace onnxconv::reader

#endif
