// Hostile, broken and oversized inputs: the reader must answer with a
// ReadError (or an inert value), never crash, hang, execute or allocate
// what a file merely claims.
#include "test_support.h"

#include <bzlib.h>
#include <gtest/gtest.h>
#include <lzma.h>
#include <zlib.h>

#include <chrono>
#include <dirent.h>
#include <random>

namespace reader_test {
namespace {

using py::Kind;

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    ADD_FAILURE() << "no folder " << dir;
    return {"<missing>"};
  }
  while (dirent* e = readdir(d))
    if (e->d_name[0] != '.') names.push_back(e->d_name);
  closedir(d);
  return names;
}

// Runs read(); returns the error message ("" on success). Fails the test
// on anything but a ReadError.
template <class Read>
std::string attempt(Read read) {
  try {
    read();
    return "";
  } catch (const ReadError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a ReadError: " << e.what();
    return e.what();
  }
}

// An array's bytes are a view of the input or bytes of its own: never a
// stretch that runs past either end of the input.
void expect_no_array_straddles(const py::Value& root, const std::string& input) {
  const auto* first = reinterpret_cast<const uint8_t*>(input.data());
  const auto* last = first + input.size();
  for (const py::Array* a : py::arrays_in(root)) {
    if (a->data.empty()) continue;
    bool inside = a->data.begin() >= first && a->data.end() <= last;
    bool outside = a->data.end() <= first || a->data.begin() >= last;
    EXPECT_TRUE(inside || outside) << "an array's bytes run past the edge of the input";
  }
}

// Reads data both ways (viewing its bytes, as files are read, and copying
// them): both must end the same. Returns the error message ("" on success).
std::string outcome(const std::string& data, const ReadLimits& limits = {}) {
  auto shared = std::make_shared<const std::string>(data);
  std::string viewed = attempt([&] { expect_no_array_straddles(*read_shared(shared, limits), *shared); });
  std::string copied = attempt([&] { read_bytes_copied(data, limits); });
  EXPECT_EQ(viewed, copied);
  return viewed;
}

void expect_error(const std::string& data, const std::string& needle, const ReadLimits& limits = {}) {
  std::string message = outcome(data, limits);
  EXPECT_NE(message.find(needle), std::string::npos) << "message: '" << message << "', wanted '" << needle << "'";
}

// ---- code execution ----

TEST(Hostile, CallsAreRecordedNeverMade) {
  mini_json::Json index = read_json(fixture("index.json"));
  ASSERT_FALSE(index["hostile"].members.empty());
  for (const auto& [name, what] : index["hostile"].members) {
    py::ValuePtr v = onnxconv::read_model_file(fixture("hostile/" + name + ".pkl"));
    EXPECT_EQ(v->kind, Kind::Instance) << name;
    EXPECT_EQ(v->type_name(), what.text) << name;
  }
  EXPECT_EQ(files_in(fixture("markers")), std::vector<std::string>{}) << "a hostile pickle ran a command";
}

TEST(Hostile, SystemCallIsAnInertInstance) {
  py::ValuePtr v = onnxconv::read_model_file(fixture("hostile/posix_system.p4.pkl"));
  EXPECT_EQ(v->module, "posix");
  EXPECT_EQ(v->name, "system");
  ASSERT_TRUE(v->args);
  ASSERT_EQ(v->args->items.size(), 1u);
  EXPECT_NE(v->args->items[0]->s.find("touch "), std::string::npos);
}

TEST(Hostile, EvilAttributeInsideARealModel) {
  py::ValuePtr m = onnxconv::read_model_file(fixture("hostile/in_model.p4.pkl"));
  ASSERT_NE(m->get("coef_"), nullptr);
  const py::Value* evil = m->get("evil_");
  ASSERT_NE(evil, nullptr);
  EXPECT_EQ(evil->type_name(), "posix.system");
  EXPECT_EQ(files_in(fixture("markers")), std::vector<std::string>{});
}

TEST(Hostile, CallOfACallResultStaysInert) {
  // getattr(__import__('os'), 'system')('touch x')
  Pickle p;
  p.proto(4).global("builtins", "getattr").global("builtins", "__import__").str("os").op(0x85).op('R');
  p.str("system").op(0x86).op('R').str("touch /nonexistent/x").op(0x85).op('R').stop();
  py::ValuePtr v = read_bytes(p.data());
  EXPECT_EQ(v->kind, Kind::Other);
  EXPECT_EQ(v->name, "call");
  ASSERT_EQ(v->items.size(), 1u);
  EXPECT_EQ(v->items[0]->type_name(), "builtins.getattr");
}

