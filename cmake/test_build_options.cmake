# How the unit-test suites are compiled. Their files are thin (checks around calls into the
# libraries), but each re-parses the same headers and gets -O3 like the code it tests: measured
# with -ftime-report on tests/unit/ui, ~30% parsing, ~50% optimising. So each suite parses its
# common headers once, in a precompiled header, and is built at -Og (the libraries it tests keep
# the build type's flags): about half the compiler's time per test file, which is most of what
# a cold build (CI, a fresh clone) spends on tests. With ccache, set
# `sloppiness = pch_defines,time_macros` so the precompiled-header builds are cached too.
set(MAILSIM_TEST_PCH_COMMON <algorithm> <map> <memory> <optional> <set> <string> <string_view>
    <variant> <vector> <doctest/doctest.h>)

function(mailsim_test_build_options target suite)
  set(headers ${MAILSIM_TEST_PCH_COMMON})
  if(suite STREQUAL "ui")
    list(APPEND headers <nlohmann/json.hpp> "${CMAKE_SOURCE_DIR}/tests/unit/ui/headless_app.h")
  elseif(suite MATCHES "^(world|serve|lesson)$")
    list(APPEND headers "${CMAKE_SOURCE_DIR}/sim/world/world.h")
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
  if(EMSCRIPTEN)
    target_compile_options(${target} PRIVATE -O1) # emcc 3.1.6 takes only numbered levels
  else()
    target_compile_options(${target} PRIVATE -Og)
  endif()
endfunction()
