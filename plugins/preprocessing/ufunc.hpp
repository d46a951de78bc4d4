// numpy ufuncs as ONNX ops, for FunctionTransformer's func (and any
// converter that meets a ufunc named in a file, e.g. an inverse_func). A
// pickled ufunc is only a name: numpy 2 writes the global `numpy.log1p`,
// numpy 1.20-1.26 `numpy.core._multiarray_umath.log1p`, older numpy a call
// `numpy.core._ufunc_reconstruct('numpy.core._multiarray_umath', 'log1p')`
// that the reader keeps as inert data. Nothing is imported or called.
#ifndef ONNXCONV_PLUGINS_PREPROCESSING_UFUNC_HPP
#define ONNXCONV_PLUGINS_PREPROCESSING_UFUNC_HPP

#include "common.hpp"

namespace onnxconv::preprocessing {

// "module.name" of the function a file names at `fn` (a global, or numpy's
// ufunc reconstruction call); fails for anything else, saying what it is.
std::string function_name(const Object& fn);

// True when `qualified` (from function_name) is a ufunc emit_ufunc converts.
bool is_supported_ufunc(const std::string& qualified);

// The ufunc applied elementwise to double x; returns the double result.
std::string emit_ufunc(const Context& ctx, const std::string& qualified, const std::string& x);

// The supported names, for error messages: "numpy.log1p, numpy.log, ...".
std::string supported_ufuncs();

}  // namespace onnxconv::preprocessing

#endif
