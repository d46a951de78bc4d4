// What every part of one read shares: limits, the stream (its cursor, and
// its bytes as arrays and bytes values keep them), the value factory and
// the dtypes made so far. Nested pickles (joblib object arrays)
// share it with the pickle around them.
#ifndef ONNXCONV_READER_READ_CONTEXT_H
#define ONNXCONV_READER_READ_CONTEXT_H

#include <onnxconv/model_reader.h>

#include "byte_cursor.h"
#include "numpy_dtype.h"
#include "stream_bytes.h"
#include "value_graph.h"

namespace onnxconv::reader {

struct ReadContext {
  const ReadLimits& limits;
  ByteCursor& in;
  StreamBytes& stream;
  ValueFactory& make;
  DTypeTable dtypes;
};

}  // namespace onnxconv::reader

#endif
