#include "imap_server.h"

#include "sim/mail/base64.h"

#include <utility>

namespace mailsim::imap {

namespace {

constexpr std::string_view kCapabilities = "IMAP4rev1";
constexpr std::size_t kSummaryLength = 200;

std::string first_line(ByteView bytes) {
    const std::size_t end = bytes.find("\r\n");
    ByteView line = bytes.substr(0, end);
    if (line.size() > kSummaryLength)
        line = line.substr(0, kSummaryLength);
    return std::string(line);
}

// The tag of a line we could not parse, if its start looks like one (for "tag BAD").
std::string leading_tag(ByteView line) {
    std::size_t end = 0;
    while (end < line.size() && is_tag_char(line[end]))
        ++end;
    return end < line.size() && line[end] == ' ' ? std::string(line.substr(0, end)) : "";
}

} // namespace

ImapServer::ImapServer(store::Store& store, ServerConfig config)
    : EngineShell(config.limits), m_store(store), m_config(std::move(config)) {
    input().set_authenticated(false);
    input().set_non_synchronizing(m_config.extensions);
    if (m_config.greeting == GreetingKind::Bye) {
        untagged("BYE " + m_config.hostname + " is not accepting connections", "imap.resp.BYE");
        set_state(State::Logout);
        return;
    }
    untagged("OK [CAPABILITY " + capabilities() + "] " + m_config.hostname +
                 " IMAP4rev1 service ready",
             "imap.resp.OK");
}

std::string ImapServer::capabilities() const {
    return capability_list(m_state);
}

std::string ImapServer::capability_list(State state) const {
    std::string list(kCapabilities);
    if (!m_config.extensions) {
        if (m_config.advertise_auth_plain)
            list += " AUTH=PLAIN";
        return list;
    }
    // Before login only what a login can use: small non-synchronizing literals (LITERAL-,
    // under the pre-login literal limit) and the mechanisms. After it, the rest.
    if (state == State::NotAuthenticated) {
        list += " LITERAL-";
        if (m_config.advertise_auth_plain)
            list += " SASL-IR AUTH=PLAIN"; // the answer may come with the command (RFC 4959)
        return list;
    }
    return list + " LITERAL+ ENABLE IDLE NAMESPACE UIDPLUS MOVE SPECIAL-USE";
}

// The tagged OK of LOGIN / AUTHENTICATE carries the list that holds from now on, as Dovecot
// sends it (RFC 3501 §7.1): the client need not ask again.
std::string ImapServer::logged_in_code() const {
    return m_config.extensions ? "CAPABILITY " + capability_list(State::Authenticated) : "";
}

void ImapServer::write(Bytes bytes, std::string key) {
    push(ResponseSent{first_line(bytes), std::move(key)});
    output() += bytes;
}

void ImapServer::untagged(std::string_view text, std::string key) {
    write("* " + std::string(text) + "\r\n", std::move(key));
}

void ImapServer::status(std::string_view tag, ResponseStatus status, std::string_view code,
                        std::string_view text) {
    write(format_status(tag, status, code, text), "imap.resp." + std::string(status_word(status)));
}

void ImapServer::reject(std::string_view tag, std::string message, std::string key) {
    push(ProtocolViolation{std::string(tag), message, key});
    status(tag.empty() ? "*" : tag, ResponseStatus::Bad, "", message);
}

// Here, not beside its callers in imap_server_idle.cpp: GCC 12 inlines the event queue's
// growth there and warns (wrongly) that a moved CommandReceived may be uninitialised.
void ImapServer::request_timer(SimTime after) {
    push(TimerRequested{after});
}

void ImapServer::set_state(State next) {
    if (next == m_state)
        return;
    push(StateChanged{m_state, next});
    m_state = next;
    input().set_authenticated(next != State::NotAuthenticated);
    if (next != State::Selected && next != State::Idle)
        m_selected = Selected{}; // IDLE keeps the mailbox it was started in
}

bool ImapServer::read_input() {
    if (m_state == State::Idle) {
        push_idle_updates(); // another session's APPEND, EXPUNGE or STORE: tell it now
        if (queued_events() > 0)
            return true;
    }
    if (m_state == State::Logout) {
        m_closed_reported = true;
        push(ConnectionClosed{});
        return true;
    }
    if (eof() && !input().in_unit())
        return false; // a clean end between commands
    const std::size_t before = queued_events();
    step_framer();
    return queued_events() != before;
}

void ImapServer::handle_eof() {
    if (input().in_unit()) // EOF in the middle of a command: the rest never comes
        push(ProtocolViolation{"", "connection closed in the middle of a command",
                               "imap.error.truncated"});
    m_closed_reported = true;
    push(ConnectionClosed{});
}

void ImapServer::step_framer() {
    FramerStep step = input().next();
    if (auto* unit = std::get_if<FramedUnit>(&step)) {
        handle(unit->bytes);
    } else if (std::get_if<LiteralAnnounced>(&step)) {
        write(format_continuation("Ready for literal data"), "imap.resp.continuation");
    } else if (auto* longline = std::get_if<LineTooLong>(&step)) {
        reject(leading_tag(longline->start), "Command line too long", "imap.error.line_too_long");
    } else if (auto* huge = std::get_if<LiteralTooLarge>(&step)) {
        if (huge->non_synchronizing) {
            // Its bytes are on their way whatever we answer: reading them as commands would
            // run what the literal holds, so the connection ends (RFC 7888 §4).
            const std::string tag = leading_tag(huge->start);
            push(ProtocolViolation{tag, "non-synchronizing literal too large",
                                   "imap.error.literal_too_large"});
            status(tag.empty() ? "*" : tag, ResponseStatus::Bad, "TOOBIG",
                   "Literal of " + std::to_string(huge->size) + " octets is too large");
            untagged("BYE " + m_config.hostname + " closing: a literal too large was sent",
                     "imap.resp.BYE");
            set_state(State::Logout);
            return;
        }
        reject(leading_tag(huge->start),
               "Literal of " + std::to_string(huge->size) + " octets is too large",
               "imap.error.literal_too_large");
    }
}

void ImapServer::handle(ByteView bytes) {
    if (!m_sasl_tag.empty()) { // the client's answer to AUTHENTICATE's "+", not a command
        finish_authenticate(std::exchange(m_sasl_tag, std::string()), bytes);
        return;
    }
    if (m_state == State::Idle) { // only DONE is expected
        idle_input(bytes);
        return;
    }
    auto parsed = parse_command(bytes, m_config.extensions ? Grammar::Extended : Grammar::Rfc3501);
    if (auto* failure = std::get_if<CommandError>(&parsed)) {
        reject(failure->tag, failure->message,
               failure->unknown_command ? "imap.error.unknown_command" : "imap.error.syntax");
        return;
    }
    const Command& command = std::get<Command>(parsed);
    push(CommandReceived{command});
    if (!command_allowed(m_state, command.name)) {
        reject(command.tag,
               command.word() + " is not valid in the " + std::string(state_name(m_state)) +
                   " state",
               "imap.error.wrong_state");
        return;
    }
    execute(command);
}

// AUTHENTICATE PLAIN (RFC 4616), what clients try first: "+" asks for the base64 of
// "authzid NUL user NUL password" (or it came along, RFC 4959). Other mechanisms: NO (§6.2.2).
void ImapServer::start_authenticate(const Command& command) {
    const auto& args = std::get<AuthenticateArguments>(command.arguments);
    if (args.mechanism != "PLAIN") {
        status(command.tag, ResponseStatus::No, "",
               "Unsupported authentication mechanism " + args.mechanism);
        return;
    }
    if (args.initial_response) {
        finish_authenticate(command.tag, *args.initial_response);
        return;
    }
    m_sasl_tag = command.tag;
    write(format_continuation(""), "imap.resp.continuation");
}

void ImapServer::finish_authenticate(const std::string& tag, ByteView answer) {
    if (answer == "*") { // the client cancelled (§6.2.2)
        reject(tag, "AUTHENTICATE cancelled", "imap.error.syntax");
        return;
    }
    const Bytes plain = answer == "=" ? Bytes() : mail::base64_decode(answer);
    const std::size_t first = plain.find('\0');
    const std::size_t second = first == Bytes::npos ? Bytes::npos : plain.find('\0', first + 1);
    if (second == Bytes::npos) {
        reject(tag, "AUTHENTICATE PLAIN: expected base64 of authzid NUL user NUL password",
               "imap.error.syntax");
        return;
    }
    const std::string authzid = plain.substr(0, first);
    const std::string user = plain.substr(first + 1, second - first - 1);
    const std::string password = plain.substr(second + 1);
    const store::Mailbox* box = m_store.mailbox(user);
    if (!box || !m_store.check_password(user, password) ||
        (!authzid.empty() && to_lower_ascii(authzid) != to_lower_ascii(user))) {
        status(tag, ResponseStatus::No, "AUTHENTICATIONFAILED", "Invalid user name or password");
        return;
    }
    m_login = box->login();
    status(tag, ResponseStatus::Ok, logged_in_code(), "AUTHENTICATE completed, welcome " + m_login);
    set_state(state_after_command(m_state, CommandName::Authenticate, ResponseStatus::Ok));
}

void ImapServer::execute(const Command& command) {
    if (command.name == CommandName::Authenticate) {
        start_authenticate(command);
        return;
    }
    if (command.name == CommandName::Idle) {
        start_idle(command);
        return;
    }
    std::string text = command.word() + " completed";
    std::string code;
    ResponseStatus result = ResponseStatus::Ok;
    switch (command.name) {
    case CommandName::Capability:
        untagged("CAPABILITY " + capabilities(), "imap.resp.CAPABILITY");
        break;
    case CommandName::Noop:
    case CommandName::Check: // our store has nothing to flush: CHECK is a NOOP (§6.4.1)
        break;
    case CommandName::Logout:
        // What other sessions changed goes out before BYE: after BYE the client expects only
        // the tagged OK (RFC 3501 §6.1.3, §7.1.5).
        if (m_state == State::Selected)
            sync_selected(ExpungeReports::Allowed);
        untagged("BYE " + m_config.hostname + " logging out", "imap.resp.BYE");
        break;
    case CommandName::Login:
        result = do_login(command, text, code);
        break;
    case CommandName::Authenticate: // start_authenticate() took it
        break;
    case CommandName::Select:
    case CommandName::Examine:
        result = do_select(command, text, code);
        break;
    case CommandName::Create:
        result = do_create(command, text, code);
        break;
    case CommandName::Delete:
        result = do_delete(command, text, code);
        break;
    case CommandName::Rename:
        result = do_rename(command, text, code);
        break;
    case CommandName::Subscribe:
    case CommandName::Unsubscribe:
        result = do_subscribe(command, text, code);
        break;
    case CommandName::List:
    case CommandName::Lsub:
        result = do_list(command, text, code);
        break;
    case CommandName::Status:
        result = do_status(command, text, code);
        break;
    case CommandName::Append:
        result = do_append(command, text, code);
        break;
    case CommandName::Close:
        result = do_close(command, text, code);
        break;
    case CommandName::Expunge:
        result = command.numbering == Numbering::Uid ? do_uid_expunge(command, text, code)
                                                     : do_expunge(command, text, code);
        break;
    case CommandName::Search:
        result = do_search(command, text, code);
        break;
    case CommandName::Fetch:
        result = do_fetch(command, text, code);
        break;
    case CommandName::Store:
        result = do_store(command, text, code);
        break;
    case CommandName::Copy:
    case CommandName::Move:
        result = do_copy(command, text, code);
        break;
    case CommandName::Idle: // start_idle() took it
        break;
    case CommandName::Namespace:
        result = do_namespace(text);
        break;
    case CommandName::Enable:
        result = do_enable(command, text);
        break;
    }
    if (result == ResponseStatus::Bad) {
        reject(command.tag, text, code.empty() ? "imap.error.syntax" : code);
        return;
    }
    // Report what other sessions did before the tagged reply. EXPUNGE responses must wait
    // while FETCH, STORE or SEARCH run (§7.4.1): the client's sequence numbers must hold.
    if (m_state == State::Selected && command.name != CommandName::Select &&
        command.name != CommandName::Examine && command.name != CommandName::Close) {
        const bool numbered =
            command.numbering == Numbering::Sequence &&
            (command.name == CommandName::Fetch || command.name == CommandName::Store ||
             command.name == CommandName::Search);
        sync_selected(numbered ? ExpungeReports::Deferred : ExpungeReports::Allowed);
    }
    status(command.tag, result, code, text);
    const State next = command.name == CommandName::Close && result == ResponseStatus::Ok
                           ? State::Authenticated
                           : state_after_command(m_state, command.name, result);
    set_state(next);
}

ResponseStatus ImapServer::do_login(const Command& command, std::string& text, std::string& code) {
    const auto& args = std::get<LoginArguments>(command.arguments);
    const store::Mailbox* box = m_store.mailbox(args.user);
    if (!box || !m_store.check_password(args.user, args.password)) {
        code = "AUTHENTICATIONFAILED";
        text = "Invalid user name or password";
        return ResponseStatus::No;
    }
    m_login = box->login();
    text = "LOGIN completed, welcome " + m_login;
    code = logged_in_code();
    return ResponseStatus::Ok;
}

DateTime ImapServer::internal_date(SimTime when) const {
    // Floor division: a negative SimTime still maps to the second it lies in.
    std::int64_t seconds = when / kSecond;
    if (when % kSecond < 0)
        --seconds;
    return DateTime{m_config.epoch_unix_seconds + seconds, m_config.zone_minutes};
}

} // namespace mailsim::imap
