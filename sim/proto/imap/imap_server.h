#pragma once
// The IMAP4rev1 server engine (RFC 3501 subset), sans-I/O: bytes in through receive_data(),
// events out through next_event(), reply bytes out through take_output(). Mail lives in the
// shared store::Store, not in the session, so flags and folders outlast the connection: a second
// session (or a POP3 client, or the MTA) sees what the first one did.
//
// Commands are read and answered one at a time in next_event(), so a UI can step through a
// session; the bytes and events do not depend on how the input was split into reads.
#include "imap_events.h"
#include "imap_framer.h"
#include "sim/core/sim_time.h"
#include "sim/proto/engine.h"
#include "sim/proto/engine_shell.h"
#include "sim/store/store.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace mailsim::imap {

enum class GreetingKind { Ok, Bye }; // Bye: refuse service (the "421" of IMAP)

struct ServerConfig {
    std::string hostname = "imap.example";
    // Calendar time of SimTime 0, for INTERNALDATE and SEARCH dates (the engine has no clock).
    std::int64_t epoch_unix_seconds = 1704067200; // 2024-01-01 00:00:00 UTC
    int zone_minutes = 0;                         // the zone INTERNALDATE is written in
    GreetingKind greeting = GreetingKind::Ok;
    FramerLimits limits;
    // List AUTH=PLAIN in CAPABILITY (AUTHENTICATE PLAIN is answered either way). Off for the
    // simulated world's own clients, whose lecture transcripts show the plain IMAP4rev1 list.
    bool advertise_auth_plain = false;
    // Speak the extensions real clients rely on (imap_server_extensions.cpp: UIDPLUS, MOVE,
    // IDLE, NAMESPACE, ENABLE, LITERAL+/-, SPECIAL-USE) and list them in CAPABILITY. Off, the
    // server is the plain RFC 3501 one of the lectures: their commands are unknown, no response
    // code of theirs appears, and the simulated world's transcripts stay as the lessons print them.
    bool extensions = false;
    // While idling, an untagged "* OK Still here" this often (RFC 2177 lets the server send
    // such updates; Dovecot sends one every 2 minutes), so that the client, and any NAT box on
    // the way, see a live connection during a long IDLE. Asked for with TimerRequested.
    // 0 = never: the lectures' scripted sessions stay as printed.
    SimTime idle_keepalive = 0;
};

// A store error as a NO reply: the text and the RFC 3501/5530 response code that fit.
ResponseStatus store_failure(store::StoreError error, std::string& text, std::string& code);

class ImapServer : public EngineShell<ImapServer, ServerEvent, Framer> {
public:
    ImapServer(store::Store& store, ServerConfig config = {});

    // receive_data, receive_eof, next_event, take_output (everything written since the last
    // call), has_output: the EngineShell's.
    // After LOGOUT (or a BYE of ours), or once the client's EOF was reported.
    bool wants_close() const { return m_state == State::Logout || m_closed_reported; }

    // The current simulated time: internal date of APPENDed messages without a date.
    void set_now(SimTime now) { m_now = now; }
    // The timer of the last TimerRequested fired: the IDLE keepalive is due (ignored once the
    // IDLE is over).
    void on_timeout();

    State state() const { return m_state; }
    const std::string& user() const { return m_login; }
    const std::string& selected_mailbox() const { return m_selected.name; }

private:
    struct Selected {
        std::string name;
        bool read_only = false;
        std::uint32_t uid_validity = 0;
        std::vector<store::Uid> uids;      // index + 1 = message sequence number
        std::vector<store::Flags> flags;   // as last reported to the client
        std::set<store::Uid> recent;       // \Recent belongs to this session (RFC 3501 2.3.2)
        std::vector<std::string> keywords; // the folder's keywords as last announced in FLAGS
    };
    enum class ExpungeReports { Allowed, Deferred };

    // Output helpers: each writes bytes and records a ResponseSent event.
    void write(Bytes bytes, std::string key);
    void untagged(std::string_view text, std::string key);
    void status(std::string_view tag, ResponseStatus status, std::string_view code,
                std::string_view text);
    void reject(std::string_view tag, std::string message, std::string key);
    void set_state(State next);
    void request_timer(SimTime after);

