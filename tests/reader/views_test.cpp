// Array data is not copied out of the input when it need not be: arrays in
// C order and native byte order view the bytes they were read from when
// something owns those bytes past the read (the file's mapping, the
// decompressed stream), and keep that owner alive; large bytes payloads are
// not copied while reading, yet the result always sees them filled.
#include "test_support.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

namespace reader_test {
namespace {

using py::Kind;
using py::ValuePtr;

// The arrays of the "large" fixture (make_reader_fixtures.py), by layout.
const std::vector<const char*> kViewed = {"c_f8", "c_u1", "nodes"};
const std::vector<const char*> kRebuilt = {"big_endian_f8", "fortran_f8", "fortran_big_i4"};

bool inside(const py::ArrayBytes& bytes, const std::string& buffer) {
  const auto* first = reinterpret_cast<const uint8_t*>(buffer.data());
  return !bytes.empty() && bytes.begin() >= first && bytes.end() <= first + buffer.size();
}

const py::Array& array_at(const ValuePtr& root, const char* key) {
  const py::Value* v = root->get(key);
  if (v == nullptr || v->kind != Kind::Array) throw std::runtime_error(std::string("no array ") + key);
  return *v->array;
}

std::vector<uint8_t> bytes_of(const py::Array& a) { return {a.data.begin(), a.data.end()}; }

// Every array of `got` holds what the same array of `want` holds.
void expect_same_arrays(const ValuePtr& got, const ValuePtr& want, const std::string& label) {
  for (const auto* keys : {&kViewed, &kRebuilt}) {
    for (const char* key : *keys) {
      EXPECT_EQ(array_at(got, key).shape, array_at(want, key).shape) << label << " " << key;
      EXPECT_EQ(bytes_of(array_at(got, key)), bytes_of(array_at(want, key))) << label << " " << key;
    }
  }
}

TEST(Views, ArraysAlreadyInCOrderAndNativeByteOrderViewTheInput) {
  for (const char* name : {"large.p3.pkl", "large.p4.pkl", "large.p5.pkl", "large.np2.p5.pkl", "large.joblib",
                           "large.joblib.noalign"}) {
    auto data = std::make_shared<const std::string>(read_file(fixture(name)));
    ValuePtr root = read_shared(data);
    for (const char* key : kViewed) EXPECT_TRUE(inside(array_at(root, key).data, *data)) << name << " " << key;
    for (const char* key : kRebuilt) EXPECT_FALSE(inside(array_at(root, key).data, *data)) << name << " " << key;
    // (joblib writes a shared array twice; pickle once)
    if (std::string(name).find("joblib") == std::string::npos) {
      EXPECT_EQ(array_at(root, "c_f8").data.data(), array_at(root, "c_f8_again").data.data()) << name;
    }
  }
}

TEST(Views, Protocol2BytesAreDecodedSoCopied) {
  // Protocol 2 writes bytes as _codecs.encode(latin-1 text): never viewable.
  auto data = std::make_shared<const std::string>(read_file(fixture("large.p2.pkl")));
  ValuePtr root = read_shared(data);
  for (const py::Array* a : py::arrays_in(*root)) EXPECT_FALSE(inside(a->data, *data));
}

TEST(Views, WithoutAnOwnerArraysAreCopied) {
  const std::string data = read_file(fixture("large.p4.pkl"));
  ValuePtr root = read_bytes_copied(data);
  for (const py::Array* a : py::arrays_in(*root)) EXPECT_FALSE(inside(a->data, data));
  expect_same_arrays(root, read_bytes(data), "large.p4.pkl");
}

TEST(Views, TheResultKeepsItsInputAlive) {
  // read_bytes' buffer has no owner but the result once the call returns.
  const std::string data = read_file(fixture("large.p5.pkl"));
  ValuePtr viewed = read_bytes(data);
  expect_same_arrays(viewed, read_bytes_copied(data), "large.p5.pkl");
}

TEST(Views, AMappedFileOutlivesItsName) {
  const std::string data = read_file(fixture("large.p4.pkl"));
  const std::string path = fixture("unlinked.p4.pkl");
  write_file(path, data);
  ValuePtr root = onnxconv::read_model_file(path);
  std::remove(path.c_str());
  expect_same_arrays(root, read_bytes_copied(data), "unlinked.p4.pkl");
}

TEST(Views, DecompressedDataOutlivesTheCall) {
  const ValuePtr want = read_bytes_copied(read_file(fixture("large.joblib")));
  for (const char* name : {"large.joblib.gz", "large.joblib.xz", "large.joblib.bz2"}) {
    std::string data = read_file(fixture(name));
    ValuePtr root = onnxconv::read_model_data(reinterpret_cast<const uint8_t*>(data.data()), data.size(), name);
    for (const char* key : kViewed) EXPECT_FALSE(inside(array_at(root, key).data, data)) << name << " " << key;
    std::string().swap(data);
    expect_same_arrays(root, want, name);
  }
}

// ---- large bytes payloads, hand-assembled ----

std::string payload_of(size_t doubles) {
  std::string s;
  for (size_t i = 0; i < doubles; ++i) {
    double d = 0.5 * static_cast<double>(i) - 3;
    s.append(reinterpret_cast<const char*>(&d), sizeof d);
  }
  return s;
}

// numpy's pickle of a 1-D float64 array whose data are the next bytes
// written; the caller writes them, then ends the array with end_array().
Pickle& begin_array(Pickle& p, size_t n) {
  p.global("numpy.core.multiarray", "_reconstruct").global("numpy", "ndarray").integer(0).op(0x85);
  p.bytes("b").op(0x87).op('R');
  return p.op('(').integer(1).integer(static_cast<int64_t>(n)).op(0x85).dtype("f8").op(0x89);
}
Pickle& end_array(Pickle& p) { return p.op('t').op('b'); }

TEST(Views, LargeBytesShownInTheResultAreFilled) {
  // [array(payload), payload]: the same bytes object (memo) feeds the array
  // and stays in the result.
  const std::string payload = payload_of(600);
  ASSERT_GE(payload.size(), 4096u);
  Pickle p;
  p.proto(4).op('(');
  begin_array(p, 600).bytes(payload).op(0x94);
  end_array(p).op('h').u8(0).op('l').stop();
  auto data = std::make_shared<const std::string>(p.data());
  ValuePtr v = read_shared(data);
  ASSERT_EQ(v->items.size(), 2u);
  EXPECT_TRUE(inside(v->items[0]->array->data, *data));
  EXPECT_EQ(bytes_of(*v->items[0]->array), std::vector<uint8_t>(payload.begin(), payload.end()));
  ASSERT_EQ(v->items[1]->kind, Kind::Bytes);
  EXPECT_EQ(v->items[1]->s, payload);
}

TEST(Views, LargeBytesThroughBytesCallsAndScalars) {
  const std::string payload = payload_of(600);
  Pickle p;
  p.proto(5).op('(');
  // bytes(payload), kept
  p.global("builtins", "bytes").bytes(payload).op(0x85).op('R');
  // _frombuffer(bytes(payload), float64, (600,), 'C'): still a view
  p.global("numpy.core.numeric", "_frombuffer").op('(').global("builtins", "bytes").bytes(payload).op(0x85).op('R');
  p.dtype("f8").integer(600).op(0x85).str("C").op('t').op('R');
  // numpy.void scalar of the payload
  p.global("numpy.core.multiarray", "scalar").dtype("V4800", '|').bytes(payload).op(0x86).op('R');
  p.op('l').stop();
  auto data = std::make_shared<const std::string>(p.data());
  ValuePtr v = read_shared(data);
  ASSERT_EQ(v->items.size(), 3u);
  EXPECT_EQ(v->items[0]->s, payload);
  ASSERT_EQ(v->items[1]->kind, Kind::Array);
  EXPECT_TRUE(inside(v->items[1]->array->data, *data));
  EXPECT_EQ(bytes_of(*v->items[1]->array), std::vector<uint8_t>(payload.begin(), payload.end()));
  ASSERT_EQ(v->items[2]->kind, Kind::Bytes);
  EXPECT_EQ(v->items[2]->s, payload);
}

}  // namespace
}  // namespace reader_test
