#include "web_server.h"

#include "web_files.h"

#include "sim/core/bytes.h"
#include "sim/core/utf8_prefix.h"
#include "sim/world/action.h"
#include "ui/live/live_codec.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace mailsim::serve {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace bnet = boost::asio;
using tcp = bnet::ip::tcp;

namespace {

constexpr auto kHttpTimeout = std::chrono::seconds(30);
constexpr std::size_t kMaxViewerMessage = 64 * 1024; // an action line, never more
constexpr std::size_t kMaxSendBuffer = 256 * 1024;   // per viewer, in the kernel
// A message on its way to a viewer for longer than this: the viewer does not read.
constexpr auto kStalled = std::chrono::seconds(5);
constexpr int kWebThreadNice = 10;
// Wrong passwords one page may try before it is disconnected (guessing a classmate's).
constexpr int kMaxFailedSignIns = 5;

// "token=abc" from "/live?x=1&token=abc".
std::string query_value(std::string_view target, std::string_view name) {
    const auto q = target.find('?');
    if (q == std::string_view::npos)
        return {};
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == name)
            return eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1));
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

// What a page sent, fit for one line of the server's log: a newline in it cannot forge
// another line.
std::string loggable(std::string text) {
    constexpr std::size_t kMax = 300;
    text = utf8_shortened(text, kMax + 3, "..."); // not inside a Korean subject's character
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = ' ';
    return text;
}

} // namespace

