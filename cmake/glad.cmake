# The GL loader is generated at configure time by Debian's glad 2 (python3-glad), not committed.
set(GLAD_OUT "${CMAKE_BINARY_DIR}/glad")
if(NOT EXISTS "${GLAD_OUT}/src/gl.c")
  find_program(GLAD_EXECUTABLE glad REQUIRED)
  execute_process(
    COMMAND "${GLAD_EXECUTABLE}" --api gl:core=3.3 --out-path "${GLAD_OUT}" --reproducible --quiet c
    RESULT_VARIABLE glad_result)
  if(NOT glad_result EQUAL 0)
    message(FATAL_ERROR "glad failed to generate the OpenGL loader (${glad_result})")
  endif()
endif()
add_library(glad_gl STATIC "${GLAD_OUT}/src/gl.c")
target_include_directories(glad_gl SYSTEM PUBLIC "${GLAD_OUT}/include")
