// Selected-state commands of the IMAP server: CLOSE, EXPUNGE, SEARCH, FETCH and STORE (COPY
// and MOVE are in imap_server_copy.cpp), and the bookkeeping that maps message sequence numbers to
// UIDs.
#include "imap_message_view.h"
#include "imap_server.h"

#include <algorithm>
#include <memory>

namespace mailsim::imap {

namespace {

std::string flags_text(const store::Flags& flags) {
    return "(" + flags.to_string() + ")";
}

} // namespace

const store::Folder* ImapServer::selected_folder() const {
    const store::Mailbox* box = m_store.mailbox(m_login);
    return box ? box->folder(m_selected.name) : nullptr;
}

store::Flags ImapServer::session_flags(std::size_t index, const store::Flags& stored) const {
    store::Flags flags = stored;
    flags.clear(store::SystemFlag::Recent);
    if (m_selected.recent.count(m_selected.uids[index]))
        flags.set(store::SystemFlag::Recent);
    return flags;
}

void ImapServer::sync_selected(ExpungeReports expunges) {
    const store::Folder* folder = selected_folder();
    // A folder deleted or renamed by another session: its messages are gone for us.
    const std::vector<store::Message> none;
    const bool same = folder && folder->uid_validity() == m_selected.uid_validity;
    const auto& messages = same ? folder->messages() : none;
    // A keyword another session created is announced before a FETCH can show it.
    announce_new_keywords(folder);
    if (expunges == ExpungeReports::Allowed) {
        for (std::size_t i = 0; i < m_selected.uids.size();) {
            const store::Uid uid = m_selected.uids[i];
            const bool present = folder && folder->uid_validity() == m_selected.uid_validity &&
                                 folder->find(uid) != nullptr;
            if (present) {
                ++i;
                continue;
            }
            untagged(std::to_string(i + 1) + " EXPUNGE", "imap.resp.EXPUNGE");
            m_selected.uids.erase(m_selected.uids.begin() + static_cast<std::ptrdiff_t>(i));
            m_selected.flags.erase(m_selected.flags.begin() + static_cast<std::ptrdiff_t>(i));
            m_selected.recent.erase(uid);
        }
    }
    // Flags changed elsewhere (another session, POP3 marking \Seen).
    for (std::size_t i = 0; i < m_selected.uids.size(); ++i) {
        const store::Message* message = folder ? folder->find(m_selected.uids[i]) : nullptr;
        if (!message || folder->uid_validity() != m_selected.uid_validity)
            continue;
        store::Flags now = message->flags;
        now.clear(store::SystemFlag::Recent);
        if (now == m_selected.flags[i])
            continue;
        m_selected.flags[i] = now;
        untagged(std::to_string(i + 1) + " FETCH (FLAGS " + flags_text(session_flags(i, now)) + ")",
                 "imap.resp.FETCH");
    }
    // New arrivals: UIDs above the last one we know.
    const store::Uid last = m_selected.uids.empty() ? 0 : m_selected.uids.back();
    std::size_t added = 0, recent = 0;
    std::vector<store::Uid> claim;
    for (const auto& message : messages) {
        if (message.uid <= last)
            continue;
        m_selected.uids.push_back(message.uid);
        store::Flags flags = message.flags;
        flags.clear(store::SystemFlag::Recent);
        m_selected.flags.push_back(flags);
        ++added;
        if (message.flags.has(store::SystemFlag::Recent)) {
            m_selected.recent.insert(message.uid);
            claim.push_back(message.uid);
            ++recent;
        }
    }
    if (!m_selected.read_only)
        for (store::Uid uid : claim) {
            store::Flags flags = folder->find(uid)->flags;
            flags.clear(store::SystemFlag::Recent);
            (void)m_store.set_flags(m_login, m_selected.name, uid, flags);
        }
    if (added) {
        untagged(std::to_string(m_selected.uids.size()) + " EXISTS", "imap.resp.EXISTS");
        untagged(std::to_string(m_selected.recent.size()) + " RECENT", "imap.resp.RECENT");
    }
    (void)recent;
}

Result<std::vector<std::size_t>> ImapServer::resolve(const SequenceSet& set,
                                                     Numbering numbering) const {
    std::vector<std::size_t> indexes;
    const auto count = static_cast<std::uint32_t>(m_selected.uids.size());
    if (numbering == Numbering::Sequence) {
        // Message numbers past the end are the client's error (§9: seq-number must be valid);
        // UIDs that do not exist are simply not there (§6.4.8).
        if (set.max_explicit() > count || (count == 0 && set.uses_star()))
            return make_error("Invalid message sequence number (the mailbox has " +
                              std::to_string(count) + " messages)");
        for (std::uint32_t n = 1; n <= count; ++n)
            if (set.contains(n, count))
                indexes.push_back(n - 1);
        return indexes;
    }
    const store::Uid largest = m_selected.uids.empty() ? 0 : m_selected.uids.back();
    for (std::size_t i = 0; i < m_selected.uids.size(); ++i)
        if (set.contains(m_selected.uids[i], largest))
            indexes.push_back(i);
    return indexes;
}

ResponseStatus ImapServer::do_close(const Command&, std::string& text, std::string& code) {
    // CLOSE expunges silently (no EXPUNGE responses) unless the mailbox is read-only.
    if (!m_selected.read_only)
        if (auto expunged = m_store.expunge(m_login, m_selected.name); !expunged)
            return store_failure(expunged.error(), text, code);
    return ResponseStatus::Ok;
}

ResponseStatus ImapServer::do_expunge(const Command&, std::string& text, std::string& code) {
    if (m_selected.read_only) {
        text = "Mailbox is read-only";
        return ResponseStatus::No;
    }
    if (auto expunged = m_store.expunge(m_login, m_selected.name); !expunged)
        return store_failure(expunged.error(), text, code);
    // The EXPUNGE responses come from sync_selected, which runs before the tagged reply.
    return ResponseStatus::Ok;
}

ResponseStatus ImapServer::do_search(const Command& command, std::string& text, std::string& code) {
    const auto& args = std::get<SearchArguments>(command.arguments);
    if (args.charset && !equals_ci(*args.charset, "UTF-8") &&
        !equals_ci(*args.charset, "US-ASCII")) {
        code = "BADCHARSET (UTF-8 US-ASCII)";
        text = "Unsupported charset";
        return ResponseStatus::No;
    }
    const store::Folder* folder = selected_folder();
    const auto count = static_cast<std::uint32_t>(m_selected.uids.size());
    const store::Uid largest = m_selected.uids.empty() ? 0 : m_selected.uids.back();
    std::string hits;
    for (std::size_t i = 0; i < m_selected.uids.size(); ++i) {
        const store::Message* message = folder ? folder->find(m_selected.uids[i]) : nullptr;
        if (!message)
            continue;
        std::unique_ptr<MessageView> view; // parsed only if a key needs the content
        auto content = [&]() -> const MessageView& {
            if (!view)
                view = std::make_unique<MessageView>(message->bytes());
            return *view;
        };
        const store::Flags flags = session_flags(i, message->flags);
        SearchSubject subject;
        subject.sequence = static_cast<std::uint32_t>(i + 1);
        subject.uid = message->uid;
        subject.message_count = count;
        subject.largest_uid = largest;
        subject.flags = &flags;
        subject.recent = m_selected.recent.count(message->uid) != 0;
        subject.internal_day = day_number(internal_date(message->internal_date));
        subject.size = message->size();
        subject.header = [&](std::string_view field) { return content().header_values(field); };
        subject.has_header = [&](std::string_view field) { return content().has_header(field); };
        subject.addresses = [&](std::string_view field) { return content().address_text(field); };
        subject.body_text = [&] { return content().body_text(); };
        subject.whole_text = [&] { return content().whole_text(); };
        if (!search_matches(args.key, subject))
            continue;
        hits += ' ';
        hits += std::to_string(command.numbering == Numbering::Uid ? message->uid : i + 1);
    }
    untagged("SEARCH" + hits, "imap.resp.SEARCH");
    return ResponseStatus::Ok;
}

ResponseStatus ImapServer::do_fetch(const Command& command, std::string& text, std::string& code) {
    const auto& args = std::get<FetchArguments>(command.arguments);
    auto indexes = resolve(args.set, command.numbering);
    if (!indexes) {
        text = indexes.error().message;
        code = "imap.error.bad_sequence"; // for BAD, the code slot carries the error key
        return ResponseStatus::Bad;
    }
    std::vector<FetchItem> items = args.items;
    // UID FETCH always answers with the UID (§6.4.8).
    if (command.numbering == Numbering::Uid &&
        std::none_of(items.begin(), items.end(),
                     [](const FetchItem& item) { return item.kind == FetchKind::Uid; }))
        items.insert(items.begin(), FetchItem{FetchKind::Uid, {}, false, std::nullopt, 0});
    const bool marks_seen = !m_selected.read_only &&
                            std::any_of(items.begin(), items.end(),
                                        [](const FetchItem& item) { return item.sets_seen(); });
    const bool asks_flags = std::any_of(items.begin(), items.end(), [](const FetchItem& item) {
        return item.kind == FetchKind::Flags;
    });
    // Another session may have given a message a keyword this session never heard of: FLAGS
    // first, then the FETCH that shows it.
    announce_new_keywords(selected_folder());
    for (std::size_t index : *indexes) {
        const store::Folder* folder = selected_folder();
        const store::Message* message = folder ? folder->find(m_selected.uids[index]) : nullptr;
        if (!message)
            continue; // expunged by another session; the EXPUNGE is reported later
        bool flags_changed = false;
        if (marks_seen && !message->flags.has(store::SystemFlag::Seen)) {
            store::Flags flags = message->flags;
            flags.set(store::SystemFlag::Seen);
            (void)m_store.set_flags(m_login, m_selected.name, message->uid, flags);
            message = selected_folder()->find(m_selected.uids[index]);
            flags_changed = true;
        }
        store::Flags stored = message->flags;
        stored.clear(store::SystemFlag::Recent);
        m_selected.flags[index] = stored;
        std::unique_ptr<MessageView> view;
        auto content = [&]() -> const MessageView& {
            if (!view)
                view = std::make_unique<MessageView>(message->bytes());
            return *view;
        };
        std::string body;
        auto add = [&](std::string_view name, std::string_view value) {
            if (!body.empty())
                body += ' ';
            body += name;
            body += ' ';
            body += value;
        };
        for (const auto& item : items) {
            switch (item.kind) {
            case FetchKind::Flags:
                add("FLAGS", flags_text(session_flags(index, stored)));
                break;
            case FetchKind::InternalDate:
                add("INTERNALDATE",
                    quote_string(format_date_time(internal_date(message->internal_date))));
                break;
            case FetchKind::Rfc822Size:
                add("RFC822.SIZE", std::to_string(message->size()));
                break;
            case FetchKind::Uid:
                add("UID", std::to_string(message->uid));
                break;
            case FetchKind::Envelope:
                add("ENVELOPE", content().envelope());
                break;
            case FetchKind::Body:
                add("BODY", content().body_structure(false));
                break;
            case FetchKind::BodyStructure:
                add("BODYSTRUCTURE", content().body_structure(true));
                break;
            case FetchKind::Rfc822:
                add("RFC822", encode_nstring(Bytes(message->bytes())));
                break;
            case FetchKind::Rfc822Header: {
                Section header;
                header.text = SectionText::Header;
                add("RFC822.HEADER", encode_nstring(content().section(header).value_or("")));
                break;
            }
            case FetchKind::Rfc822Text: {
                Section body_text;
                body_text.text = SectionText::Text;
                add("RFC822.TEXT", encode_nstring(content().section(body_text).value_or("")));
                break;
            }
            case FetchKind::BodySection: {
                Bytes bytes = content().section(item.section).value_or("");
                if (item.partial_origin) {
                    const std::size_t origin = *item.partial_origin;
                    bytes =
                        origin >= bytes.size() ? Bytes() : bytes.substr(origin, item.partial_count);
                }
                add(item.name(), encode_nstring(bytes));
                break;
            }
            }
        }
        // A fetch that set \Seen tells the client, even if it did not ask for FLAGS (§6.4.5).
        if (flags_changed && !asks_flags)
            add("FLAGS", flags_text(session_flags(index, stored)));
        write("* " + std::to_string(index + 1) + " FETCH (" + body + ")\r\n", "imap.resp.FETCH");
    }
    return ResponseStatus::Ok;
}

ResponseStatus ImapServer::do_store(const Command& command, std::string& text, std::string& code) {
    const auto& args = std::get<StoreArguments>(command.arguments);
    store::Flags change;
    for (const auto& name : args.flags)
        if (!change.add_by_name(name)) {
            text = "Unknown system flag " + name;
            code = "imap.error.syntax";
            return ResponseStatus::Bad;
        }
    auto indexes = resolve(args.set, command.numbering);
    if (!indexes) {
        text = indexes.error().message;
        code = "imap.error.bad_sequence"; // for BAD, the code slot carries the error key
        return ResponseStatus::Bad;
    }
    if (m_selected.read_only) {
        text = "Mailbox is read-only";
        return ResponseStatus::No;
    }
    if (args.mode != StoreMode::Remove && !keywords_fit(change, selected_folder(), text, code))
        return ResponseStatus::No;
    // All or nothing: room on disk for every flag change first.
    if (!m_store.reserve(indexes->size() * (store::Store::kRecordBound +
                                            3 * (m_login.size() + m_selected.name.size()))))
        return store_failure(store::StoreError::StorageFull, text, code);
    std::vector<std::string> reports; // the FETCH responses, sent after a new keyword's FLAGS
    for (std::size_t index : *indexes) {
        const store::Folder* folder = selected_folder();
        const store::Message* message = folder ? folder->find(m_selected.uids[index]) : nullptr;
        if (!message)
            continue;
        store::Flags flags = message->flags;
        const bool was_recent = flags.has(store::SystemFlag::Recent);
        switch (args.mode) {
        case StoreMode::Replace:
            flags = change;
            if (was_recent)
                flags.set(store::SystemFlag::Recent);
            break;
        case StoreMode::Add:
            flags.add_all(change);
            break;
        case StoreMode::Remove:
            flags.remove_all(change);
            break;
        }
        if (!(flags == message->flags))
            (void)m_store.set_flags(m_login, m_selected.name, message->uid, flags);
        flags.clear(store::SystemFlag::Recent);
        m_selected.flags[index] = flags;
        if (args.silence == Silence::Silent)
            continue;
        std::string body = "FLAGS " + flags_text(session_flags(index, flags));
        if (command.numbering == Numbering::Uid)
            body = "UID " + std::to_string(message->uid) + " " + body;
        reports.push_back("* " + std::to_string(index + 1) + " FETCH (" + body + ")\r\n");
    }
    announce_new_keywords(selected_folder());
    for (auto& report : reports)
        write(std::move(report), "imap.resp.FETCH");
    return ResponseStatus::Ok;
}

} // namespace mailsim::imap