bool same_secret(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

class WebServer::Impl : public std::enable_shared_from_this<WebServer::Impl> {
public:
    class Viewer;
    class HttpSession;

    WebServerOptions options;
    WebHooks hooks;
    bnet::io_context io{1};
    tcp::acceptor acceptor{io};
    bnet::steady_timer ticker{io};
    std::thread thread;
    WebFiles files;
    std::map<std::uint64_t, std::shared_ptr<Viewer>> viewers; // web thread only
    std::uint64_t next_viewer = 1;
    std::vector<std::weak_ptr<Viewer>> wanting_snapshot; // web thread only
    std::atomic<std::size_t> viewer_count{0};
    mutable std::mutex stats_mutex;
    WebStats stats;
    std::uint16_t bound_port = 0;
    std::atomic<bool> stopped{false}; // loop-thread tasks still queued do nothing once set
    bool students_compose = false;    // the teacher's leave (web thread only)

    void count(std::uint64_t WebStats::*field) {
        std::lock_guard lock(stats_mutex);
        ++(stats.*field);
    }

    // On the loop thread (through hooks.post): writes one line to the server's log.
    void log(std::string line) {
        std::weak_ptr<Impl> weak = weak_from_this();
        hooks.post([weak, line = std::move(line)] {
            auto self = weak.lock();
            if (self && !self->stopped && self->hooks.log)
                self->hooks.log(line);
        });
    }

    void accept();
    void arm_ticker();
    void add_viewer(std::shared_ptr<Viewer> viewer);
    void remove_viewer(std::uint64_t id);
    void request_snapshot(const std::shared_ptr<Viewer>& viewer);
    void act(const std::shared_ptr<Viewer>& viewer, std::uint64_t id, std::string action,
             std::string who);
    void permit_compose(bool allow);
    void sign_in(const std::shared_ptr<Viewer>& viewer, std::string address, std::string password);
    void broadcast(const std::shared_ptr<const std::string>& message); // to every follower
    void publish(const LiveTick& tick); // its batch, or a fresh snapshot for every follower
    bool any_following() const;
};

// One WebSocket viewer: a queue of messages, one write at a time.
class WebServer::Impl::Viewer : public std::enable_shared_from_this<Viewer> {
public:
    Viewer(Impl& server, websocket::stream<beast::tcp_stream> ws, std::string role,
           std::string peer)
        : m_server(server), m_ws(std::move(ws)), m_role(std::move(role)), m_peer(std::move(peer)) {}

    std::uint64_t id = 0;
    const std::string& role() const { return m_role; }
    const std::string& peer() const { return m_peer; }
    bool following() const { return m_following; }

    void start(http::request<http::string_body> request) {
        m_ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        m_ws.read_message_max(kMaxViewerMessage);
        // One frame per message: a batch split into 4 KiB frames cost a header and a pass
        // over the viewer's buffer each.
        m_ws.auto_fragment(false);
        m_ws.async_accept(request, [self = shared_from_this()](beast::error_code ec) {
            if (ec)
                return;
            self->m_server.add_viewer(self);
            self->read();
        });
    }

    // A batch or an answer; a queue that is full makes it a fresh snapshot instead.
    void send(std::shared_ptr<const std::string> message) {
        if (m_closed)
            return;
        if (m_queued_bytes + message->size() > m_server.options.max_queue_bytes && m_writing) {
            fall_behind();
            return;
        }
        enqueue(std::move(message));
    }
    void deliver_snapshot(std::shared_ptr<const std::string> snapshot) {
        if (m_closed || m_following)
            return;
        m_following = true;
        // Queued whatever its size: the queue holds at most the message on its way now (resync
        // dropped the rest). Bounced by the bound instead, a snapshot bigger than it would be
        // made again and again, as fast as the thread can, for as long as that message waits
        // (a viewer that stopped reading cost a third of a core until it was disconnected).
        enqueue(std::move(snapshot));
        // What it may do comes right after, as it stands now on this thread (a change while the
        // snapshot was made on the loop thread is not lost).
        enqueue(std::make_shared<const std::string>(
            live::encode_permissions(m_server.students_compose)));
    }
    // A message has been on its way longer than kStalled: the viewer does not read.
    bool stalled(std::chrono::steady_clock::time_point now) const {
        return m_writing && now - m_write_started > kStalled;
    }
    void drop_stalled() {
        m_server.count(&WebStats::dropped);
        m_server.log("web: viewer " + m_peer + " does not read; disconnected");
        close();
    }
    void close() {
        if (m_closed)
            return;
        m_closed = true;
        beast::error_code ignored;
        beast::get_lowest_layer(m_ws).socket().shutdown(tcp::socket::shutdown_both, ignored);
        beast::get_lowest_layer(m_ws).close();
    }
    // Its queue dropped and a fresh snapshot on its way (until it is here, no batches).
    void resync() {
        // The message being written stays (a half-written frame cannot be taken back).
        while (m_queue.size() > (m_writing ? 1u : 0u)) {
            m_queued_bytes -= m_queue.back()->size();
            m_queue.pop_back();
        }
        m_following = false;
        m_server.request_snapshot(shared_from_this());
    }

private:
    // The queue is full. A viewer whose last message went out a while ago reads nothing: it
    // is gone. One that is only slow gets its queue dropped and a fresh snapshot (once: until
    // that snapshot is here, batches do not go to it).
    void fall_behind() {
        if (stalled(std::chrono::steady_clock::now())) {
            drop_stalled();
            m_server.remove_viewer(id);
            return;
        }
        if (!m_following)
            return;
        m_server.count(&WebStats::resyncs);
        resync();
    }

    void enqueue(std::shared_ptr<const std::string> message) {
        m_queued_bytes += message->size();
        m_queue.push_back(std::move(message));
        write_next();
    }

    void write_next() {
        if (m_writing || m_queue.empty() || m_closed)
            return;
        m_writing = true;
        m_write_started = std::chrono::steady_clock::now();
        m_ws.text(true);
        m_ws.async_write(bnet::buffer(*m_queue.front()),
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             self->m_writing = false;
                             self->m_queued_bytes -= self->m_queue.front()->size();
                             self->m_queue.pop_front();
                             if (ec) {
                                 self->close();
                                 self->m_server.remove_viewer(self->id);
                                 return;
                             }
                             self->write_next();
                         });
    }

    void read() {
        m_ws.async_read(m_in, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                self->close();
                self->m_server.remove_viewer(self->id);
                return;
            }
            const std::string text = beast::buffers_to_string(self->m_in.data());
            self->m_in.consume(self->m_in.size());
            self->on_message(text);
            self->read();
        });
    }

    void on_message(const std::string& text) {
        auto message = live::decode_message(text);
        if (!message)
            return;
        switch (message->type) {
        case live::MessageType::Resync:
            if (m_following)
                resync();
            return;
        case live::MessageType::Permit:
            if (m_role == "teacher") {
                m_server.permit_compose(message->students_compose);
                return;
            }
            refuse("permit compose=" + std::string(message->students_compose ? "on" : "off"), 0,
                   live::kRefusedReadOnly);
            return;
        case live::MessageType::Login:
            m_server.sign_in(shared_from_this(), message->address, message->password);
            return;
        case live::MessageType::Act:
            break;
        default:
            return;
        }
        if (m_role == "teacher") {
            m_server.act(shared_from_this(), message->id, message->action, "teacher");
            return;
        }
        // A student's page: composing only, only while the teacher allows it, and only from
        // the account it signed in as (the page is no way round the mail clients' passwords).
        if (!m_server.students_compose) {
            refuse(message->action, message->id, live::kRefusedReadOnly);
            return;
        }
        auto action = world::parse_action(message->action);
        if (!action || action->verb != "compose") {
            refuse(message->action, message->id, live::kRefusedComposeOnly);
            return;
        }
        if (m_account.empty()) {
            refuse(message->action, message->id, live::kRefusedSignIn);
            return;
        }
        // A verbatim message (raw=) could say any From: in its header.
        if (to_lower_ascii(action->get_or("from", "")) != to_lower_ascii(m_account) ||
            action->get("raw")) {
            refuse(message->action, message->id, live::kRefusedNotYours);
            return;
        }
        m_server.act(shared_from_this(), message->id, message->action,
                     "viewer " + m_peer + " (" + m_account + ")");
    }

