# What keeps a cold build (CI, a fresh clone: no ccache) short. Measured with -ftime-report:
# a file of the libraries spends 25-35% of the compiler's time parsing headers, most of them
# the same standard headers; a unit-test file ~30% parsing the headers every file of its suite
# includes and ~50% optimising test code at -O3 that needs no -O3.
# - Each unit-test suite precompiles its common headers (doctest, std, the suite's main project
#   header) and is built at -Og (the libraries it tests keep the build type's flags): 8.2-8.5 ->
#   4.2-5.1 s of CPU per UI test file. -Og, not -O1: GCC 12 at -O1 reports a false
#   -Warray-bounds inside std::string (test_http_state.cpp). Under clang, -O0 (below).
# Not the libraries: with the standard headers precompiled (20% less CPU per file), GCC 12 at
# -O3 reports false -Wstringop-overflow/-Warray-bounds inside std::string in a dozen files.
# With ccache, set `sloppiness = pch_defines,time_macros` so precompiled builds are cached too.
function(mailsim_test_build_options target suite)
  set(headers <algorithm> <map> <memory> <optional> <set> <string> <string_view> <variant>
      <vector> <doctest/doctest.h>)
  if(suite STREQUAL "ui")
    list(APPEND headers <nlohmann/json.hpp> "${CMAKE_SOURCE_DIR}/tests/unit/ui/headless_app.h")
  elseif(suite MATCHES "^(world|serve|lesson)$")
    list(APPEND headers "${CMAKE_SOURCE_DIR}/sim/world/world.h")
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # Clang (the sanitizer build, and emcc, which refuses -Og) at -O0: clang's -Og is -O1,
    # which with ASan+UBSan instrumentation doubled a UI test file's compile (22.6 -> 9.8 s
    # CPU at -O0; emcc 12.5 -> 8.1 s); GCC's -Og costs no more than its -O0 (7.7 vs 8.6 s).
    # The sanitizer build's test_ui then runs 86 -> 111 s, beside the other suites.
    target_compile_options(${target} PRIVATE -O0)
  else()
    target_compile_options(${target} PRIVATE -Og)
  endif()
endfunction()
