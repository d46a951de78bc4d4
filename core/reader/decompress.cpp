#include "decompress.h"

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace onnxconv::reader {

ByteBuffer::~ByteBuffer() { std::free(data_); }

ByteBuffer::ByteBuffer(ByteBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

ByteBuffer& ByteBuffer::operator=(ByteBuffer&& other) noexcept {
  std::swap(data_, other.data_);
  std::swap(size_, other.size_);
  return *this;
}

void ByteBuffer::resize(size_t n) {
  if (n == 0) {  // (realloc(p, 0) may or may not free)
    std::free(data_);
    data_ = nullptr;
    size_ = 0;
    return;
  }
  void* grown = std::realloc(data_, n);
  if (grown == nullptr) throw std::bad_alloc();
  data_ = static_cast<uint8_t*>(grown);
  size_ = n;
}

const char* container_name(Container c) {
  switch (c) {
    case Container::kPickle: return "pickle";
    case Container::kZlib: return "zlib";
    case Container::kGzip: return "gzip";
    case Container::kBz2: return "bz2";
    case Container::kXz: return "xz";
    case Container::kLzmaAlone: return "lzma";
  }
  return "?";
}

namespace {

bool starts_with(const uint8_t* data, size_t size, const char* magic, size_t n) {
  return size >= n && std::memcmp(data, magic, n) == 0;
}

std::string hex_prefix(const uint8_t* data, size_t size) {
  static const char kHex[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < size && i < 8; ++i) {
    if (i) s += ' ';
    s += kHex[data[i] >> 4];
    s += kHex[data[i] & 15];
  }
  return s;
}

// First opcodes of protocol 0 and 1 pickles (they have no PROTO).
bool is_old_pickle_start(uint8_t b) {
  static const char kStarts[] = "(]})cNILFSVXUTKJMGldi";
  return b != 0 && std::strchr(kStarts, b) != nullptr;
}

[[noreturn]] void refuse(const std::string& file, const std::string& what) {
  throw ReadError(file, ReadError::kNoOffset, what);
}

}  // namespace

Container sniff_container(const uint8_t* data, size_t size, const std::string& file) {
  if (size == 0) refuse(file, "the file is empty");
  if (data[0] == 0x80) return Container::kPickle;
  if (starts_with(data, size, "\x1f\x8b", 2)) return Container::kGzip;
  if (starts_with(data, size, "BZh", 3)) return Container::kBz2;
  if (starts_with(data, size, "\xfd" "7zXZ\x00", 6)) return Container::kXz;
  if (starts_with(data, size, "\x5d\x00", 2)) return Container::kLzmaAlone;  // no pickle starts so
  if (data[0] == 0x78) return Container::kZlib;
  if (starts_with(data, size, "\x04\x22\x4d\x18", 4)) {
    refuse(file, "lz4-compressed file (joblib compress='lz4'): not supported; save it again with "
                 "compress='zlib', 'gzip', 'bz2', 'xz' or 'lzma', or uncompressed");
  }
  if (starts_with(data, size, "ZF", 2)) {
    refuse(file, "joblib < 0.10 'ZF' compressed file: not supported; save it again with a current joblib");
  }
  if (starts_with(data, size, "\x93NUMPY", 6)) {
    refuse(file, "a numpy .npy file, not a pickle (joblib < 0.10 kept arrays in such companion files: "
                 "open the main .pkl file, saved again with a current joblib)");
  }
  if (starts_with(data, size, "PK\x03\x04", 4)) {
    refuse(file, "a zip archive (.npz, or a Keras/PyTorch model?), not a pickle or joblib file");
  }
  if (is_old_pickle_start(data[0])) return Container::kPickle;  // protocol 0 or 1
  refuse(file, "unknown format (first bytes " + hex_prefix(data, size) +
                   "): not a pickle, nor a joblib file compressed with zlib, gzip, bz2, xz or lzma");
}

namespace {

// The decompressed bytes, grown in steps and never past the cap.
class Output {
 public:
  Output(const ReadLimits& limits, size_t input_size, const std::string& file)
      : cap_(limits.max_decompressed_bytes), limits_(limits), file_(file) {
    buf_.resize(static_cast<size_t>(std::min<uint64_t>(cap_ + 1, std::max<uint64_t>(input_size * 4, 1 << 16))));
  }
  // Room for more output (at least one byte).
  uint8_t* room() {
    if (used_ == buf_.size()) {
      if (used_ > cap_) overflow();
      uint64_t grown = std::min<uint64_t>(cap_ + 1, std::max<uint64_t>(buf_.size() * 2, 1 << 16));
      buf_.resize(static_cast<size_t>(grown));
    }
    return buf_.data() + used_;
  }
  size_t room_size() const { return buf_.size() - used_; }
  // `consumed`: compressed bytes read so far, for the ratio check.
  void produced(size_t n, uint64_t consumed) {
    used_ += n;
    if (used_ > cap_) overflow();
    if (std::chrono::steady_clock::now() > limits_.deadline) out_of_time(consumed);
    if (limits_.max_decompression_ratio != 0 && used_ > limits_.decompression_ratio_grace &&
        used_ / limits_.max_decompression_ratio > consumed)
      too_inflated(consumed);
  }
  size_t used() const { return used_; }
  ByteBuffer take() {
    buf_.resize(used_);
    return std::move(buf_);
  }

 private:
  [[noreturn]] void overflow() const {
    refuse(file_, "decompresses to more than " + std::to_string(cap_) +
                      " bytes (ReadLimits::max_decompressed_bytes, CLI --max-input-size; a host may raise it)");
  }
  [[noreturn]] void out_of_time(uint64_t consumed) const {
    throw ReadError(file_, consumed,
                    "ran past its time budget while decompressing (" + std::to_string(used_) +
                        " bytes out so far; Limits::timeout_seconds, CLI --timeout)");
  }
  [[noreturn]] void too_inflated(uint64_t consumed) const {
    throw ReadError(file_, consumed,
                    "decompression bomb: " + std::to_string(consumed) + " compressed bytes inflate to " +
                        std::to_string(used_) + " (over " + std::to_string(limits_.max_decompression_ratio) +
                        " times; ReadLimits::max_decompression_ratio, a host may raise it)");
  }
  uint64_t cap_;
  const ReadLimits& limits_;
  const std::string& file_;
  ByteBuffer buf_;
  size_t used_ = 0;
};

[[noreturn]] void corrupt(const std::string& file, const char* format, uint64_t offset, bool later_stream,
                          const std::string& why) {
  std::string what = later_stream ? std::string("bytes after the end of the ") + format +
                                        " stream are not another " + format + " stream (" + why + ")"
                                  : std::string("corrupt ") + format + " data: " + why;
  throw ReadError(file, offset, what);
}

constexpr size_t kChunk = size_t{1} << 30;  // zlib and bzip2 count in 32 bits
// Output per decoder call: small enough that the size and ratio checks
// run often (a bomb is stopped within one step of its limit), large enough
// that the calls cost nothing.
constexpr size_t kOutStep = size_t{16} << 20;

// Decoder states freed on every way out: a refusal (bomb, size, deadline)
// is thrown from the middle of a stream, and a long-running host would
// otherwise lose the decoder's memory (up to max_decoder_memory for xz)
// with every hostile file.
struct ZlibDecoder {
  z_stream z{};
  bool live = false;
  ~ZlibDecoder() {
    if (live) inflateEnd(&z);
  }
};

struct Bz2Decoder {
  bz_stream b{};
  bool live = false;
  void start(const std::string& file) {
    end();
    if (BZ2_bzDecompressInit(&b, 0, 0) != BZ_OK) refuse(file, "cannot start the bz2 decoder");
    live = true;
  }
  void end() {
    if (live) BZ2_bzDecompressEnd(&b);
    b = bz_stream{};
    live = false;
  }
  ~Bz2Decoder() { end(); }
};

struct LzmaDecoder {
  lzma_stream s = LZMA_STREAM_INIT;
  void end() {
    lzma_end(&s);  // safe on a fresh or ended stream
    s = LZMA_STREAM_INIT;
  }
  ~LzmaDecoder() { lzma_end(&s); }
};

ByteBuffer inflate_all(Container c, const uint8_t* data, size_t size, const ReadLimits& limits,
                       const std::string& file) {
  const char* format = container_name(c);
  const int window_bits = c == Container::kGzip ? 15 + 16 : 15;
  Output out(limits, size, file);
  ZlibDecoder decoder;
  z_stream& z = decoder.z;
  if (inflateInit2(&z, window_bits) != Z_OK) refuse(file, "cannot start the zlib decoder");
  decoder.live = true;
  size_t pos = 0;
  bool later_stream = false;
  for (;;) {
    size_t in_chunk = std::min(size - pos, kChunk);
    z.next_in = const_cast<Bytef*>(data + pos);
    z.avail_in = static_cast<uInt>(in_chunk);
    z.next_out = out.room();
    z.avail_out = static_cast<uInt>(std::min(out.room_size(), kOutStep));
    uInt out_before = z.avail_out;
    int rc = inflate(&z, Z_NO_FLUSH);
    pos += in_chunk - z.avail_in;
    out.produced(out_before - z.avail_out, pos);
    if (rc == Z_STREAM_END) {
      if (pos == size) break;
      later_stream = true;  // another stream follows
      inflateReset(&z);
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && pos == size)
      throw ReadError(file, size, std::string("truncated ") + format + " data: the stream ends early");
    if (rc == Z_BUF_ERROR) continue;  // needs more output room
    corrupt(file, format, pos, later_stream, z.msg ? z.msg : "error " + std::to_string(rc));
  }
  return out.take();
}

ByteBuffer bunzip_all(const uint8_t* data, size_t size, const ReadLimits& limits,
                      const std::string& file) {
  Output out(limits, size, file);
  Bz2Decoder decoder;
  bz_stream& b = decoder.b;
  decoder.start(file);
  size_t pos = 0;
  bool later_stream = false;
  for (;;) {
    size_t in_chunk = std::min(size - pos, kChunk);
    b.next_in = const_cast<char*>(reinterpret_cast<const char*>(data + pos));
    b.avail_in = static_cast<unsigned>(in_chunk);
    b.next_out = reinterpret_cast<char*>(out.room());
    b.avail_out = static_cast<unsigned>(std::min(out.room_size(), kOutStep));
    unsigned out_before = b.avail_out;
    int rc = BZ2_bzDecompress(&b);
    pos += in_chunk - b.avail_in;
    size_t made = out_before - b.avail_out;
    out.produced(made, pos);
    if (rc == BZ_STREAM_END) {
      if (pos == size) break;
      later_stream = true;
      decoder.start(file);
      continue;
    }
    if (rc == BZ_OK) {
      if (pos == size && made == 0 && in_chunk == 0)
        throw ReadError(file, size, "truncated bz2 data: the stream ends early");
      continue;
    }
    corrupt(file, "bz2", pos, later_stream,
            rc == BZ_DATA_ERROR_MAGIC ? "bad magic" : rc == BZ_MEM_ERROR ? "out of memory" : "data error");
  }
  return out.take();
}

std::string lzma_reason(lzma_ret rc) {
  switch (rc) {
    case LZMA_MEMLIMIT_ERROR: return "its dictionary needs more memory than ReadLimits::max_decoder_memory";
    case LZMA_FORMAT_ERROR: return "not in the expected format";
    case LZMA_OPTIONS_ERROR: return "unsupported options";
    case LZMA_DATA_ERROR: return "data error";
    case LZMA_BUF_ERROR: return "the stream ends early";
    case LZMA_MEM_ERROR: return "out of memory";
    default: return "error " + std::to_string(static_cast<int>(rc));
  }
}

ByteBuffer unxz_all(Container c, const uint8_t* data, size_t size, const ReadLimits& limits,
                    const std::string& file) {
  const char* format = container_name(c);
  Output out(limits, size, file);
  LzmaDecoder decoder;
  lzma_stream& s = decoder.s;
  auto start = [&] {
    decoder.end();
    lzma_ret rc = c == Container::kXz ? lzma_stream_decoder(&s, limits.max_decoder_memory, LZMA_CONCATENATED)
                                      : lzma_alone_decoder(&s, limits.max_decoder_memory);
    if (rc != LZMA_OK) refuse(file, std::string("cannot start the ") + format + " decoder");
  };
  start();
  size_t pos = 0;
  bool later_stream = false;
  for (;;) {
    s.next_in = data + pos;
    s.avail_in = size - pos;
    s.next_out = out.room();
    s.avail_out = std::min(out.room_size(), kOutStep);
    size_t out_before = s.avail_out;
    lzma_ret rc = lzma_code(&s, LZMA_FINISH);
    pos = size - s.avail_in;
    out.produced(out_before - s.avail_out, pos);
    if (rc == LZMA_STREAM_END) {
      if (pos == size) break;
      later_stream = true;  // lzma-alone: one more stream (xz handles its own)
      start();
      continue;
    }
    if (rc == LZMA_OK) continue;
    if (rc == LZMA_BUF_ERROR && s.avail_out > 0)
      throw ReadError(file, size, std::string("truncated ") + format + " data: the stream ends early");
    if (rc == LZMA_BUF_ERROR) continue;
    corrupt(file, format, pos, later_stream, lzma_reason(rc));
  }
  return out.take();
}

}  // namespace

ByteBuffer decompress(Container c, const uint8_t* data, size_t size, const ReadLimits& limits,
                      const std::string& file) {
  switch (c) {
    case Container::kZlib: case Container::kGzip: return inflate_all(c, data, size, limits, file);
    case Container::kBz2: return bunzip_all(data, size, limits, file);
    case Container::kXz: case Container::kLzmaAlone: return unxz_all(c, data, size, limits, file);
    case Container::kPickle: break;
  }
  ByteBuffer copy;
  copy.resize(size);
  if (size) std::memcpy(copy.data(), data, size);
  return copy;
}

}  // namespace onnxconv::reader
