#pragma once
// Each `mailsim` subcommand lives in its own file and registers itself here, so adding a
// command never touches main.cpp. The CLI sources are compiled straight into the executable
// (not a static library), so these registrations are never dropped by the linker.
#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace mailsim::cli {

struct Command {
    std::string name;
    // Adds the subcommand (options and callback) to the top-level app.
    std::function<void(CLI::App& parent)> install;
};

std::vector<Command>& command_registry();

struct RegisterCommand {
    RegisterCommand(std::string name, std::function<void(CLI::App&)> install) {
        command_registry().push_back(Command{std::move(name), std::move(install)});
    }
};

// A subcommand's callback reports failure by throwing this; main prints the message on one
// line and exits with the code (the CLI is not sim/, exceptions are fine here).
struct CommandFailed {
    std::string message;
    int exit_code = 1;
};

} // namespace mailsim::cli