TEST(Hostile, GlobalNamesMustBePlainIdentifiers) {
  expect_error(Pickle().proto(4).global("os; rm -rf /", "system").stop().data(), "not a plain dotted name");
  expect_error(Pickle().proto(4).global("os", "sys tem").stop().data(), "not a plain dotted name");
  expect_error(Pickle().proto(4).global("os", "").stop().data(), "not a plain dotted name");
  expect_error(Pickle().proto(4).global("os..path", "x").stop().data(), "not a plain dotted name");
  expect_error(Pickle().proto(2).text_global("os", "system\x01").stop().data(), "not a plain dotted name");
  // Dotted qualified names are fine (never resolved).
  py::ValuePtr v = read_bytes(Pickle().proto(4).global("pkg.mod", "Outer.Inner").stop().data());
  EXPECT_EQ(v->kind, Kind::Global);
  EXPECT_EQ(v->name, "Outer.Inner");
}

TEST(Hostile, RefusedOpcodes) {
  expect_error(Pickle().proto(0).raw("P123\n").stop().data(), "PERSID");
  expect_error(Pickle().proto(2).integer(1).op('Q').stop().data(), "BINPERSID");
  expect_error(Pickle().proto(2).op(0x82).u8(1).stop().data(), "EXT1");
  expect_error(Pickle().proto(2).op(0x83).u16(1).stop().data(), "EXT2");
  expect_error(Pickle().proto(2).op(0x84).u32(1).stop().data(), "EXT4");
  expect_error(Pickle().proto(5).op(0x97).stop().data(), "NEXT_BUFFER");
  expect_error(Pickle().proto(5).bytes("x").op(0x98).stop().data(), "READONLY_BUFFER");
  expect_error(Pickle().proto(5).op(0xff).stop().data(), "unknown opcode 0xff");
  expect_error(Pickle().proto(6).op('N').stop().data(), "unsupported pickle protocol 6");
}

// ---- truncation and corruption ----

// Reads a prefix as a file (file_level), or as a pickle held in memory:
// viewed, or copied.
void read_prefix(const std::string& prefix, const std::string& label, bool file_level, bool copied) {
  if (file_level) {
    onnxconv::read_model_data(reinterpret_cast<const uint8_t*>(prefix.data()), prefix.size(), label);
  } else if (copied) {
    read_bytes_copied(prefix);
  } else {
    read_bytes(prefix);
  }
}

void expect_prefix_fails(const std::string& prefix, const std::string& label, bool file_level, bool copied) {
  const size_t n = prefix.size();
  try {
    read_prefix(prefix, label, file_level, copied);
    ADD_FAILURE() << label << ": prefix of " << n << " bytes was accepted";
  } catch (const ReadError& e) {
    // (A compressed file's first bytes may be too few to recognise it:
    // that error is about the file as a whole.)
    if (!file_level || n >= 8) {
      EXPECT_TRUE(e.has_offset()) << label << " prefix " << n << ": " << e.what();
    }
    if (!file_level && e.has_offset()) {
      EXPECT_LE(e.offset(), n) << e.what();
    }
  } catch (const std::exception& e) {
    ADD_FAILURE() << label << " prefix " << n << ": not a ReadError: " << e.what();
  }
}

void expect_every_prefix_fails(const std::string& data, const std::string& label, bool file_level,
                               size_t stride = 1) {
  for (size_t n = 0; n < data.size(); n += stride) {
    expect_prefix_fails(data.substr(0, n), label, file_level, false);
    if (!file_level) expect_prefix_fails(data.substr(0, n), label, file_level, true);
  }
}

TEST(Broken, EveryPrefixOfARealPickleIsAReadError) {
  expect_every_prefix_fails(read_file(fixture("tree.p4.pkl")), "tree.p4.pkl", false);
  expect_every_prefix_fails(read_file(fixture("logreg.p2.pkl")), "logreg.p2.pkl", false);
  // Arrays and bytes the reader views rather than copies (every 7th cut).
  for (const char* name : {"large.p3.pkl", "large.p4.pkl", "large.p5.pkl"})
    expect_every_prefix_fails(read_file(fixture(name)), name, false, 7);
}

