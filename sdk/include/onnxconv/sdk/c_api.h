/*
 * onnxconv converter SDK: the C ABI.
 *
 * This header is the only thing that crosses the boundary between the host
 * (libonnxconv) and a converter plugin. It is plain C so that a plugin built
 * with another compiler or C++ standard library still works. Plugins never see
 * protobuf, onnx or Boost types: the host owns the model and the ONNX graph,
 * and plugins read and build them through the function table below.
 *
 * Stability rules (modelled on ONNX Runtime's OrtApi and LLVM's pass-plugin
 * info):
 *   - Every struct starts with `struct_size`. A reader only touches fields
 *     that lie inside the size the writer declared.
 *   - Function tables only grow at the end. A function added in minor N is
 *     listed under "added in 1.N" below; a plugin that calls it must declare
 *     ONNXCONV_PLUGIN_MIN_ABI_MINOR >= N.
 *   - A major bump means incompatible change; the host refuses plugins of
 *     another major.
 *   - Errors cross as `oc_status*` (NULL = success), never as C++ exceptions.
 *     Every status is made by the host (`make_status`) and freed by the host,
 *     so there is one allocator.
 *
 * ABI history: what each minor added. A plugin that uses something added in
 * 1.N defines ONNXCONV_PLUGIN_MIN_ABI_MINOR N (before including sdk.hpp)
 * and says `abi: {major: 1, minor: N}` in its plugin.yaml; hosts older than
 * 1.N then refuse it by its manifest, before loading it.
 *   1.0  the initial ABI:
 *        oc_host_api  statuses: make_status, status_message, release_status;
 *                     objects: object_kind, object_module, object_name,
 *                     object_attr, object_args, object_to_int,
 *                     object_to_double, object_to_string, object_len,
 *                     object_item, dict_item;
 *                     arrays: array_info, array_to_doubles, array_to_int64s;
 *                     the request: option, float_type, opset;
 *                     the graph: unique_name, add_initializer, add_node.
 *        structs      oc_value_type, oc_tensor, oc_attribute, oc_node,
 *                     oc_array_info, oc_converter (estimator_class, infer,
 *                     convert), oc_plugin_info: every field listed below.
 *        entry        onnxconv_plugin(host_abi_major, host_abi_minor).
 *   1.1  adopted attribute data: oc_adopted_array and
 *        oc_host_api.add_node_adopting. The host keeps a large attribute
 *        array instead of copying it, and writes it straight into the
 *        output file. (oc_attribute does not grow: it travels in arrays,
 *        whose stride an older host would get wrong.)
 *   1.2  oc_host_api.input_type: the type shape inference gave the
 *        converter's i-th input, during convert as during infer. Converters
 *        that take several inputs of different element types (an encoder
 *        over a DataFrame's string and integer columns) need it to emit.
 *   1.3  the composition seam: oc_host_api.infer_sub and convert_sub. A
 *        converter has the host plan and convert a sub-estimator of its
 *        estimator (a VotingClassifier's members, a search's
 *        best_estimator_) with whatever converter or composite handles it,
 *        and gets back its outputs by role. Error kinds: OC_ERROR_*,
 *        oc_host_api.make_status_of_kind and status_kind, so a host
 *        application can tell an unsupported estimator from a malformed
 *        file, a bad option, a plugin failure or an I/O error.
 *   1.4  per-member options: oc_host_api.infer_sub_with_options and
 *        convert_sub_with_options. A composite sets converter options for
 *        one member's plan (raw_scores=true for the decision_function a
 *        one-vs-rest or a calibrated classifier reads); members get no
 *        model-level options, so their probabilities stay plain tensors.
 *        OC_VALUE_SEQUENCE_OF_TENSORS: a sequence of tensors of one element
 *        type (MultiOutputClassifier's probabilities, one [N, k_i] each).
 */
#ifndef ONNXCONV_SDK_C_API_H
#define ONNXCONV_SDK_C_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OC_ABI_MAJOR 1
#define OC_ABI_MINOR 4

/* Name of the one symbol a plugin exports. */
#define OC_PLUGIN_ENTRY_SYMBOL "onnxconv_plugin"

#if defined(_WIN32)
#define OC_EXPORT __declspec(dllexport)
#else
#define OC_EXPORT __attribute__((visibility("default")))
#endif

