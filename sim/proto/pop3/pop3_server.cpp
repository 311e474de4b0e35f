#include "sim/proto/pop3/pop3_server.h"

#include "sim/core/md5.h"

#include <utility>

namespace mailsim::pop3 {

namespace {

// A message number or line count: decimal digits only, no sign, small enough to never
// overflow (RFC 1939 §3: arguments are at most 40 characters; numbers are far smaller).
std::optional<std::size_t> parse_number(std::string_view text) {
    if (text.empty() || text.size() > 9)
        return std::nullopt;
    std::size_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    return value;
}

// Splits arguments at runs of spaces (lenient: RFC 1939 asks for single spaces).
std::vector<std::string_view> split_arguments(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ')
            ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ')
            ++i;
        if (i > start)
            out.push_back(text.substr(start, i - start));
    }
    return out;
}

std::string count_text(std::size_t count, std::size_t size) {
    return std::to_string(count) + (count == 1 ? " message (" : " messages (") +
           std::to_string(size) + " octets)";
}

} // namespace

Pop3Server::Pop3Server(store::Store& store, ServerConfig config)
    : EngineShell(config.max_line_length, BareLineFeed::AcceptAsLineEnd), m_store(store),
      m_config(std::move(config)) {
    std::string greeting = m_config.style == TextStyle::Classic
                               ? "POP3 server ready"
                               : m_config.host_name + " POP3 server ready";
    if (!m_config.apop_timestamp.empty())
        greeting += " " + m_config.apop_timestamp;
    ok(std::move(greeting), "pop3.ok.greeting");
    push(TimerRequested{m_config.autologout});
}

void Pop3Server::on_timeout() {
    if (m_state != State::Closed)
        handle_end(EndReason::Timeout);
}

void Pop3Server::process_line(const Line& line) {
    if (line.overlong) {
        push(ProtocolViolation{"command line longer than " +
                                   std::to_string(m_config.max_line_length) + " octets",
                               "pop3.err.line_too_long"});
        err("line too long", "pop3.err.line_too_long");
        push(TimerRequested{m_config.autologout});
        return;
    }
    std::string_view text = line.text;
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    const std::size_t space = text.find(' ');
    const std::string_view keyword = text.substr(0, space);
    const std::string_view argument =
        space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    const Command command = parse_command(keyword);
    push(CommandReceived{command, std::string(keyword), std::string(argument),
                         std::string(command_key(command))});
    if (command == Command::Unknown) {
        err("unknown command", "pop3.err.unknown_command");
    } else if (auto row = find_transition(m_state, command); !row) {
        err("command not valid in this state", "pop3.err.wrong_state");
    } else {
        const ReplyStatus status = dispatch(command, argument);
        change_state(status == ReplyStatus::Ok ? row->on_ok : row->on_err);
        // UPDATE has done its work inside QUIT; it ends on its own (the table says where).
        if (auto finished = find_transition(m_state, Command::UpdateFinished))
            change_state(finished->on_ok);
    }
    if (m_state == State::Closed) {
        push(ConnectionClosed{EndReason::Quit});
        return;
    }
    push(TimerRequested{m_config.autologout});
}

void Pop3Server::handle_end(EndReason reason) {
    // A drop or an autologout never enters UPDATE: marked messages stay (RFC 1939 §6).
    if (auto row = find_transition(m_state, Command::ConnectionLost))
        change_state(row->on_ok);
    m_state = State::Closed;
    m_lock.release();
    input().clear();
    push(ConnectionClosed{reason});
}

ReplyStatus Pop3Server::dispatch(Command command, std::string_view argument) {
    const bool no_argument = split_arguments(argument).empty();
    switch (command) {
    case Command::User:
        return do_user(argument);
    case Command::Pass:
        return do_pass(argument);
    case Command::Apop:
        return do_apop(argument);
    case Command::List:
        return do_list(argument);
    case Command::Retr:
        return do_retr(argument);
    case Command::Dele:
        return do_dele(argument);
    case Command::Top:
        return do_top(argument);
    case Command::Uidl:
        return do_uidl(argument);
    default:
        break;
    }
    // The remaining commands take no argument.
    if (!no_argument)
        return err("no argument expected", "pop3.err.syntax");
    switch (command) {
    case Command::Stat:
        return do_stat();
    case Command::Noop:
        return ok("", "pop3.ok.NOOP");
    case Command::Rset:
        return do_rset();
    case Command::Capa:
        return do_capa();
    case Command::Quit:
        return do_quit();
    default:
        return err("unknown command", "pop3.err.unknown_command");
    }
}

