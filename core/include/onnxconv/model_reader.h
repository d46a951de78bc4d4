// Reading scikit-learn model files (pickle, joblib) without Python.
//
// The reader interprets pickle opcodes (protocols 0 to 5) and builds the
// plain object tree of onnxconv/pyvalue.h. Nothing is ever imported or
// called: a class or function named in the file becomes a Global or an
// inert Instance holding its module, name, arguments and state. Only a
// fixed list of numpy/Python reconstructors is interpreted, to rebuild
// arrays, dtypes, numpy scalars, bytes and sets:
//
//   numpy.core.multiarray._reconstruct + BUILD     -> Array
//   numpy.core.numeric._frombuffer (protocol 5)    -> Array
//   numpy.dtype + BUILD                            -> Other "numpy.dtype"
//   numpy.core.multiarray.scalar                   -> Int/Float/Bool/String/Bytes
//                                                     with scalar_dtype
//   _codecs.encode(str, 'latin1'), builtins.bytes,
//   builtins.bytearray                             -> Bytes
//   builtins.set / frozenset                       -> Set
//   copyreg._reconstructor, copyreg.__newobj__,
//   copyreg.__newobj_ex__                          -> Instance of the class
//   joblib.numpy_pickle.NumpyArrayWrapper + BUILD  -> Array (raw data read
//                                                     from the stream)
//   pandas.core.indexes.base._new_Index(cls, d)    -> d["data"] (a pandas
//                                                     Index reads as its values)
//   pandas._libs.arrays.__pyx_unpickle_NDArrayBacked
//     + BUILD((dtype, ndarray))                      -> the ndarray (pandas 3's
//                                                     StringArray, anywhere)
//
// Files written by dill or cloudpickle (any global of theirs) are refused:
// they define classes and functions on the fly and cannot be read safely.
//
// (numpy 2.x's numpy._core.* names are accepted as well; Python 2 names
// __builtin__ and copy_reg are read as builtins and copyreg.)
//
// Every length read from the file is checked against the bytes actually
// there before anything is allocated, and the limits below bound memory and
// work. Any problem is a ReadError naming the file, the byte offset and what
// was expected; the reader never crashes, hangs or executes anything on a
// hostile or corrupt file.
#ifndef ONNXCONV_MODEL_READER_H
#define ONNXCONV_MODEL_READER_H

#include <onnxconv/pyvalue.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace onnxconv {

// Why a model file could not be read. what() is the full message, e.g.
//   model.pkl: byte 1234: truncated BINUNICODE: needs 40 bytes, 12 left
//   model.joblib.gz: byte 881 of the gzip-decompressed data: ...
class ReadError : public std::runtime_error {
 public:
  static constexpr uint64_t kNoOffset = ~uint64_t{0};

  // `stream` is empty for the file's own bytes, else names the decompressed
  // data the offset counts in (e.g. "gzip-decompressed").
  ReadError(std::string file, uint64_t offset, std::string detail,
            std::string stream = {});