/* ------------------------------------------------------------------------ */
/* Opaque handles, all owned by the host.                                    */

/* An error with a message. NULL means success. */
typedef struct oc_status oc_status;
/* A read-only value from the model file (an estimator, a dict, an array...).
 * Valid for as long as the converter call that received it. */
typedef struct oc_object oc_object;
/* One converter call's link to the host: options, target types, the graph. */
typedef struct oc_context oc_context;

/* What a model-file value is. Mirrors the Python objects a pickle builds. */
typedef enum oc_kind {
  OC_KIND_NONE = 0,
  OC_KIND_BOOL = 1,
  OC_KIND_INT = 2,       /* Python int or numpy integer scalar */
  OC_KIND_FLOAT = 3,     /* Python float or numpy floating scalar */
  OC_KIND_STRING = 4,    /* str (UTF-8) */
  OC_KIND_BYTES = 5,
  OC_KIND_LIST = 6,
  OC_KIND_TUPLE = 7,
  OC_KIND_DICT = 8,
  OC_KIND_SET = 9,
  OC_KIND_ARRAY = 10,    /* numpy ndarray */
  OC_KIND_INSTANCE = 11, /* an object of some class: module, name, state */
  OC_KIND_GLOBAL = 12,   /* a reference to a class or function, never called */
  OC_KIND_OTHER = 13     /* anything else the reader kept opaque */
} oc_kind;

/* What kind of failure a status is (added in 1.3; the host's ErrorKind
 * has the same numbers). Statuses made by make_status are OTHER, which the
 * host reports as a plugin failure when a converter returns one. */
enum {
  OC_ERROR_OTHER = 0,
  OC_ERROR_UNSUPPORTED = 1, /* a class, option combination or case not handled */
  OC_ERROR_MALFORMED = 2,   /* the model's state is missing or inconsistent */
  OC_ERROR_BAD_OPTION = 3,  /* an option value the converter refuses */
  OC_ERROR_PLUGIN = 4,      /* the plugin itself failed */
  OC_ERROR_IO = 5,
  OC_ERROR_LIMIT = 6        /* a host limit (time, nodes, bytes) was reached */
};

/* ONNX tensor element types (same numbers as onnx.TensorProto.DataType). */
enum {
  OC_ELEM_UNDEFINED = 0,
  OC_ELEM_FLOAT = 1,
  OC_ELEM_UINT8 = 2,
  OC_ELEM_INT8 = 3,
  OC_ELEM_INT32 = 6,
  OC_ELEM_INT64 = 7,
  OC_ELEM_STRING = 8,
  OC_ELEM_BOOL = 9,
  OC_ELEM_DOUBLE = 11
};

/* ONNX attribute types (same numbers as onnx.AttributeProto.AttributeType). */
enum {
  OC_ATTR_FLOAT = 1,
  OC_ATTR_INT = 2,
  OC_ATTR_STRING = 3,
  OC_ATTR_TENSOR = 4,
  OC_ATTR_FLOATS = 6,
  OC_ATTR_INTS = 7,
  OC_ATTR_STRINGS = 8
};

/* What flows along a graph edge. */
enum {
  OC_VALUE_TENSOR = 0,
  /* sequence(map(key_type, elem_type)): skl2onnx's ZipMap output */
  OC_VALUE_SEQUENCE_OF_MAPS = 1,
  /* sequence(tensor(elem_type)), one tensor per item whose shapes may differ
   * (rank and dims not given): skl2onnx's MultiOutputClassifier
   * probabilities, one [N, n_classes_i] per output. Added in 1.4: a plugin
   * that returns it declares ONNXCONV_PLUGIN_MIN_ABI_MINOR 4. */
  OC_VALUE_SEQUENCE_OF_TENSORS = 2
};

#define OC_MAX_RANK 8

/* The shape-inference currency: the type of one graph input or output. */
typedef struct oc_value_type {
  size_t struct_size;
  int32_t kind;      /* OC_VALUE_* */
  int32_t elem_type; /* OC_ELEM_*: tensor element, or map value type */
  int32_t key_type;  /* OC_VALUE_SEQUENCE_OF_MAPS only: OC_ELEM_INT64 or _STRING */
  int32_t rank;      /* tensors: number of dims, -1 if unknown */
  int64_t dims[OC_MAX_RANK]; /* -1 = not known until run time (the batch) */
  /* Output role, e.g. "label", "probabilities", "variable". Set by `infer`;
   * the host copies it before the call returns. */
  const char* name;
} oc_value_type;

