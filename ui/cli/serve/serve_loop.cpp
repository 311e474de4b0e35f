#include "serve_loop.h"

#include "bridge.h"
#include "default_world.h"
#include "state_dir.h"

#include "sim/agents/mta.h"
#include "sim/proto/smtp/smtp_server.h"
#include "sim/trace/trace.h"
#include "sim/world/scenario_files.h"
#include "sim/world/world.h"
#include "ui/cli/scenario_loader.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <map>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace mailsim::serve {

namespace {

using Clock = std::chrono::steady_clock;
constexpr SimTime kLookahead = 2 * kMillisecond;
constexpr auto kAcceptBackoff = std::chrono::milliseconds(100);

// Refuses one connection through the smtp engine itself: a policy whose forced reply at
// Connect is 421, so even "too busy" comes out of the same engine as every other reply.
class BusyPolicy : public smtp::ServerPolicy {
public:
    std::optional<smtp::Reply> forced_reply(const smtp::FaultPoint& at,
                                            const smtp::SessionInfo&) override {
        if (at.kind != smtp::FaultPoint::Kind::Connect)
            return std::nullopt;
        return smtp::make_reply(421, "4.3.2 Too many connections, try again later");
    }
};

std::string transcript_line(const world::Event& e) {
    const std::string when = world::format_seconds(e.t);
    switch (e.kind) {
    case world::EventKind::Command:
        return when + " #" + std::to_string(e.conn) + " C: " + e.text;
    case world::EventKind::Reply:
        return when + " #" + std::to_string(e.conn) + " S: " + e.text;
    case world::EventKind::ConnOpen:
        return when + " #" + std::to_string(e.conn) + " open " + e.host + " -> " + e.peer + " (" +
               std::string(world::to_string(e.proto)) + ")";
    case world::EventKind::ConnClose:
        return when + " #" + std::to_string(e.conn) + " closed" +
               (e.reason.empty() ? "" : " (" + e.reason + ")");
    case world::EventKind::Accepted:
    case world::EventKind::Delivered:
    case world::EventKind::Relayed:
    case world::EventKind::Bounced:
    case world::EventKind::Queued:
    case world::EventKind::GaveUp:
        return when + " * " + std::string(world::to_string(e.kind)) + " " + e.msg_id +
               (e.rcpt.empty() ? "" : " to " + e.rcpt) + (e.host.empty() ? "" : " at " + e.host);
    default:
        return {};
    }
}

} // namespace

class ServeLoop::Impl {
public:
    ServeOptions options;
    Printer printer;
    std::unique_ptr<world::World> world; // declared before the io_context and the bridges:
    asio::io_context io;                 // they go first (their handlers hold bridges, and
    std::unique_ptr<StateDir> state;     // bridges detach from the world when they go)
    struct Listener {
        std::unique_ptr<asio::ip::tcp::acceptor> acceptor;
        std::unique_ptr<asio::steady_timer> backoff; // accepting paused after a failure
        world::Proto proto;
        std::uint16_t sim_port;
        net::HostId server_host;
        std::uint16_t bound_port = 0;
    };
    std::vector<Listener> listeners;
    std::map<std::uint64_t, std::shared_ptr<Bridge>> bridges;
    std::vector<std::shared_ptr<Bridge>> dirty; // bridges with output since the last drive
    std::uint64_t next_bridge = 1;
    asio::steady_timer tick{io};
    asio::steady_timer grace{io};
    bool tick_armed = false;
    Clock::time_point tick_at;
    Clock::time_point start = Clock::now();
    net::HostId client_host = 0;
    ServeStats stats;
    std::size_t printed = 0;
    bool quiet = false;
    bool stopping = false;
    bool in_drive = false;
    bool drive_again = false;
    std::string fatal;
    int spare_fd = -1; // /dev/null, given up to refuse a client when descriptors run out
    std::uint64_t seen_failures = 0, seen_refused = 0;
    std::uint64_t closed_bytes_in = 0, closed_bytes_out = 0;
    std::function<void()> after_drive; // the live stream (ServeLoop::set_after_drive)

    void print(const std::string& line) {
        if (printer)
            printer(line);
    }