public:
    // The loop thread's answer to this page's login (`account` "" = refused).
    void signed_in(const std::string& tried, const std::string& account) {
        if (m_closed)
            return;
        if (!account.empty()) {
            m_account = account;
            m_failed_sign_ins = 0;
            m_server.log("web: viewer " + m_peer + " signed in as " + account);
            send(std::make_shared<const std::string>(live::encode_login_result(true, account)));
            return;
        }
        m_account.clear();
        m_server.count(&WebStats::refused_acts);
        m_server.log("web: refused a sign-in from " + m_peer + " as " + loggable(tried) +
                     " (wrong address or password)");
        send(std::make_shared<const std::string>(
            live::encode_login_result(false, "", live::kRefusedBadLogin)));
        if (++m_failed_sign_ins >= kMaxFailedSignIns) {
            m_server.log("web: viewer " + m_peer + ": " + std::to_string(kMaxFailedSignIns) +
                         " wrong passwords; disconnected");
            close();
            m_server.remove_viewer(id);
        }
    }

private:
    // Refused, logged, and answered with the refusal's string key (the page says it in its
    // language) beside English for whoever reads the stream by hand.
    void refuse(const std::string& what, std::uint64_t id, const char* key) {
        m_server.count(&WebStats::refused_acts);
        const std::string_view k(key);
        std::string why = "no teacher token";
        if (k == live::kRefusedComposeOnly)
            why = "students may only compose";
        else if (k == live::kRefusedSignIn)
            why = "not signed in";
        else if (k == live::kRefusedNotYours)
            why = "not the account it signed in as, " + m_account;
        m_server.log("web: refused an action from " + m_peer + " (" + why + "): " + loggable(what));
        send(std::make_shared<const std::string>(
            live::encode_act_result(id, false, live::refusal_english(key), key)));
    }

    Impl& m_server;
    websocket::stream<beast::tcp_stream> m_ws;
    std::string m_role, m_peer;
    beast::flat_buffer m_in;
    std::deque<std::shared_ptr<const std::string>> m_queue;
    std::size_t m_queued_bytes = 0;
    bool m_writing = false;
    bool m_following = false; // has its snapshot: batches go to it
    std::string m_account;    // a student's page: the account it signed in as
    int m_failed_sign_ins = 0;
    std::chrono::steady_clock::time_point m_write_started;
    bool m_closed = false;
};

