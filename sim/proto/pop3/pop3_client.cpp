#include "sim/proto/pop3/pop3_client.h"

#include "sim/core/md5.h"

#include <utility>

namespace mailsim::pop3 {

namespace {

// "12 some-id" -> (12, "some-id"); nullopt when the line is not of that form.
std::optional<std::pair<std::size_t, std::string>> number_and_word(std::string_view line) {
    const std::size_t space = line.find(' ');
    if (space == 0 || space == std::string_view::npos || space > 9)
        return std::nullopt;
    std::size_t number = 0;
    for (char c : line.substr(0, space)) {
        if (c < '0' || c > '9')
            return std::nullopt;
        number = number * 10 + static_cast<std::size_t>(c - '0');
    }
    std::string_view rest = trim_ascii(line.substr(space + 1));
    const std::size_t end = rest.find(' ');
    if (end != std::string_view::npos)
        rest = rest.substr(0, end);
    if (number == 0 || rest.empty())
        return std::nullopt;
    return std::pair{number, std::string(rest)};
}

// The explanation key of a reply as the client sees it. A -ERR carries no reason the client
// can rely on, except the RFC 2449/3206 response codes.
std::string reply_key(ReplyStatus status, Command command, std::string_view line) {
    if (status == ReplyStatus::Ok)
        return "pop3.ok." + std::string(command_name(command));
    if (line.find("[IN-USE]") != std::string_view::npos)
        return "pop3.err.in_use";
    if (line.find("[AUTH]") != std::string_view::npos)
        return "pop3.err.auth";
    return "pop3.err.generic";
}

} // namespace

Pop3Client::Pop3Client(ClientConfig config)
    : EngineShell(config.max_line_length, BareLineFeed::AcceptAsLineEnd),
      m_config(std::move(config)), m_seen(m_config.seen_uids) {}

void Pop3Client::handle_eof() {
    // Closed before QUIT was answered: the server deleted nothing.
    finish(SessionResult::ConnectionLost, "connection closed by the server");
}

bool Pop3Client::expects_multiline() const {
    switch (m_step) {
    case Step::Capa:
    case Step::Uidl:
    case Step::List:
    case Step::Retr:
        return true;
    default:
        return false;
    }
}

void Pop3Client::process_line(const Line& line) {
    if (m_collecting) {
        if (line.text == ".") {
            m_collecting = false;
            on_reply(std::exchange(m_reply, Reply{}));
            return;
        }
        m_reply.body.emplace_back(unstuff(line.text));
        return;
    }
    const std::string_view text = line.text;
    const bool ok = text == "+OK" || text.starts_with("+OK ");
    const bool error = text == "-ERR" || text.starts_with("-ERR ");
    if (!ok && !error) {
        push(ProtocolViolation{"reply is neither +OK nor -ERR: " + line.text,
                               "pop3.violation.bad_reply"});
        finish(SessionResult::ProtocolError, line.text);
        return;
    }
    m_reply = Reply{ok ? ReplyStatus::Ok : ReplyStatus::Err, line.text, {}};
    if (ok && expects_multiline()) {
        m_collecting = true;
        return;
    }
    on_reply(std::exchange(m_reply, Reply{}));
}

void Pop3Client::send(Command command, Step step, std::string_view argument) {
    std::string name(command_name(command));
    if (m_config.style == TextStyle::Classic)
        name = to_lower_ascii(name);
    std::string line = argument.empty() ? name : name + " " + std::string(argument);
    output() += line;
    output() += kCrlf;
    push(CommandSent{command, std::move(line), std::string(command_key(command))});
    m_step = step;
}

void Pop3Client::on_reply(Reply reply) {
    static constexpr Command kCommandOf[] = {Command::Unknown, Command::Capa,   Command::User,
                                             Command::Pass,    Command::Apop,   Command::Uidl,
                                             Command::List,    Command::Retr,   Command::Dele,
                                             Command::Quit,    Command::Unknown};
    const Command command = kCommandOf[static_cast<int>(m_step)];
    const bool ok = reply.status == ReplyStatus::Ok;
    push(ReplyReceived{reply.status, reply.status_line, reply.body,
                       m_step == Step::Greeting
                           ? std::string("pop3.ok.greeting")
                           : reply_key(reply.status, command, reply.status_line)});
    switch (m_step) {
    case Step::Greeting: {
        if (!ok)
            return finish(SessionResult::ServerRefused, reply.status_line);
        const std::size_t open = reply.status_line.find('<');
        const std::size_t close = reply.status_line.find('>', open);
        if (open != std::string::npos && close != std::string::npos)
            m_timestamp = reply.status_line.substr(open, close - open + 1);
        if (m_config.style == TextStyle::Modern)
            return send(Command::Capa, Step::Capa);
        return start_auth();
    }
    case Step::Capa:
        if (ok)
            m_capabilities = reply.body;
        return start_auth();
    case Step::User:
        if (!ok) {
            m_failure_detail = reply.status_line;
            return quit(SessionResult::AuthFailed);
        }
        return send(Command::Pass, Step::Pass, m_config.password);
    case Step::Pass:
    case Step::Apop:
        if (!ok) {
            m_failure_detail = reply.status_line;
            const bool in_use = reply.status_line.find("[IN-USE]") != std::string::npos;
            return quit(in_use ? SessionResult::MaildropLocked : SessionResult::AuthFailed);
        }
        m_server_state = State::Transaction;
        push(StateChanged{State::Authorization, State::Transaction,
                          std::string(state_key(State::Transaction))});
        return after_login();
    case Step::Uidl:
        if (ok) {
            m_have_uids = true;
            for (const auto& line : reply.body)
                if (auto entry = number_and_word(line))
                    m_uids[entry->first] = entry->second;
        }
        return send(Command::List, Step::List);
    case Step::List:
        if (!ok) {
            m_failure_detail = reply.status_line;
            return quit(SessionResult::ServerRefused);
        }
        for (const auto& line : reply.body) {
            auto entry = number_and_word(line);
            if (!entry)
                continue;
            auto uid = m_uids.find(entry->first);
            const bool known = uid != m_uids.end() && m_seen.count(uid->second);
            if (m_config.mode == RetrievalMode::DownloadAndKeep && known)
                continue; // downloaded by this device before: UIDL says it is not new
            m_to_fetch.push_back(entry->first);
        }
        return fetch_next();
    case Step::Retr:
        if (ok) {
            MessageRetrieved message;
            message.number = m_current;
            if (auto uid = m_uids.find(m_current); uid != m_uids.end())
                message.uid = uid->second;
            for (const auto& line : reply.body) {
                message.content += line;
                message.content += kCrlf;
            }
            ++m_retrieved;
            if (m_config.mode == RetrievalMode::DownloadAndKeep && !message.uid.empty())
                m_seen.insert(message.uid);
            push(std::move(message));
            if (m_config.mode == RetrievalMode::DownloadAndDelete)
                return send(Command::Dele, Step::Dele, std::to_string(m_current));
        }
        return fetch_next();
    case Step::Dele:
        if (ok)
            ++m_deleted;
        return fetch_next();
    case Step::Quit:
        if (m_failure)
            return finish(*m_failure, m_failure_detail);
        if (!ok)
            return finish(SessionResult::UpdateFailed, reply.status_line);
        if (m_have_uids && m_config.mode == RetrievalMode::DownloadAndKeep) {
            // Forget ids of messages that are gone from the server: the set stays small.
            std::set<std::string> present;
            for (const auto& [number, uid] : m_uids)
                present.insert(uid);
            std::erase_if(m_seen, [&](const std::string& uid) { return !present.count(uid); });
        }
        return finish(SessionResult::Completed, reply.status_line);
    case Step::Done:
        return;
    }
}

void Pop3Client::start_auth() {
    if (m_config.auth == AuthMethod::Apop) {
        if (m_timestamp.empty()) {
            m_failure_detail = "the greeting offers no APOP timestamp";
            return quit(SessionResult::AuthFailed);
        }
        return send(Command::Apop, Step::Apop,
                    m_config.user + " " + Md5::hex(m_timestamp + m_config.password));
    }
    send(Command::User, Step::User, m_config.user);
}

void Pop3Client::after_login() {
    const bool want_uids =
        m_config.mode == RetrievalMode::DownloadAndKeep || m_config.style == TextStyle::Modern;
    if (want_uids)
        return send(Command::Uidl, Step::Uidl);
    send(Command::List, Step::List);
}

void Pop3Client::fetch_next() {
    if (m_to_fetch.empty())
        return quit(std::nullopt);
    m_current = m_to_fetch.front();
    m_to_fetch.pop_front();
    send(Command::Retr, Step::Retr, std::to_string(m_current));
}

void Pop3Client::quit(std::optional<SessionResult> failure) {
    m_failure = failure;
    send(Command::Quit, Step::Quit);
}

void Pop3Client::finish(SessionResult result, std::string detail) {
    SessionFinished done;
    done.result = result;
    done.retrieved = m_retrieved;
    done.deleted = result == SessionResult::Completed ? m_deleted : 0;
    done.detail = std::move(detail);
    push(StateChanged{m_server_state, State::Closed, std::string(state_key(State::Closed))});
    push(std::move(done));
    m_step = Step::Done;
    input().clear();
}

} // namespace mailsim::pop3
