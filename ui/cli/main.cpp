// `mailsim`: the command-line front end over the same core as the app.
#include "command_registry.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
    CLI::App app{"mailsim: an e-mail simulator for teaching SMTP, POP3, IMAP and MIME"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "mailsim 0.1.0");

    auto& commands = mailsim::cli::command_registry();
    std::sort(commands.begin(), commands.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    for (const auto& command : commands)
        command.install(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error);
    } catch (const mailsim::cli::CommandFailed& failure) {
        std::fprintf(stderr, "mailsim: %s\n", failure.message.c_str());
        return failure.exit_code;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "mailsim: %s\n", error.what());
        return 1;
    }
    return 0;
}
