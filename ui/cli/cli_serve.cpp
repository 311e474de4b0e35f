// `mailsim serve`: the simulated mail world on real TCP ports (see ui/cli/serve/serve_loop.h
// and docs/sections/serve.md).
#include "command_registry.h"
#include "serve/class_roster.h"
#include "serve/live_service.h"
#include "serve/serve_loop.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <unistd.h>

namespace mailsim::cli {

namespace {

struct ServeCommandOptions {
    serve::ServeOptions serve;
    serve::LiveOptions live;
    std::string class_spec;                    // --class N|FILE
    std::string handout_dir = "mailsim-class"; // --handout DIR
    bool quiet = false;
    bool autologout_given = false; // --idle-timeout given: it is the autologout too
};

void run_serve(const ServeCommandOptions& o) {
    serve::ServeOptions options = o.serve;
    options.data_dir = MAILSIM_DATA_DIR;
    if (o.autologout_given)
        options.pop3_autologout_seconds = options.imap_autologout_seconds =
            options.idle_timeout_seconds;
    if (options.listen != "127.0.0.1" && options.listen != "::1")
        std::fprintf(stderr,
                     "warning: listening on %s: the server is reachable from the network, and "
                     "it accepts any password guess and shows mail to whoever logs in\n",
                     options.listen.c_str());
    auto printer = [](const std::string& line) {
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    };
    std::vector<serve::Student> students;
    if (!o.class_spec.empty()) {
        auto prepared = serve::prepare_class(options, o.class_spec, o.handout_dir);
        if (!prepared)
            throw CommandFailed{"serve: " + prepared.error().message, 2};
        students = std::move(*prepared);
    }
    auto created = serve::ServeLoop::create(options, printer);
    if (!created)
        throw CommandFailed{"serve: " + created.error().message, 2};
    serve::ServeLoop& loop = **created;
    // Status lines (ports, state) are printed even with --quiet: scripts read the ports.
    loop.set_quiet(o.quiet);
    if (!students.empty()) {
        serve::ClassServer server{options.listen, loop.smtp_port(), loop.pop3_port(),
                                  loop.imap_port()};
        if (server.host == "0.0.0.0" || server.host == "::") {
            char name[256] = {};
            server.host = ::gethostname(name, sizeof name - 1) == 0 ? name : "localhost";
        }
        auto written = serve::write_handout(students, server, o.handout_dir);
        if (!written)
            throw CommandFailed{"serve: " + written.error().message, 2};
        printer("class: " + std::to_string(students.size()) + " accounts in " + options.scenario +
                "; handout " + (*written)[0] + " and " + (*written)[1]);
    }
    std::unique_ptr<serve::LiveService> live;
    if (o.live.port >= 0) {
        serve::LiveOptions live_options = o.live;
        if (live_options.web_dir.empty())
            live_options.web_dir = MAILSIM_WEB_APP_DIR;
        auto started = serve::LiveService::start(loop, options, live_options, printer);
        if (!started)
            throw CommandFailed{"serve: " + started.error().message, 2};
        live = std::move(*started);
    }
    const int code = loop.run(true);
    live.reset(); // before the loop it hooks into
    const auto& stats = loop.stats();
    std::fprintf(stdout,
                 "served %llu connections (%llu turned away busy), %llu bytes in, %llu out\n",
                 static_cast<unsigned long long>(stats.accepted),
                 static_cast<unsigned long long>(stats.refused_busy),
                 static_cast<unsigned long long>(stats.bytes_in),
                 static_cast<unsigned long long>(stats.bytes_out));
    std::fflush(stdout);
    if (code != 0)
        throw CommandFailed{"serve: stopped on an error", code};
}

} // namespace

static RegisterCommand reg{
    "serve", [](CLI::App& app) {
        auto options = std::make_shared<ServeCommandOptions>();
        auto* sub = app.add_subcommand(
            "serve", "Serve the simulated world on real TCP ports (SMTP, POP3, IMAP)");
        sub->add_option(
            "scenario", options->serve.scenario,
            "Scenario file or built-in name (default: hamburger.edu with bob and alice)");
        sub->add_option("--smtp", options->serve.smtp_port, "SMTP port (0 = any free port)");
        sub->add_option("--pop3", options->serve.pop3_port, "POP3 port (0 = any free port)");
        sub->add_option("--imap", options->serve.imap_port, "IMAP port (0 = any free port)");
        sub->add_option("--listen", options->serve.listen, "Address to bind (default 127.0.0.1)");
        sub->add_option("--host", options->serve.host,
                        "Simulated host the real connections reach (default: the first host "
                        "with the protocol's role)");
        sub->add_option("--state", options->serve.state_dir,
                        "Keep mailboxes and queues in this folder (fsync before every 250)");
        sub->add_flag("--quiet", options->quiet, "Do not print the live transcript");
        sub->add_option("--web", options->live.port,
                        "Also serve the web app and the live stream on this port (0 = any "
                        "free port): every browser watches the world; the teacher's link acts");
        sub->add_option("--web-queue", options->live.max_queue_bytes,
                        "Bytes a browser may have unsent before it is resynchronised, then "
                        "dropped if it still reads nothing (default 4194304)")
            ->check(CLI::PositiveNumber);
        sub->add_option("--web-inbox", options->live.max_inbox_events,
                        "Events the live stream may fall behind the world before the server "
                        "folds them itself and resynchronises every browser (default 200000)")
            ->check(CLI::PositiveNumber);
        sub->add_option("--class", options->class_spec,
                        "One account per student: a number (30) or a file of names, one a line; "
                        "writes the scenario with the accounts and a handout (Markdown, CSV)");
        sub->add_option("--handout", options->handout_dir,
                        "Folder for --class's class.toml, handout.md and accounts.csv "
                        "(default mailsim-class)");
        sub->add_option("--web-dir", options->live.web_dir,
                        "The built web app to serve (default: the build's build-web/web)");
        sub->add_flag("--expn", options->serve.expn_beyond_loopback,
                      "Answer EXPN also when --listen is beyond loopback (off there by default)");
        sub->add_option("--idle-timeout", options->serve.idle_timeout_seconds,
                        "Seconds an SMTP connection may stay silent and a POP3/IMAP command "
                        "may take to arrive (default 300); also the POP3/IMAP autologout "
                        "(default 600/1800, RFC 1939/3501)")
            ->check(CLI::PositiveNumber)
            ->each([options](const std::string&) { options->autologout_given = true; });
        sub->add_option("--imap-keepalive", options->serve.imap_idle_keepalive_seconds,
                        "Seconds between \"* OK Still here\" while an IMAP client idles "
                        "(RFC 2177; default 120, 0 = never)")
            ->check(CLI::NonNegativeNumber);
        sub->add_option("--max-connections", options->serve.max_connections,
                        "Open connections at most; the next gets 421 (default 256)")
            ->check(CLI::PositiveNumber);
        sub->add_option("--max-size", options->serve.max_message_size,
                        "Largest message in octets, SIZE (default 10485760)")
            ->check(CLI::PositiveNumber);
        sub->add_option("--trace-window", options->serve.trace_window,
                        "Keep at least the last N trace events (at most 2N); 0 = all "
                        "(default 20000)");
        sub->add_option("--trace-bytes", options->serve.trace_bytes,
                        "With a window, hold at most this many bytes of trace events "
                        "(default 25165824)")
            ->check(CLI::PositiveNumber);
        sub->add_option("--max-errors", options->serve.max_errors,
                        "500-504 replies before 421 and close (default 10)")
            ->check(CLI::PositiveNumber);
        sub->callback([options] { run_serve(*options); });
    }};

} // namespace mailsim::cli
