#pragma once
// toml++ 3.3 (Debian 12) asserts, and in clang release builds assumes, that a character after
// a table header's `[` can start a key. A typo such as `[|step]` therefore aborts a debug
// build and is undefined behaviour in an optimised clang (wasm) build, instead of being a
// parse error. Files written by hand must never do that, so every TOML text is screened
// for this one shape first and gets an ordinary `line:col` error instead.
#include "sim/core/result.h"

#include <optional>
#include <string_view>

namespace mailsim {

// The first table header whose name starts with a character no key or value can start with,
// or nullopt. Lines inside multi-line strings are skipped.
std::optional<Error> find_toml_hazard(std::string_view text);

} // namespace mailsim