TEST(Broken, EveryPrefixOfARealJoblibIsAReadError) {
  expect_every_prefix_fails(read_file(fixture("logreg.joblib")), "logreg.joblib", false);
  expect_every_prefix_fails(read_file(fixture("logreg.joblib.noalign")), "logreg.joblib.noalign", false);
  expect_every_prefix_fails(read_file(fixture("large.joblib")), "large.joblib", false, 7);
}

TEST(Broken, EveryPrefixOfACompressedFileIsAReadError) {
  for (const char* name : {"tree.joblib.gz", "tree.joblib.z", "tree.joblib.bz2", "tree.joblib.xz", "tree.joblib.lzma"})
    expect_every_prefix_fails(read_file(fixture(name)), name, true);
}

TEST(Broken, ErrorNamesFileOffsetAndWhatWasExpected) {
  std::string data = read_file(fixture("tree.p4.pkl"));
  try {
    read_bytes(data.substr(0, 40));
    FAIL();
  } catch (const ReadError& e) {
    EXPECT_EQ(e.file(), "test.pkl");
    EXPECT_TRUE(e.has_offset());
    std::string m = e.what();
    EXPECT_EQ(m.rfind("test.pkl: byte ", 0), 0u) << m;
    EXPECT_NE(m.find("truncated"), std::string::npos) << m;
  }
  std::string gz = read_file(fixture("tree.joblib.gz"));
  std::string path = fixture("truncated.gz");
  // Corrupt the stream after the header: the error names gzip.
  gz[gz.size() / 2] ^= 0x55;
  gz[gz.size() / 2 + 1] ^= 0x55;
  write_file(path, gz);
  try {
    onnxconv::read_model_file(path);
    FAIL();
  } catch (const ReadError& e) {
    EXPECT_NE(std::string(e.what()).find("gzip"), std::string::npos) << e.what();
  }
}

// Seeded random mutations of real files: only ReadError or success.
void fuzz(const std::string& name, int rounds, uint32_t seed) {
  const std::string original = read_file(fixture(name));
  std::mt19937 rng(seed);
  const uint32_t extremes[] = {0xFFFFFFFFu, 0x7FFFFFFFu, 0x80000000u, 0xFFFFu, 0u};
  int accepted = 0;
  for (int round = 0; round < rounds; ++round) {
    std::string data = original;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !data.empty(); ++e) {
      size_t at = rng() % data.size();
      switch (rng() % 5) {
        case 0: data[at] = static_cast<char>(rng()); break;
        case 1: data[at] ^= static_cast<char>(1u << (rng() % 8)); break;
        case 2: data.erase(at, 1 + rng() % 4); break;
        case 3: data.insert(at, 1, static_cast<char>(rng())); break;
        default: {  // a length-sized field made extreme
          uint32_t v = extremes[rng() % 5];
          for (int k = 0; k < 4 && at + k < data.size(); ++k) data[at + k] = static_cast<char>(v >> (8 * k));
        }
      }
    }
    reset_largest_allocation();
    std::string message = outcome(data);
    if (message.empty()) ++accepted;
    // Nothing a file claims is allocated: at most a few times its size.
    EXPECT_LT(largest_allocation(), 16 * original.size() + (1u << 20)) << name << " round " << round;
  }
  testing::Test::RecordProperty(name + "_accepted", accepted);
}

TEST(Broken, RandomCorruptionOfPickles) {
  fuzz("tree.p4.pkl", 1500, 1);
  fuzz("arrays.p5.pkl", 1000, 2);
  fuzz("legacy.p0.pkl", 500, 3);
  fuzz("large.p4.pkl", 300, 8);
  fuzz("large.p5.pkl", 300, 9);
}

TEST(Broken, RandomCorruptionOfJoblib) {
  fuzz("logreg.joblib", 1000, 4);
  fuzz("hgb.joblib", 500, 5);
  fuzz("gb.joblib.p2", 500, 6);
  fuzz("large.joblib", 300, 10);
}

