# Tests driven by scripts against real peers. Each script is one ctest test, named after
# its file. Scripts find our binaries through environment variables.
set(script_env
  "MAILSIM=$<$<TARGET_EXISTS:mailsim>:$<TARGET_FILE:mailsim>>"
  "MAILSIM_SOURCE_DIR=${CMAKE_SOURCE_DIR}"
  "MAILSIM_BINARY_DIR=${CMAKE_BINARY_DIR}"
  # 1 in the ASan+UBSan build: memory and descriptor figures measure the sanitizer there.
  "MAILSIM_SANITIZED=$<BOOL:${MAILSIM_SANITIZE}>")

# Interop with real clients: Python's smtplib/poplib/imaplib/email, curl, swaks, tshark.
if(TARGET mailsim)
  file(GLOB interop_scripts CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/interop/test_*.py")
  foreach(script ${interop_scripts})
    get_filename_component(name "${script}" NAME_WE)
    add_test(NAME interop_${name} COMMAND ${MAILSIM_PYTHON} "${script}")
    # Exit code 77: skipped (a test that needs what this machine does not allow, e.g. mount).
    set_tests_properties(interop_${name} PROPERTIES ENVIRONMENT "${script_env}" TIMEOUT 300
                         SKIP_RETURN_CODE 77)
  endforeach()
  file(GLOB cli_scripts CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/cli/test_*.py")
  foreach(script ${cli_scripts})
    get_filename_component(name "${script}" NAME_WE)
    add_test(NAME cli_${name} COMMAND ${MAILSIM_PYTHON} "${script}")
    set_tests_properties(cli_${name} PROPERTIES ENVIRONMENT "${script_env}" TIMEOUT 300)
  endforeach()
endif()

# Desktop smoke: the real window under Xvfb, screenshots checked for content.
if(TARGET mailsim-gui)
  file(GLOB desktop_scripts CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/desktop/test_*.py")
  foreach(script ${desktop_scripts})
    get_filename_component(name "${script}" NAME_WE)
    add_test(NAME desktop_${name} COMMAND ${MAILSIM_PYTHON} "${script}")
    set_tests_properties(desktop_${name} PROPERTIES TIMEOUT 300 ENVIRONMENT
      "${script_env};MAILSIM_GUI=$<TARGET_FILE:mailsim-gui>")
  endforeach()
endif()

# Browser: Playwright (npm playwright-core) with Debian's Chromium against the web build.
set(MAILSIM_WEB_DIR "" CACHE PATH "Folder of a built web app (build-web/web) for the browser tests")
if(MAILSIM_WEB_DIR)
  file(GLOB browser_scripts CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/browser/test_*.mjs")
  foreach(script ${browser_scripts})
    get_filename_component(name "${script}" NAME_WE)
    add_test(NAME browser_${name} COMMAND node "${script}")
    set_tests_properties(browser_${name} PROPERTIES TIMEOUT 300 ENVIRONMENT
      "${script_env};MAILSIM_WEB_DIR=${MAILSIM_WEB_DIR};NODE_PATH=${CMAKE_SOURCE_DIR}/.deps/node/node_modules")
  endforeach()
  # The layout test loads the app at five window sizes, one of them 3840x2160 device pixels
  # drawn by software GL: on a loaded 2-core machine it took six minutes.
  set_tests_properties(browser_test_layout PROPERTIES TIMEOUT 900)
  # The splitter test drags at 1366x768, at 3840x2160 device pixels (DPR 2) and on two touch
  # screens, reloading twice: five and a half minutes on a loaded 2-core machine.
  set_tests_properties(browser_test_splitters PROPERTIES TIMEOUT 900)
endif()

# ctest -j starts the tests of highest COST first. A fresh clone (CI) has no timing history
# (Testing/Temporary/CTestCostData.txt), so in declaration order the slowest tests (the
# browser's, declared last) started last and ran on alone while the other core idled. Seconds
# measured on the 2-core machine; the order is what matters, not the figures.
set(MAILSIM_SLOW_TESTS browser_test_layout 130 browser_test_splitters 115 browser_test_challenge 45
    browser_test_world_editor 35 interop_test_serve_resources 22 desktop_test_desktop_input 11
    browser_test_lessons 9 interop_test_serve_limits 8)
while(MAILSIM_SLOW_TESTS)
  list(POP_FRONT MAILSIM_SLOW_TESTS test_name test_cost)
  if(TEST ${test_name})
    set_tests_properties(${test_name} PROPERTIES COST ${test_cost})
  endif()
endwhile()
