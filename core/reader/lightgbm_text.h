// LightGBM text model files (Booster.save_model("m.txt")), recognised by
// content. The reader does not parse them: it hands the text over as the
// state a pickled lightgbm.basic.Booster carries (its model string), so
// the LightGBM plugin reads a text file and a pickle the same way.
#ifndef ONNXCONV_READER_LIGHTGBM_TEXT_H
#define ONNXCONV_READER_LIGHTGBM_TEXT_H

#include <onnxconv/pyvalue.h>

#include <cstddef>
#include <cstdint>

namespace onnxconv::reader {

// True when the bytes start as LightGBM 3.x/4.x model text does:
// "tree\nversion=v" (or with "\r\n").
bool is_lightgbm_text(const uint8_t* data, size_t size);

// An Instance of lightgbm.basic.Booster whose state is
// {"_handle": <the text>, "_onnxconv_source": "text file"}.
py::ValuePtr lightgbm_text_as_booster(const uint8_t* data, size_t size);

}  // namespace onnxconv::reader

#endif  // ONNXCONV_READER_LIGHTGBM_TEXT_H
