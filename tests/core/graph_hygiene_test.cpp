// The last pass over the assembled graph (core/src/graph_hygiene.cpp):
// nodes and initializers no graph output needs are dropped.
#include "graph_hygiene.h"

#include <onnx/onnx_pb.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

void add_node(onnx::GraphProto& g, const std::string& op, const std::vector<std::string>& in, const std::string& out) {
  onnx::NodeProto* n = g.add_node();
  n->set_op_type(op);
  for (const auto& i : in) n->add_input(i);
  n->add_output(out);
}

std::vector<std::string> outputs_of_nodes(const onnx::GraphProto& g) {
  std::vector<std::string> out;
  for (const auto& n : g.node()) out.push_back(n.output(0));
  return out;
}

TEST(GraphHygiene, NodesAndInitializersNoOutputNeedsAreDropped) {
  onnx::GraphProto g;
  g.add_input()->set_name("X");
  g.add_initializer()->set_name("used_k");
  g.add_initializer()->set_name("dead_k");
  add_node(g, "Abs", {"X"}, "a");
  add_node(g, "ArgMax", {"a", "dead_k"}, "dead_label");     // a member's label nobody reads
  add_node(g, "Mul", {"a", "used_k"}, "probabilities");
  add_node(g, "Gather", {"dead_label", "dead_k"}, "dead_gather");
  g.add_output()->set_name("probabilities");
  onnxconv::remove_unused_nodes(g);
  EXPECT_EQ(outputs_of_nodes(g), (std::vector<std::string>{"a", "probabilities"}));
  ASSERT_EQ(g.initializer_size(), 1);
  EXPECT_EQ(g.initializer(0).name(), "used_k");
  EXPECT_EQ(g.input_size(), 1) << "graph inputs stay, used or not";
}

TEST(GraphHygiene, GraphsWithSubgraphsAreLeftAlone) {
  onnx::GraphProto g;
  add_node(g, "If", {"cond"}, "dead");
  g.mutable_node(0)->add_attribute()->mutable_g()->set_name("then");
  add_node(g, "Abs", {"X"}, "y");
  g.add_output()->set_name("y");
  onnxconv::remove_unused_nodes(g);
  EXPECT_EQ(g.node_size(), 2);
}

}  // namespace
