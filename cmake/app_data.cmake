# The app's data folder: fonts subset to the glyphs the app needs, the strings tables
# and the lessons. The desktop app reads it from the build tree; the web build preloads it
# into a .data file. Rebuilt when any lesson or string file changes.
set(MAILSIM_APPDATA_DIR "${CMAKE_BINARY_DIR}/appdata")
file(GLOB_RECURSE MAILSIM_LESSON_FILES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/lessons/*")
# The UI's sources too: the glyph list takes the symbols written into their string literals.
file(GLOB_RECURSE MAILSIM_UI_TEXT_SOURCES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/ui/*.cpp"
     "${CMAKE_SOURCE_DIR}/ui/*.h")
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_custom_command(
  OUTPUT "${MAILSIM_APPDATA_DIR}/stamp"
  COMMAND /usr/bin/python3 "${CMAKE_SOURCE_DIR}/scripts/build_app_data.py"
          --source "${CMAKE_SOURCE_DIR}" --out "${MAILSIM_APPDATA_DIR}"
  DEPENDS "${CMAKE_SOURCE_DIR}/scripts/build_app_data.py" ${MAILSIM_LESSON_FILES}
          ${MAILSIM_UI_TEXT_SOURCES}
  COMMENT "Building app data (font subsets, strings, lessons)")
add_custom_target(mailsim_appdata DEPENDS "${MAILSIM_APPDATA_DIR}/stamp")