    void accept(Listener& listener) {
        listener.acceptor->async_accept(
            [this, &listener](asio::error_code ec, asio::ip::tcp::socket socket) {
                if (stopping || !listener.acceptor->is_open())
                    return;
                if (!ec) {
                    take(listener, std::move(socket));
                    accept(listener);
                    return;
                }
                // Out of descriptors (or memory): accept() fails at once as long as the
                // connection waits, so retrying at once was a busy loop (23,000 failed calls
                // in 2 s). Turn the waiting clients away with the spare descriptor, then pause.
                ++stats.accept_failures;
                if (ec == asio::error::no_descriptors || ec.value() == ENFILE)
                    refuse_with_spare(listener);
                listener.backoff->expires_after(kAcceptBackoff);
                listener.backoff->async_wait([this, &listener](asio::error_code wait) {
                    if (!wait && !stopping && listener.acceptor->is_open())
                        accept(listener);
                });
            });
    }

    // The descriptor kept in reserve for telling clients "too busy" when none is left.
    void refuse_with_spare(Listener& listener) {
        if (spare_fd < 0)
            return;
        ::close(spare_fd);
        asio::error_code ignored;
        listener.acceptor->native_non_blocking(true, ignored);
        const Bytes text = busy_text(listener.proto);
        for (int refused = 0; refused < 64; ++refused) {
            const int fd = ::accept4(listener.acceptor->native_handle(), nullptr, nullptr,
                                     SOCK_CLOEXEC | SOCK_NONBLOCK);
            if (fd < 0)
                break;
            (void)!::send(fd, text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            ::close(fd);
            ++stats.refused_busy;
        }
        spare_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    }

    void take(Listener& listener, asio::ip::tcp::socket socket) {
        if (bridges.size() >= options.max_connections) {
            ++stats.refused_busy;
            refuse_busy(listener.proto, std::move(socket));
            return;
        }
        ++stats.accepted;
        BridgeSettings settings;
        settings.client_host = client_host;
        settings.server_host = listener.server_host;
        settings.sim_port = listener.sim_port;
        settings.proto = listener.proto;
        settings.max_pending_output = options.output_high_water;
        const auto ms = [](double seconds) {
            return std::chrono::milliseconds(static_cast<long>(seconds * 1000));
        };
        switch (listener.proto) {
        case world::Proto::Pop3:
            settings.idle_timeout = ms(options.pop3_autologout_seconds);
            settings.command_deadline = ms(options.idle_timeout_seconds);
            break;
        case world::Proto::Imap:
            settings.idle_timeout = ms(options.imap_autologout_seconds);
            settings.command_deadline = ms(options.idle_timeout_seconds);
            break;
        default: // SMTP's engine keeps its own timers (commands, DATA between receives)
            settings.idle_timeout = ms(options.idle_timeout_seconds);
            break;
        }
        auto bridge = std::make_shared<Bridge>(
            std::move(socket), *world, settings, [this] { drive(); },
            [this](Bridge& b) { dirty.push_back(b.shared_from_this()); });
        bridges.emplace(next_bridge++, bridge);
        bridge->start();
        drive();
    }

    Bytes busy_text(world::Proto proto) {
        if (proto == world::Proto::Smtp) {
            BusyPolicy policy;
            smtp::ServerConfig config;
            config.hostname = smtp_hostname();
            smtp::SmtpServer server(config, policy);
            return server.take_output();
        }
        if (proto == world::Proto::Pop3)
            return "-ERR [SYS/TEMP] too many connections, try again later\r\n";
        return "* BYE too many connections, try again later\r\n";
    }

    void refuse_busy(world::Proto proto, asio::ip::tcp::socket socket) {
        Bytes goodbye = busy_text(proto);
        auto shared_socket = std::make_shared<asio::ip::tcp::socket>(std::move(socket));
        auto text = std::make_shared<Bytes>(std::move(goodbye));
        asio::async_write(*shared_socket, asio::buffer(*text),
                          [shared_socket, text](asio::error_code, std::size_t) {
                              asio::error_code ignored;
                              shared_socket->shutdown(asio::ip::tcp::socket::shutdown_both,
                                                      ignored);
                              shared_socket->close(ignored);
                          });
    }

    std::string smtp_hostname() {
        for (const auto& host : world->scenario().hosts)
            if (auto* mta = world->mta(host.name))
                return mta->smtp_name();
        return "localhost";
    }

    SimTime wall_now() const {
        return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
    }

    // Advances the world to the wall clock, prints, persists, then lets bytes out.
    void drive() {
        if (in_drive) { // a bridge callback inside a drive: finish the loop below again
            drive_again = true;
            return;
        }
        in_drive = true;
        do {
            drive_again = false;
            // A little ahead of the wall clock: the simulated link still spends a microsecond
            // or so per segment, and waking up on a timer for each would cost far more than it
            // models. Nobody outside can see 2 ms.
            const SimTime now = std::max(wall_now() + kLookahead, world->now());
            world->run_until(now);
            print_new_events();
            world->settle_trace(); // the byte budget holds between rounds too
            // A change the disk refused was answered 452 / -ERR / NO by its engine: the
            // server goes on. What cannot go out is a reply written before the disk let it
            // down (a failed fdatasync, a copy refused after its 250 was decided): those
            // connections are dropped with their output, so no client hears an
            // acknowledgement for something that is not on disk.
            bool withhold = false;
            if (state) {
                std::string error;
                if (!state->sync(error)) {
                    fatal = "cannot write the state folder: " + error;
                    print(fatal);
                    withhold = true;
                }
                report_refused();
            }
            if (const std::uint64_t failures = storage_failures(); failures != seen_failures) {
                seen_failures = failures;
                print("state: a message's copy was refused by the disk after its 250 was "
                      "decided; that connection is closed without the 250");
                withhold = true;
            }
            // Only bridges the world wrote to (or closed) since the last drive.
            std::vector<std::shared_ptr<Bridge>> ready;
            ready.swap(dirty);
            for (auto& bridge : ready) {
                if (withhold)
                    bridge->force_close();
                else
                    bridge->flush();
            }
            if (!fatal.empty())
                begin_stop(); // an fdatasync that failed: the disk cannot be trusted
        } while (drive_again);
        in_drive = false;
        if (after_drive)
            after_drive();
        sweep();
        arm_tick();
    }

    std::uint64_t storage_failures() {
        std::uint64_t total = 0;
        for (const auto& host : world->scenario().hosts)
            if (auto* mta = world->mta(host.name))
                total += mta->storage_failures();
        return total;
    }

    void report_refused() {
        const std::uint64_t refused = state->refused();
        if (refused == seen_refused)
            return;
        print("state: the disk refused " + std::to_string(refused - seen_refused) +
              " change(s) (full?); they were answered as failures and nothing else changed");
        seen_refused = refused;
    }

    void sweep() {
        for (auto it = bridges.begin(); it != bridges.end();) {
            if (it->second->finished()) {
                closed_bytes_in += it->second->bytes_in();
                closed_bytes_out += it->second->bytes_out();
                it = bridges.erase(it);
            } else {
                ++it;
            }
        }
    }

    // Wakes the loop for the world's next scheduled event (at most a second away). A pending
    // wake-up that comes soon enough is left alone: re-arming on every read would cancel and
    // re-queue a handler each time.
    void arm_tick() {
        const SimTime next = world->next_event_time();
        SimTime wait = kSecond;
        if (next >= 0)
            wait = std::clamp<SimTime>(next - kLookahead - wall_now(), 0, kSecond);
        const auto at = Clock::now() + std::chrono::microseconds(wait);
        if (tick_armed && tick_at <= at)
            return;
        tick_armed = true;
        tick_at = at;
        tick.expires_at(at);
        tick.async_wait([this](asio::error_code ec) {
            if (ec)
                return; // re-armed earlier, or shutting down: the newer wait is in charge
            tick_armed = false;
            drive();
        });
    }

    void print_new_events() {
        // `printed` counts events of the whole run: the trace may hold only a window of them.
        const world::Trace& trace = world->trace();
        if (quiet || !printer) {
            printed = trace.total();
            return;
        }
        printed = std::max(printed, trace.first_index());
        for (; printed < trace.total(); ++printed) {
            std::string line = transcript_line(trace[printed - trace.first_index()]);
            if (!line.empty())
                print(line);
        }
    }

    void begin_stop() {
        if (stopping)
            return;
        stopping = true;
        for (auto& listener : listeners) {
            asio::error_code ignored;
            listener.acceptor->close(ignored);
        }
        const std::string host = smtp_hostname();
        for (auto& [id, bridge] : bridges) {
            switch (bridge->proto()) {
            case world::Proto::Smtp:
                bridge->shut_down("421 4.3.2 " + host +
                                  " Service shutting down, closing transmission channel\r\n");
                break;
            case world::Proto::Pop3:
                bridge->shut_down("-ERR [SYS/TEMP] server shutting down\r\n");
                break;
            default:
                bridge->shut_down("* BYE server shutting down\r\n");
                break;
            }
        }
        // A client that does not take its goodbye is not waited for long.
        grace.expires_after(std::chrono::seconds(2));
        grace.async_wait([this](asio::error_code ec) {
            if (ec)
                return;
            for (auto& [id, bridge] : bridges)
                bridge->force_close();
            sweep();
        });
    }

    bool done() const { return stopping && bridges.empty(); }

    std::uint16_t port_of(world::Proto proto) const {
        for (const auto& listener : listeners)
            if (listener.proto == proto)
                return listener.bound_port;
        return 0;
    }
};

Result<std::unique_ptr<ServeLoop>> ServeLoop::create(const ServeOptions& options, Printer printer) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->printer = std::move(printer);