TEST(Broken, RandomCorruptionOfCompressedFiles) {
  const std::string original = read_file(fixture("logreg.joblib.gz"));
  std::mt19937 rng(7);
  for (int round = 0; round < 1000; ++round) {
    std::string data = original;
    data[rng() % data.size()] = static_cast<char>(rng());
    try {
      onnxconv::read_model_data(reinterpret_cast<const uint8_t*>(data.data()), data.size(), "fuzz.gz");
    } catch (const ReadError&) {
    } catch (const std::exception& e) {
      ADD_FAILURE() << "round " << round << ": " << e.what();
    }
  }
}

// ---- sizes the file only claims ----

class HugeLengths : public testing::Test {
 protected:
  void SetUp() override { reset_largest_allocation(); }
  void TearDown() override { EXPECT_LT(largest_allocation(), size_t{1} << 20); }
};

TEST_F(HugeLengths, StringsAndBytes) {
  expect_error(Pickle().proto(4).op(0x8d).u64(uint64_t{1} << 63).raw("abc").stop().data(),
               "truncated BINUNICODE8: needs 9223372036854775808 bytes");
  expect_error(Pickle().proto(4).op(0x8e).u64(~uint64_t{0}).stop().data(), "truncated BINBYTES8");
  expect_error(Pickle().proto(5).op(0x96).u64(uint64_t{1} << 40).stop().data(), "truncated BYTEARRAY8");
  expect_error(Pickle().proto(3).op('B').u32(0xFFFFFFFF).stop().data(), "truncated BINBYTES");
  expect_error(Pickle().proto(2).op('X').u32(0xFFFFFFF0).stop().data(), "truncated BINUNICODE");
  expect_error(Pickle().proto(1).op('T').u32(0x7FFFFFFF).stop().data(), "truncated BINSTRING");
  expect_error(Pickle().proto(1).op('T').u32(0x80000000).stop().data(), "BINSTRING length is negative");
  expect_error(Pickle().proto(2).op(0x8b).u32(0x7FFFFFFF).stop().data(), "truncated LONG4");
  expect_error(Pickle().proto(4).op(0x95).u64(uint64_t{1} << 62).op('N').stop().data(), "truncated FRAME");
}

TEST_F(HugeLengths, ArrayShapes) {
  // _reconstruct + BUILD with a shape of 2^62 elements and 8 bytes of data.
  auto array = [](std::vector<int64_t> shape, std::string_view spec, std::string data) {
    Pickle p;
    p.proto(4).global("numpy.core.multiarray", "_reconstruct").global("numpy", "ndarray").integer(0).op(0x85);
    p.bytes("b").op(0x87).op('R').op('(').integer(1);
    p.op('(');
    for (int64_t d : shape) p.integer(d);
    p.op('t').dtype(spec).op(0x89).bytes(data).op('t').op('b').stop();
    return p.data();
  };
  expect_error(array({int64_t{1} << 31, int64_t{1} << 20}, "f8", "12345678"), "need 18014398509481984");
  expect_error(array({int64_t{1} << 40, int64_t{1} << 40}, "f8", "x"), "overflows");
  expect_error(array({3, -1}, "f8", ""), "non-negative");
  expect_error(array({1}, "U1099511627776", "x"), "numpy.dtype");  // itemsize beyond 32 bits
  expect_error(array({1}, "U2000000000", "x"), "too large");
  expect_error(array({1}, "V4294967295", "x"), "need");
  std::vector<int64_t> many(65, 1);
  expect_error(array(many, "f8", "12345678"), "dimensions");
}

TEST_F(HugeLengths, JoblibWrapperShape) {
  // A wrapper whose shape claims 2^31 x 2^31 doubles, followed by 16 bytes.
  Pickle p;
  p.proto(4).global("joblib.numpy_pickle", "NumpyArrayWrapper").op(')').op(0x81).op('}').op('(');
  p.str("shape").integer(int64_t{1} << 31).integer(int64_t{1} << 20).op(0x86);
  p.str("order").str("C").str("dtype").dtype("f8").str("numpy_array_alignment_bytes").integer(16);
  p.op('u').op('b').raw(std::string(1, '\x02')).raw("\xff\xff").raw(std::string(16, '\0')).stop();
  expect_error(p.data(), "truncated joblib array data: needs 18014398509481984 bytes, 17 left");
}

// ---- graphs that are not trees ----

TEST(Graph, SelfReferencingListIsRefused) {
  // l = []; l.append(l)
  expect_error(Pickle().proto(2).op(']').op('q').u8(0).op('h').u8(0).op('a').stop().data(), "contains itself");
}