// One HTTP connection: files, keep-alive, until it asks for the WebSocket.
class WebServer::Impl::HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(Impl& server, tcp::socket socket) : m_server(server), m_stream(std::move(socket)) {}

    void read() {
        m_parser.emplace();
        m_parser->body_limit(8 * 1024);
        m_stream.expires_after(kHttpTimeout);
        http::async_read(m_stream, m_buffer, *m_parser,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec)
                                 return; // closed, timed out or not HTTP: nothing to answer
                             self->handle(self->m_parser->release());
                         });
    }

private:
    void handle(http::request<http::string_body> request) {
        m_server.count(&WebStats::requests);
        const std::string target(request.target());
        const std::string path = target.substr(0, target.find('?'));
        if (path == "/live" && websocket::is_upgrade(request)) {
            upgrade(std::move(request), target);
            return;
        }
        auto response = std::make_shared<http::response<http::string_body>>();
        response->version(request.version());
        response->keep_alive(request.keep_alive());
        if (request.method() != http::verb::get && request.method() != http::verb::head) {
            response->result(http::status::method_not_allowed);
            response->set(http::field::allow, "GET, HEAD");
            response->content_length(0);
        } else if (path == "/" && target.find('?') == std::string::npos) {
            // The plain address opens the app attached to this live world.
            response->result(http::status::found);
            response->set(http::field::location, "/?live=1");
            response->content_length(0);
        } else {
            const std::string accept(request[http::field::accept_encoding]);
            const std::string if_none_match(request[http::field::if_none_match]);
            const WebFiles::Reply reply =
                m_server.files.get(path, accept.find("gzip") != std::string::npos, if_none_match);
            response->result(static_cast<unsigned>(reply.status));
            for (const auto& [name, value] : reply.headers)
                response->set(name, value);
            if (reply.body && request.method() == http::verb::get)
                response->body() = *reply.body;
            response->content_length(reply.body ? reply.body->size() : 0);
        }
        http::async_write(m_stream, *response,
                          [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
                              if (ec || !response->keep_alive())
                                  return self->shut();
                              self->read();
                          });
    }

    void upgrade(http::request<http::string_body> request, const std::string& target) {
        if (m_server.viewers.size() >= m_server.options.max_viewers) {
            auto response = std::make_shared<http::response<http::string_body>>(
                http::status::service_unavailable, request.version());
            response->body() = "too many viewers\n";
            response->prepare_payload();
            http::async_write(m_stream, *response,
                              [self = shared_from_this(), response](beast::error_code,
                                                                    std::size_t) { self->shut(); });
            return;
        }
        const std::string token = query_value(target, "token");
        const bool teacher = !token.empty() && same_secret(token, m_server.options.token);
        beast::error_code ec;
        const auto remote = m_stream.socket().remote_endpoint(ec);
        const std::string peer = ec ? "?" : remote.address().to_string();
        m_stream.expires_never(); // the WebSocket keeps its own timeouts
        // The kernel's send buffer would otherwise grow to megabytes for a viewer that does
        // not read: what a viewer may have waiting is the queue's bound, kept in our hands.
        m_stream.socket().set_option(
            bnet::socket_base::send_buffer_size(static_cast<int>(
                std::min<std::size_t>(m_server.options.max_queue_bytes, kMaxSendBuffer))),
            ec);
        auto viewer = std::make_shared<Viewer>(
            m_server, websocket::stream<beast::tcp_stream>(std::move(m_stream)),
            teacher ? "teacher" : "viewer", peer);
        viewer->start(std::move(request));
    }

    void shut() {
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    Impl& m_server;
    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
};

void WebServer::Impl::accept() {
    acceptor.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
        if (!self->acceptor.is_open())
            return;
        if (!ec)
            std::make_shared<HttpSession>(*self, std::move(socket))->read();
        self->accept();
    });
}