  const std::string& file() const noexcept { return file_; }
  // Byte offset the problem was found at: in the decompressed data when
  // stream() is not empty, else in the file. kNoOffset for problems that are
  // not about one place (the file cannot be opened, a cycle...).
  uint64_t offset() const noexcept { return offset_; }
  bool has_offset() const noexcept { return offset_ != kNoOffset; }
  const std::string& stream() const noexcept { return stream_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  std::string file_;
  uint64_t offset_;
  std::string detail_;
  std::string stream_;
};

// Bounds on what one read may cost. The defaults accept any scikit-learn
// model we know of (a 10 000-tree forest uses well under 1% of each).
struct ReadLimits {
  // Size of the pickle stream: the raw file, or the data after
  // decompression (checked while decompressing). 2 GiB: a model whose
  // pickle is larger would not fit the 2 GiB protobuf of its .onnx anyway,
  // and the bound stays far below a server's memory (a raw file is mapped,
  // a compressed one inflated into memory).
  uint64_t max_decompressed_bytes = uint64_t{2} << 30;
  // A decompression bomb is refused as soon as its output passes
  // max_decompression_ratio times the compressed bytes consumed so far, once
  // past decompression_ratio_grace bytes (tiny files may inflate a lot).
  // joblib's compressed models inflate 2-20 times, arrays of zeros up to
  // ~100; zlib peaks near 1032 and bz2 at millions, so a bomb stops after
  // about the grace's worth of output. 0 turns the ratio check off.
  uint64_t max_decompression_ratio = 200;
  uint64_t decompression_ratio_grace = uint64_t{64} << 20;
  // Memory the xz / lzma decoders may use (their dictionary).
  uint64_t max_decoder_memory = uint64_t{512} << 20;
  // Values the reader may create in total (each costs ~300 bytes).
  size_t max_values = size_t{1} << 24;
  size_t max_memo_entries = size_t{1} << 22;
  size_t max_stack_depth = size_t{1} << 20;  // values on the pickle stack
  size_t max_mark_depth = size_t{1} << 16;   // open MARKs
  // Longest chain of containers (list in dict in object...) in the result.
  // Python's own pickler cannot write much deeper than ~1000.
  size_t max_container_depth = 1000;
  // Nesting of complete pickles inside the stream. joblib writes each
  // object-dtype array as a nested pickle (depth 1) and reads it with the
  // plain unpickler, so a joblib file never nests deeper; 0 refuses joblib
  // object arrays.
  size_t max_pickle_nesting = 1;
  size_t max_dtype_depth = 32;  // structured dtypes inside structured dtypes
  size_t max_array_dims = 64;   // numpy 2.x allows 64 dimensions
  // A read still running at this time is abandoned (checked while
  // decompressing and every few thousand opcodes). The Engine sets it from
  // Limits::timeout_seconds; the default never expires.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// Reads a pickle or joblib file, compressed or not. The format is sniffed
// from the first bytes: raw pickle (0x80, or a protocol 0/1 opcode), zlib
// (0x78), gzip (1f 8b), bz2 ("BZh"), xz (fd 37 7a 58 5a) and lzma-alone
// (5d 00). lz4, joblib's old "ZF" format and anything else are refused
// with a message naming what the file looks like. Bytes after the pickle's
// final STOP are refused.
//
// The file is mapped (read into memory when it cannot be), and arrays whose
// data the file holds in C order and native byte order view those bytes
// (py::ArrayBytes) instead of copying them: the mapping lives until the
// last such array is gone. So the file must not be modified or truncated
// while the result is in use: array contents would change under it (or
// reading them would fault).
py::ValuePtr read_model_file(const std::string& path, const ReadLimits& limits = {});

// The same for a file's bytes already in memory (a model received over the
// network, say); `source_name` names it in errors. Arrays copy their data
// out of `data`, which the caller may free after the call (a compressed
// file's arrays view the decompressed data, which the result owns).
py::ValuePtr read_model_data(const uint8_t* data, size_t size, const std::string& source_name,
                             const ReadLimits& limits = {});
// The same for bytes that `owner` keeps alive: arrays view them instead of
// copying them, and hold a copy of `owner` for as long as they live.
py::ValuePtr read_model_data(std::shared_ptr<const void> owner, const uint8_t* data, size_t size,
                             const std::string& source_name, const ReadLimits& limits = {});

// Reads one pickle stream held in memory (joblib arrays that follow their
// wrapper in the stream included). `source_name` names it in errors. Arrays
// copy their data; with an `owner` that keeps `data` alive, they view it.
py::ValuePtr read_pickle(const uint8_t* data, size_t size, const std::string& source_name,
                         const ReadLimits& limits = {});
py::ValuePtr read_pickle(std::shared_ptr<const void> owner, const uint8_t* data, size_t size,
                         const std::string& source_name, const ReadLimits& limits = {});

}  // namespace onnxconv

#endif  // ONNXCONV_MODEL_READER_H
