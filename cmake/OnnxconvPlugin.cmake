# onnxconv_add_plugin(<target> MANIFEST <plugin.yaml> SOURCES <src>...
#                     [OUTPUT_DIR <dir>] [EXPORTS <symbol>...] [NO_CHECK])
#
# Builds a converter plugin the way every plugin must be built: a shared
# library against the SDK headers only, hidden visibility (only the entry
# symbol is exported), every symbol resolved at link time (-z defs), and its
# manifest copied next to it. The library is named lib<target>.so and lands
# in <OUTPUT_DIR> (default: <plugin folder>/<target>, where the plugin folder
# is ONNXCONV_PLUGIN_BUILD_DIR if set, else <build dir>/plugins), so that
# `--plugin-path <plugin folder>` finds every plugin of a project.
# In onnxconv's own build, plugins built into the default folder get
# installed (ONNXCONV_INSTALLABLE); those given an OUTPUT_DIR (test fixtures)
# do not. Other projects install theirs with onnxconv_install_plugin().
# EXPORTS names symbols to export besides the entry point (test fixtures).
#
# Manifest check: when the onnxconv CLI is known (the target onnxconv::cli,
# which find_package(onnxconv) provides), every build also asks that host to
# load the plugin through its manifest (`onnxconv plugins --check`); a
# manifest the host refuses, or one that disagrees with the library (name,
# version, ABI, classes), fails the build with the host's own message.
# NO_CHECK, or ONNXCONV_CHECK_PLUGINS=OFF, skips it (cross builds, or a
# plugin deliberately made for a newer host).
#
# onnxconv_install_plugin(<target> [DESTINATION <dir>])
#
# Installs a plugin and its manifest into <dir>/<target>/ (default:
# <libdir>/onnxconv/plugins, the folder the host searches beside its
# library).

set(_ONNXCONV_PLUGIN_MODULE_DIR ${CMAKE_CURRENT_LIST_DIR})
if(NOT DEFINED ONNXCONV_CHECK_PLUGINS)
  set(ONNXCONV_CHECK_PLUGINS ON)
endif()

# The build-time check needs an installed host: the imported onnxconv::cli.
# (onnxconv's own tree has none; its registry fixtures are broken on purpose.)
function(_onnxconv_can_check_plugins out)
  set(can OFF)
  if(ONNXCONV_CHECK_PLUGINS AND TARGET onnxconv::cli AND NOT CMAKE_CROSSCOMPILING)
    get_target_property(can onnxconv::cli IMPORTED)
  endif()
  set(${out} ${can} PARENT_SCOPE)
endfunction()

function(onnxconv_add_plugin target)
  cmake_parse_arguments(ARG "NO_CHECK" "MANIFEST;OUTPUT_DIR" "SOURCES;EXPORTS" ${ARGN})
  if(NOT ARG_MANIFEST OR NOT ARG_SOURCES)
    message(FATAL_ERROR "onnxconv_add_plugin(${target}): MANIFEST and SOURCES are required")
  endif()
  set(installable OFF)
  if(NOT ARG_OUTPUT_DIR)
    if(DEFINED ONNXCONV_PLUGIN_BUILD_DIR)
      set(ARG_OUTPUT_DIR ${ONNXCONV_PLUGIN_BUILD_DIR}/${target})
    else()
      set(ARG_OUTPUT_DIR ${CMAKE_BINARY_DIR}/plugins/${target})
    endif()
    set(installable ON)
  endif()
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE onnxconv::sdk)
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR})
  # Export the entry point only: nothing else of the plugin (not even the
  # C++ runtime's weak template instances) can clash with the host's.
  set(exports ${CMAKE_CURRENT_BINARY_DIR}/${target}.exports)
  list(JOIN ARG_EXPORTS "; " extra)
  if(extra)
    set(extra " ${extra};")
  endif()
  file(WRITE ${exports} "{ global: onnxconv_plugin;${extra} local: *; };\n")
  target_link_options(${target} PRIVATE -Wl,--version-script=${exports})
  # Sanitized builds leave the sanitizer runtime to the executable.
  if(NOT ONNXCONV_SANITIZE)
    target_link_options(${target} PRIVATE -Wl,-z,defs)
  endif()
  get_filename_component(manifest ${ARG_MANIFEST} ABSOLUTE)
  # Relink (and so re-copy and re-check) when the manifest changes too.
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${exports} ${manifest})
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${manifest} ${ARG_OUTPUT_DIR}/plugin.yaml
    VERBATIM)
  _onnxconv_can_check_plugins(check)
  if(check AND NOT ARG_NO_CHECK)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -DONNXCONV=$<TARGET_FILE:onnxconv::cli>
              -DPLUGIN_DIR=${ARG_OUTPUT_DIR} -DPLUGIN_LIBRARY=$<TARGET_FILE:${target}>
              -P ${_ONNXCONV_PLUGIN_MODULE_DIR}/OnnxconvCheckPlugin.cmake
      COMMENT "Checking ${target} and its manifest with the onnxconv host"
      VERBATIM)
  endif()
  set_target_properties(${target} PROPERTIES
    ONNXCONV_MANIFEST ${manifest}
    ONNXCONV_INSTALLABLE ${installable})
  set_property(GLOBAL APPEND PROPERTY ONNXCONV_PLUGIN_TARGETS ${target})
endfunction()

function(onnxconv_install_plugin target)
  cmake_parse_arguments(ARG "" "DESTINATION" "" ${ARGN})
  if(NOT ARG_DESTINATION)
    include(GNUInstallDirs)
    set(ARG_DESTINATION ${CMAKE_INSTALL_LIBDIR}/onnxconv/plugins)
  endif()
  get_target_property(manifest ${target} ONNXCONV_MANIFEST)
  if(NOT manifest)
    message(FATAL_ERROR "onnxconv_install_plugin(${target}): not made by onnxconv_add_plugin")
  endif()
  install(TARGETS ${target} LIBRARY DESTINATION ${ARG_DESTINATION}/${target})
  install(FILES ${manifest} DESTINATION ${ARG_DESTINATION}/${target} RENAME plugin.yaml)
endfunction()
