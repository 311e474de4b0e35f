#pragma once
// `mailsim serve --web PORT`: the live classroom's server half. Follows the serve loop's world
// (LiveFeed, on the loop's thread after every drive) and sends it to browsers (WebServer, on
// its own thread); acting requests from the teacher's page come back to the loop's thread.
#include "serve_loop.h"
#include "web_server.h"

#include "sim/world/scenario.h"

#include <memory>
#include <string>

namespace mailsim::serve {

class LiveFeed;

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
    void publish(); // the feed's next batch to every following viewer (loop thread)
    ServeLoop* m_loop = nullptr;
    std::unique_ptr<LiveFeed> m_feed;
    std::unique_ptr<WebServer> m_web;
    std::string m_token;
};

// 128 random bits as 32 hex digits (the teacher's token).
std::string random_token();

// The served world's scenario as the snapshot carries it (the viewer builds its hosts, users
// and forms from it): the real-client host and the user agents serve adds, the class's
// accounts. The real-client host is a plain client there: "external" (real sockets) means
// nothing in a viewer and is not a role a scenario file may give.
std::string viewer_scenario_text(const world::Scenario& served);

} // namespace mailsim::serve
