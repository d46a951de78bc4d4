# cmake -DSOURCE_DIR=... -DBINARY_DIR=... -DPREFIX=... -DSOURCE_TREE=...
#       [-DGENERATOR=...] [-DMAKE_PROGRAM=...] [-DCXX_COMPILER=...] [-DCXX_FLAGS=...] [-DLINKER_FLAGS=...]
#       [-DEXTRA_ARGS=a|b] [-DCHECK_LIBRARY=<path in BINARY_DIR>]
#       [-DEXPECT_NEEDED=a|b] [-DFORBID_NEEDED=a|b] [-DREADELF=...]
#       -P build_against_prefix.cmake
#
# Configures and builds SOURCE_DIR from scratch in BINARY_DIR the way a third
# party would: find_package(onnxconv) with CMAKE_PREFIX_PATH=PREFIX. Then
# proves the build used the installed prefix only: onnxconv_DIR lies in
# PREFIX, and no compile command names a header folder of SOURCE_TREE (the
# onnxconv checkout). With CHECK_LIBRARY, also checks that library's NEEDED
# entries (e.g. libc++ and no libstdc++ for the clang/libc++ build).
# Lists are '|'-separated so they survive ctest's command line.
foreach(var SOURCE_DIR BINARY_DIR PREFIX SOURCE_TREE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "build_against_prefix.cmake: -D${var}=... is required")
  endif()
endforeach()

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (exit code ${rc})")
  endif()
endfunction()

file(REMOVE_RECURSE ${BINARY_DIR})
set(args -S ${SOURCE_DIR} -B ${BINARY_DIR}
  -DCMAKE_PREFIX_PATH=${PREFIX}
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)
if(GENERATOR)
  list(APPEND args -G ${GENERATOR})
endif()
if(MAKE_PROGRAM)
  list(APPEND args -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()
if(CXX_COMPILER)
  list(APPEND args -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
endif()
if(CXX_FLAGS)
  list(APPEND args "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
endif()
if(LINKER_FLAGS)
  list(APPEND args "-DCMAKE_MODULE_LINKER_FLAGS=${LINKER_FLAGS}"
                   "-DCMAKE_SHARED_LINKER_FLAGS=${LINKER_FLAGS}"
                   "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}")
endif()
if(EXTRA_ARGS)
  string(REPLACE "|" ";" extra "${EXTRA_ARGS}")
  list(APPEND args ${extra})
endif()
run("configuring ${SOURCE_DIR}" ${CMAKE_COMMAND} ${args})
run("building ${SOURCE_DIR}" ${CMAKE_COMMAND} --build ${BINARY_DIR})

# The package came from PREFIX...
file(STRINGS ${BINARY_DIR}/CMakeCache.txt dir_line REGEX "^onnxconv_DIR:")
string(REGEX REPLACE "^onnxconv_DIR:[A-Z]+=" "" onnxconv_dir "${dir_line}")
cmake_path(IS_PREFIX PREFIX "${onnxconv_dir}" NORMALIZE from_prefix)
if(NOT from_prefix)
  message(FATAL_ERROR "find_package(onnxconv) found '${onnxconv_dir}', not the package in ${PREFIX}")
endif()
# ...and so did every header: none from the onnxconv checkout.
file(READ ${BINARY_DIR}/compile_commands.json commands)
foreach(dir sdk/include core/include registry/include)
  string(FIND "${commands}" "${SOURCE_TREE}/${dir}" hit)
  if(hit GREATER -1)
    message(FATAL_ERROR "a compile command uses ${SOURCE_TREE}/${dir}: the build must see only ${PREFIX}")
  endif()
endforeach()
string(FIND "${commands}" "${PREFIX}/include" hit)
if(hit EQUAL -1)
  message(FATAL_ERROR "no compile command uses ${PREFIX}/include")
endif()

if(CHECK_LIBRARY)
  execute_process(COMMAND ${READELF} -d ${BINARY_DIR}/${CHECK_LIBRARY}
    OUTPUT_VARIABLE dynamic RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${READELF} -d ${BINARY_DIR}/${CHECK_LIBRARY} failed")
  endif()
  string(REPLACE "|" ";" expected "${EXPECT_NEEDED}")
  foreach(lib IN LISTS expected)
    string(FIND "${dynamic}" "[${lib}]" hit)
    if(hit EQUAL -1)
      message(FATAL_ERROR "${CHECK_LIBRARY} does not need ${lib}:\n${dynamic}")
    endif()
  endforeach()
  string(REPLACE "|" ";" forbidden "${FORBID_NEEDED}")
  foreach(lib IN LISTS forbidden)
    string(FIND "${dynamic}" "[${lib}]" hit)
    if(hit GREATER -1)
      message(FATAL_ERROR "${CHECK_LIBRARY} needs ${lib}:\n${dynamic}")
    endif()
  endforeach()
  message(STATUS "${CHECK_LIBRARY}: needs ${EXPECT_NEEDED}, not ${FORBID_NEEDED}")
endif()
