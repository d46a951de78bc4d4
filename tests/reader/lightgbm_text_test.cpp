// LightGBM model text files are recognised by content and handed over
// unparsed, as the state of a lightgbm.basic.Booster.
#include <onnxconv/model_reader.h>

#include <gtest/gtest.h>

#include <string>

namespace {

using onnxconv::py::Kind;

onnxconv::py::ValuePtr read(const std::string& bytes) {
  return onnxconv::read_model_data(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), "m.txt");
}

TEST(LightGBMText, BecomesABoosterHoldingTheText) {
  for (const std::string text : {"tree\nversion=v4\nnum_class=1\n", "tree\r\nversion=v3\r\n"}) {
    auto v = read(text);
    ASSERT_EQ(v->kind, Kind::Instance);
    EXPECT_EQ(v->module, "lightgbm.basic");
    EXPECT_EQ(v->name, "Booster");
    const onnxconv::py::Value* handle = v->get("_handle");
    ASSERT_NE(handle, nullptr);
    EXPECT_EQ(handle->kind, Kind::String);
    EXPECT_EQ(handle->s, text);
  }
}

TEST(LightGBMText, OtherTextIsStillUnknown) {
  for (const std::string text : {"tree\n", "tree\nversion=", "trees\nversion=v4\n", "Tree=0\n"})
    EXPECT_THROW(read(text), onnxconv::ReadError) << text;
}

}  // namespace