void WebServer::Impl::arm_ticker() {
    ticker.expires_after(std::chrono::milliseconds(kBatchIntervalMs));
    ticker.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (ec || self->stopped)
            return;
        // A viewer that stopped reading is found even when no queue overflows any more.
        const auto now = std::chrono::steady_clock::now();
        std::vector<std::uint64_t> stalled;
        for (auto& [id, viewer] : self->viewers)
            if (viewer->stalled(now))
                stalled.push_back(id);
        for (const auto id : stalled) {
            self->viewers[id]->drop_stalled();
            self->remove_viewer(id);
        }
        // What the world recorded since goes out as one batch (and is folded for the next
        // snapshot even while nobody watches).
        self->publish(self->hooks.tick(self->any_following()));
        self->arm_ticker();
    });
}

void WebServer::Impl::add_viewer(std::shared_ptr<Viewer> viewer) {
    viewer->id = next_viewer++;
    viewers[viewer->id] = viewer;
    viewer_count = viewers.size();
    count(&WebStats::viewers);
    log("web: " + viewer->role() + " " + viewer->peer() + " attached (" +
        std::to_string(viewers.size()) + " watching)");
    request_snapshot(viewer);
}

void WebServer::Impl::remove_viewer(std::uint64_t id) {
    if (viewers.erase(id) == 0)
        return;
    viewer_count = viewers.size();
}

// Made on this thread, after every batch published before it and before every batch after it,
// so the viewer's stream continues exactly where its snapshot ends. Posted: a viewer falls
// behind inside a broadcast, which must finish sending its batch to the others first.
// Everyone who asks before the posted task runs gets the same snapshot: a broadcast of a big
// batch leaves many viewers behind at once, and each made its own after a tick of its own, the
// view encoded again for each one (the base had moved): thirty times in a burst, on a thread
// that was short of CPU already.
void WebServer::Impl::request_snapshot(const std::shared_ptr<Viewer>& viewer) {
    wanting_snapshot.push_back(viewer);
    if (wanting_snapshot.size() > 1)
        return; // the task is on its way
    bnet::post(io, [self = shared_from_this()] {
        std::vector<std::weak_ptr<Viewer>> wanting;
        wanting.swap(self->wanting_snapshot);
        if (self->stopped)
            return;
        self->publish(self->hooks.tick(self->any_following()));
        std::map<std::string, std::shared_ptr<const std::string>> made; // by role
        for (const auto& target : wanting) {
            auto v = target.lock();
            if (!v)
                continue;
            auto& snapshot = made[v->role()];
            if (!snapshot)
                snapshot = std::make_shared<const std::string>(self->hooks.snapshot(v->role()));
            v->deliver_snapshot(snapshot);
        }
    });
}

bool WebServer::Impl::any_following() const {
    for (const auto& [id, viewer] : viewers)
        if (viewer->following())
            return true;
    return false;
}

void WebServer::Impl::permit_compose(bool allow) {
    if (students_compose == allow)
        return;
    students_compose = allow;
    log(std::string("web: teacher: students may ") + (allow ? "compose" : "not compose"));
    broadcast(std::make_shared<const std::string>(live::encode_permissions(allow)));
}

void WebServer::Impl::sign_in(const std::shared_ptr<Viewer>& viewer, std::string address,
                              std::string password) {
    std::weak_ptr<Impl> weak = weak_from_this();
    std::weak_ptr<Viewer> target = viewer;
    hooks.post([weak, target, address = std::move(address), password = std::move(password)] {
        auto self = weak.lock();
        if (!self || self->stopped)
            return;
        std::string account = self->hooks.sign_in ? self->hooks.sign_in(address, password) : "";
        bnet::post(self->io, [target, address, account = std::move(account)] {
            if (auto v = target.lock())
                v->signed_in(address, account);
        });
    });
}

