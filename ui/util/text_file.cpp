#include "text_file.h"

#include <fstream>
#include <sstream>

namespace mailsim::ui {

// One read of the whole file: streaming rdbuf() into a stringstream goes a character at a
// time, which was a fifth of the web app's start-up (the lessons, strings and scenarios).
std::optional<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        return std::nullopt;
    const std::streamoff size = in.tellg();
    std::string text;
    if (size > 0) {
        text.resize(static_cast<std::size_t>(size));
        in.seekg(0);
        in.read(text.data(), static_cast<std::streamsize>(size));
        text.resize(static_cast<std::size_t>(in.gcount()));
    } else {
        // Not seekable (a pipe, /dev/stdin): read what comes.
        in.clear();
        in.seekg(0);
        std::ostringstream rest;
        rest << in.rdbuf();
        text = rest.str();
    }
    return text;
}

bool write_text_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        return false;
    out << text;
    return static_cast<bool>(out);
}

} // namespace mailsim::ui
