// Validation of a finished model: the onnx checker, then onnx shape
// inference, whose types for the graph outputs must equal what the
// converters declared.
#ifndef ONNXCONV_CORE_VALIDATE_H
#define ONNXCONV_CORE_VALIDATE_H

#include <onnx/onnx_pb.h>

namespace onnxconv {

// Throws onnxconv::Error describing the first problem. Leaves the model as
// it was (inferred intermediate types are not kept).
void validate_model(onnx::ModelProto& model);

}  // namespace onnxconv

#endif