TEST(Graph, MutualCycleIsRefused) {
  // a = []; b = [a]; a.append(b)
  Pickle p;
  p.proto(2).op(']').op('q').u8(0).op(']').op('q').u8(1).op('h').u8(0).op('a');  // b = [a]
  p.op('0').op('h').u8(0).op('h').u8(1).op('a').stop();                            // a.append(b)
  expect_error(p.data(), "contains itself");
}

TEST(Graph, SelfReferencingDictAndObjectAreRefused) {
  expect_error(Pickle().proto(2).op('}').op('q').u8(0).str("me").op('h').u8(0).op('s').stop().data(),
               "contains itself");
  // obj.__dict__ = {'self': obj}
  Pickle p;
  p.proto(4).global("m", "C").op(')').op(0x81).op(0x94).op('}').str("self").op('h').u8(0).op('s').op('b').stop();
  expect_error(p.data(), "contains itself");
}

TEST(Graph, CycleThroughAnObjectArrayIsRefused) {
  // a = _reconstruct(...); memo; BUILD(a, (1, (1,), dtype('O'), False, [a]))
  Pickle p;
  p.proto(4).global("numpy.core.multiarray", "_reconstruct").global("numpy", "ndarray").integer(0).op(0x85);
  p.bytes("b").op(0x87).op('R').op(0x94).op('(').integer(1).integer(1).op(0x85).dtype("O8", '|');
  p.op(0x89).op(']').op('h').u8(0).op('a').op('t').op('b').stop();
  expect_error(p.data(), "contains itself");
}

TEST(Graph, CycleInAnUnreachablePartIsReleased) {
  // A self-containing list that is popped: the result is fine (and the
  // cycle must not leak: run under ASan/LSan).
  py::ValuePtr v = read_bytes(Pickle().proto(2).op(']').op('q').u8(0).op('h').u8(0).op('a').op('0').op('N').stop().data());
  EXPECT_EQ(v->kind, Kind::None);
}

TEST(Graph, ExponentialSharingIsCheap) {
  // x = []; 200 times: x = (x, x). 2^200 paths, 201 values.
  Pickle p;
  p.proto(4).op(']');
  for (int i = 0; i < 200; ++i) p.op('2').op(0x86);
  p.stop();
  auto start = std::chrono::steady_clock::now();
  py::ValuePtr v = read_bytes(p.data());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(v->kind, Kind::Tuple);
  EXPECT_EQ(v->items[0], v->items[1]);
}

std::string nested_lists(size_t depth) {
  Pickle p;
  p.proto(4);
  for (size_t i = 0; i < depth; ++i) p.op(']');
  for (size_t i = 1; i < depth; ++i) p.op('a');
  return p.stop().data();
}

TEST(Graph, DeepNestingIsRefusedWithoutRecursion) {
  expect_error(nested_lists(200000), "nested more than 1000 containers deep");
  // Tuples too, made one inside the other.
  Pickle p;
  p.proto(4).op(')');
  for (int i = 0; i < 200000; ++i) p.op(0x85);
  expect_error(p.stop().data(), "nested more than");
  // And a failure halfway (no STOP) after building a deep chain.
  std::string unfinished = nested_lists(200000);
  unfinished.pop_back();
  expect_error(unfinished, "without its STOP");
}

TEST(Graph, NestingUpToTheLimitIsFine) {
  EXPECT_EQ(outcome(nested_lists(1000)), "");
  ReadLimits limits;
  limits.max_container_depth = 10;
  EXPECT_EQ(outcome(nested_lists(10), limits), "");
  expect_error(nested_lists(11), "nested more than 10", limits);
}

// ---- streams with more or less than one pickle ----

TEST(Streams, TrailingGarbageIsRefused) {
  std::string data = read_file(fixture("logreg.p4.pkl"));
  expect_error(data + "x", "1 bytes of trailing data after the pickle's final STOP");
  expect_error(data + data, "trailing data");
  std::string joblib = read_file(fixture("logreg.joblib"));
  expect_error(joblib + std::string(3, '\0'), "3 bytes of trailing data");
}

TEST(Streams, TrailingGarbageAfterACompressedStreamIsRefused) {
  for (const char* name : {"logreg.joblib.gz", "logreg.joblib.z", "logreg.joblib.bz2", "logreg.joblib.xz",
                           "logreg.joblib.lzma"}) {
    std::string path = fixture("trailing.tmp");
    write_file(path, read_file(fixture(name)) + "garbage!");
    EXPECT_THROW(onnxconv::read_model_file(path), ReadError) << name;
  }
}

