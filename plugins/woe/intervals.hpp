// Intervals, segments and the threshold rule of the binning converters now
// live in the SDK (onnxconv/sdk/binning.hpp), shared with the optbinning
// plugin; this header keeps their names in this plugin's namespace.
#ifndef ONNXCONV_PLUGINS_WOE_INTERVALS_HPP
#define ONNXCONV_PLUGINS_WOE_INTERVALS_HPP

#include <onnxconv/sdk/binning.hpp>

namespace onnxconv::woe {

using sdk::format_double;
using sdk::Interval;
using sdk::leq_threshold;
using sdk::Piece;
using sdk::Segmentation;
using sdk::segment;

}  // namespace onnxconv::woe

#endif  // ONNXCONV_PLUGINS_WOE_INTERVALS_HPP
