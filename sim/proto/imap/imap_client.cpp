#include "imap_client.h"

#include <charconv>
#include <cstdio>
#include <utility>

namespace mailsim::imap {

namespace {

std::string flag_list(const std::vector<std::string>& flags) {
    std::string out = "(";
    for (std::size_t i = 0; i < flags.size(); ++i) {
        if (i)
            out += ' ';
        out += flags[i];
    }
    return out + ")";
}

std::uint32_t code_number(std::string_view code, std::string_view name) {
    if (!starts_with_ci(code, name) || code.size() <= name.size() + 1)
        return 0;
    std::uint32_t value = 0;
    const std::string_view digits = code.substr(name.size() + 1);
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

std::vector<std::string> atoms_of(const Value& list) {
    std::vector<std::string> out;
    for (const auto& item : list.items)
        out.push_back(item.text);
    return out;
}

} // namespace

std::vector<Bytes> split_at_literals(ByteView command) {
    std::vector<Bytes> segments;
    std::size_t start = 0, pos = 0;
    bool in_quotes = false;
    while (pos < command.size()) {
        const char c = command[pos];
        if (in_quotes) {
            if (c == '\\')
                ++pos;
            else if (c == '"')
                in_quotes = false;
            ++pos;
            continue;
        }
        if (c == '"') {
            in_quotes = true;
            ++pos;
            continue;
        }
        if (c == '{') {
            const std::size_t close = command.find("}\r\n", pos);
            if (close != ByteView::npos) {
                if (auto size = trailing_literal_size(command.substr(pos, close + 1 - pos))) {
                    segments.emplace_back(command.substr(start, close + 3 - start));
                    start = close + 3;
                    pos = start + *size; // the literal's bytes are data, not syntax
                    continue;
                }
            }
        }
        ++pos;
    }
    segments.emplace_back(command.substr(start));
    return segments;
}

ImapClient::ImapClient(ClientConfig config)
    : EngineShell(config.limits), m_config(std::move(config)) {}

std::string ImapClient::next_tag() {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%03u", m_next_tag++);
    return m_config.tag_prefix + buffer;
}

void ImapClient::set_state(State next) {
    if (next == m_state)
        return;
    push(StateChanged{m_state, next});
    m_state = next;
}

std::string ImapClient::enqueue(CommandName name, Numbering numbering, std::string arguments,
                                std::vector<Step> then) {
    Pending pending;
    pending.tag = next_tag();
    pending.name = name;
    pending.word = std::string(command_word(name));
    if (numbering == Numbering::Uid)
        pending.word = "UID " + pending.word;
    Bytes line = pending.tag + " " + pending.word;
    if (!arguments.empty())
        line += " " + arguments;
    line += "\r\n";
    pending.segments = split_at_literals(line);
    pending.then = std::move(then);
    std::string tag = pending.tag;
    m_queue.push_back(std::move(pending));
    send_next();
    return tag;
}

void ImapClient::send_next() {
    // Nothing goes out before the greeting: the server may refuse with BYE.
    if (m_in_flight || m_queue.empty() || !m_greeted || m_state == State::Logout)
        return;
    m_in_flight = std::move(m_queue.front());
    m_queue.pop_front();
    m_collect = CommandCompleted{};
    m_collect.tag = m_in_flight->tag;
    m_collect.command = m_in_flight->word;
    if (m_in_flight->name == CommandName::Select || m_in_flight->name == CommandName::Examine) {
        m_mailbox = MailboxStatus{};
        m_mailbox.name = m_in_flight->mailbox;
    }
    output() += m_in_flight->segments[0];
    m_in_flight->sent = 1;
}

bool ImapClient::read_input() {
    FramerStep step = input().next();
    if (auto* unit = std::get_if<FramedUnit>(&step)) {
        handle(unit->bytes);
        return true;
    }
    if (std::holds_alternative<LiteralAnnounced>(step))
        return true; // server literals need no invitation
    if (auto* longline = std::get_if<LineTooLong>(&step)) {
        push(ProtocolViolation{
            "", "response line too long (" + std::to_string(longline->start.size()) + "+ octets)",
            "imap.error.line_too_long"});
        return true;
    }
    if (std::holds_alternative<LiteralTooLarge>(step)) {
        push(ProtocolViolation{"", "response literal too large", "imap.error.literal_too_large"});
        return true;
    }
    return false;
}

void ImapClient::handle_eof() {
    m_closed_reported = true;
    if (input().in_unit())
        push(ProtocolViolation{"", "connection closed in the middle of a response",
                               "imap.error.truncated"});
    set_state(State::Logout);
    push(ConnectionClosed{});
}

void ImapClient::handle(ByteView bytes) {
    auto parsed = parse_response(bytes);
    if (!parsed) {
        push(ProtocolViolation{"", "unreadable response: " + parsed.error().message,
                               "imap.error.syntax"});
        return;
    }
    const Response& response = *parsed;
    if (!m_greeted) {
        if (response.kind != Response::Kind::Untagged ||
            (response.status != ResponseStatus::Ok && response.status != ResponseStatus::Preauth &&
             response.status != ResponseStatus::Bye)) {
            push(ProtocolViolation{"", "expected a greeting", "imap.error.syntax"});
            return;
        }
        m_greeted = true;
        push(GreetingReceived{response});
        if (response.status == ResponseStatus::Preauth)
            set_state(State::Authenticated);
        else if (response.status == ResponseStatus::Bye)
            set_state(State::Logout);
        send_next();
        return;
    }
    switch (response.kind) {
    case Response::Kind::Continuation:
        push(ResponseReceived{response});
        if (m_in_flight && m_in_flight->sent < m_in_flight->segments.size()) {
            output() += m_in_flight->segments[m_in_flight->sent++];
        } else {
            push(ProtocolViolation{"", "continuation request with no literal to send",
                                   "imap.error.syntax"});
        }
        return;
    case Response::Kind::Untagged:
        push(ResponseReceived{response});
        on_untagged(response);
        return;
    case Response::Kind::Tagged:
        on_tagged(response);
        return;
    }
}

void ImapClient::on_untagged(const Response& response) {
    if (response.status == ResponseStatus::Bye) {
        set_state(State::Logout);
        return;
    }
    if (response.status == ResponseStatus::Ok || response.status == ResponseStatus::No ||
        response.status == ResponseStatus::Bad) {
        if (std::uint32_t n = code_number(response.code, "UIDVALIDITY"))
            m_mailbox.uid_validity = n;
        if (std::uint32_t n = code_number(response.code, "UIDNEXT"))
            m_mailbox.uid_next = n;
        if (std::uint32_t n = code_number(response.code, "UNSEEN"))
            m_mailbox.first_unseen = n;
        return;
    }
    const std::string& name = response.name;
    if (name == "CAPABILITY") {
        for (const auto& value : response.data)
            m_collect.capabilities.push_back(value.text);
    } else if (name == "LIST" || name == "LSUB") {
        if (response.data.size() == 3 && response.data[0].type == Value::Type::List)
            m_collect.mailboxes.push_back(
                {atoms_of(response.data[0]), response.data[1].text, response.data[2].text});
    } else if (name == "SEARCH") {
        for (const auto& value : response.data)
            if (value.type == Value::Type::Number)
                m_collect.search.push_back(value.number);
    } else if (name == "FLAGS" && !response.data.empty()) {
        m_mailbox.flags = atoms_of(response.data.front());
    } else if (name == "EXISTS" && response.number) {
        m_mailbox.exists = *response.number;
    } else if (name == "RECENT" && response.number) {
        m_mailbox.recent = *response.number;
    } else if (name == "EXPUNGE" && response.number) {
        m_collect.expunged.push_back(*response.number);
        if (m_mailbox.exists)
            --m_mailbox.exists;
    } else if (name == "STATUS" && response.data.size() == 2) {
        MailboxStatus& status = m_collect.mailbox;
        status.name = response.data[0].text;
        const auto& items = response.data[1].items;
        for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
            const std::uint32_t value = items[i + 1].number;
            if (items[i].is_atom("MESSAGES"))
                status.exists = value;
            else if (items[i].is_atom("RECENT"))
                status.recent = value;
            else if (items[i].is_atom("UIDNEXT"))
                status.uid_next = value;
            else if (items[i].is_atom("UIDVALIDITY"))
                status.uid_validity = value;
            else if (items[i].is_atom("UNSEEN"))
                status.unseen = value;
        }
    } else if (name == "FETCH" && response.number && !response.data.empty()) {
        FetchedMessage message;
        message.sequence = *response.number;
        const auto& items = response.data.front().items;
        for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
            const std::string item = to_upper_ascii(items[i].text);
            if (item == "UID")
                message.uid = items[i + 1].number;
            if (item == "FLAGS") {
                message.flags = atoms_of(items[i + 1]);
                message.has_flags = true;
            }
            message.items.emplace_back(item, items[i + 1]);
        }
        m_collect.messages.push_back(std::move(message));
    }
}

