#include "user_agent.h"

#include "sim/agents/agent_context.h"
#include "sim/agents/engine_connection.h"
#include "sim/agents/http_exchange.h"
#include "sim/agents/message_util.h"
#include "sim/agents/mta.h"
#include "sim/agents/smtp_submission.h"
#include "sim/mail/address.h"
#include "sim/mail/builder.h"
#include "sim/mail/content_type.h"
#include "sim/mail/message.h"
#include "sim/proto/http/http_message.h"
#include "sim/proto/imap/imap_client.h"
#include "sim/proto/imap/imap_mutf7.h"

#include <algorithm>

namespace mailsim::agents {

using trace::Event;
using trace::EventKind;

namespace {

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string::npos)
            comma = text.size();
        const std::string item(trim_ascii(std::string_view(text).substr(start, comma - start)));
        if (!item.empty())
            out.push_back(item);
        start = comma + 1;
    }
    return out;
}

Result<mail::Mailbox> mailbox_of(const std::string& text) {
    auto parsed = mail::parse_mailbox(text);
    if (!parsed.ok())
        return make_error("'" + text + "' is not an address: " + parsed.error().message);
    return parsed.value();
}

} // namespace

// POP3: one session from a device, download-and-delete or download-and-keep.
class Pop3Retrieval : public ClientSession,
                      public EngineConnection<Pop3Retrieval, pop3::Pop3Client> {
public:
    Pop3Retrieval(UserAgent& ua, AgentContext& context, net::HostId from, net::HostId to,
                  pop3::ClientConfig config, std::string device)
        : EngineConnection(context.network(), net::Side::Client), m_ua(ua), m_context(context),
          m_device(std::move(device)) {
        start_engine(std::move(config));
        connect(context, from, to, 110, trace::Proto::Pop3);
    }
    bool finished() const override { return EngineConnection::finished(); }

private:
    friend EngineConnection;
    void react(pop3::ClientEvent& event) {
        if (auto* got = std::get_if<pop3::MessageRetrieved>(&event)) {
            m_ua.m_downloaded[m_device].push_back(got->content);
        } else if (auto* done = std::get_if<pop3::SessionFinished>(&event)) {
            m_ua.m_seen_uids[m_device] = engine().seen_uids();
            if (done->result != pop3::SessionResult::Completed) {
                m_context.record(trace::fault({.host = m_device,
                                               .proto = trace::Proto::Pop3,
                                               .cause = "retrieval failed: " + done->detail}));
            }
        }
    }

    UserAgent& m_ua;
    AgentContext& m_context;
    std::string m_device;
};

// IMAP: log in, open a folder, read every message there (BODY[] sets \Seen on the server,
// which is the point: the state stays on the server for every device), optionally move them
// to another folder, log out.
class ImapReading : public ClientSession, public EngineConnection<ImapReading, imap::ImapClient> {
public:
    ImapReading(UserAgent& ua, AgentContext& context, net::HostId from, net::HostId to,
                std::string login, std::string password, std::string folder, std::string move_to,
                std::string device)
        : EngineConnection(context.network(), net::Side::Client), m_ua(ua),
          m_device(std::move(device)), m_folder(std::move(folder)), m_move_to(std::move(move_to)) {
        imap::ImapClient& client = start_engine();
        client.login(login, password);
        client.select(m_folder);
        connect(context, from, to, 143, trace::Proto::Imap);
    }
    bool finished() const override { return EngineConnection::finished(); }

private:
    friend EngineConnection;
    void react(imap::ClientEvent& event) {
        auto* done = std::get_if<imap::CommandCompleted>(&event);
        if (!done)
            return;
        imap::ImapClient& client = engine();
        const bool ok = done->status == imap::ResponseStatus::Ok;
        if (done->command == "LOGIN" && !ok) {
            client.logout();
        } else if (done->command == "SELECT") {
            const auto exists = client.mailbox().exists;
            if (ok && exists > 0) {
                client.fetch_body(imap::SequenceSet::range(1, exists));
                if (!m_move_to.empty())
                    client.copy(imap::SequenceSet::range(1, exists), m_move_to);
            }
            client.logout();
        } else if (done->command == "FETCH") {
            for (const auto& message : done->messages)
                if (const imap::Value* body = message.item("BODY[]"))
                    m_ua.m_downloaded[m_device].push_back(body->text);
        }
    }

