#include "byte_cursor.h"

#include <onnxconv/model_reader.h>

#include <cstring>

namespace onnxconv::reader {

void ErrorSite::fail(uint64_t offset, const std::string& detail) const {
  throw ReadError(file, offset, detail, stream);
}

void ByteCursor::need(uint64_t n, const char* what) const {
  if (n > remaining()) {
    fail(pos_, std::string("truncated ") + what + ": needs " + std::to_string(n) + " bytes, " +
                   std::to_string(remaining()) + " left");
  }
  if (in_frame() && n > frame_end_ - pos_) {
    fail(pos_, std::string(what) + " needs " + std::to_string(n) +
                   " bytes but crosses the end of its FRAME at byte " + std::to_string(frame_end_));
  }
}

const uint8_t* ByteCursor::take(uint64_t n, const char* what) {
  need(n, what);
  const uint8_t* p = data_ + pos_;
  pos_ += static_cast<size_t>(n);
  return p;
}

uint8_t ByteCursor::u8(const char* what) { return *take(1, what); }

uint16_t ByteCursor::u16(const char* what) {
  const uint8_t* p = take(2, what);
  return static_cast<uint16_t>(p[0] | p[1] << 8);
}

uint32_t ByteCursor::u32(const char* what) {
  const uint8_t* p = take(4, what);
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

int32_t ByteCursor::i32(const char* what) { return static_cast<int32_t>(u32(what)); }

uint64_t ByteCursor::u64(const char* what) {
  const uint8_t* p = take(8, what);
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | p[i];
  return v;
}

double ByteCursor::f64_big_endian(const char* what) {
  const uint8_t* p = take(8, what);
  uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits = bits << 8 | p[i];
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

std::string_view ByteCursor::line(const char* what) {
  size_t limit = in_frame() ? frame_end_ : size_;
  const void* nl = std::memchr(data_ + pos_, '\n', limit - pos_);
  if (nl == nullptr) {
    fail(pos_, std::string("truncated ") + what + ": no end of line before " +
                   (in_frame() ? "the end of its FRAME" : "the end of the data"));
  }
  size_t len = static_cast<const uint8_t*>(nl) - (data_ + pos_);
  std::string_view text(reinterpret_cast<const char*>(data_ + pos_), len);
  pos_ += len + 1;
  return text;
}

void ByteCursor::begin_frame(uint64_t n) {
  if (in_frame()) {
    fail(pos_, "FRAME starts before the previous frame ends at byte " + std::to_string(frame_end_));
  }
  if (n > remaining()) {
    fail(pos_, "truncated FRAME: declares " + std::to_string(n) + " bytes, only " +
                   std::to_string(remaining()) + " left");
  }
  frame_end_ = pos_ + static_cast<size_t>(n);
}

}  // namespace onnxconv::reader
