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
    // Events the web thread may fall behind (starved of CPU) before the loop's thread folds
    // them into the feed itself and every viewer is resynchronised (--web-inbox).
    std::size_t max_inbox_events = 200000;
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
    void collect();                                // loop thread, after every drive
    LiveTick tick(bool following);                 // web thread
    std::string snapshot(const std::string& role); // web thread

    // What the loop has followed and the web thread not yet taken.
    struct Inbox {
        std::mutex mutex;
        std::vector<world::Event> events;
        SimTime now = 0;
        std::uint64_t lost = 0; // dropped by the trace's window before they were followed
        // The loop folded events into the feed that the viewers following were never sent:
        // each of them needs a fresh snapshot.
        bool folded_unsent = false;
    };
    ServeLoop* m_loop = nullptr;
    TraceFollower m_follower; // loop thread
    ServeLoop::Printer m_printer;
    std::size_t m_max_inbox = 0;
    bool m_window_warned = false; // loop thread
    bool m_overflowing = false;   // loop thread: said once per episode (until the web thread ticks)
    Inbox m_inbox;
    // The feed is the web thread's, except when the inbox is full: then the loop's thread
    // takes it (only if free: it never waits for the web thread) and folds the backlog.
    std::mutex m_feed_mutex;
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
