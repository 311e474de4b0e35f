#include "ui/platform/desktop_serve.h"

#include <chrono>
#include <cstdio>
#include <thread>

namespace mailsim::ui {

std::unique_ptr<DesktopServe> DesktopServe::start(const DesktopServeOptions& options,
                                                  const std::string& data_dir, App& app) {
    serve::ServeOptions serve_options;
    serve_options.scenario = options.scenario;
    serve_options.data_dir = data_dir;
    serve_options.smtp_port = options.smtp_port;
    serve_options.pop3_port = options.pop3_port;
    serve_options.imap_port = options.imap_port;
    serve_options.state_dir = options.state_dir;
    serve_options.host = options.host;
    // The app steps back through real sessions like simulated ones: that needs the whole trace.
    serve_options.trace_window = 0;
    // The live transcript goes to the app's panels; the terminal gets the status lines only.
    auto created = serve::ServeLoop::create(serve_options, [](const std::string& line) {
        std::fprintf(stdout, "%s\n", line.c_str());
        std::fflush(stdout);
    });
    if (!created) {
        std::fprintf(stderr, "mailsim-gui --serve: %s\n", created.error().message.c_str());
        return nullptr;
    }
    auto loop = std::move(*created);
    loop->set_quiet(true);
    std::string title = "SMTP 127.0.0.1:" + std::to_string(loop->smtp_port());
    if (loop->pop3_port())
        title += ", POP3 " + std::to_string(loop->pop3_port());
    if (loop->imap_port())
        title += ", IMAP " + std::to_string(loop->imap_port());
    std::unique_ptr<DesktopServe> serve(new DesktopServe(std::move(loop)));
    app.attach_live_world(serve->m_live, title);
    return serve;
}

void DesktopServe::stop() {
    m_loop->stop();
    // Closing sessions writes their last lines; a client that never reads must not hold the
    // window open, so the drain is bounded.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (!m_loop->finished() && std::chrono::steady_clock::now() < deadline) {
        if (m_loop->poll() == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

} // namespace mailsim::ui
