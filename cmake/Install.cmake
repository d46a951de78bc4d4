# `cmake --install` layout and the find_package(onnxconv) package.
# Included at the end of the top-level CMakeLists.txt, once every plugin
# target exists.
#
#   <prefix>/bin/onnxconv                              the CLI (RPATH $ORIGIN/../lib)
#   <prefix>/lib/libonnxconv.so*                       reader + registry linked in
#   <prefix>/lib/onnxconv/plugins/<target>/            built-in plugins + plugin.yaml
#   <prefix>/include/onnxconv/{engine,model_reader,pyvalue,registry}.h   host API
#   <prefix>/include/onnxconv/sdk/*                    converter SDK (headers only)
#   <prefix>/lib/cmake/onnxconv/                       package config, targets,
#                                                      OnnxconvPlugin.cmake
#   <prefix>/share/onnxconv/parity/                    the ONNX Runtime parity runner
#
# The installed CLI finds the installed plugins without any environment:
# libonnxconv looks in <its own folder>/onnxconv/plugins.
include(CMakePackageConfigHelpers)

set(ONNXCONV_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/onnxconv)

# Exported names: onnxconv::onnxconv, onnxconv::sdk, onnxconv::cli.
set_target_properties(onnxconv_sdk PROPERTIES EXPORT_NAME sdk)
set_target_properties(onnxconv_cli PROPERTIES EXPORT_NAME cli)
install(TARGETS onnxconv onnxconv_sdk onnxconv_cli EXPORT onnxconvTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT onnxconvTargets NAMESPACE onnxconv:: DESTINATION ${ONNXCONV_CMAKE_INSTALL_DIR})

# Public headers: the SDK, the host API and the registry it hands out.
install(DIRECTORY
    ${PROJECT_SOURCE_DIR}/sdk/include/
    ${PROJECT_SOURCE_DIR}/core/include/
    ${PROJECT_SOURCE_DIR}/registry/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")

# The ONNX Runtime parity runner, for plugin authors' own tests: run
# `npm ci --ignore-scripts` in that folder once (docs/writing-a-converter.md).
install(FILES
    ${PROJECT_SOURCE_DIR}/tests/parity/run_parity.js
    ${PROJECT_SOURCE_DIR}/tests/parity/compare.js
    ${PROJECT_SOURCE_DIR}/tests/parity/onnx_proto.js
    ${PROJECT_SOURCE_DIR}/tests/parity/package.json
    ${PROJECT_SOURCE_DIR}/tests/parity/package-lock.json
  DESTINATION ${CMAKE_INSTALL_DATADIR}/onnxconv/parity)

# What a plugin author reads: the guide, the manifest reference, the ADRs
# on the plugin boundary, and the scorecard format.
install(FILES
    ${PROJECT_SOURCE_DIR}/docs/writing-a-converter.md
    ${PROJECT_SOURCE_DIR}/docs/scorecard-format.md
    ${PROJECT_SOURCE_DIR}/registry/MANIFEST.md
  DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/adr DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The project's own plugins (test fixtures set ONNXCONV_INSTALLABLE OFF).
get_property(_onnxconv_plugins GLOBAL PROPERTY ONNXCONV_PLUGIN_TARGETS)
foreach(_plugin IN LISTS _onnxconv_plugins)
  get_target_property(_installable ${_plugin} ONNXCONV_INSTALLABLE)
  if(_installable)
    onnxconv_install_plugin(${_plugin} DESTINATION ${ONNXCONV_PLUGIN_SUBDIR})
  endif()
endforeach()

# Package config, with the ABI version of c_api.h.
include(OnnxconvAbiVersion)
onnxconv_read_abi_version(ONNXCONV_ABI_MAJOR ONNXCONV_ABI_MINOR)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/onnxconvConfig.cmake.in
  ${PROJECT_BINARY_DIR}/onnxconvConfig.cmake
  INSTALL_DESTINATION ${ONNXCONV_CMAKE_INSTALL_DIR}
  PATH_VARS ONNXCONV_PLUGIN_SUBDIR)
# 0.x: a minor release may change the C++ host API (plugins are guarded by
# the separate C ABI version instead).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/onnxconvConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES
    ${PROJECT_BINARY_DIR}/onnxconvConfig.cmake
    ${PROJECT_BINARY_DIR}/onnxconvConfigVersion.cmake
    ${CMAKE_CURRENT_LIST_DIR}/OnnxconvPlugin.cmake
    ${CMAKE_CURRENT_LIST_DIR}/OnnxconvCheckPlugin.cmake
  DESTINATION ${ONNXCONV_CMAKE_INSTALL_DIR})
