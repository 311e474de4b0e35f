// Authenticated-state commands of the IMAP server: SELECT/EXAMINE, CREATE, DELETE, RENAME,
// SUBSCRIBE/UNSUBSCRIBE, LIST/LSUB, STATUS and APPEND.
#include "imap_server.h"

#include "imap_mutf7.h"

#include <algorithm>
#include <map>

namespace mailsim::imap {

namespace {

using store::StoreError;

std::string delimiter_text() {
    return quote_string(std::string(1, store::kHierarchySeparator));
}

} // namespace

// Store errors become NO replies with the RFC 3501/5530 response code that fits.
ResponseStatus store_failure(StoreError error, std::string& text, std::string& code) {
    switch (error) {
    case StoreError::NoSuchFolder:
        code = "TRYCREATE";
        text = "No such mailbox";
        break;
    case StoreError::FolderExists:
        code = "ALREADYEXISTS";
        text = "Mailbox already exists";
        break;
    case StoreError::BadFolderName:
        code = "CANNOT";
        text = "Invalid mailbox name";
        break;
    case StoreError::InboxIsPermanent:
        code = "CANNOT";
        text = "INBOX cannot be deleted";
        break;
    case StoreError::OverQuota:
        code = "OVERQUOTA";
        text = "Quota exceeded";
        break;
    case StoreError::StorageFull: // what Dovecot answers when the disk is full
        code = "OVERQUOTA";
        text = "Not enough disk space";
        break;
    default:
        text = std::string(store::to_string(error));
        break;
    }
    return ResponseStatus::No;
}

namespace {

// Mailbox names travel in modified UTF-7 (RFC 3501 §5.1.3) and are stored as they travel
// ("&vPSwuA- &07jJwNVo-"; the UI decodes them). A name that is not valid modified UTF-7 (8-bit
// bytes, a broken base64 run, ASCII written encoded) is refused, as Dovecot refuses it, rather
// than stored as sent or reported as a missing mailbox.
ResponseStatus not_modified_utf7(std::string& text, std::string& code) {
    code = "CANNOT";
    text = "Mailbox name is not valid modified UTF-7 (RFC 3501 5.1.3)";
    return ResponseStatus::No;
}

// The name a client sees and sends: "INBOX" case-insensitively, others as stored. A trailing
// separator ("foo/") names the same mailbox (RFC 3501 §6.3.3).
std::string mailbox_argument(std::string_view name) {
    std::string out(name);
    if (out.size() > 1 && out.back() == store::kHierarchySeparator)
        out.pop_back();
    return store::canonical_folder_name(out);
}

} // namespace

bool mailbox_matches(std::string_view pattern, std::string_view name) {
    // Dynamic programming over (pattern position, name position): linear in memory and
    // O(|pattern| * |name|) time however many wildcards a hostile pattern holds.
    std::vector<char> row(name.size() + 1, 0), next(name.size() + 1, 0);
    row[0] = 1;
    for (char p : pattern) {
        std::fill(next.begin(), next.end(), 0);
        if (p == '*' || p == '%') {
            bool reachable = false;
            for (std::size_t j = 0; j <= name.size(); ++j) {
                if (row[j])
                    reachable = true;
                next[j] = reachable;
                if (p == '%' && j < name.size() && name[j] == store::kHierarchySeparator)
                    reachable = false; // '%' cannot cross a separator
            }
        } else {
            for (std::size_t j = 0; j < name.size(); ++j)
                next[j + 1] = row[j] && name[j] == p;
        }
        std::swap(row, next);
    }
    return row[name.size()] != 0;
}

ResponseStatus ImapServer::do_select(const Command& command, std::string& text, std::string& code) {
    const std::string name =
        mailbox_argument(std::get<MailboxArguments>(command.arguments).mailbox);
    if (!is_valid_mutf7(name))
        return not_modified_utf7(text, code);
    const store::Mailbox* box = m_store.mailbox(m_login);
    const store::Folder* folder = box ? box->folder(name) : nullptr;
    if (!folder) {
        text = "No such mailbox";
        return ResponseStatus::No;
    }
    Selected selected;
    selected.name = folder->name();
    selected.read_only = command.name == CommandName::Examine;
    selected.uid_validity = folder->uid_validity();
    std::vector<store::Uid> claim;
    for (const auto& message : folder->messages()) {
        selected.uids.push_back(message.uid);
        if (message.flags.has(store::SystemFlag::Recent)) {
            selected.recent.insert(message.uid);
            claim.push_back(message.uid);
        }
    }
    // \Recent goes to the first session that selects the mailbox read-write: clear it in the
    // store so the next session sees these messages as old.
    if (!selected.read_only)
        for (store::Uid uid : claim) {
            store::Flags flags = folder->find(uid)->flags;
            flags.clear(store::SystemFlag::Recent);
            (void)m_store.set_flags(m_login, selected.name, uid, flags);
        }
    folder = m_store.mailbox(m_login)->folder(selected.name);
    std::uint32_t first_unseen = 0;
    for (std::size_t i = 0; i < folder->messages().size(); ++i) {
        const auto& message = folder->messages()[i];
        store::Flags flags = message.flags;
        flags.clear(store::SystemFlag::Recent);
        selected.flags.push_back(flags);
        if (!first_unseen && !flags.has(store::SystemFlag::Seen))
            first_unseen = static_cast<std::uint32_t>(i + 1);
    }
    m_selected = std::move(selected);
    untagged(std::to_string(m_selected.uids.size()) + " EXISTS", "imap.resp.EXISTS");
    untagged(std::to_string(m_selected.recent.size()) + " RECENT", "imap.resp.RECENT");
    if (first_unseen)
        write(format_status("*", ResponseStatus::Ok, "UNSEEN " + std::to_string(first_unseen),
                            "Message " + std::to_string(first_unseen) + " is first unseen"),
              "imap.resp.OK");
    write(format_status("*", ResponseStatus::Ok,
                        "UIDVALIDITY " + std::to_string(folder->uid_validity()), "UIDs valid"),
          "imap.resp.OK");
    write(format_status("*", ResponseStatus::Ok, "UIDNEXT " + std::to_string(folder->uid_next()),
                        "Predicted next UID"),
          "imap.resp.OK");
    m_selected.keywords = folder->keywords();
    announce_flags();
    code = m_selected.read_only ? "READ-ONLY" : "READ-WRITE";
    text = command.word() + " completed";
    return ResponseStatus::Ok;
}

namespace {

constexpr std::size_t kMaxKeywords = 256;
constexpr std::size_t kMaxKeywordLength = 64;

} // namespace

void ImapServer::announce_flags() {
    std::string flags = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
    for (const auto& keyword : m_selected.keywords)
        flags += " " + keyword;
    untagged("FLAGS (" + flags + ")", "imap.resp.FLAGS");
    // \* : the client may create keywords (RFC 3501 §7.1).
    write(format_status("*", ResponseStatus::Ok,
                        m_selected.read_only ? "PERMANENTFLAGS ()"
                                             : "PERMANENTFLAGS (" + flags + " \\*)",
                        m_selected.read_only ? "No permanent flags permitted" : "Limited"),
          "imap.resp.OK");
}

void ImapServer::announce_new_keywords(const store::Folder* folder) {
    if (!folder || folder->uid_validity() != m_selected.uid_validity ||
        folder->keywords() == m_selected.keywords)
        return;
    m_selected.keywords = folder->keywords();
    announce_flags();
}

bool ImapServer::keywords_fit(const store::Flags& flags, const store::Folder* folder,
                              std::string& text, std::string& code) const {
    std::size_t count = folder ? folder->keywords().size() : 0;
    for (const auto& keyword : flags.keywords()) {
        if (keyword.size() > kMaxKeywordLength) {
            code = "LIMIT";
            text = "Keyword longer than " + std::to_string(kMaxKeywordLength) + " characters";
            return false;
        }
        if ((!folder || !folder->has_keyword(keyword)) && ++count > kMaxKeywords) {
            code = "LIMIT";
            text =
                "Too many keywords in this mailbox (at most " + std::to_string(kMaxKeywords) + ")";
            return false;
        }
    }
    return true;
}

ResponseStatus ImapServer::do_create(const Command& command, std::string& text, std::string& code) {
    const std::string name =
        mailbox_argument(std::get<MailboxArguments>(command.arguments).mailbox);
    if (name == store::kInbox)
        return store_failure(StoreError::FolderExists, text, code);
    if (!store::is_valid_folder_name(name))
        return store_failure(StoreError::BadFolderName, text, code);
    if (!is_valid_mutf7(name))
        return not_modified_utf7(text, code);
    const store::Mailbox* box = m_store.mailbox(m_login);
    if (box && box->folder(name))
        return store_failure(StoreError::FolderExists, text, code);
    // Superior levels are created too ("a/b/c" makes "a" and "a/b"), as §6.3.3 suggests.
    for (std::size_t cut = name.find(store::kHierarchySeparator); cut != std::string::npos;
         cut = name.find(store::kHierarchySeparator, cut + 1)) {
        const std::string parent = name.substr(0, cut);
        if (!m_store.mailbox(m_login)->folder(parent))
            (void)m_store.create_folder(m_login, parent);
    }
    auto created = m_store.create_folder(m_login, name);
    if (!created)
        return store_failure(created.error(), text, code);
    return ResponseStatus::Ok;
}

ResponseStatus ImapServer::do_delete(const Command& command, std::string& text, std::string& code) {
    const std::string name =
        mailbox_argument(std::get<MailboxArguments>(command.arguments).mailbox);
    auto deleted = m_store.delete_folder(m_login, name);
    if (!deleted) {
        if (deleted.error() == StoreError::NoSuchFolder) {
            text = "No such mailbox";
            return ResponseStatus::No;
        }
        return store_failure(deleted.error(), text, code);
    }
    return ResponseStatus::Ok;
}

ResponseStatus ImapServer::do_rename(const Command& command, std::string& text, std::string& code) {
    const auto& args = std::get<RenameArguments>(command.arguments);
    if (!is_valid_mutf7(args.to))
        return not_modified_utf7(text, code);
    auto renamed =
        m_store.rename_folder(m_login, mailbox_argument(args.from), mailbox_argument(args.to));
    if (!renamed) {
        if (renamed.error() == StoreError::NoSuchFolder) {
            text = "No such mailbox";
            return ResponseStatus::No;
        }
        return store_failure(renamed.error(), text, code);
    }
    return ResponseStatus::Ok;
}

ResponseStatus ImapServer::do_subscribe(const Command& command, std::string& text,
                                        std::string& code) {
    const std::string name =
        mailbox_argument(std::get<MailboxArguments>(command.arguments).mailbox);
    const bool subscribe = command.name == CommandName::Subscribe;
    if (subscribe && !m_store.mailbox(m_login)->folder(name)) {
        text = "No such mailbox";
        return ResponseStatus::No;
    }
    auto changed = m_store.set_subscription(m_login, name,
                                            subscribe ? store::Subscription::Subscribed
                                                      : store::Subscription::Unsubscribed);
    if (!changed)
        return store_failure(changed.error(), text, code);
    return ResponseStatus::Ok;
}

ResponseStatus ImapServer::do_list(const Command& command, std::string& text, std::string&) {
    const auto& args = std::get<ListArguments>(command.arguments);
    const bool lsub = command.name == CommandName::Lsub;
    const std::string response = lsub ? "LSUB" : "LIST";
    const std::string key = "imap.resp." + response;
    if (args.pattern.empty() && !lsub) {
        // LIST "" "": the hierarchy delimiter and the root (RFC 3501 §6.3.8).
        untagged("LIST (\\Noselect) " + delimiter_text() + " \"\"", key);
        return ResponseStatus::Ok;
    }
    const std::string pattern = args.reference + args.pattern;
    const store::Mailbox* box = m_store.mailbox(m_login);
    // name -> attributes. Parents that do not exist as folders show as \Noselect so a client
    // walking the tree with "%" still finds what is below them.
    std::map<std::string, std::string> listed;
    auto consider = [&](const std::string& name, bool exists, bool has_children) {
        const bool inbox = equals_ci(name, store::kInbox);
        const bool match =
            inbox ? mailbox_matches(to_upper_ascii(pattern), name) || mailbox_matches(pattern, name)
                  : mailbox_matches(pattern, name);
        if (!match)
            return;
        std::string attributes = exists ? "" : "\\Noselect";
        if (!lsub) {
            if (!attributes.empty())
                attributes += ' ';
            attributes += has_children ? "\\HasChildren" : "\\HasNoChildren";
            if (const std::string use = special_use(name); exists && !use.empty())
                attributes += ' ' + use; // RFC 6154
        }
        listed[name] = attributes;
    };
    auto has_children = [&](const std::string& name) {
        const std::string prefix = name + store::kHierarchySeparator;
        for (const auto& [other, folder] : box->folders())
            if (other.compare(0, prefix.size(), prefix) == 0)
                return true;
        return false;
    };
    std::vector<std::string> names;
    if (lsub)
        names.assign(box->subscriptions().begin(), box->subscriptions().end());
    else
        for (const auto& [name, folder] : box->folders())
            names.push_back(name);
    for (const auto& name : names) {
        consider(name, box->folder(name) != nullptr, has_children(name));
        for (std::size_t cut = name.find(store::kHierarchySeparator); cut != std::string::npos;
             cut = name.find(store::kHierarchySeparator, cut + 1)) {
            const std::string parent = name.substr(0, cut);
            if (!listed.count(parent) && !(lsub && box->subscriptions().count(parent)) &&
                !(!lsub && box->folder(parent)))
                consider(parent, box->folder(parent) != nullptr && !lsub, true);
        }
    }
    for (const auto& [name, attributes] : listed)
        untagged(response + " (" + attributes + ") " + delimiter_text() + " " +
                     encode_astring(name),
                 key);
    text = response + " completed";
    return ResponseStatus::Ok;
}

ResponseStatus ImapServer::do_status(const Command& command, std::string& text, std::string& code) {
    const auto& args = std::get<StatusArguments>(command.arguments);
    if (!is_valid_mutf7(args.mailbox))
        return not_modified_utf7(text, code);
    const store::Folder* folder = m_store.mailbox(m_login)->folder(mailbox_argument(args.mailbox));
    if (!folder) {
        text = "No such mailbox";
        code.clear();
        return ResponseStatus::No;
    }
    std::string items;
    for (const auto& item : args.items) {
        std::uint64_t value = 0;
        if (item == "MESSAGES")
            value = folder->messages().size();
        else if (item == "RECENT")
            value = folder->count_with(store::SystemFlag::Recent);
        else if (item == "UIDNEXT")
            value = folder->uid_next();
        else if (item == "UIDVALIDITY")
            value = folder->uid_validity();
        else if (item == "UNSEEN")
            value = folder->count_without(store::SystemFlag::Seen);
        if (!items.empty())
            items += ' ';
        items += item + " " + std::to_string(value);
    }
    untagged("STATUS " + encode_astring(folder->name()) + " (" + items + ")", "imap.resp.STATUS");
    return ResponseStatus::Ok;
}

ResponseStatus ImapServer::do_append(const Command& command, std::string& text, std::string& code) {
    const auto& args = std::get<AppendArguments>(command.arguments);
    store::Flags flags;
    for (const auto& name : args.flags)
        if (!flags.add_by_name(name)) {
            text = "Unknown flag " + name;
            code = "imap.error.syntax";
            return ResponseStatus::Bad;
        }
    SimTime when = m_now;
    if (args.date)
        when = (args.date->unix_seconds - m_config.epoch_unix_seconds) * kSecond;
    const std::string name = mailbox_argument(args.mailbox);
    if (!is_valid_mutf7(name))
        return not_modified_utf7(text, code);
    if (!keywords_fit(flags, m_store.mailbox(m_login)->folder(name), text, code))
        return ResponseStatus::No;
    auto added = m_store.append(m_login, name, args.message, when, flags);
    if (!added)
        return store_failure(added.error(), text, code);
    if (m_config.extensions) // UIDPLUS (RFC 4315): the UID the message got
        code = "APPENDUID " +
               std::to_string(m_store.mailbox(m_login)->folder(name)->uid_validity()) + " " +
               std::to_string(added->uid);
    return ResponseStatus::Ok;
}

} // namespace mailsim::imap
