#pragma once
// The project's own data files (lessons, scenarios) as tests read them: the whole file, and a
// failed test when it cannot be read (a test that silently read nothing would prove nothing).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace mailsim::test {

inline const std::filesystem::path kLessonsDir =
    std::filesystem::path(MAILSIM_SOURCE_DIR) / "lessons";

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path.string());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace mailsim::test