    UserAgent& m_ua;
    std::string m_device, m_folder, m_move_to;
};

UserAgent::UserAgent(AgentContext& context, const UaSpec& spec)
    : m_context(context), m_spec(spec) {}

UserAgent::~UserAgent() = default;

Result<Bytes> UserAgent::build_message(const ActionArguments& a, std::string& msg_id,
                                       std::vector<std::string>& rcpts) {
    const std::string from = a.get_or("from", m_spec.address);
    for (const char* field : {"to", "cc", "bcc"})
        for (const auto& r : split_list(a.get_or(field, "")))
            rcpts.push_back(bare_address(r));
    if (rcpts.empty())
        return make_error("compose needs at least one recipient (to=, cc= or bcc=)");
    if (auto* raw = a.get("raw")) {
        // A message given verbatim (the lecture's dialogue sends two bare lines).
        Bytes data = mail::to_crlf(*raw);
        if (data.size() < 2 || data.substr(data.size() - 2) != "\r\n")
            data += "\r\n";
        msg_id = tracking_id(data);
        return data;
    }
    mail::MessageBuilder builder;
    auto sender = mailbox_of(from);
    if (!sender.ok())
        return sender.error();
    builder.from(*sender);
    for (const auto& to : split_list(a.get_or("to", ""))) {
        auto m = mailbox_of(to);
        if (!m.ok())
            return m.error();
        builder.to(*m);
    }
    for (const auto& cc : split_list(a.get_or("cc", ""))) {
        auto m = mailbox_of(cc);
        if (!m.ok())
            return m.error();
        builder.cc(*m);
    }
    builder.subject(a.get_or("subject", ""));
    builder.date(kEpochUnixSeconds + m_context.now() / kSecond, 0);
    msg_id = m_context.next_message_id(domain_of(from).empty() ? m_spec.host : domain_of(from));
    builder.message_id(msg_id);
    mail::EncodingChoice encoding = mail::EncodingChoice::Auto;
    const std::string enc = to_lower_ascii(a.get_or("encoding", "auto"));
    if (enc == "base64")
        encoding = mail::EncodingChoice::Base64;
    else if (enc == "quoted-printable" || enc == "qp")
        encoding = mail::EncodingChoice::QuotedPrintable;
    else if (enc == "7bit")
        encoding = mail::EncodingChoice::SevenBit;
    else if (enc == "8bit")
        encoding = mail::EncodingChoice::EightBit;
    else if (enc != "auto")
        return make_error("encoding must be auto, 7bit, 8bit, quoted-printable or base64");
    builder.text(a.get_or("body", ""), encoding);
    for (const auto& name : split_list(a.get_or("attach", ""))) {
        const auto& all = builtin_attachments();
        auto it = std::find_if(all.begin(), all.end(),
                               [&](const BuiltinAttachment& b) { return b.name == name; });
        if (it == all.end())
            return make_error("no built-in attachment '" + name + "'");
        mail::Attachment attachment;
        attachment.filename = it->name;
        attachment.content_type = mail::parse_content_type(it->mime_type);
        attachment.data = it->data;
        builder.attach(std::move(attachment));
    }
    auto message = builder.build();
    if (!message.ok())
        return message.error();
    return mail::serialize(*message);
}

