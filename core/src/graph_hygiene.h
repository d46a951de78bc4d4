// A last pass over the assembled graph: nodes that compute nothing go.
//
// Converters are written one at a time and cannot see how their outputs are
// used, so an Identity that only renames, or a Cast to the type a value
// already has, can reach the graph; composition must not add more of them.
#ifndef ONNXCONV_CORE_GRAPH_HYGIENE_H
#define ONNXCONV_CORE_GRAPH_HYGIENE_H

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <string>

namespace onnxconv {

// Removes Identity nodes and Casts whose input already has the target
// element type. Consumers of a removed node's output read its input instead;
// when that output is a graph output, the input's producer writes it
// directly. An Identity from a graph input or initializer to a graph output
// stays (ONNX has no other way to expose it under another name). Element
// types come from `known` (declared by converters), the graph's inputs and
// initializers, and ops whose output type follows from their inputs; a Cast
// of a value of unknown type stays. Node order is kept.
void remove_noop_nodes(onnx::GraphProto& graph, const std::map<std::string, int32_t>& known);

// Removes nodes none of whose outputs reach a graph output, then the
// initializers no remaining node reads. A composite uses some of its
// members' outputs (a soft vote reads probabilities, not the member's
// label): the rest would be computed for nothing on every call. Graphs with
// subgraph attributes are left alone (their bodies may read outer values).
void remove_unused_nodes(onnx::GraphProto& graph);

}  // namespace onnxconv

#endif
