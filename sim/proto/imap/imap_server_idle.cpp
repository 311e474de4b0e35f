// IDLE (RFC 2177): push inside IMAP. Without it a client learns of new mail only when it sends
// a command (NOOP every few minutes: polling); with it the client says IDLE once, the server
// answers "+ idling" and from then on writes EXISTS / EXPUNGE / FETCH the moment another
// session (or the MTA) changes the mailbox, until the client sends DONE.
//
// The engine has no callbacks: while idling, next_event() compares the store's change counter
// with the last one this session looked at. Whoever drives the engine calls next_event() when
// the store changes (the world's ImapSession watches the store for that). A long IDLE hears
// "* OK Still here" every ServerConfig::idle_keepalive (the engine asks for a timer).
#include "imap_server.h"

namespace mailsim::imap {

void ImapServer::start_idle(const Command& command) {
    m_idle_tag = command.tag;
    m_idle_from = m_state;
    write(format_continuation("idling"), "imap.resp.continuation");
    set_state(state_after_command(m_state, CommandName::Idle, ResponseStatus::Ok));
    // What changed since the last command is reported at once, as Dovecot does: a client
    // that idles must not wait for the next change to hear of the previous one.
    m_idle_seen = m_store.last_seq() + 1; // differs: push_idle_updates() looks now
    push_idle_updates();
    if (m_config.idle_keepalive > 0)
        request_timer(m_config.idle_keepalive);
}

void ImapServer::on_timeout() {
    if (m_state != State::Idle || m_config.idle_keepalive <= 0)
        return; // the IDLE ended before its timer: nothing is due
    untagged("OK Still here", "imap.resp.OK");
    request_timer(m_config.idle_keepalive);
}

void ImapServer::push_idle_updates() {
    if (m_store.last_seq() == m_idle_seen)
        return;
    if (m_idle_from == State::Selected)
        sync_selected(ExpungeReports::Allowed); // nothing is numbered while idling
    // sync_selected may clear \Recent in the store: that change is ours, seen already.
    m_idle_seen = m_store.last_seq();
}

void ImapServer::idle_input(ByteView line) {
    const std::string tag = std::exchange(m_idle_tag, std::string());
    push_idle_updates();
    set_state(state_after_done(m_idle_from));
    if (!equals_ci(line, "DONE")) {
        // Dovecot ends IDLE here too: the client is confused, and a tagged reply is due.
        reject(tag, "Expected DONE to end IDLE", "imap.error.syntax");
        return;
    }
    status(tag, ResponseStatus::Ok, "", "IDLE completed");
}

} // namespace mailsim::imap
