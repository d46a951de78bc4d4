// Writes a BuiltModel as ONNX bytes, encoding adopted attributes straight
// from the plugin's arrays.
//
// The bytes are exactly those protobuf's deterministic serialization gives
// for the materialized model (tests/core/model_writer_test.cpp checks this),
// but the materialized model is never built: ModelProto, its GraphProto and
// the nodes that hold adopted attributes are written field by field here,
// everything else by protobuf.
#ifndef ONNXCONV_CORE_MODEL_WRITER_H
#define ONNXCONV_CORE_MODEL_WRITER_H

#include "adopted_attributes.h"

#include <google/protobuf/io/zero_copy_stream.h>

namespace onnxconv {

// Serializes `model` into `out`. The proto is taken apart and put back
// together on the way (hence not const); it is unchanged afterwards.
void write_model(BuiltModel& model, google::protobuf::io::ZeroCopyOutputStream& out);

// Replaces every placeholder with its data (for tests and callers that want
// a self-contained ModelProto; the adopted arrays stay alive).
void materialize(BuiltModel& model);

}  // namespace onnxconv

#endif
