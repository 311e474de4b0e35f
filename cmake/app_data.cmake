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
# The font atlas at the default text size and devicePixelRatio 1, baked by the app's own
# build_fonts (ui/tools/bake_font_atlas.cpp, defined in ui/CMakeLists.txt): the app loads it
# instead of rasterising some 9,000 glyphs at start-up. Rebaked when the fonts, the glyph
# lists or the code that bakes them change (the tool links fonts.cpp).
set(MAILSIM_FONT_ATLAS "${MAILSIM_APPDATA_DIR}/fonts/atlas-1700.bin")
if(EMSCRIPTEN)
  set(MAILSIM_BAKE_FONTS_RUNNER node --no-experimental-fetch)
else()
  set(MAILSIM_BAKE_FONTS_RUNNER)
endif()
add_custom_command(
  OUTPUT "${MAILSIM_FONT_ATLAS}"
  COMMAND ${MAILSIM_BAKE_FONTS_RUNNER} "$<TARGET_FILE:mailsim-bake-fonts>" "${MAILSIM_APPDATA_DIR}" 1
  DEPENDS mailsim-bake-fonts "${MAILSIM_APPDATA_DIR}/stamp"
  COMMENT "Baking the default font atlas")
add_custom_target(mailsim_appdata DEPENDS "${MAILSIM_APPDATA_DIR}/stamp" "${MAILSIM_FONT_ATLAS}")
