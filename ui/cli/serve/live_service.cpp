#include "live_service.h"

#include "default_world.h"

#include "sim/core/bytes.h"
#include "sim/world/scenario_writer.h"
#include "sim/world/world.h"

#include <algorithm>
#include <random>
#include <utility>

namespace mailsim::serve {

std::string random_token() {
    std::random_device device;
    static const char* digits = "0123456789abcdef";
    std::string token;
    for (int i = 0; i < 4; ++i) {
        std::uint32_t word = device();
        for (int j = 0; j < 8; ++j, word >>= 4)
            token += digits[word & 15];
    }
    return token;
}

std::string account_for(const world::Scenario& scenario, const std::string& who,
                        const std::string& password) {
    const std::string wanted = to_lower_ascii(who);
    for (const auto& user : scenario.users)
        if (!wanted.empty() &&
            (to_lower_ascii(user.address) == wanted || to_lower_ascii(user.login) == wanted))
            return !user.password.empty() && same_secret(password, user.password) ? user.address
                                                                                  : std::string();
    return {};
}

std::string viewer_scenario_text(const world::Scenario& served) {
    world::Scenario shown = served;
    for (auto& host : shown.hosts)
        if (host.name == kRealClientHost)
            host.roles = {"client"};
    return world::write_scenario(shown);
}

Result<std::unique_ptr<LiveService>> LiveService::start(ServeLoop& loop, const ServeOptions& serve,
                                                        const LiveOptions& options,
                                                        ServeLoop::Printer printer) {
    std::unique_ptr<LiveService> service(new LiveService());
    service->m_loop = &loop;
    service->m_token = options.token.empty() ? random_token() : options.token;
    service->m_printer = printer;
    service->m_max_inbox = std::max<std::size_t>(options.max_inbox_events, 1);
    world::World& w = loop.world();
    std::string title = "SMTP " + serve.listen + ":" + std::to_string(loop.smtp_port());
    if (loop.pop3_port())
        title += ", POP3 " + std::to_string(loop.pop3_port());
    if (loop.imap_port())
        title += ", IMAP " + std::to_string(loop.imap_port());
    service->m_feed =
        std::make_unique<LiveFeed>(w, w.scenario().name.empty() ? "serve" : w.scenario().name,
                                   viewer_scenario_text(w.scenario()), title);

    WebServerOptions web;
    web.listen = serve.listen;
    web.port = options.port;
    web.web_dir = options.web_dir;
    web.token = service->m_token;
    web.max_queue_bytes = options.max_queue_bytes;
    LiveService* self = service.get();
    WebHooks hooks;
    hooks.post = [&loop](std::function<void()> task) { loop.post(std::move(task)); };
    hooks.tick = [self](bool following) { return self->tick(following); };
    hooks.snapshot = [self](const std::string& role) { return self->snapshot(role); };
    hooks.act = [&w](const std::string& line) -> std::string {
        auto status = w.perform(line);
        return status ? std::string() : status.error().message;
    };
    hooks.sign_in = [&w](const std::string& address, const std::string& password) {
        return account_for(w.scenario(), address, password);
    };
    hooks.log = printer;
    auto started = WebServer::start(web, std::move(hooks));
    if (!started)
        return started.error();
    service->m_web = std::move(*started);
    loop.set_after_drive([self] { self->collect(); });
    if (printer) {
        const std::string base =
            "http://" + serve.listen + ":" + std::to_string(service->port()) + "/";
        printer("listening web " + serve.listen + ":" + std::to_string(service->port()) +
                " -> the web app and the live stream (viewers: " + base + ")");
        printer("teacher: " + base + "?live=1&token=" + service->m_token);
    }
    return service;
}

LiveService::~LiveService() {
    if (m_loop)
        m_loop->set_after_drive(nullptr);
    m_web.reset(); // joins its thread: nothing of it runs after this
}

// The inbox is bounded (a web thread starved of CPU for seconds must not cost the server
// unbounded memory), yet no event may go missing from the feed: a snapshot would then show a
// world that differs from the server's for good. So when it is full, this thread folds the
// backlog into the feed itself, unencoded (the fold the web thread would have done; encoding
// for viewers that are not reading anyway would cost more), and the viewers that were
// following get a fresh snapshot once the web thread runs. It never waits for the web thread:
// if that one holds the feed right now, it is taking the inbox and the backlog goes with it.
void LiveService::collect() {
    const world::World& w = m_loop->world();
    std::lock_guard lock(m_inbox.mutex);
    m_inbox.now = w.now();
    const std::uint64_t dropped = m_follower.take(w.trace(), m_inbox.events);
    m_inbox.lost += dropped;
    if (dropped && !m_window_warned && m_printer)
        m_printer("web: the trace window dropped " + std::to_string(dropped) +
                  " events before the live stream read them (a bigger --trace-window keeps "
                  "them); the viewers' picture misses them (said once)");
    m_window_warned |= dropped > 0;
    if (!m_inbox.folded_unsent)
        m_overflowing = false; // the web thread took the inbox since the last fold
    if (m_inbox.events.size() < m_max_inbox)
        return;
    std::unique_lock feed(m_feed_mutex, std::try_to_lock);
    if (!feed.owns_lock())
        return;
    m_feed->add(m_inbox.events, m_inbox.now, false, m_inbox.lost);
    m_inbox.lost = 0;
    m_inbox.folded_unsent = true;
    if (!m_overflowing && m_printer)
        m_printer("web: the live stream fell " + std::to_string(m_max_inbox) +
                  " events behind the world; the server folded them itself and every viewer "
                  "gets a fresh snapshot");
    m_overflowing = true;
}

LiveTick LiveService::tick(bool following) {
    SimTime now = 0;
    std::uint64_t lost = 0;
    bool folded_unsent = false;
    // The feed first, then the inbox: the loop cannot fold newer events into the feed between
    // taking these and adding them.
    std::lock_guard feed(m_feed_mutex);
    {
        std::lock_guard lock(m_inbox.mutex);
        m_taking.swap(m_inbox.events); // m_taking is empty: the feed consumed it last time
        now = m_inbox.now;
        lost = m_inbox.lost;
        m_inbox.lost = 0;
        folded_unsent = std::exchange(m_inbox.folded_unsent, false);
    }
    m_feed->add(m_taking, now, following, lost);
    if (!following)
        return {};
    auto batch = m_feed->flush();
    if (folded_unsent)
        return {nullptr, true}; // the batch lacks what the loop folded: snapshots instead
    return {std::move(batch), false};
}

std::string LiveService::snapshot(const std::string& role) {
    std::lock_guard feed(m_feed_mutex);
    return m_feed->snapshot(role);
}

std::uint16_t LiveService::port() const {
    return m_web->port();
}

WebStats LiveService::stats() const {
    return m_web->stats();
}

} // namespace mailsim::serve
