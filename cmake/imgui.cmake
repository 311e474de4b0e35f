# Dear ImGui from IMGUI_DIR (set-up unpacks Debian's source package into .deps/imgui-1.86).
# Third-party code: built without our warning flags.
if(NOT EXISTS "${IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui sources not found in IMGUI_DIR=${IMGUI_DIR}. "
                      "Run scripts/setup.sh, or pass -DIMGUI_DIR=/path/to/imgui (1.86 or newer).")
endif()
add_library(imgui STATIC
  "${IMGUI_DIR}/imgui.cpp" "${IMGUI_DIR}/imgui_draw.cpp"
  "${IMGUI_DIR}/imgui_tables.cpp" "${IMGUI_DIR}/imgui_widgets.cpp")
target_include_directories(imgui SYSTEM PUBLIC "${IMGUI_DIR}" "${IMGUI_DIR}/backends")
target_compile_options(imgui PRIVATE -w)
# 32-bit indices: the sequence diagram and topology draw many vertices in one window.
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS ImDrawIdx=unsigned\ int)

add_library(imgui_backends STATIC
  "${IMGUI_DIR}/backends/imgui_impl_glfw.cpp" "${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
target_link_libraries(imgui_backends PUBLIC imgui)
if(NOT EMSCRIPTEN)
  find_package(glfw3 REQUIRED)
  target_link_libraries(imgui_backends PUBLIC glfw)
endif()
target_compile_options(imgui_backends PRIVATE -w)
