#pragma once
// `mailsim serve --web PORT`: the built web app over HTTP and the live stream over WebSocket,
// on Boost.Beast (Debian's libboost1.74-dev, which libasio-dev already depends on). It runs on
// a thread of its own with its own io_context, so a slow browser, a big file or thirty tabs
// never hold up the serve loop. The stream's batches and snapshots are made on this thread too
// (Hooks::tick, Hooks::snapshot: the live feed); what must touch the world (acting, the log)
// goes to the loop's thread as a closure (Hooks::post), and its answer comes back as one.
//
// Files are sent like scripts/serve_web.py sends them (its .gz next to each file when the
// browser takes gzip, an ETag and a 304 on reload). `/` redirects to `/?live=1`, the page that
// attaches to the live world; the stream is `/live` (`/live?token=T` for the teacher).
// Each viewer has a bounded queue: a viewer that falls behind is resynchronised (its queue
// dropped, a fresh snapshot sent), one that still does not read is disconnected.
#include "sim/core/result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace mailsim::serve {

struct WebServerOptions {
    std::string listen = "127.0.0.1";
    int port = 0; // 0 = any free port
    std::string web_dir;
    std::string token;                     // the teacher's: acting needs it
    std::size_t max_queue_bytes = 4 << 20; // per viewer, not yet written
    std::size_t max_viewers = 256;
};

// What a tick of the live feed gives the viewers that follow.
struct LiveTick {
    std::shared_ptr<const std::string> batch; // the next batch, or nullptr (none)
    // Events went into the feed that they were never sent (the loop's thread folded a backlog
    // while this thread was starved): every one of them needs a fresh snapshot instead.
    bool resync = false;
};

struct WebHooks {
    // Runs `task` on the serve loop's thread (and advances the world after it). Thread-safe.
    std::function<void(std::function<void()> task)> post;
    // On the web thread, every kBatchIntervalMs (and before a snapshot): takes what the world
    // recorded since; the next batch for the viewers that follow, when `following` and there
    // is one, or that they must all be resynchronised.
    std::function<LiveTick(bool following)> tick;
    // On the web thread, right after a tick: the snapshot a viewer with `role`
    // ("teacher"/"viewer") starts from, ending where the next batch begins.
    std::function<std::string(const std::string& role)> snapshot;
    // On the loop thread: performs an action line; "" or the error.
    std::function<std::string(const std::string& action_line)> act;
    // On the loop thread: the account `address` (or login) names when `password` is its
    // password, as the world spells its address; "" when none is.
    std::function<std::string(const std::string& address, const std::string& password)> sign_in;
    // On the loop thread: one line for the server's log.
    std::function<void(const std::string& line)> log;
};

// Viewers get one batch per interval, however many rounds the loop ran meanwhile: fewer,
// bigger messages (a burst of 200 sessions was thousands of tiny frames per viewer a second).
inline constexpr int kBatchIntervalMs = 50;

struct WebStats {
    std::uint64_t viewers = 0, resyncs = 0, dropped = 0, refused_acts = 0, requests = 0;
};

// Compares without stopping at the first difference: the time taken says nothing about a
// token or a password.
bool same_secret(std::string_view a, std::string_view b);

class WebServer {
public:
    static Result<std::unique_ptr<WebServer>> start(const WebServerOptions& options,
                                                    WebHooks hooks);
    ~WebServer(); // stops the thread; open connections are closed
    WebServer(const WebServer&) = delete;
    WebServer& operator=(const WebServer&) = delete;

    std::uint16_t port() const;
    // Viewers connected now (an estimate from another thread).
    std::size_t viewer_count() const;
    WebStats stats() const;

private:
    class Impl;
    explicit WebServer(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> m_impl;
};

} // namespace mailsim::serve
