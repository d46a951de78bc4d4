// joblib's NumpyArrayWrapper: an array whose bytes follow its pickled
// wrapper in the stream, outside any opcode.
//
// Layout after the wrapper's BUILD (joblib 0.10 to 1.5):
//   - object dtype: a complete nested pickle of the array (its own PROTO..
//     STOP and memo), which joblib reads with the plain unpickler;
//   - otherwise, when the state has numpy_array_alignment_bytes (joblib >=
//     1.2): one byte n, then n bytes of 0xFF; then prod(shape) * itemsize
//     bytes in the wrapper's order ('C' or 'F') and the dtype's byte order.
#ifndef ONNXCONV_READER_JOBLIB_ARRAY_H
#define ONNXCONV_READER_JOBLIB_ARRAY_H

#include <onnxconv/pyvalue.h>

#include "read_context.h"

namespace onnxconv::reader {

bool is_numpy_array_wrapper(const py::Value& v);

// Reads the array data that follows `wrapper`'s BUILD(state) at the
// cursor, and turns the wrapper into that Array in place (every reference
// to it, the memo's included, then sees the array). `nesting` is the depth
// of the pickle the wrapper is in.
void read_wrapped_array(ReadContext& ctx, py::Value& wrapper, const py::Value& state, size_t nesting,
                        const At& at);

}  // namespace onnxconv::reader

#endif