// --- AUTHORIZATION -----------------------------------------------------------------------------

ReplyStatus Pop3Server::do_user(std::string_view argument) {
    const auto args = split_arguments(argument);
    if (args.size() != 1)
        return err("USER needs one name", "pop3.err.syntax");
    // Accepted whoever it names: saying here which users exist would help an attacker.
    m_pending_user = std::string(args[0]);
    return ok(m_config.style == TextStyle::Classic ? "" : "send PASS", "pop3.ok.USER");
}

ReplyStatus Pop3Server::do_pass(std::string_view argument) {
    if (!m_pending_user)
        return err("USER first", "pop3.err.need_user");
    const std::string user = *std::exchange(m_pending_user, std::nullopt);
    // The password is the whole rest of the line: it may contain spaces (RFC 1939 §7).
    if (argument.empty() || !m_store.check_password(user, argument))
        return err("[AUTH] invalid user name or password", "pop3.err.auth");
    return open_maildrop(user, "pop3.ok.PASS");
}

ReplyStatus Pop3Server::do_apop(std::string_view argument) {
    m_pending_user.reset();
    if (m_config.apop_timestamp.empty())
        return err("APOP not available", "pop3.err.apop_unavailable");
    const auto args = split_arguments(argument);
    if (args.size() != 2)
        return err("APOP needs a name and a digest", "pop3.err.syntax");
    const store::Mailbox* box = m_store.mailbox(args[0]);
    if (!box || !equals_ci(args[1], Md5::hex(m_config.apop_timestamp + box->account().password)))
        return err("[AUTH] authentication failed", "pop3.err.auth");
    return open_maildrop(box->login(), "pop3.ok.APOP");
}

ReplyStatus Pop3Server::open_maildrop(const std::string& login, std::string ok_key) {
    auto lock = m_store.lock(login);
    if (!lock) {
        if (lock.error() == store::StoreError::Locked)
            return err("[IN-USE] maildrop already locked", "pop3.err.in_use");
        return err("[AUTH] invalid user name or password", "pop3.err.auth");
    }
    m_lock = std::move(lock.value());
    const store::Mailbox* box = m_store.mailbox(login);
    m_login = box->login();
    const store::Folder& inbox = box->inbox();
    m_entries.clear();
    for (const auto& message : inbox.messages()) {
        Entry entry;
        entry.id = message.id;
        entry.uid = message.uid;
        entry.raw = message.raw;
        entry.size = wire_size(message.bytes());
        entry.unique_id = std::to_string(inbox.uid_validity()) + "." + std::to_string(message.uid);
        m_entries.push_back(std::move(entry));
    }
    if (m_config.style == TextStyle::Classic)
        return ok("user successfully logged on", std::move(ok_key));
    return ok(m_login + "'s maildrop has " + count_text(live_count(), live_size()),
              std::move(ok_key));
}

// --- TRANSACTION -------------------------------------------------------------------------------

Pop3Server::Entry* Pop3Server::lookup(std::string_view text) {
    const auto number = parse_number(text);
    if (!number) {
        err("invalid message number", "pop3.err.syntax");
        return nullptr;
    }
    if (*number == 0 || *number > m_entries.size()) {
        err("no such message", "pop3.err.no_such_message");
        return nullptr;
    }
    Entry& entry = m_entries[*number - 1];
    if (entry.deleted) {
        err("message " + std::to_string(*number) + " already deleted", "pop3.err.deleted");
        return nullptr;
    }
    return &entry;
}

