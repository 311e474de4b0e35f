#include "live_service.h"

#include "default_world.h"

#include "sim/core/bytes.h"
#include "sim/world/scenario_writer.h"
#include "sim/world/world.h"

#include <random>

namespace mailsim::serve {

namespace {

// Events the inbox holds at most (a web thread starved of CPU for seconds): about 30 per
// message, 200 bytes each. Beyond it the loop stops copying and counts them lost, as it counts
// those a too-small trace window drops: the server never waits for its viewers.
constexpr std::size_t kMaxInboxEvents = 200000;

} // namespace

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
    LiveFeed* feed = service->m_feed.get();
    LiveService* self = service.get();
    WebHooks hooks;
    hooks.post = [&loop](std::function<void()> task) { loop.post(std::move(task)); };
    hooks.tick = [self](bool following) { return self->tick(following); };
    hooks.snapshot = [feed](const std::string& role) { return feed->snapshot(role); };
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

void LiveService::collect() {
    const world::World& w = m_loop->world();
    std::lock_guard lock(m_inbox.mutex);
    m_inbox.now = w.now();
    if (m_inbox.events.size() < kMaxInboxEvents) {
        m_inbox.lost += m_follower.take(w.trace(), m_inbox.events);
        m_overflowing = false;
        return;
    }
    m_inbox.lost += m_follower.skip(w.trace());
    if (!m_overflowing && m_printer)
        m_printer("web: the live stream is " + std::to_string(kMaxInboxEvents) +
                  " events behind the world; viewers miss the events until it catches up");
    m_overflowing = true;
}

std::shared_ptr<const std::string> LiveService::tick(bool following) {
    SimTime now = 0;
    std::uint64_t lost = 0;
    {
        std::lock_guard lock(m_inbox.mutex);
        m_taking.swap(m_inbox.events); // m_taking is empty: the feed consumed it last time
        now = m_inbox.now;
        lost = m_inbox.lost;
        m_inbox.lost = 0;
    }
    m_feed->add(m_taking, now, following, lost);
    return following ? m_feed->flush() : nullptr;
}

std::uint16_t LiveService::port() const {
    return m_web->port();
}

WebStats LiveService::stats() const {
    return m_web->stats();
}

} // namespace mailsim::serve