Status UserAgent::compose(const ActionArguments& a) {
    std::string msg_id;
    std::vector<std::string> rcpts;
    auto data = build_message(a, msg_id, rcpts);
    if (!data.ok())
        return data.error();
    const std::string from = bare_address(a.get_or("from", m_spec.address));
    std::string rcpt_list;
    for (const auto& r : rcpts)
        rcpt_list += (rcpt_list.empty() ? "" : ",") + r;
    m_context.record(trace::compose({.host = m_spec.host,
                                     .from = from,
                                     .msg_id = msg_id,
                                     .rcpts = std::move(rcpt_list),
                                     .subject = a.get_or("subject", ""),
                                     .size = static_cast<std::int64_t>(data->size())}));

    auto& net = m_context.network();
    auto self = net.find_host(m_spec.host);
    auto server = net.find_host(m_spec.server);
    if (!self || !server)
        return make_error("the user agent of " + m_spec.address + " has no mail server");
    if (!m_spec.webmail.empty()) {
        // A browser: the form goes to the webmail host over HTTP; that host pushes it on.
        auto webmail = net.find_host(m_spec.webmail);
        std::map<std::string, std::string> form = {
            {"from", from}, {"subject", a.get_or("subject", "")}, {"body", a.get_or("body", "")}};
        std::string to;
        for (const auto& r : rcpts)
            to += (to.empty() ? "" : ",") + r;
        form["to"] = to;
        m_sessions.push_back(std::make_unique<HttpExchange>(m_context, *self, *webmail, "POST",
                                                            "/send", http::form_encode(form)));
        return Ok{};
    }
    if (m_spec.submit == Submission::Direct) {
        Mta* mta = m_context.mta(m_spec.server);
        if (!mta)
            return make_error(m_spec.server + " runs no MTA");
        const SimTime delay =
            net.datagram_delay(*self, *server, data->size()).value_or(kMillisecond);
        m_context.sim().schedule_in(delay, [mta, from, rcpts, data = std::move(*data), this] {
            mta->submit(from, rcpts, data, "submitted by the user agent on " + m_spec.host);
        });
        return Ok{};
    }
    drop_finished(m_sessions);
    m_sessions.push_back(start_smtp_submission(
        m_context, *self, *server, m_spec.submit_port,
        smtp::OutgoingMessage{from, rcpts, std::move(*data), smtp::DeliveryMode::Mailbox}, msg_id));
    return Ok{};
}

Status UserAgent::retrieve(const ActionArguments& a) {
    const std::string proto = to_lower_ascii(a.get_or("proto", "pop3"));
    const std::string device = to_lower_ascii(a.get_or("device", m_spec.host));
    auto& net = m_context.network();
    auto from = net.find_host(device);
    auto server = net.find_host(a.get_or("server", m_spec.server));
    if (!from || !server)
        return make_error("retrieve: unknown device or server host");
    const UserSpec* user = m_context.user(m_spec.address);
    if (!user)
        return make_error("retrieve: " + m_spec.address + " has no mailbox in this scenario");
    drop_finished(m_sessions);
    if (proto == "http") {
        const std::string webmail = a.get_or("webmail", m_spec.webmail);
        auto host = net.find_host(webmail);
        if (!host)
            return make_error("retrieve proto=http needs a webmail host");
        m_sessions.push_back(std::make_unique<HttpExchange>(
            m_context, *from, *host, "GET",
            "/inbox?" + http::form_encode({{"user", m_spec.address}}), ""));
        return Ok{};
    }
    if (proto == "imap") {
        m_sessions.push_back(std::make_unique<ImapReading>(
            *this, m_context, *from, *server, user->login, a.get_or("password", user->password),
            imap::mailbox_name_from_text(a.get_or("folder", "INBOX")),
            imap::mailbox_name_from_text(a.get_or("move_to", "")), device));
        return Ok{};
    }
    if (proto != "pop3")
        return make_error("retrieve: proto must be pop3 or imap");
    pop3::ClientConfig config;
    config.user = user->login;
    config.password = a.get_or("password", user->password);
    config.mode = to_lower_ascii(a.get_or("mode", "keep")) == "delete"
                      ? pop3::RetrievalMode::DownloadAndDelete
                      : pop3::RetrievalMode::DownloadAndKeep;
    config.style = m_context.style() == TextStyle::Classic ? pop3::TextStyle::Classic
                                                           : pop3::TextStyle::Modern;
    config.seen_uids = m_seen_uids[device];
    m_sessions.push_back(
        std::make_unique<Pop3Retrieval>(*this, m_context, *from, *server, config, device));
    return Ok{};
}

} // namespace mailsim::agents