/* A dense tensor (initializers and tensor attributes). */
typedef struct oc_tensor {
  size_t struct_size;
  int32_t elem_type;
  size_t rank;
  const int64_t* dims;
  /* Row-major elements in native layout; for OC_ELEM_STRING an array of
   * NUL-terminated `const char*`. The host copies the data. */
  const void* data;
} oc_tensor;

/* A list attribute's elements that the host adopts rather than copies
 * (added in 1.1; see add_node_adopting). Tree-ensemble node arrays run to millions of elements:
 * the host keeps `data` as it is, in the compact element type the plugin
 * chose, until the model is written, then calls `release(release_ctx)`
 * exactly once (also when the node or the conversion fails, and right
 * away when add_node refuses the attribute). `data` must not change
 * meanwhile. Element types the host accepts, per attribute type:
 *   OC_ATTR_INTS     OC_ELEM_INT64, OC_ELEM_INT32 or OC_ELEM_UINT8
 *   OC_ATTR_FLOATS   OC_ELEM_FLOAT, or OC_ELEM_DOUBLE (rounded to float32)
 *   OC_ATTR_STRINGS  OC_ELEM_UINT8: each element indexes `dictionary`
 *                    (`dictionary_size` strings, copied during the call)
 *   OC_ATTR_TENSOR   a 1-D tensor of `count` OC_ELEM_FLOAT, OC_ELEM_DOUBLE,
 *                    OC_ELEM_INT32 or OC_ELEM_INT64 elements
 * `data` may be NULL when `count` is 0. */
typedef struct oc_adopted_array {
  size_t struct_size;
  int32_t elem_type; /* OC_ELEM_* */
  size_t count;
  const void* data;
  const char* const* dictionary;
  size_t dictionary_size;
  void (*release)(void* release_ctx); /* may be NULL: nothing to free */
  void* release_ctx;
} oc_adopted_array;

/* One node attribute. Only the fields of `type` are read. */
typedef struct oc_attribute {
  size_t struct_size;
  const char* name;
  int32_t type; /* OC_ATTR_* */
  int64_t i;
  double f; /* ONNX stores float32: the host rounds */
  const char* s;
  size_t count; /* element count of the list types */
  const int64_t* ints;
  const double* floats; /* rounded to float32 by the host */
  const char* const* strings;
  const oc_tensor* tensor;
} oc_attribute;

typedef struct oc_node {
  size_t struct_size;
  const char* op_type;
  const char* domain;    /* "" or NULL = ai.onnx */
  const char* name_hint; /* the host makes it unique */
  const char* const* inputs; /* "" = an omitted optional input */
  size_t n_inputs;
  const char* const* outputs;
  size_t n_outputs;
  const oc_attribute* attributes;
  size_t n_attributes;
} oc_node;

/* A numpy array, normalised by the host to C order and native byte order. */
typedef struct oc_array_info {
  size_t struct_size;
  char dtype_kind; /* numpy kind: 'b' 'i' 'u' 'f' 'U' 'S' 'O' 'V' */
  size_t itemsize;
  size_t ndim;
  const int64_t* shape;
  size_t size; /* number of elements */
  /* Raw elements, NULL for object arrays (read those with object_item).
   * Usually a view of the model file, so possibly unaligned: copy elements
   * out with memcpy (or use array_to_doubles / array_to_int64s). */
  const void* data;
} oc_array_info;

/* ------------------------------------------------------------------------ */
/* The host's function table, handed to every converter call.               */

