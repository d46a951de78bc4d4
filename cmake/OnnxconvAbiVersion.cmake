# onnxconv_read_abi_version(<major_var> <minor_var>)
#
# The converter SDK ABI version this source tree offers, read from c_api.h
# (OC_ABI_MAJOR / OC_ABI_MINOR), its one source.
function(onnxconv_read_abi_version major_var minor_var)
  set(header ${PROJECT_SOURCE_DIR}/sdk/include/onnxconv/sdk/c_api.h)
  file(STRINGS ${header} lines REGEX "^#define OC_ABI_(MAJOR|MINOR) [0-9]+")
  foreach(line IN LISTS lines)
    if(line MATCHES "^#define OC_ABI_(MAJOR|MINOR) ([0-9]+)")
      set(${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
    endif()
  endforeach()
  if(NOT DEFINED MAJOR OR NOT DEFINED MINOR)
    message(FATAL_ERROR "no '#define OC_ABI_MAJOR/OC_ABI_MINOR <n>' in ${header}")
  endif()
  set(${major_var} ${MAJOR} PARENT_SCOPE)
  set(${minor_var} ${MINOR} PARENT_SCOPE)
endfunction()
