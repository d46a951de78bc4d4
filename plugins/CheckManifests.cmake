# The in-tree plugins' manifests checked against their libraries at build
# time: once every plugin and the CLI are built, the host itself reads each
# plugin.yaml, loads the library it names and compares the library's own
# answer (name, version, ABI minor, converter classes) with the manifest
# (`onnxconv plugins --check`). Any refusal fails the build with the host's
# reason, which names the manifest and the field, e.g.
#   .../onnxconv_meta/plugin.yaml: ... library says version '0.1.0' but
#   manifest ... says '0.2.0' (field 'version')
# So plugin.yaml and ONNXCONV_PLUGIN(...) cannot drift apart unnoticed.
# (Out-of-tree plugins get the same check per plugin from
# onnxconv_add_plugin against an installed host.)
get_property(plugin_targets GLOBAL PROPERTY ONNXCONV_PLUGIN_TARGETS)
add_custom_target(check_plugin_manifests ALL
  COMMAND ${CMAKE_COMMAND} -E env --unset=ONNXCONV_PLUGIN_PATH
          ${CMAKE_COMMAND} -DONNXCONV=$<TARGET_FILE:onnxconv_cli>
          -DPLUGIN_ROOT=${ONNXCONV_PLUGIN_BUILD_DIR}
          -P ${CMAKE_CURRENT_LIST_DIR}/check_manifests.cmake
  DEPENDS onnxconv_cli ${plugin_targets}
  COMMENT "Checking every plugin's manifest against its library"
  VERBATIM)