void WebServer::Impl::broadcast(const std::shared_ptr<const std::string>& message) {
    // Copied first: a viewer dropped while sending leaves the map.
    std::vector<std::shared_ptr<Viewer>> following;
    for (auto& [id, viewer] : viewers)
        if (viewer->following())
            following.push_back(viewer);
    for (auto& viewer : following)
        viewer->send(message);
}

void WebServer::Impl::publish(const LiveTick& tick) {
    if (tick.batch)
        broadcast(tick.batch);
    if (!tick.resync)
        return;
    std::vector<std::shared_ptr<Viewer>> following;
    for (auto& [id, viewer] : viewers)
        if (viewer->following())
            following.push_back(viewer);
    for (auto& viewer : following) {
        count(&WebStats::resyncs);
        viewer->resync();
    }
}

void WebServer::Impl::act(const std::shared_ptr<Viewer>& viewer, std::uint64_t id,
                          std::string action, std::string who) {
    std::weak_ptr<Impl> weak = weak_from_this();
    std::weak_ptr<Viewer> target = viewer;
    hooks.post([weak, target, id, action = std::move(action), who = std::move(who)] {
        auto self = weak.lock();
        if (!self || self->stopped)
            return;
        const std::string error = self->hooks.act(action);
        self->hooks.log("web: " + who + ": " + loggable(action) +
                        (error.empty() ? "" : " -> " + loggable(error)));
        auto result =
            std::make_shared<const std::string>(live::encode_act_result(id, error.empty(), error));
        bnet::post(self->io, [target, result] {
            if (auto v = target.lock())
                v->send(result);
        });
    });
}

WebServer::WebServer(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Result<std::unique_ptr<WebServer>> WebServer::start(const WebServerOptions& options,
                                                    WebHooks hooks) {
    auto impl = std::make_shared<Impl>();
    impl->options = options;
    impl->hooks = std::move(hooks);
    impl->files.set_root(options.web_dir);
    if (auto status = impl->files.check(); !status)
        return status.error();
    beast::error_code ec;
    const auto address = bnet::ip::make_address(options.listen, ec);
    if (ec)
        return Error{"--listen: not an IP address: " + options.listen};
    const tcp::endpoint endpoint(address, static_cast<std::uint16_t>(options.port));
    impl->acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        impl->acceptor.set_option(bnet::socket_base::reuse_address(true), ec);
    if (!ec)
        impl->acceptor.bind(endpoint, ec);
    if (!ec)
        impl->acceptor.listen(bnet::socket_base::max_listen_connections, ec);
    if (ec)
        return Error{"web port " + std::to_string(options.port) + ": " + ec.message()};
    impl->bound_port = impl->acceptor.local_endpoint().port();
    impl->accept();
    impl->arm_ticker();
    impl->thread = std::thread([raw = impl.get()] {
        // Behind the serve loop when the machine is short of CPU (nice +10, this thread only:
        // Linux keeps a nice value per thread): the mail clients are answered first and the
        // viewers catch up in bigger batches, never the other way round. Where CPU is to
        // spare, as it mostly is, this changes nothing.
        (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kWebThreadNice);
        raw->io.run();
    });
    return std::unique_ptr<WebServer>(new WebServer(std::move(impl)));
}

WebServer::~WebServer() {
    bnet::post(m_impl->io, [impl = m_impl] {
        beast::error_code ignored;
        impl->acceptor.close(ignored);
        impl->ticker.cancel();
        for (auto& [id, viewer] : impl->viewers)
            viewer->close();
        impl->viewers.clear();
        impl->io.stop();
    });
    if (m_impl->thread.joinable())
        m_impl->thread.join();
    m_impl->stopped = true;
    // Handlers still queued hold the Impl (and it holds them): run them out, on a closed server.
    m_impl->io.restart();
    m_impl->io.poll();
}

std::uint16_t WebServer::port() const {
    return m_impl->bound_port;
}

std::size_t WebServer::viewer_count() const {
    return m_impl->viewer_count;
}

WebStats WebServer::stats() const {
    std::lock_guard lock(m_impl->stats_mutex);
    return m_impl->stats;
}

} // namespace mailsim::serve
