# cmake -DONNXCONV=<onnxconv CLI> -DPLUGIN_DIR=<dir> -DPLUGIN_LIBRARY=<lib> -P OnnxconvCheckPlugin.cmake
#
# The build-time manifest check of onnxconv_add_plugin: the host itself
# reads <dir>/plugin.yaml, loads the library it names and compares the
# library's answer (name, version, ABI, converter classes) with the manifest.
# The host is the authority on what it accepts, so nothing is re-implemented
# here; this script only picks this plugin's verdict out of
# `onnxconv plugins --check`, which lists every plugin it found and every
# manifest it refused (and exits 0 when only manifests were refused).
foreach(var ONNXCONV PLUGIN_DIR PLUGIN_LIBRARY)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "OnnxconvCheckPlugin.cmake: -D${var}=... is required")
  endif()
endforeach()

cmake_path(NORMAL_PATH PLUGIN_DIR)
cmake_path(APPEND PLUGIN_DIR plugin.yaml OUTPUT_VARIABLE manifest)
cmake_path(GET PLUGIN_LIBRARY FILENAME library_name)

# Only this folder and the host's own plugins: ONNXCONV_PLUGIN_PATH could
# shadow or contradict the plugin under test.
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env --unset=ONNXCONV_PLUGIN_PATH
          ${ONNXCONV} plugins --check --plugin-path ${PLUGIN_DIR}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)

# "rejected:" lines read "  <manifest>: <reason>" (reasons may hold ';',
# so the text is searched as a string, never split into a CMake list).
string(FIND "${out}" "\nrejected:\n" at)
if(at GREATER -1)
  string(SUBSTRING "${out}" ${at} -1 rejected)
  set(prefix "\n  ${manifest}: ")
  string(FIND "${rejected}" "${prefix}" hit)
  if(hit GREATER -1)
    string(LENGTH "${prefix}" skip)
    math(EXPR hit "${hit} + ${skip}")
    string(SUBSTRING "${rejected}" ${hit} -1 reason)
    string(FIND "${reason}" "\n" eol)
    string(SUBSTRING "${reason}" 0 ${eol} reason)
    message(FATAL_ERROR "onnxconv (${ONNXCONV}) refuses ${manifest}:\n  ${reason}")
  endif()
endif()

# Accepted and loaded: the plugin's entry says "loaded" and, two lines on,
# names this manifest and this library.
set(found FALSE)
string(REGEX MATCHALL "  [a-z0-9_]+ [^\n]*  (loaded|not loaded)\n    manifest: [^\n]*\n    library: +[^\n]*" entries "${out}")
foreach(entry IN LISTS entries)
  if(entry MATCHES "\n    manifest: ([^\n]*)\n    library: +(.*)$" AND CMAKE_MATCH_1 STREQUAL manifest)
    set(found TRUE)
    cmake_path(GET CMAKE_MATCH_2 FILENAME listed_library)
    if(NOT entry MATCHES "  loaded\n")
      message(FATAL_ERROR "onnxconv (${ONNXCONV}) accepted ${manifest} but did not load it:\n${out}${err}")
    endif()
    if(NOT listed_library STREQUAL library_name)
      message(FATAL_ERROR "${manifest}: field 'library' names '${listed_library}', "
                          "but this build makes '${library_name}'")
    endif()
  endif()
endforeach()
if(NOT found)
  message(FATAL_ERROR "onnxconv (${ONNXCONV}) did not list ${manifest} (exit code ${rc}):\n${out}${err}")
endif()