std::size_t Pop3Server::live_count() const {
    std::size_t count = 0;
    for (const auto& entry : m_entries)
        count += entry.deleted ? 0 : 1;
    return count;
}

std::size_t Pop3Server::live_size() const {
    std::size_t size = 0;
    for (const auto& entry : m_entries)
        size += entry.deleted ? 0 : entry.size;
    return size;
}

ReplyStatus Pop3Server::do_stat() {
    return ok(std::to_string(live_count()) + " " + std::to_string(live_size()), "pop3.ok.STAT");
}

ReplyStatus Pop3Server::do_list(std::string_view argument) {
    const auto args = split_arguments(argument);
    if (args.size() > 1)
        return err("LIST takes at most one message number", "pop3.err.syntax");
    if (args.size() == 1) {
        const Entry* entry = lookup(args[0]);
        if (!entry)
            return ReplyStatus::Err;
        return ok(std::string(args[0]) + " " + std::to_string(entry->size), "pop3.ok.LIST");
    }
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < m_entries.size(); ++i)
        if (!m_entries[i].deleted)
            lines.push_back(std::to_string(i + 1) + " " + std::to_string(m_entries[i].size));
    const std::vector<ByteView> body(lines.begin(), lines.end());
    return ok_multiline(count_text(live_count(), live_size()), "pop3.ok.LIST", body);
}

ReplyStatus Pop3Server::do_retr(std::string_view argument) {
    const auto args = split_arguments(argument);
    if (args.size() != 1)
        return err("RETR needs one message number", "pop3.err.syntax");
    Entry* entry = lookup(args[0]);
    if (!entry)
        return ReplyStatus::Err;
    entry->retrieved = true;
    return ok_multiline(std::to_string(entry->size) + " octets", "pop3.ok.RETR",
                        split_lines(*entry->raw));
}

ReplyStatus Pop3Server::do_dele(std::string_view argument) {
    const auto args = split_arguments(argument);
    if (args.size() != 1)
        return err("DELE needs one message number", "pop3.err.syntax");
    Entry* entry = lookup(args[0]);
    if (!entry)
        return ReplyStatus::Err;
    entry->deleted = true; // only marked: the store changes in UPDATE
    return ok("message " + std::string(args[0]) + " deleted", "pop3.ok.DELE");
}

ReplyStatus Pop3Server::do_rset() {
    for (auto& entry : m_entries)
        entry.deleted = false;
    return ok("maildrop has " + count_text(live_count(), live_size()), "pop3.ok.RSET");
}

ReplyStatus Pop3Server::do_top(std::string_view argument) {
    const auto args = split_arguments(argument);
    if (args.size() != 2)
        return err("TOP needs a message number and a line count", "pop3.err.syntax");
    const auto lines = parse_number(args[1]);
    if (!lines)
        return err("invalid line count", "pop3.err.syntax");
    Entry* entry = lookup(args[0]);
    if (!entry)
        return ReplyStatus::Err;
    return ok_multiline("top of message follows", "pop3.ok.TOP", top_lines(*entry->raw, *lines));
}

ReplyStatus Pop3Server::do_uidl(std::string_view argument) {
    const auto args = split_arguments(argument);
    if (args.size() > 1)
        return err("UIDL takes at most one message number", "pop3.err.syntax");
    if (args.size() == 1) {
        const Entry* entry = lookup(args[0]);
        if (!entry)
            return ReplyStatus::Err;
        return ok(std::string(args[0]) + " " + entry->unique_id, "pop3.ok.UIDL");
    }
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < m_entries.size(); ++i)
        if (!m_entries[i].deleted)
            lines.push_back(std::to_string(i + 1) + " " + m_entries[i].unique_id);
    const std::vector<ByteView> body(lines.begin(), lines.end());
    return ok_multiline("", "pop3.ok.UIDL", body);
}