TEST(Streams, ConcatenatedCompressedStreamsAreOneStream) {
  // logreg.joblib compressed in two halves, the streams joined.
  mini_json::Json index = read_json(fixture("index.json"));
  ASSERT_EQ(index["concatenated"].items.size(), 5u);
  for (const auto& name : index["concatenated"].items) {
    py::ValuePtr v = onnxconv::read_model_file(fixture(name.text));
    replay_checks(*v, read_json(fixture("logreg.json")), name.text);
  }
}

TEST(Streams, UnknownAndUnsupportedFormats) {
  auto error_for = [](const std::string& bytes) {
    std::string path = fixture("format.tmp");
    write_file(path, bytes);
    try {
      onnxconv::read_model_file(path);
      return std::string();
    } catch (const ReadError& e) {
      return std::string(e.what());
    }
  };
  EXPECT_NE(error_for("").find("empty"), std::string::npos);
  EXPECT_NE(error_for("<!DOCTYPE html>").find("unknown format (first bytes 3c 21 44 4f"), std::string::npos);
  EXPECT_NE(error_for("ZF0x00000000000000").find("ZF"), std::string::npos);
  EXPECT_NE(error_for("\x93NUMPY\x01\x00").find(".npy"), std::string::npos);
  EXPECT_NE(error_for("PK\x03\x04rest").find("zip"), std::string::npos);
  EXPECT_NE(error_for(std::string("\x04\x22\x4d\x18", 4)).find("lz4"), std::string::npos);
  EXPECT_NE(error_for("BZh9garbage").find("bz2"), std::string::npos);
  EXPECT_NE(error_for("\x78\x9c garbage").find("zlib"), std::string::npos);
  EXPECT_NE(onnxconv::ReadError("f", 1, "x").file(), "");
  try {
    onnxconv::read_model_file(fixture("does-not-exist.pkl"));
    FAIL();
  } catch (const ReadError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open"), std::string::npos);
    EXPECT_FALSE(e.has_offset());
  }
  EXPECT_THROW(onnxconv::read_model_file(fixtures_dir()), ReadError);
}

// ---- limits ----

TEST(Limits, EachLimitIsEnforced) {
  ReadLimits l;
  l.max_decompressed_bytes = 1000;
  try {
    onnxconv::read_model_file(fixture("hgb.joblib.gz"), l);
    FAIL();
  } catch (const ReadError& e) {
    EXPECT_NE(std::string(e.what()).find("max_decompressed_bytes"), std::string::npos) << e.what();
  }
  EXPECT_THROW(onnxconv::read_model_file(fixture("hgb.p4.pkl"), l), ReadError);

  ReadLimits values;
  values.max_values = 50;
  expect_error(read_file(fixture("tree.p4.pkl")), "max_values", values);
  ReadLimits memo;
  memo.max_memo_entries = 10;
  expect_error(read_file(fixture("tree.p4.pkl")), "max_memo_entries", memo);
  ReadLimits stack;
  stack.max_stack_depth = 100;
  Pickle p;
  p.proto(4);
  for (int i = 0; i < 101; ++i) p.op('N');
  expect_error(p.stop().data(), "max_stack_depth", stack);
  ReadLimits marks;
  marks.max_mark_depth = 5;
  expect_error(Pickle().proto(4).raw("((((((").stop().data(), "max_mark_depth", marks);
  ReadLimits nesting;
  nesting.max_pickle_nesting = 0;  // joblib object arrays are nested pickles
  try {
    onnxconv::read_model_file(fixture("logreg.joblib"), nesting);
    FAIL();
  } catch (const ReadError& e) {
    EXPECT_NE(std::string(e.what()).find("max_pickle_nesting"), std::string::npos) << e.what();
  }
}

// ---- decompression bombs (built here: no large file is committed) ----

