# libFuzzer targets (clang): each tests/fuzz/fuzz_<name>.cpp becomes a target, and ctest runs
# it briefly from its seed corpus in tests/fuzz/corpus/<name>/ (if any).
set(MAILSIM_FUZZ_SECONDS 10 CACHE STRING "Seconds each fuzz target runs in the test run")
file(GLOB fuzz_sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_*.cpp")
foreach(source ${fuzz_sources})
  get_filename_component(name "${source}" NAME_WE)
  add_executable(${name} "${source}")
  target_include_directories(${name} PRIVATE "${CMAKE_SOURCE_DIR}")
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${name} PRIVATE mailsim_core mailsim_warnings)
  string(REPLACE "fuzz_" "" corpus_name "${name}")
  set(corpus "${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${corpus_name}")
  set(work "${CMAKE_CURRENT_BINARY_DIR}/fuzz-work/${corpus_name}")
  file(MAKE_DIRECTORY "${work}")
  if(EXISTS "${corpus}")
    add_test(NAME ${name} COMMAND ${name} -max_total_time=${MAILSIM_FUZZ_SECONDS} -rss_limit_mb=2048
             -max_len=65536 "${work}" "${corpus}")
  else()
    add_test(NAME ${name} COMMAND ${name} -max_total_time=${MAILSIM_FUZZ_SECONDS} -rss_limit_mb=2048
             -max_len=65536 "${work}")
  endif()
endforeach()
