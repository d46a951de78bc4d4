// The fixed whitelist of callables the reader interprets instead of
// recording them as inert Instances (see model_reader.h for the list), and
// the BUILD (__setstate__) of arrays and dtypes.
#ifndef ONNXCONV_READER_RECONSTRUCTORS_H
#define ONNXCONV_READER_RECONSTRUCTORS_H

#include <onnxconv/pyvalue.h>

#include "read_context.h"

#include <string>

namespace onnxconv::reader {

// Python 2 module names as Python 3 reads them (__builtin__ -> builtins,
// copy_reg -> copyreg); others unchanged.
std::string python3_module(const std::string& module);

// "dill" or "cloudpickle" when `module` belongs to one of them, else "".
// Their pickles define classes and functions on the fly when loaded
// (dill._dill._create_type, cloudpickle's _make_skeleton_class...): such a
// file cannot be read without running its code, so the reader refuses it.
std::string code_pickler_of(const std::string& module);

// Calling the global `fn` (REDUCE, INST, OBJ) with the tuple `args`: the
// value a whitelisted reconstructor builds, or null when `fn` is not on the
// whitelist (the caller then records an inert Instance).
py::ValuePtr call_known_global(ReadContext& ctx, const py::Value& fn, const py::ValuePtr& args,
                               const At& at);

// An inert Instance of module.name.
py::ValuePtr make_instance(ReadContext& ctx, const std::string& module, const std::string& name,
                           py::ValuePtr args, const At& at);

// BUILD on an Array made by _reconstruct: numpy's ndarray.__setstate__.
void set_array_state(ReadContext& ctx, py::Value& array, const py::Value& state, const At& at);
// BUILD on a dtype: numpy's dtype.__setstate__.
void set_dtype_state(ReadContext& ctx, py::Value& dtype, const py::Value& state, const At& at);

}  // namespace onnxconv::reader

#endif
