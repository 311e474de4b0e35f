#pragma once
// `mailsim-gui --serve`: `mailsim serve`'s loop inside the desktop frame loop. Real clients
// (telnet, smtplib, Thunderbird) talk to the world's engines on loopback ports while the app
// animates their sessions like simulated ones. Desktop only (the web build has no sockets).
#include "ui/app/app.h"
#include "ui/cli/serve/serve_loop.h"

#include <memory>
#include <string>

namespace mailsim::ui {

struct DesktopServeOptions {
    bool enabled = false;
    std::string scenario; // "" = the default world (hamburger.edu, bob and alice)
    int smtp_port = 2525, pop3_port = 2110, imap_port = 2143; // 0 = any free port
    std::string state_dir;
    std::string host; // "" = the scenario's first host with each role (see ServeOptions::host)
};

class DesktopServe {
public:
    // Binds the ports and shows the world in `app`; nullptr (and a message on stderr) if a
    // port cannot be bound or the scenario does not load.
    static std::unique_ptr<DesktopServe> start(const DesktopServeOptions& options,
                                               const std::string& data_dir, App& app);
    // Once per frame, before the app draws: socket handlers, the world to the wall clock.
    void poll() { m_loop->poll(); }
    // 421 / BYE to open sessions, then drain until the loop has finished (bounded wait).
    void stop();

private:
    explicit DesktopServe(std::unique_ptr<serve::ServeLoop> loop)
        : m_loop(std::move(loop)), m_live(m_loop->world()) {}
    std::unique_ptr<serve::ServeLoop> m_loop;
    live::LocalLiveWorld m_live; // the loop's world, as the app's session attaches to it
};

} // namespace mailsim::ui
