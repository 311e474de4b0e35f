// Messages leaving the selected mailbox on the client's word: COPY (RFC 3501 §6.4.7), MOVE
// (RFC 6851) and UID EXPUNGE (RFC 4315), with the UIDPLUS response codes that tell a sync
// tool which UIDs the copies got (COPYUID). mbsync, for one, needs them to know that the
// message it copied is the one it finds in the target folder.
#include "imap_server.h"

namespace mailsim::imap {

namespace {

// "3,5:7" for 3 5 6 7: runs of consecutive UIDs, in the order given (the source and target
// sets of COPYUID pair up element by element).
std::string uid_set_text(const std::vector<store::Uid>& uids) {
    std::string out;
    for (std::size_t i = 0; i < uids.size();) {
        std::size_t end = i;
        while (end + 1 < uids.size() && uids[end + 1] == uids[end] + 1)
            ++end;
        if (!out.empty())
            out += ',';
        out += std::to_string(uids[i]);
        if (end > i)
            out += ':' + std::to_string(uids[end]);
        i = end + 1;
    }
    return out;
}

} // namespace

ResponseStatus ImapServer::do_copy(const Command& command, std::string& text, std::string& code) {
    const auto& args = std::get<CopyArguments>(command.arguments);
    const bool move = command.name == CommandName::Move;
    auto indexes = resolve(args.set, command.numbering);
    if (!indexes) {
        text = indexes.error().message;
        code = "imap.error.bad_sequence"; // for BAD, the code slot carries the error key
        return ResponseStatus::Bad;
    }
    std::string target(args.mailbox);
    if (target.size() > 1 && target.back() == store::kHierarchySeparator)
        target.pop_back();
    target = store::canonical_folder_name(target);
    if (!m_store.mailbox(m_login)->folder(target)) {
        code = "TRYCREATE"; // the client may CREATE it and try again (§6.4.7)
        text = "No such mailbox";
        return ResponseStatus::No;
    }
    if (move && m_selected.read_only) { // the originals could not be expunged
        text = "Mailbox is read-only";
        return ResponseStatus::No;
    }
    std::vector<store::Uid> uids;
    const store::Folder* folder = selected_folder();
    for (std::size_t index : *indexes) {
        // Expunged by another session and not yet reported to this one: the copy cannot be
        // made, and an OK would say it was (§6.4.7 wants the copy or NO). Nothing is copied,
        // as Dovecot does; the EXPUNGE that follows updates the client's view.
        if (!folder || !folder->find(m_selected.uids[index])) {
            code = "EXPUNGEISSUED"; // RFC 5530
            text = "Some of the requested messages no longer exist";
            return ResponseStatus::No;
        }
        uids.push_back(m_selected.uids[index]);
    }
    // A move is all or nothing too: room for removing the originals before the first copy.
    if (move && !m_store.reserve(uids.size() * (store::Store::kRecordBound +
                                                3 * (m_login.size() + m_selected.name.size()))))
        return store_failure(store::StoreError::StorageFull, text, code);
    auto copied = m_store.copy(m_login, m_selected.name, uids, target);
    if (!copied) {
        if (copied.error() == store::StoreError::OverQuota ||
            copied.error() == store::StoreError::StorageFull)
            return store_failure(copied.error(), text, code);
        text = std::string(command_word(command.name)) +
               " failed: " + std::string(store::to_string(copied.error()));
        return ResponseStatus::No;
    }
    if (!m_config.extensions || uids.empty())
        return ResponseStatus::Ok;
    const std::string copy_uid =
        "COPYUID " + std::to_string(m_store.mailbox(m_login)->folder(target)->uid_validity()) +
        " " + uid_set_text(uids) + " " + uid_set_text(copied.value());
    if (!move) {
        code = copy_uid;
        return ResponseStatus::Ok;
    }
    // MOVE: the copies' UIDs first, in an untagged OK, then the originals go; their EXPUNGE
    // responses come from sync_selected before the tagged OK (RFC 6851 §4.3).
    write(format_status("*", ResponseStatus::Ok, copy_uid, "Moved UIDs"), "imap.resp.OK");
    for (store::Uid uid : uids)
        (void)m_store.remove(m_login, m_selected.name, uid, store::RemoveReason::Expunged);
    return ResponseStatus::Ok;
}

// UID EXPUNGE <set>: only the \Deleted messages whose UIDs are in the set go, so a client
// does not expunge what another client marked \Deleted meanwhile (RFC 4315 §2.1).
ResponseStatus ImapServer::do_uid_expunge(const Command& command, std::string& text,
                                          std::string& code) {
    const auto& args = std::get<UidExpungeArguments>(command.arguments);
    if (m_selected.read_only) {
        text = "Mailbox is read-only";
        return ResponseStatus::No;
    }
    auto indexes = resolve(args.set, Numbering::Uid);
    if (!indexes) {
        text = indexes.error().message;
        code = "imap.error.bad_sequence";
        return ResponseStatus::Bad;
    }
    std::vector<store::Uid> doomed;
    const store::Folder* folder = selected_folder();
    for (std::size_t index : *indexes) {
        const store::Message* message = folder ? folder->find(m_selected.uids[index]) : nullptr;
        if (message && message->flags.has(store::SystemFlag::Deleted))
            doomed.push_back(message->uid);
    }
    if (!m_store.reserve(doomed.size() * (store::Store::kRecordBound +
                                          3 * (m_login.size() + m_selected.name.size()))))
        return store_failure(store::StoreError::StorageFull, text, code);
    for (store::Uid uid : doomed)
        if (auto removed =
                m_store.remove(m_login, m_selected.name, uid, store::RemoveReason::Expunged);
            !removed)
            return store_failure(removed.error(), text, code);
    // The EXPUNGE responses come from sync_selected, which runs before the tagged reply.
    return ResponseStatus::Ok;
}

} // namespace mailsim::imap