void ImapClient::on_tagged(const Response& response) {
    if (!m_in_flight || response.tag != m_in_flight->tag) {
        push(ProtocolViolation{response.tag, "tagged response for no command of ours",
                               "imap.error.unknown_tag"});
        return;
    }
    Pending done = std::move(*m_in_flight);
    m_in_flight.reset();
    CommandCompleted completed = std::move(m_collect);
    m_collect = CommandCompleted{};
    completed.status = response.status;
    completed.code = response.code;
    completed.text = response.text;
    if ((done.name == CommandName::Select || done.name == CommandName::Examine)) {
        if (completed.ok()) {
            m_mailbox.read_only = equals_ci(response.code, "READ-ONLY");
            completed.mailbox = m_mailbox;
        } else {
            m_mailbox = MailboxStatus{};
        }
    }
    State next = state_after_command(m_state, done.name, response.status);
    if (m_state == State::Logout)
        next = State::Logout; // the BYE already moved us
    push(std::move(completed));
    set_state(next);
    if (response.status == ResponseStatus::Ok && !done.then.empty()) {
        Step step = done.then.front();
        std::vector<Step> rest(done.then.begin() + 1, done.then.end());
        // Goes first: the next step must follow its predecessor, not commands queued meanwhile.
        Pending pending;
        pending.tag = step.tag;
        pending.name = step.name;
        pending.word = std::string(command_word(step.name));
        if (step.numbering == Numbering::Uid)
            pending.word = "UID " + pending.word;
        Bytes line = pending.tag + " " + pending.word;
        if (!step.arguments.empty())
            line += " " + step.arguments;
        pending.segments = split_at_literals(line + "\r\n");
        pending.then = std::move(rest);
        m_queue.push_front(std::move(pending));
    }
    send_next();
}

