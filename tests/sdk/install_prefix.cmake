# cmake -DBUILD_DIR=... -DPREFIX=... -P install_prefix.cmake
#
# `cmake --install` into a fresh PREFIX, then checks the layout a third
# party relies on (cmake/Install.cmake describes it): the CLI, the library,
# every built-in plugin beside its manifest, the public headers, the plugin
# author's docs, and a
# package whose exported targets name no static library.
foreach(var BUILD_DIR PREFIX)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "install_prefix.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
  OUTPUT_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD_DIR} --prefix ${PREFIX} failed (exit code ${rc})")
endif()

set(missing "")
foreach(file
    bin/onnxconv
    lib/libonnxconv.so
    include/onnxconv/engine.h
    include/onnxconv/model_reader.h
    include/onnxconv/pyvalue.h
    include/onnxconv/registry.h
    include/onnxconv/sdk/c_api.h
    include/onnxconv/sdk/sdk.hpp
    lib/cmake/onnxconv/onnxconvConfig.cmake
    lib/cmake/onnxconv/onnxconvConfigVersion.cmake
    lib/cmake/onnxconv/onnxconvTargets.cmake
    lib/cmake/onnxconv/OnnxconvPlugin.cmake
    lib/cmake/onnxconv/OnnxconvCheckPlugin.cmake
    share/onnxconv/parity/run_parity.js
    share/onnxconv/parity/package-lock.json
    share/doc/onnxconv/writing-a-converter.md
    share/doc/onnxconv/MANIFEST.md
    share/doc/onnxconv/adr/0003-adopted-attributes.md)
  if(NOT EXISTS ${PREFIX}/${file})
    list(APPEND missing ${file})
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "not installed in ${PREFIX}: ${missing}")
endif()

# Every installed plugin folder holds its manifest and the library it names.
file(GLOB manifests ${PREFIX}/lib/onnxconv/plugins/*/plugin.yaml)
if(NOT manifests)
  message(FATAL_ERROR "no plugin installed in ${PREFIX}/lib/onnxconv/plugins")
endif()
foreach(manifest IN LISTS manifests)
  file(STRINGS ${manifest} library REGEX "^library: ")
  string(REGEX REPLACE "^library: *" "" library "${library}")
  cmake_path(GET manifest PARENT_PATH folder)
  if(NOT EXISTS ${folder}/${library})
    message(FATAL_ERROR "${manifest} names '${library}', which is not installed beside it")
  endif()
endforeach()

# Static libraries stay inside libonnxconv: not installed, not required.
file(GLOB_RECURSE archives ${PREFIX}/*.a)
if(archives)
  message(FATAL_ERROR "static libraries installed: ${archives}")
endif()
file(GLOB target_files ${PREFIX}/lib/cmake/onnxconv/onnxconvTargets*.cmake)
foreach(file IN LISTS target_files)
  file(READ ${file} text)
  if(text MATCHES "onnxconv_(reader|registry)")
    message(FATAL_ERROR "${file} names the static library onnxconv_${CMAKE_MATCH_1}")
  endif()
endforeach()
list(LENGTH manifests n)
message(STATUS "installed into ${PREFIX} (${n} plugins)")