typedef struct oc_host_api {
  size_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;

  /* ---- added in 1.0 ---- */

  /* Statuses. The host frees every status a plugin returns to it. */
  oc_status* (*make_status)(const char* message);
  const char* (*status_message)(const oc_status* status);
  void (*release_status)(oc_status* status);

  /* Objects. */
  oc_kind (*object_kind)(const oc_object* obj);
  /* INSTANCE and GLOBAL: the class's module and qualified name; else "". */
  const char* (*object_module)(const oc_object* obj);
  const char* (*object_name)(const oc_object* obj);
  /* Attribute of an INSTANCE (its pickled state) or string key of a DICT.
   * *out is NULL when absent; an error when obj has no attributes. */
  oc_status* (*object_attr)(const oc_object* obj, const char* name,
                            const oc_object** out);
  /* INSTANCE: the constructor arguments the pickle recorded (a TUPLE), or
   * NULL. */
  const oc_object* (*object_args)(const oc_object* obj);
  oc_status* (*object_to_int)(const oc_object* obj, int64_t* out);
  oc_status* (*object_to_double)(const oc_object* obj, double* out);
  /* STRING (or BYTES): the data stays valid with the object. */
  oc_status* (*object_to_string)(const oc_object* obj, const char** data,
                                 size_t* size);
  /* LIST, TUPLE, SET, DICT: items; ARRAY: elements (all dims flattened). */
  size_t (*object_len)(const oc_object* obj);
  /* LIST, TUPLE, SET: item i. ARRAY: element i as a scalar object. */
  oc_status* (*object_item)(const oc_object* obj, size_t i,
                            const oc_object** out);
  oc_status* (*dict_item)(const oc_object* obj, size_t i,
                          const oc_object** key, const oc_object** value);

  /* Arrays. */
  oc_status* (*array_info)(const oc_object* obj, oc_array_info* out);
  /* Convert the numeric elements (or one named field of a structured dtype;
   * field NULL for plain arrays) to double / int64. `count` must equal the
   * array's size. */
  oc_status* (*array_to_doubles)(const oc_object* obj, const char* field,
                                 double* out, size_t count);
  oc_status* (*array_to_int64s)(const oc_object* obj, const char* field,
                                int64_t* out, size_t count);

  /* The conversion request. */
  /* Value of `--option NAME=VALUE`, or NULL when not given. */
  const char* (*option)(oc_context* ctx, const char* name);
  /* OC_ELEM_FLOAT or OC_ELEM_DOUBLE: the model's float type. */
  int32_t (*float_type)(oc_context* ctx);
  /* Target opset of a domain ("" = ai.onnx), 0 if the domain is unused. */
  int64_t (*opset)(oc_context* ctx, const char* domain);

  /* The graph. Names returned by the host live as long as the conversion. */
  const char* (*unique_name)(oc_context* ctx, const char* hint);
  oc_status* (*add_initializer)(oc_context* ctx, const char* name_hint,
                                const oc_tensor* tensor,
                                const char** out_name);
  oc_status* (*add_node)(oc_context* ctx, const oc_node* node);

  /* ---- added in 1.1 ---- */

  /* add_node, except that attribute i takes its elements from adopted[i]
   * when that is not NULL (its count/ints/floats/strings/tensor are then
   * not read; name and type are). `adopted` has node->n_attributes
   * entries. Every adopted array is released exactly once, whatever the
   * outcome. */
  oc_status* (*add_node_adopting)(oc_context* ctx, const oc_node* node,
                                  const oc_adopted_array* const* adopted);

  /* ---- added in 1.2 ---- */

  /* The type of the converter's input `index` as planned (the types infer
   * received). `out->struct_size` must be set by the caller; `out->name`
   * is NULL. An error when index is past the inputs. */
  oc_status* (*input_type)(oc_context* ctx, size_t index, oc_value_type* out);

  /* ---- added in 1.3 ---- */

  /* Sub-estimators, converted by the host. `sub` is an estimator object
   * the converter read from its own estimator (a member, a fitted
   * attribute): the host plans it as it would at top level (a plugin
   * converter, a Pipeline, another composite), so the composite never
   * copies another converter's graph. `member` names where it sits, e.g.
   * "estimators_[1]": it extends the step's path in messages and the node
   * names. Nesting is limited (an error past 32 levels).
   *
   * infer_sub, from a converter's infer (or convert): the types the host's
   * plan of `sub` gives for inputs of types `inputs`. `outputs` holds
   * `capacity` slots whose struct_size the caller set; each output's
   * `name` is its role ("label", "probabilities", "scores", "variable"...),
   * valid until the conversion ends. */
  oc_status* (*infer_sub)(oc_context* ctx, const oc_object* sub,
                          const char* member, const oc_value_type* inputs,
                          size_t n_inputs, oc_value_type* outputs,
                          size_t capacity, size_t* n_outputs);
  /* convert_sub, from a converter's convert: emits `sub`'s nodes reading
   * the graph values `inputs` (of types `input_types`, as given to
   * infer_sub) and says the names of the values it computed
   * (`out_names[i]`) and their roles (`out_roles[i]`), in the order
   * infer_sub gave; both valid until the conversion ends. An output may be
   * one of the inputs (a passthrough sub-pipeline). */
  oc_status* (*convert_sub)(oc_context* ctx, const oc_object* sub,
                            const char* member, const char* const* inputs,
                            const oc_value_type* input_types, size_t n_inputs,
                            const char** out_names, const char** out_roles,
                            size_t capacity, size_t* n_outputs);

  /* A status of kind `kind` (OC_ERROR_*; another number reads as OTHER). */
  oc_status* (*make_status_of_kind)(int32_t kind, const char* message);
  /* The kind of a status: OC_ERROR_OTHER for make_status's. Statuses the
   * host returns (a sub-estimator's failure...) carry theirs. */
  int32_t (*status_kind)(const oc_status* status);

  /* ---- added in 1.4 ---- */

  /* infer_sub and convert_sub with converter options for `sub`'s plan
   * only (its nested steps too): `option_names[i]` = `option_values[i]`
   * for i < n_options, overriding the model's options of those names. Each
   * name must be offered by a converter of that plan, else an
   * OC_ERROR_BAD_OPTION status naming the member. convert_sub_with_options
   * must be given the options infer_sub_with_options was. */
  oc_status* (*infer_sub_with_options)(oc_context* ctx, const oc_object* sub,
                                       const char* member,
                                       const char* const* option_names,
                                       const char* const* option_values,
                                       size_t n_options,
                                       const oc_value_type* inputs,
                                       size_t n_inputs, oc_value_type* outputs,
                                       size_t capacity, size_t* n_outputs);
  oc_status* (*convert_sub_with_options)(
      oc_context* ctx, const oc_object* sub, const char* member,
      const char* const* option_names, const char* const* option_values,
      size_t n_options, const char* const* inputs,
      const oc_value_type* input_types, size_t n_inputs,
      const char** out_names, const char** out_roles, size_t capacity,
      size_t* n_outputs);
} oc_host_api;

