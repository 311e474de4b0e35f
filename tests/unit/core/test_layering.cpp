// The dependency rule: sim/ uses the standard library only. No GUI, no sockets, no files, no
// wall clock, no OS randomness: those come from the caller. This test reads every source.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

TEST_CASE("sim/ never includes GUI, socket, file, clock or OS-random headers") {
    const std::vector<std::string> forbidden = {"imgui",
                                                "GLFW",
                                                "emscripten",
                                                "asio",
                                                "<fstream>",
                                                "<thread>",
                                                "<mutex>",
                                                "std::chrono::system_clock",
                                                "std::chrono::steady_clock",
                                                "random_device",
                                                "<sys/socket",
                                                "<unistd.h>",
                                                "time(nullptr)",
                                                "<iostream>"};
    const std::filesystem::path root = std::filesystem::path(MAILSIM_SOURCE_DIR) / "sim";
    int files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        const auto ext = entry.path().extension();
        if (ext != ".h" && ext != ".cpp")
            continue;
        ++files;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const std::string source = text.str();
        for (const auto& word : forbidden) {
            INFO(entry.path().string() << " uses " << word);
            CHECK(source.find(word) == std::string::npos);
        }
    }
    CHECK(files > 0);
}