    Result<world::Scenario> scenario =
        options.scenario.empty() ? world::parse_scenario(default_world_text(), "serve-default")
                                 : world::load_scenario_file(options.scenario, options.data_dir);
    if (!scenario)
        return scenario.error();
    add_real_client(*scenario);
    const bool loopback = options.listen == "127.0.0.1" || options.listen == "::1" ||
                          options.listen.rfind("127.", 0) == 0;
    if (!loopback && !options.expn_beyond_loopback)
        for (auto& host : scenario->hosts)
            host.expn = false; // the members of a list are not for the whole network
    auto created = world::World::create(*scenario);
    if (!created)
        return created.error();
    impl->world = std::move(*created);
    world::World& w = *impl->world;
    w.set_keep_packets(false); // a long-running server need not hold every segment
    w.set_trace_window(options.trace_window);
    w.set_trace_byte_budget(options.trace_window > 0 ? options.trace_bytes : 0);
    w.set_imap_idle_keepalive(static_cast<SimTime>(options.imap_idle_keepalive_seconds * kSecond));
    impl->client_host = *w.network().find_host(kRealClientHost);

    const std::size_t max_size = options.max_message_size;
    const std::size_t max_errors = options.max_errors;
    const SimTime idle = static_cast<SimTime>(options.idle_timeout_seconds * kSecond);
    for (const auto& host : w.scenario().hosts)
        if (auto* mta = w.mta(host.name)) {
            // Delivered before the 250 leaves: the drive loop syncs the state folder before
            // any byte reaches a socket, so a 250 is never sent for mail not yet on disk.
            mta->set_local_delivery_delay(0);
            const bool expn = host.expn;
            mta->set_external_clients({std::string(kRealClientHost),
                                       [=](smtp::ServerConfig& config) {
                                           if (expn)
                                               config.extensions |=
                                                   smtp::kExtExpn; // RFC 5321 §3.5.2
                                           config.max_message_size = max_size;
                                           config.max_errors = max_errors;
                                           config.command_timeout = idle;
                                           config.data_timeout = idle;
                                       },
                                       !loopback});
        }