/* ------------------------------------------------------------------------ */
/* What a plugin offers.                                                     */

/* Shape inference: given the estimator and its input types, say how many
 * outputs it makes and their types (`outputs` holds `capacity` slots with
 * struct_size set by the host). */
typedef oc_status* (*oc_infer_fn)(oc_context* ctx, const oc_host_api* api,
                                  const oc_object* estimator,
                                  const oc_value_type* inputs, size_t n_inputs,
                                  oc_value_type* outputs, size_t capacity,
                                  size_t* n_outputs);

/* Conversion: emit nodes that compute `outputs` (names chosen by the host,
 * one per output `infer` declared, in that order) from `inputs`. */
typedef oc_status* (*oc_convert_fn)(oc_context* ctx, const oc_host_api* api,
                                    const oc_object* estimator,
                                    const char* const* inputs, size_t n_inputs,
                                    const char* const* outputs,
                                    size_t n_outputs);

typedef struct oc_converter {
  size_t struct_size;
  /* Fully qualified class as scikit-learn pickles it, e.g.
   * "sklearn.linear_model._logistic.LogisticRegression". */
  const char* estimator_class;
  oc_infer_fn infer;
  oc_convert_fn convert;
} oc_converter;

typedef struct oc_plugin_info {
  size_t struct_size;
  uint32_t abi_major;     /* the SDK major the plugin was built for */
  uint32_t abi_min_minor; /* the lowest host minor it needs */
  const char* name;
  const char* version;
  const oc_converter* const* converters;
  size_t n_converters;
} oc_plugin_info;

/* The plugin's one export. The host passes its own ABI version so a plugin
 * may refuse (return NULL) or adapt; the host checks the answer again. */
typedef const oc_plugin_info* (*oc_plugin_entry_fn)(uint32_t host_abi_major,
                                                    uint32_t host_abi_minor);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ONNXCONV_SDK_C_API_H */
