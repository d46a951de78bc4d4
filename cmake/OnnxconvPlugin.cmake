# onnxconv_add_plugin(<target> MANIFEST <plugin.yaml> SOURCES <src>...
#                     [OUTPUT_DIR <dir>])
#
# Builds a converter plugin the way every plugin must be built: a shared
# library against the SDK headers only, hidden visibility (only the entry
# symbol is exported), every symbol resolved at link time (-z defs), and its
# manifest copied next to it. The library is named lib<target>.so and lands
# in <OUTPUT_DIR> (default: the build tree's plugin folder /<target>).
function(onnxconv_add_plugin target)
  cmake_parse_arguments(ARG "" "MANIFEST;OUTPUT_DIR" "SOURCES" ${ARGN})
  if(NOT ARG_MANIFEST OR NOT ARG_SOURCES)
    message(FATAL_ERROR "onnxconv_add_plugin(${target}): MANIFEST and SOURCES are required")
  endif()
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${ONNXCONV_PLUGIN_BUILD_DIR}/${target})
  endif()
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE onnxconv::sdk)
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR})
  target_link_options(${target} PRIVATE -Wl,-z,defs)
  get_filename_component(manifest ${ARG_MANIFEST} ABSOLUTE)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${manifest} ${ARG_OUTPUT_DIR}/plugin.yaml
    VERBATIM)
  set_property(GLOBAL APPEND PROPERTY ONNXCONV_PLUGIN_TARGETS ${target})
endfunction()
