#pragma once
// `mailsim serve --web PORT`: the live classroom's server half. After every drive the serve
// loop's thread copies the world's new events into an inbox (TraceFollower); the web thread
// takes them from there into the LiveFeed (encoding, folding, snapshots) and sends them to the
// browsers (WebServer). Acting requests from the teacher's page come back to the loop's thread.
#include "live_feed.h"
#include "serve_loop.h"
#include "web_server.h"

#include "sim/world/scenario.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mailsim::serve {

struct LiveOptions {
    int port = -1; // -1 = no web endpoint
    std::string web_dir;
    std::string token; // "" = a fresh random one
    std::size_t max_queue_bytes = 4 << 20;
};

class LiveService {
public:
    // Binds the web port and hooks into `loop` (which must outlive this).
    static Result<std::unique_ptr<LiveService>> start(ServeLoop& loop, const ServeOptions& serve,
                                                      const LiveOptions& options,
                                                      ServeLoop::Printer printer);
    ~LiveService();

    std::uint16_t port() const;
    const std::string& token() const { return m_token; }
    WebStats stats() const;

private:
    LiveService() = default;
    void collect();                                          // loop thread, after every drive
    std::shared_ptr<const std::string> tick(bool following); // web thread

    // What the loop has followed and the web thread not yet taken.
    struct Inbox {
        std::mutex mutex;
        std::vector<world::Event> events;
        SimTime now = 0;
        std::uint64_t lost = 0; // dropped by the trace's window, or for want of room here
    };
    ServeLoop* m_loop = nullptr;
    TraceFollower m_follower; // loop thread
    ServeLoop::Printer m_printer;
    bool m_overflowing = false; // loop thread: said once per episode
    Inbox m_inbox;
    std::vector<world::Event> m_taking; // web thread: the inbox's events, swapped out
    std::unique_ptr<LiveFeed> m_feed;   // web thread (after start)
    std::unique_ptr<WebServer> m_web;
    std::string m_token;
};

// 128 random bits as 32 hex digits (the teacher's token).
std::string random_token();

// The account a student's page signs in as: `who` is its address or login, `password` its
// password (the class handout's); its address as the scenario spells it, or "" (an account
// without a password signs in nowhere).
std::string account_for(const world::Scenario& scenario, const std::string& who,
                        const std::string& password);

// The served world's scenario as the snapshot carries it (the viewer builds its hosts, users
// and forms from it): the real-client host and the user agents serve adds, the class's
// accounts. The real-client host is a plain client there: "external" (real sockets) means
// nothing in a viewer and is not a role a scenario file may give.
std::string viewer_scenario_text(const world::Scenario& served);

} // namespace mailsim::serve
