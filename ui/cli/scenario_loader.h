#pragma once
// The CLI's file reader for scenario files (sim/ reads no files itself).
#include "sim/world/scenario_files.h"

#include <fstream>
#include <sstream>

namespace mailsim::world {

inline std::optional<std::string> read_whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

inline Result<Scenario> load_scenario_file(const std::string& name_or_path,
                                           const std::string& data_dir) {
    return load_scenario(name_or_path, data_dir, read_whole_file);
}

} // namespace mailsim::world
