#include "webmail.h"

#include "sim/agents/agent_context.h"
#include "sim/agents/message_util.h"
#include "sim/core/hex.h"
#include "sim/mail/address.h"
#include "sim/mail/builder.h"
#include "sim/mail/message.h"
#include "sim/store/store.h"

#include <algorithm>

namespace mailsim::agents {

using world::Event;
using world::EventKind;

std::map<std::string, std::string> parse_form(std::string_view text) {
    std::map<std::string, std::string> out;
    auto decode = [](std::string_view in) {
        std::string s;
        for (std::size_t i = 0; i < in.size(); ++i) {
            if (in[i] == '+') {
                s += ' ';
            } else if (in[i] == '%' && i + 2 < in.size()) {
                const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
                if (hi < 0 || lo < 0) {
                    s += '%';
                    continue;
                }
                s += static_cast<char>(hi * 16 + lo);
                i += 2;
            } else {
                s += in[i];
            }
        }
        return s;
    };
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t amp = text.find('&', start);
        if (amp == std::string_view::npos)
            amp = text.size();
        const std::string_view pair = text.substr(start, amp - start);
        const std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos)
            out[decode(pair.substr(0, eq))] = decode(pair.substr(eq + 1));
        else if (!pair.empty())
            out[decode(pair)] = "";
        start = amp + 1;
    }
    return out;
}

std::string form_encode(const std::map<std::string, std::string>& fields) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty())
            out += '&';
        for (const std::string* part : {&name, &value}) {
            for (unsigned char c : *part) {
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == '@')
                    out += static_cast<char>(c);
                else if (c == ' ')
                    out += '+';
                else {
                    out += '%';
                    out += kHex[c >> 4];
                    out += kHex[c & 15];
                }
            }
            if (part == &name)
                out += '=';
        }
    }
    return out;
}

