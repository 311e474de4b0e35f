#pragma once
// Finding and reading scenario files. sim/ reads no files itself: the caller
// passes a reader; the CLI and the app give theirs. Built-in scenarios are found by name in
// <data dir>/lessons/scenarios/<name>.toml.
#include "sim/core/result.h"
#include "sim/world/scenario.h"

#include <functional>
#include <optional>
#include <string>

namespace mailsim::world {

// "file:line:col: message" (the form every scenario error is shown in).
std::string format_error(const std::string& file, const Error& error);

// `read` returns the file's bytes or nullopt when it cannot be read.
using FileReader = std::function<std::optional<std::string>(const std::string& path)>;

// `name_or_path`: a path to a .toml file, or a built-in name. Errors are already formatted.
Result<Scenario> load_scenario(const std::string& name_or_path, const std::string& data_dir,
                               const FileReader& read);

} // namespace mailsim::world