    friend EngineShell;
    // Once the close is reported the engine is done: whatever is still buffered (a command cut
    // short by EOF) was reported with it and is never looked at again.
    bool session_over() const { return m_closed_reported; }
    bool read_input(); // IDLE updates, the close after LOGOUT, or one framed command
    void handle_eof();
    void step_framer();
    void handle(ByteView bytes);
    void execute(const Command& command);

    // Not authenticated / any state (imap_server.cpp).
    ResponseStatus do_login(const Command& command, std::string& text, std::string& code);
    std::string capabilities() const; // for the current state
    std::string capability_list(State state) const;
    std::string logged_in_code() const; // "CAPABILITY ..." for the tagged OK of a login
    void start_authenticate(const Command& command);
    void finish_authenticate(const std::string& tag, ByteView answer);
    // Authenticated state (imap_server_mailboxes.cpp).
    ResponseStatus do_select(const Command& command, std::string& text, std::string& code);
    ResponseStatus do_create(const Command& command, std::string& text, std::string& code);
    ResponseStatus do_delete(const Command& command, std::string& text, std::string& code);
    ResponseStatus do_rename(const Command& command, std::string& text, std::string& code);
    ResponseStatus do_subscribe(const Command& command, std::string& text, std::string& code);
    ResponseStatus do_list(const Command& command, std::string& text, std::string& code);
    ResponseStatus do_status(const Command& command, std::string& text, std::string& code);
    ResponseStatus do_append(const Command& command, std::string& text, std::string& code);
    // Selected state (imap_server_messages.cpp).
    ResponseStatus do_close(const Command& command, std::string& text, std::string& code);
    ResponseStatus do_expunge(const Command& command, std::string& text, std::string& code);
    ResponseStatus do_search(const Command& command, std::string& text, std::string& code);
    ResponseStatus do_fetch(const Command& command, std::string& text, std::string& code);
    ResponseStatus do_store(const Command& command, std::string& text, std::string& code);
    // COPY, MOVE and UID EXPUNGE (imap_server_copy.cpp).
    ResponseStatus do_copy(const Command& command, std::string& text, std::string& code);
    ResponseStatus do_uid_expunge(const Command& command, std::string& text, std::string& code);
    // IDLE (imap_server_idle.cpp): "+ idling", updates as they happen, DONE.
    void start_idle(const Command& command);
    void idle_input(ByteView line);
    void push_idle_updates();
    // NAMESPACE, ENABLE and SPECIAL-USE (imap_server_extensions.cpp).
    ResponseStatus do_namespace(std::string& text);
    ResponseStatus do_enable(const Command& command, std::string& text);
    std::string special_use(std::string_view folder) const; // "\Sent", or ""

    // Selected-mailbox bookkeeping.
    const store::Folder* selected_folder() const;
    // "* FLAGS (...)" and "* OK [PERMANENTFLAGS (...)]" with the folder's keywords; again
    // whenever the folder gains one, before any FETCH shows it (RFC 3501 §7.2.6).
    void announce_flags();
    void announce_new_keywords(const store::Folder* folder);
    // A STORE or APPEND that would give the folder more keywords than kMaxKeywords, or one
    // longer than kMaxKeywordLength: NO [LIMIT], so FLAGS stays a line of sane length.
    bool keywords_fit(const store::Flags& flags, const store::Folder* folder, std::string& text,
                      std::string& code) const;
    // Tells the client what others changed: new messages, expunges (when allowed), flags.
    void sync_selected(ExpungeReports expunges);
    // Message indexes (0-based) a set names, or an error text for sequence numbers out of range.
    Result<std::vector<std::size_t>> resolve(const SequenceSet& set, Numbering numbering) const;
    store::Flags session_flags(std::size_t index, const store::Flags& stored) const;
    DateTime internal_date(SimTime when) const;

    store::Store& m_store;
    ServerConfig m_config;
    State m_state = State::NotAuthenticated;
    std::string m_login;
    Selected m_selected;
    SimTime m_now = 0;
    bool m_closed_reported = false;
    std::string m_sasl_tag; // AUTHENTICATE waiting for the client's answer to "+"
    std::string m_idle_tag; // the IDLE that DONE will complete
    State m_idle_from = State::Authenticated;
    std::uint64_t m_idle_seen = 0; // the store's last change this session has looked at
};

static_assert(ProtocolEngine<ImapServer>);

// LIST/LSUB pattern matching: "*" matches anything, "%" anything but the hierarchy separator.
bool mailbox_matches(std::string_view pattern, std::string_view name);

} // namespace mailsim::imap