std::optional<HttpMessage> take_http_message(Bytes& buffer) {
    const std::size_t end = buffer.find("\r\n\r\n");
    if (end == Bytes::npos) {
        if (buffer.size() > 64 * 1024) { // a head that never ends: refuse, do not buffer on
            buffer.clear();
            return HttpMessage{};
        }
        return std::nullopt;
    }
    HttpMessage message;
    std::size_t pos = 0;
    bool first = true;
    std::size_t length = 0;
    while (pos < end) {
        std::size_t eol = buffer.find("\r\n", pos);
        const std::string line = buffer.substr(pos, eol - pos);
        pos = eol + 2;
        if (first) {
            message.start_line = line;
            first = false;
            continue;
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        std::string name = line.substr(0, colon);
        std::string value(trim_ascii(std::string_view(line).substr(colon + 1)));
        if (equals_ci(name, "Content-Length")) {
            length = 0;
            for (char c : value) {
                if (c < '0' || c > '9' || length > 10 * 1024 * 1024)
                    break;
                length = length * 10 + static_cast<std::size_t>(c - '0');
            }
        }
        message.headers.emplace_back(std::move(name), std::move(value));
    }
    if (buffer.size() < end + 4 + length)
        return std::nullopt;
    message.body = buffer.substr(end + 4, length);
    buffer.erase(0, end + 4 + length);
    return message;
}

// One browser connection to the webmail host.
class WebmailSession : public net::TcpHandler {
public:
    WebmailSession(Webmail& webmail, AgentContext& context, world::ConnId id)
        : m_webmail(webmail), m_context(context), m_id(id) {
        if (const auto* c = context.network().connection(id))
            m_client = context.network().host(c->host[0]).name;
    }
    bool finished() const { return m_finished; }
    world::ConnId id() const { return m_id; }

    void on_data(world::ConnId, ByteView bytes) override {
        m_buffer.append(bytes);
        while (auto request = take_http_message(m_buffer)) {
            if (request->start_line.empty())
                send(Webmail::Response{400, "Bad Request", "text/plain", "bad request\r\n"});
            else
                m_webmail.handle(m_id, *request);
        }
    }
    void send(const Webmail::Response& response) {
        if (m_finished)
            return;
        {
            const std::string status_line =
                "HTTP/1.1 " + std::to_string(response.status) + " " + response.reason;
            Bytes wire = status_line + "\r\nContent-Type: " + response.content_type +
                         "\r\nContent-Length: " + std::to_string(response.body.size()) +
                         "\r\n\r\n" + response.body;
            Event e;
            e.kind = EventKind::HttpResponse;
            e.host = m_webmail.host_name();
            e.peer = m_client;
            e.conn = m_id;
            e.proto = world::Proto::Http;
            e.dir = world::Direction::S2C;
            e.code = response.status;
            e.text = status_line;
            e.number = static_cast<std::int64_t>(response.body.size());
            e.key = "http.status." + std::to_string(response.status);
            m_context.record(std::move(e));
            m_context.network().send(m_id, net::Side::Server, wire);
        }
    }
    void on_peer_fin(world::ConnId) override { m_context.network().close(m_id, net::Side::Server); }
    void on_closed(world::ConnId, net::CloseReason) override { m_finished = true; }

private:
    Webmail& m_webmail;
    AgentContext& m_context;
    world::ConnId m_id;
    std::string m_client;
    Bytes m_buffer;
    bool m_finished = false;
};

Webmail::Webmail(AgentContext& context, const HostSpec& spec)
    : m_context(context), m_host(spec.name) {
    auto host = *context.network().find_host(spec.name);
    context.network().listen(host, 80, [this](world::ConnId id) -> net::TcpHandler* {
        m_sessions.erase(std::remove_if(m_sessions.begin(), m_sessions.end(),
                                        [](const auto& s) { return s->finished(); }),
                         m_sessions.end());
        m_sessions.push_back(std::make_unique<WebmailSession>(*this, m_context, id));
        return m_sessions.back().get();
    });
}

Webmail::~Webmail() {
    for (auto& s : m_sessions)
        m_context.network().detach(s->id(), net::Side::Server);
}

void Webmail::respond(world::ConnId conn, const Response& response) {
    for (auto& s : m_sessions)
        if (s->id() == conn)
            s->send(response);
}

void Webmail::handle(world::ConnId conn, const HttpMessage& request) {
    Response response = handle_now(conn, request);
    if (response.status != 0)
        respond(conn, response);
}

Webmail::Response Webmail::handle_now(world::ConnId conn, const HttpMessage& request) {
    Response response;
    const std::string& line = request.start_line;
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = line.find(' ', sp1 == std::string::npos ? 0 : sp1 + 1);
    if (sp1 == std::string::npos || sp2 == std::string::npos)
        return Response{400, "Bad Request", "text/plain", "bad request line\r\n"};
    const std::string method = line.substr(0, sp1);
    std::string target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string query;
    if (auto q = target.find('?'); q != std::string::npos) {
        query = target.substr(q + 1);
        target = target.substr(0, q);
    }
    if (method == "GET" && target == "/inbox") {
        const auto form = parse_form(query);
        const auto user_it = form.find("user");
        const UserSpec* user = user_it == form.end() ? nullptr : m_context.user(user_it->second);
        store::Store* store = user ? m_context.store_of(user->host) : nullptr;
        const store::Mailbox* box = store ? store->mailbox(user->login) : nullptr;
        if (!box)
            return Response{404, "Not Found", "text/plain", "no such mailbox\r\n"};
        // A plain list the browser shows: one message per line.
        for (const auto& m : box->inbox().messages()) {
            response.body += std::to_string(m.uid) + "\t" + header_value(m.bytes(), "From") + "\t" +
                             header_value(m.bytes(), "Subject") + "\r\n";
        }
        return response;
    }
    if (method == "POST" && target == "/send") {
        const auto form = parse_form(request.body);
        auto get = [&](const char* name) {
            auto it = form.find(name);
            return it == form.end() ? std::string() : it->second;
        };
        const UserSpec* user = m_context.user(get("from"));
        if (!user)
            return Response{403, "Forbidden", "text/plain", "unknown user\r\n"};
        auto from = mail::parse_mailbox(user->address);
        std::vector<std::string> rcpts;
        mail::MessageBuilder builder;
        builder.from(*from);
        std::string to = get("to");
        std::size_t start = 0;
        while (start < to.size()) {
            std::size_t comma = to.find(',', start);
            if (comma == std::string::npos)
                comma = to.size();
            const std::string address(
                trim_ascii(std::string_view(to).substr(start, comma - start)));
            start = comma + 1;
            auto m = mail::parse_mailbox(address);
            if (!m.ok())
                return Response{400, "Bad Request", "text/plain", "bad address\r\n"};
            builder.to(*m);
            rcpts.push_back(bare_address(address));
        }
        if (rcpts.empty())
            return Response{400, "Bad Request", "text/plain", "no recipient\r\n"};
        const std::string msg_id = m_context.next_message_id(m_host);
        builder.subject(get("subject"))
            .date(kEpochUnixSeconds + m_context.now() / kSecond, 0)
            .message_id(msg_id)
            .header("X-Mailer", "mailsim webmail on " + m_host)
            .text(get("body"));
        auto message = builder.build();
        if (!message.ok())
            return Response{400, "Bad Request", "text/plain", message.error().message + "\r\n"};
        // The push: this host opens an SMTP connection to the user's mail server.
        auto self = m_context.network().find_host(m_host);
        auto server = m_context.network().find_host(user->host);
        m_pushes.erase(std::remove_if(m_pushes.begin(), m_pushes.end(),
                                      [](const auto& p) { return p->finished(); }),
                       m_pushes.end());
        m_pushes.push_back(start_smtp_submission(
            m_context, *self, *server, 25,
            smtp::OutgoingMessage{user->address, rcpts, mail::serialize(*message),
                                  smtp::DeliveryMode::Mailbox},
            msg_id, [this, conn, msg_id](bool accepted, const std::string& detail) {
                if (accepted)
                    respond(conn, Response{200, "OK", "text/plain; charset=utf-8",
                                           "Message " + msg_id + " sent\r\n"});
                else
                    respond(conn, Response{502, "Bad Gateway", "text/plain; charset=utf-8",
                                           "Your mail server refused it: " + detail + "\r\n"});
            }));
        response.status = 0; // answered when the push has its answer
        return response;
    }
    return Response{404, "Not Found", "text/plain", "not found\r\n"};
}

HttpExchange::HttpExchange(AgentContext& context, net::HostId from, net::HostId to,
                           std::string method, std::string target, std::string body)
    : m_context(context), m_client(context.network().host(from).name),
      m_server(context.network().host(to).name) {
    m_request_line = method + " " + target + " HTTP/1.1";
    m_request = m_request_line + "\r\nHost: " + m_server + "\r\nUser-Agent: mailsim-browser\r\n";
    if (method == "POST")
        m_request += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n";
    m_request += "\r\n" + body;
    m_conn = context.network().connect(from, to, 80, world::Proto::Http, this);
}

HttpExchange::~HttpExchange() {
    m_context.network().detach(m_conn, net::Side::Client);
}

void HttpExchange::on_established(world::ConnId) {
    Event e;
    e.kind = EventKind::HttpRequest;
    e.host = m_client;
    e.peer = m_server;
    e.conn = m_conn;
    e.proto = world::Proto::Http;
    e.dir = world::Direction::C2S;
    e.verb = m_request_line.substr(0, m_request_line.find(' '));
    e.text = m_request_line;
    e.number = static_cast<std::int64_t>(m_request.size());
    e.key = "http.method." + e.verb;
    m_context.record(std::move(e));
    m_context.network().send(m_conn, net::Side::Client, m_request);
}

void HttpExchange::on_data(world::ConnId, ByteView bytes) {
    m_buffer.append(bytes);
    if (auto response = take_http_message(m_buffer); response && !m_done) {
        m_done = true;
        m_response_body = response->body;
        m_context.network().close(m_conn, net::Side::Client);
    }
}

void HttpExchange::on_peer_fin(world::ConnId id) {
    m_context.network().close(id, net::Side::Client);
}

} // namespace mailsim::agents
