#pragma once
// Reading input files (or "-" for standard input) for the mime/base64/qp commands.
#include "command_registry.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace mailsim::cli {

inline std::string read_input(const std::string& path) {
    if (path == "-") {
        std::string data;
        char buffer[65536];
        std::size_t got;
        while ((got = std::fread(buffer, 1, sizeof buffer, stdin)) > 0)
            data.append(buffer, got);
        return data;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw CommandFailed{"cannot read '" + path + "'", 2};
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

inline void write_output(const std::string& data) {
    std::fwrite(data.data(), 1, data.size(), stdout);
}

} // namespace mailsim::cli
