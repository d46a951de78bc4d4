# onnxconv_add_plugin(<target> MANIFEST <plugin.yaml> SOURCES <src>...
#                     [OUTPUT_DIR <dir>] [EXPORTS <symbol>...])
#
# Builds a converter plugin the way every plugin must be built: a shared
# library against the SDK headers only, hidden visibility (only the entry
# symbol is exported), every symbol resolved at link time (-z defs), and its
# manifest copied next to it. The library is named lib<target>.so and lands
# in <OUTPUT_DIR> (default: the build tree's plugin folder /<target>).
# Plugins built into the default folder are the project's own and get
# installed; those given an OUTPUT_DIR (test fixtures) are not. EXPORTS
# names symbols to export besides the entry point (test fixtures only).
function(onnxconv_add_plugin target)
  cmake_parse_arguments(ARG "" "MANIFEST;OUTPUT_DIR" "SOURCES;EXPORTS" ${ARGN})
  if(NOT ARG_MANIFEST OR NOT ARG_SOURCES)
    message(FATAL_ERROR "onnxconv_add_plugin(${target}): MANIFEST and SOURCES are required")
  endif()
  set(installable OFF)
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${ONNXCONV_PLUGIN_BUILD_DIR}/${target})
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
  # CONFIGURE rewrites only on change, so reconfiguring relinks nothing.
  file(CONFIGURE OUTPUT ${exports} CONTENT "{ global: onnxconv_plugin;${extra} local: *; };\n")
  target_link_options(${target} PRIVATE -Wl,-z,defs -Wl,--version-script=${exports})
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${exports})
  get_filename_component(manifest ${ARG_MANIFEST} ABSOLUTE)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${manifest} ${ARG_OUTPUT_DIR}/plugin.yaml
    VERBATIM)
  set_target_properties(${target} PROPERTIES
    ONNXCONV_MANIFEST ${manifest}
    ONNXCONV_INSTALLABLE ${installable})
  set_property(GLOBAL APPEND PROPERTY ONNXCONV_PLUGIN_TARGETS ${target})
endfunction()