std::string ImapClient::capability() {
    return enqueue(CommandName::Capability, {}, "");
}
std::string ImapClient::noop() {
    return enqueue(CommandName::Noop, {}, "");
}
std::string ImapClient::logout() {
    return enqueue(CommandName::Logout, {}, "");
}
std::string ImapClient::check() {
    return enqueue(CommandName::Check, {}, "");
}
std::string ImapClient::close() {
    return enqueue(CommandName::Close, {}, "");
}
std::string ImapClient::expunge() {
    return enqueue(CommandName::Expunge, {}, "");
}

std::string ImapClient::login(std::string_view user, std::string_view password) {
    return enqueue(CommandName::Login, {}, encode_astring(user) + " " + encode_astring(password));
}

std::string ImapClient::select(std::string_view mailbox) {
    std::string tag = enqueue(CommandName::Select, {}, encode_astring(mailbox));
    remember_mailbox(tag, mailbox);
    return tag;
}

std::string ImapClient::examine(std::string_view mailbox) {
    std::string tag = enqueue(CommandName::Examine, {}, encode_astring(mailbox));
    remember_mailbox(tag, mailbox);
    return tag;
}

void ImapClient::remember_mailbox(const std::string& tag, std::string_view mailbox) {
    if (m_in_flight && m_in_flight->tag == tag) {
        m_in_flight->mailbox = std::string(mailbox);
        m_mailbox.name = std::string(mailbox);
        return;
    }
    for (auto& pending : m_queue)
        if (pending.tag == tag)
            pending.mailbox = std::string(mailbox);
}

std::string ImapClient::create(std::string_view mailbox) {
    return enqueue(CommandName::Create, {}, encode_astring(mailbox));
}

