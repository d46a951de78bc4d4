# cmake -DONNXCONV=<cli> -DPLUGIN_ROOT=<dir> -P check_manifests.cmake
# Fails when `onnxconv plugins --check` refuses any manifest under PLUGIN_ROOT.
execute_process(COMMAND ${ONNXCONV} plugins --check --plugin-path ${PLUGIN_ROOT}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
string(FIND "${out}" "\nrejected:\n" at)
if(NOT rc EQUAL 0 OR at GREATER -1)
  if(at GREATER -1)
    string(SUBSTRING "${out}" ${at} -1 rejected)
  endif()
  message(FATAL_ERROR "a plugin's manifest disagrees with its library (exit ${rc}):${rejected}\n${err}")
endif()
