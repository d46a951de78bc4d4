# cmake -DSOURCE_DIR=<example> -DBINARY_DIR=... -DPREFIX=... [-DGENERATOR=...]
#       [-DMAKE_PROGRAM=...] -P check_refuses.cmake
#
# onnxconv_add_plugin's build-time check must stop a build whose manifest
# disagrees with its library. Copies the example, bumps the manifest's
# version (the library still says 1.0.0), builds it against PREFIX, and
# passes only when the build fails with the host's reason for refusing it.
foreach(var SOURCE_DIR BINARY_DIR PREFIX)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_refuses.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE ${BINARY_DIR})
file(COPY ${SOURCE_DIR}/ DESTINATION ${BINARY_DIR}/src)
file(READ ${BINARY_DIR}/src/plugin.yaml manifest)
string(REPLACE "version: 1.0.0" "version: 1.0.1" lying "${manifest}")
if(lying STREQUAL manifest)
  message(FATAL_ERROR "${SOURCE_DIR}/plugin.yaml has no 'version: 1.0.0' line to change")
endif()
file(WRITE ${BINARY_DIR}/src/plugin.yaml "${lying}")

set(args -S ${BINARY_DIR}/src -B ${BINARY_DIR}/build -DCMAKE_PREFIX_PATH=${PREFIX})
if(GENERATOR)
  list(APPEND args -G ${GENERATOR})
endif()
if(MAKE_PROGRAM)
  list(APPEND args -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()
execute_process(COMMAND ${CMAKE_COMMAND} ${args} RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring ${BINARY_DIR}/src failed (exit code ${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY_DIR}/build
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(expected "library says version '1.0.0' but manifest ${BINARY_DIR}/build/plugins/acme_transforms/plugin.yaml says '1.0.1' (field 'version')")
string(FIND "${out}${err}" "${expected}" hit)
if(rc EQUAL 0 OR hit EQUAL -1)
  message(FATAL_ERROR "expected the build to fail with\n  ${expected}\n"
                      "exit code ${rc}, output:\n${out}${err}")
endif()
message(STATUS "the build stopped as it should:\n  ${expected}")