std::string ImapClient::delete_mailbox(std::string_view mailbox) {
    return enqueue(CommandName::Delete, {}, encode_astring(mailbox));
}

std::string ImapClient::rename(std::string_view from, std::string_view to) {
    return enqueue(CommandName::Rename, {}, encode_astring(from) + " " + encode_astring(to));
}

std::string ImapClient::subscribe(std::string_view mailbox) {
    return enqueue(CommandName::Subscribe, {}, encode_astring(mailbox));
}

std::string ImapClient::unsubscribe(std::string_view mailbox) {
    return enqueue(CommandName::Unsubscribe, {}, encode_astring(mailbox));
}

std::string ImapClient::list(std::string_view reference, std::string_view pattern) {
    return enqueue(CommandName::List, {}, encode_string(reference) + " " + encode_string(pattern));
}

std::string ImapClient::lsub(std::string_view reference, std::string_view pattern) {
    return enqueue(CommandName::Lsub, {}, encode_string(reference) + " " + encode_string(pattern));
}

std::string ImapClient::status(std::string_view mailbox, std::string_view items) {
    return enqueue(CommandName::Status, {}, encode_astring(mailbox) + " " + std::string(items));
}

std::string ImapClient::append(std::string_view mailbox, std::string_view message,
                               const std::vector<std::string>& flags,
                               const std::optional<DateTime>& date) {
    std::string arguments = encode_astring(mailbox);
    if (!flags.empty())
        arguments += " " + flag_list(flags);
    if (date)
        arguments += " " + quote_string(format_date_time(*date));
    // Always a literal: a message has line breaks, and the size tells the server where it ends.
    arguments += " {" + std::to_string(message.size()) + "}\r\n" + std::string(message);
    return enqueue(CommandName::Append, {}, std::move(arguments));
}

std::string ImapClient::search(std::string_view criteria, Numbering numbering) {
    return enqueue(CommandName::Search, numbering, std::string(criteria));
}

std::string ImapClient::fetch(const SequenceSet& set, std::string_view items, Numbering numbering) {
    return enqueue(CommandName::Fetch, numbering, set.to_string() + " " + std::string(items));
}

std::string ImapClient::store(const SequenceSet& set, StoreMode mode,
                              const std::vector<std::string>& flags, Silence silence,
                              Numbering numbering) {
    std::string item = mode == StoreMode::Add      ? "+FLAGS"
                       : mode == StoreMode::Remove ? "-FLAGS"
                                                   : "FLAGS";
    if (silence == Silence::Silent)
        item += ".SILENT";
    return enqueue(CommandName::Store, numbering,
                   set.to_string() + " " + item + " " + flag_list(flags));
}

std::string ImapClient::copy(const SequenceSet& set, std::string_view mailbox,
                             Numbering numbering) {
    return enqueue(CommandName::Copy, numbering, set.to_string() + " " + encode_astring(mailbox));
}

std::string ImapClient::fetch_headers(const SequenceSet& set, Numbering numbering) {
    return fetch(set, "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER])", numbering);
}

std::string ImapClient::fetch_body(const SequenceSet& set, Numbering numbering) {
    return fetch(set, "(UID BODY[])", numbering);
}

std::string ImapClient::mark_seen(const SequenceSet& set, Numbering numbering) {
    return store(set, StoreMode::Add, {"\\Seen"}, Silence::Loud, numbering);
}

std::string ImapClient::move(const SequenceSet& set, std::string_view mailbox,
                             Numbering numbering) {
    std::vector<Step> then;
    then.push_back(
        {"", CommandName::Store, numbering, set.to_string() + " +FLAGS.SILENT (\\Deleted)"});
    then.push_back({"", CommandName::Expunge, Numbering::Sequence, ""});
    std::string tag = enqueue(CommandName::Copy, numbering,
                              set.to_string() + " " + encode_astring(mailbox), std::move(then));
    // Reserve the follow-up tags now: commands queued after move() get later ones.
    auto& steps = m_in_flight && m_in_flight->tag == tag ? m_in_flight->then : m_queue.back().then;
    for (auto& step : steps)
        step.tag = next_tag();
    return tag;
}

} // namespace mailsim::imap