// `zeros` zero bytes, deflated in 1 MiB steps (zlib, or gzip with
// window_bits 31): a few KB per MiB, fast to make.
std::string deflated_zeros(size_t zeros, int window_bits) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 1, Z_DEFLATED, window_bits, 9, Z_DEFAULT_STRATEGY), Z_OK);
  const std::string chunk(1 << 20, '\0');
  std::string out, buf(1 << 16, '\0');
  for (size_t done = 0; done < zeros; done += chunk.size()) {
    int flush = done + chunk.size() >= zeros ? Z_FINISH : Z_NO_FLUSH;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
    z.avail_in = static_cast<uInt>(chunk.size());
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf.data());
      z.avail_out = static_cast<uInt>(buf.size());
      deflate(&z, flush);
      out.append(buf.data(), buf.size() - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

std::string bzipped_zeros(size_t zeros) {
  std::string in(zeros, '\0'), out(zeros / 100 + 1024, '\0');
  unsigned size = static_cast<unsigned>(out.size());
  EXPECT_EQ(BZ2_bzBuffToBuffCompress(out.data(), &size, in.data(), static_cast<unsigned>(in.size()), 9, 0, 0), BZ_OK);
  out.resize(size);
  return out;
}

std::string xz_zeros(size_t zeros) {
  std::string in(zeros, '\0'), out(zeros / 100 + 1024, '\0');
  size_t size = 0;
  EXPECT_EQ(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const uint8_t*>(in.data()),
                                    in.size(), reinterpret_cast<uint8_t*>(out.data()), &size, out.size()),
            LZMA_OK);
  out.resize(size);
  return out;
}

std::string read_error(const std::string& data, const ReadLimits& limits = {}) {
  try {
    onnxconv::read_model_data(reinterpret_cast<const uint8_t*>(data.data()), data.size(), "bomb", limits);
  } catch (const ReadError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Limits, ZlibBombIsStoppedNearTheGraceWithDefaultLimits) {
  // 128 MiB of zeros: stopped within one 16 MiB decoder step past the
  // 64 MiB grace, long before max_decompressed_bytes.
  std::string bomb = deflated_zeros(size_t{128} << 20, 15);
  auto start = std::chrono::steady_clock::now();
  std::string message = read_error(bomb);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_NE(message.find("max_decompression_ratio"), std::string::npos) << message;
  EXPECT_NE(message.find("decompression bomb"), std::string::npos) << message;
  EXPECT_NE(message.find("a host may raise it"), std::string::npos) << message;
}

TEST(Limits, DeadlineStopsDecompressionAndUnpickling) {
  ReadLimits past;
  past.deadline = std::chrono::steady_clock::now();
  std::string message = read_error(deflated_zeros(size_t{8} << 20, 15), past);
  EXPECT_NE(message.find("time budget while decompressing"), std::string::npos) << message;
  // 10 000 opcodes: the clock is read every 4096.
  std::string list = "\x80\x04]";
  for (int i = 0; i < 10000; ++i) list += "K\x01a";
  list += ".";
  message = read_error(list, past);
  EXPECT_NE(message.find("time budget"), std::string::npos) << message;
  EXPECT_EQ(read_error(list), "no error");
}

TEST(Limits, EveryFormatStopsABomb) {
  ReadLimits l;
  l.decompression_ratio_grace = 1 << 20;
  const size_t zeros = size_t{8} << 20;
  for (const auto& [format, bomb] : {std::pair<std::string, std::string>{"zlib", deflated_zeros(zeros, 15)},
                                     {"gzip", deflated_zeros(zeros, 31)},
                                     {"bz2", bzipped_zeros(zeros)},
                                     {"xz", xz_zeros(zeros)}}) {
    std::string message = read_error(bomb, l);
    EXPECT_NE(message.find("max_decompression_ratio"), std::string::npos) << format << ": " << message;
  }
}

TEST(Limits, RatioCheckCanBeTurnedOff) {
  ReadLimits l;
  l.decompression_ratio_grace = 1 << 20;
  l.max_decompression_ratio = 0;  // the whole stream inflates; zeros are not a pickle
  std::string message = read_error(deflated_zeros(size_t{8} << 20, 15), l);
  EXPECT_EQ(message.find("max_decompression_ratio"), std::string::npos) << message;
  EXPECT_NE(message.find("opcode"), std::string::npos) << message;
  l.max_decompressed_bytes = 4 << 20;  // the absolute cap still holds
  message = read_error(deflated_zeros(size_t{8} << 20, 15), l);
  EXPECT_NE(message.find("max_decompressed_bytes"), std::string::npos) << message;
}

}  // namespace
}  // namespace reader_test
