#include "live_service.h"

#include "default_world.h"
#include "live_feed.h"

#include "sim/world/scenario_writer.h"
#include "sim/world/world.h"

#include <random>

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
    // Whatever is pending goes out first (to the viewers already following): the snapshot
    // then ends exactly where the next batch begins.
    hooks.snapshot = [feed, self](const std::string& role) {
        self->publish();
        return feed->snapshot(role);
    };
    hooks.tick = [self] { self->publish(); };
    hooks.act = [&w](const std::string& line) -> std::string {
        auto status = w.perform(line);
        return status ? std::string() : status.error().message;
    };
    hooks.log = printer;
    auto started = WebServer::start(web, std::move(hooks));
    if (!started)
        return started.error();
    service->m_web = std::move(*started);
    WebServer* server = service->m_web.get();
    loop.set_after_drive([feed, server] { feed->follow(server->viewer_count() > 0); });
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

void LiveService::publish() {
    if (auto batch = m_feed->flush())
        m_web->publish(std::move(batch));
}

std::uint16_t LiveService::port() const {
    return m_web->port();
}

WebStats LiveService::stats() const {
    return m_web->stats();
}

} // namespace mailsim::serve
