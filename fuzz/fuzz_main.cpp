// The libFuzzer entry point of one target: built once per target with
// ONNXCONV_FUZZ_TARGET set to the name of its body in targets.h.
#include "targets.h"

#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* dir = std::getenv("ONNXCONV_FUZZ_PLUGIN_DIR")) onnxconv::fuzz::set_plugin_dir(dir);
  else onnxconv::fuzz::set_plugin_dir(ONNXCONV_FUZZ_DEFAULT_PLUGIN_DIR);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  onnxconv::fuzz::ONNXCONV_FUZZ_TARGET(data, size);
  return 0;
}