    if (!options.state_dir.empty()) {
        std::vector<std::string> notes;
        auto state = StateDir::open(options.state_dir, w, notes);
        if (!state)
            return state.error();
        impl->state = std::move(*state);
        for (const auto& note : notes)
            impl->print("state: " + note);
    }

    asio::error_code ec;
    const auto address = asio::ip::make_address(options.listen, ec);
    if (ec)
        return Error{"--listen: not an IP address: " + options.listen};
    struct Wanted {
        int port;
        world::Proto proto;
        std::uint16_t sim_port;
        const char* role;
    };
    for (const Wanted& want : {Wanted{options.smtp_port, world::Proto::Smtp, 25, "mta"},
                               Wanted{options.pop3_port, world::Proto::Pop3, 110, "pop3"},
                               Wanted{options.imap_port, world::Proto::Imap, 143, "imap"}}) {
        if (want.port < 0)
            continue;
        const world::HostSpec* server = nullptr;
        for (const auto& host : w.scenario().hosts)
            if (has_role(host, want.role) && (options.host.empty() || host.name == options.host)) {
                server = &host;
                break;
            }
        if (!server && !options.host.empty())
            return Error{"--host: the world has no host '" + options.host + "' with the role '" +
                         want.role + "'"};
        if (!server)
            return Error{std::string("the world has no host with the role '") + want.role + "'"};
        Impl::Listener listener;
        listener.proto = want.proto;
        listener.sim_port = want.sim_port;
        listener.server_host = *w.network().find_host(server->name);
        listener.acceptor = std::make_unique<asio::ip::tcp::acceptor>(impl->io);
        listener.backoff = std::make_unique<asio::steady_timer>(impl->io);
        const asio::ip::tcp::endpoint endpoint(address, static_cast<std::uint16_t>(want.port));
        listener.acceptor->open(endpoint.protocol(), ec);
        if (!ec)
            listener.acceptor->set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
        if (!ec)
            listener.acceptor->bind(endpoint, ec);
        if (!ec)
            listener.acceptor->listen(asio::socket_base::max_listen_connections, ec);
        if (ec)
            return Error{std::string(world::to_string(want.proto)) + " port " +
                         std::to_string(want.port) + ": " + ec.message()};
        listener.bound_port = listener.acceptor->local_endpoint().port();
        impl->print(std::string("listening ") + std::string(world::to_string(want.proto)) + " " +
                    options.listen + ":" + std::to_string(listener.bound_port) + " -> " +
                    server->name + ":" + std::to_string(want.sim_port));
        impl->listeners.push_back(std::move(listener));
    }
    if (impl->listeners.empty())
        return Error{"nothing to serve: give --smtp, --pop3 and/or --imap"};
    impl->spare_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    for (auto& listener : impl->listeners)
        impl->accept(listener);
    impl->start = Clock::now();
    impl->arm_tick();
    return std::unique_ptr<ServeLoop>(new ServeLoop(std::move(impl)));
}

