// toml++'s implementation (its parser, its printers), compiled once here. Every other file sees
// only its declarations (TOML_HEADER_ONLY=0 in the top-level CMakeLists.txt): header-only, each
// of the dozen files that read TOML compiled the whole parser again, some 2.5 s of CPU each.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
