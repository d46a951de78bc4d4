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

#include <string>

namespace onnxconv {

// ONNX external data for the adopted tensor attributes (the large
// `*_as_tensor` arrays of tree ensembles): their bytes go to `out`, one
// after the other, and the model's TensorProtos name `location` (a file
// name relative to the model's folder), the offset and the length, as
// onnx.proto's external data format says. Tensors under `min_bytes` stay
// inline.
struct ExternalData {
  std::string location;
  google::protobuf::io::ZeroCopyOutputStream* out = nullptr;
  size_t min_bytes = 1024;
};

// Serializes `model` into `out` (and, with `external`, its large tensor
// attributes into external->out). The proto is taken apart and put back
// together on the way (hence not const); it is unchanged afterwards. The
// model part must stay under protobuf's 2 GiB.
void write_model(BuiltModel& model, google::protobuf::io::ZeroCopyOutputStream& out,
                 const ExternalData* external = nullptr);

// Replaces every placeholder with its data (for tests and callers that want
// a self-contained ModelProto; the adopted arrays stay alive).
void materialize(BuiltModel& model);

}  // namespace onnxconv

#endif