ReplyStatus Pop3Server::do_capa() {
    const std::string implementation = "IMPLEMENTATION " + m_config.implementation;
    const std::vector<ByteView> body = {
        "USER", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", implementation};
    return ok_multiline("Capability list follows", "pop3.ok.CAPA", body);
}

// --- QUIT and UPDATE ---------------------------------------------------------------------------

ReplyStatus Pop3Server::do_quit() {
    const std::string sign_off = m_config.style == TextStyle::Classic
                                     ? "POP3 server signing off"
                                     : m_config.host_name + " POP3 server signing off";
    if (m_state == State::Authorization)
        return ok(sign_off, "pop3.ok.QUIT");
    change_state(State::Update);
    if (!commit_update())
        return err("[SYS/TEMP] not enough disk space, no message was removed",
                   "pop3.err.update_failed");
    if (m_update.failed > 0)
        return err("some deleted messages not removed", "pop3.err.update_failed");
    if (m_config.style == TextStyle::Classic)
        return ok(sign_off, "pop3.ok.QUIT");
    const std::size_t left = m_store.mailbox(m_login)->inbox().messages().size();
    return ok(sign_off + (left == 0 ? " (maildrop empty)"
                                    : " (" + std::to_string(left) +
                                          (left == 1 ? " message left)" : " messages left)")),
              "pop3.ok.QUIT");
}

bool Pop3Server::commit_update() {
    m_update = {};
    // All or nothing: room on disk for every removal first (`mailsim serve --state` on a full
    // disk). Without it nothing is removed and the maildrop stays as it was. (The \Seen marks
    // below are a courtesy to IMAP clients: one the disk refuses is simply not made.)
    std::uint64_t removals = 0;
    for (const auto& entry : m_entries)
        removals += entry.deleted;
    if (removals &&
        !m_store.reserve(removals * (store::Store::kRecordBound + 3 * m_login.size()))) {
        for (const auto& entry : m_entries)
            m_update.failed += entry.deleted;
        m_lock.release();
        push(m_update);
        return false;
    }
    for (const auto& entry : m_entries) {
        if (entry.deleted) {
            auto removed =
                m_store.remove(m_login, store::kInbox, entry.uid, store::RemoveReason::Pop3Deleted);
            if (removed)
                m_update.deleted.push_back(entry.id);
            else
                ++m_update.failed; // gone already (an IMAP client expunged it meanwhile)
            continue;
        }
        if (!entry.retrieved)
            continue;
        // What POP3 downloaded counts as read for an IMAP client of the same mailbox.
        const store::Folder& inbox = m_store.mailbox(m_login)->inbox();
        const store::Message* message = inbox.find(entry.uid);
        if (message && !message->flags.has(store::SystemFlag::Seen)) {
            store::Flags flags = message->flags;
            flags.set(store::SystemFlag::Seen);
            (void)m_store.set_flags(m_login, store::kInbox, entry.uid, flags);
        }
    }
    m_lock.release();
    push(m_update);
    return true;
}

// --- replies -----------------------------------------------------------------------------------

ReplyStatus Pop3Server::ok(std::string text, std::string key) {
    std::string line = text.empty() ? "+OK" : "+OK " + text;
    output() += line;
    output() += kCrlf;
    push(ReplySent{ReplyStatus::Ok, std::move(line), 0, std::move(key)});
    return ReplyStatus::Ok;
}

ReplyStatus Pop3Server::ok_multiline(std::string text, std::string key,
                                     const std::vector<ByteView>& body) {
    std::string line = text.empty() ? "+OK" : "+OK " + text;
    output() += line;
    output() += kCrlf;
    append_multiline(output(), body);
    push(ReplySent{ReplyStatus::Ok, std::move(line), body.size(), std::move(key)});
    return ReplyStatus::Ok;
}

ReplyStatus Pop3Server::err(std::string text, std::string key) {
    std::string line = "-ERR " + text;
    output() += line;
    output() += kCrlf;
    push(ReplySent{ReplyStatus::Err, std::move(line), 0, std::move(key)});
    return ReplyStatus::Err;
}

void Pop3Server::change_state(State to) {
    if (to == m_state)
        return;
    const State from = m_state;
    m_state = to;
    push(StateChanged{from, to, std::string(state_key(to))});
}

} // namespace mailsim::pop3