ServeLoop::ServeLoop(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

ServeLoop::~ServeLoop() {
    if (m_impl) {
        if (m_impl->spare_fd >= 0)
            ::close(m_impl->spare_fd);
        m_impl->bridges.clear();
        m_impl->tick.cancel();
    }
}

std::uint16_t ServeLoop::smtp_port() const {
    return m_impl->port_of(world::Proto::Smtp);
}
std::uint16_t ServeLoop::pop3_port() const {
    return m_impl->port_of(world::Proto::Pop3);
}
std::uint16_t ServeLoop::imap_port() const {
    return m_impl->port_of(world::Proto::Imap);
}

int ServeLoop::run(bool handle_signals) {
    asio::signal_set signals(m_impl->io);
    if (handle_signals) {
        signals.add(SIGINT);
        signals.add(SIGTERM);
        signals.async_wait([this](asio::error_code ec, int) {
            if (!ec) {
                m_impl->print("shutting down");
                stop();
            }
        });
    }
    while (!m_impl->done()) {
        m_impl->io.run_one();
    }
    // Last words: make sure what was acknowledged is on disk.
    if (m_impl->state) {
        std::string error;
        if (!m_impl->state->sync(error))
            m_impl->fatal = error;
    }
    return m_impl->fatal.empty() ? 0 : 1;
}

std::size_t ServeLoop::poll() {
    const std::size_t ran = m_impl->io.poll();
    if (!m_impl->done())
        m_impl->drive();
    return ran;
}

void ServeLoop::stop() {
    m_impl->begin_stop();
    m_impl->drive();
}

bool ServeLoop::finished() const {
    return m_impl->done();
}

world::World& ServeLoop::world() {
    return *m_impl->world;
}

const ServeStats& ServeLoop::stats() const {
    auto& s = m_impl->stats;
    s.open = m_impl->bridges.size();
    s.bytes_in = m_impl->closed_bytes_in;
    s.bytes_out = m_impl->closed_bytes_out;
    s.buffered = 0;
    s.paused = 0;
    for (const auto& [id, bridge] : m_impl->bridges) {
        s.bytes_in += bridge->bytes_in();
        s.bytes_out += bridge->bytes_out();
        s.buffered += bridge->buffered();
        s.paused += bridge->paused();
    }
    s.syncs = m_impl->state ? m_impl->state->syncs() : 0;
    return s;
}

bool ServeLoop::quiet() const {
    return m_impl->quiet;
}

void ServeLoop::set_quiet(bool quiet) {
    m_impl->quiet = quiet;
}

void ServeLoop::post(std::function<void()> task) {
    asio::post(m_impl->io, [impl = m_impl.get(), task = std::move(task)] {
        task();
        if (!impl->done())
            impl->drive();
    });
}

void ServeLoop::set_after_drive(std::function<void()> hook) {
    m_impl->after_drive = std::move(hook);
}

} // namespace mailsim::serve
