// A C++ exception thrown inside converter code must come back through the
// SDK's guard as an oc_status carrying the message, and the host must keep
// working. The real host is elsewhere; a tiny fake host table stands in.
#include "support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

// The host defines the opaque handles; so does this fake host.
struct oc_status {
  std::string message;
};
struct oc_object {
  std::string name;
};
struct oc_context {
  std::vector<std::string> nodes;  // op types the converter added
};

namespace registry_test {
namespace {

using onnxconv::registry::Registry;

oc_host_api fake_host() {
  oc_host_api api{};
  api.struct_size = sizeof api;
  api.abi_major = OC_ABI_MAJOR;
  api.abi_minor = OC_ABI_MINOR;
  api.make_status = [](const char* m) { return new oc_status{m}; };
  api.status_message = [](const oc_status* s) { return s->message.c_str(); };
  api.release_status = [](oc_status* s) { delete s; };
  api.object_name = [](const oc_object* o) { return o->name.c_str(); };
  api.add_node = [](oc_context* ctx, const oc_node* node) -> oc_status* {
    ctx->nodes.push_back(node->op_type);
    return nullptr;
  };
  return api;
}

// Takes ownership of a status and returns its message ("" for success).
std::string consume(const oc_host_api& api, oc_status* status) {
  if (status == nullptr) return "";
  std::string message = api.status_message(status);
  api.release_status(status);
  return message;
}

TEST(Guard, ConverterExceptionsBecomeStatusesAndTheHostCarriesOn) {
  Sandbox box;
  box.install("fx_alpha", "alpha");
  Registry r;
  r.discover({box.root().string()});
  const oc_converter* thrower = r.resolve("fixture.Thrower").converter;
  const oc_converter* identity = r.resolve("fixture.Alpha").converter;
  ASSERT_NE(thrower, nullptr);
  ASSERT_NE(identity, nullptr);

  oc_host_api api = fake_host();
  oc_object estimator{"Thrower"};
  oc_context ctx;
  const char* inputs[] = {"X"};
  const char* outputs[] = {"variable"};

  // A std::exception: its message crosses as the status message.
  EXPECT_EQ(consume(api, thrower->convert(&ctx, &api, &estimator, inputs, 1, outputs, 1)),
            "fixture.Thrower cannot convert Thrower");
  // Anything else thrown still becomes a status.
  oc_value_type in{};
  in.struct_size = sizeof in;
  in.elem_type = OC_ELEM_FLOAT;
  in.rank = 2;
  in.dims[0] = -1;
  in.dims[1] = 3;
  oc_value_type out[4] = {};
  size_t n_out = 0;
  EXPECT_EQ(consume(api, thrower->infer(&ctx, &api, &estimator, &in, 1, out, 4, &n_out)),
            "unknown C++ exception in converter");

  // The same process goes on converting.
  estimator.name = "Alpha";
  EXPECT_EQ(consume(api, identity->infer(&ctx, &api, &estimator, &in, 1, out, 4, &n_out)), "");
  ASSERT_EQ(n_out, 1u);
  EXPECT_STREQ(out[0].name, "variable");
  EXPECT_EQ(out[0].rank, 2);
  EXPECT_EQ(out[0].dims[1], 3);
  EXPECT_EQ(consume(api, identity->convert(&ctx, &api, &estimator, inputs, 1, outputs, 1)), "");
  EXPECT_THAT(ctx.nodes, ::testing::ElementsAre("Identity"));
}

}  // namespace
}  // namespace registry_test
