#pragma once
// Sans-I/O POP3 server (RFC 1939, CAPA and response codes from RFC 2449) over the mailbox
// store. The caller moves bytes and time; the engine never touches a socket or a clock:
//
//     pop3::Pop3Server server(store, config);     // greeting is queued
//     send(server.take_output());
//     server.receive_data(bytes_from_peer);
//     while (!holds_alternative<NeedData>(event = server.next_event())) { ... }
//     send(server.take_output());
//
// Each next_event() call handles at most one command line, so pipelined commands come out
// one at a time, in order. Deletions happen only in UPDATE after QUIT; a dropped connection
// or an autologout deletes nothing.
#include "sim/proto/engine.h"
#include "sim/proto/engine_shell.h"
#include "sim/proto/pop3/pop3_events.h"
#include "sim/proto/pop3/pop3_state.h"
#include "sim/proto/pop3/pop3_wire.h"
#include "sim/store/store.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::pop3 {

struct ServerConfig {
    TextStyle style = TextStyle::Modern;
    std::string host_name = "localhost";
    // The APOP timestamp for the greeting, e.g. "<1896.697170952@dbc.mtview.ca.us>". It must
    // be unique per connection, so the caller makes it (from its process id, sim time,
    // counter...). Empty: APOP is not offered and answers -ERR.
    std::string apop_timestamp;
    std::size_t max_line_length = 255; // RFC 2449 §4: 255 octets including CRLF
    SimTime autologout = 10 * kMinute; // RFC 1939 §3: at least ten minutes
    std::string implementation = "mailsim";
};

class Pop3Server : public EngineShell<Pop3Server, ServerEvent> {
public:
    Pop3Server(store::Store& store, ServerConfig config);

    // receive_data, receive_eof, next_event, take_output, has_output: the EngineShell's.
    // The autologout timer fired: close without UPDATE and without a reply (RFC 1939 §3).
    void on_timeout();

    State state() const { return m_state; }
    bool wants_close() const { return m_state == State::Closed; } // after QUIT, EOF or autologout
    const std::string& login() const { return m_login; }
    const ServerConfig& config() const { return m_config; }

private:
    // One message of the maildrop as listed when the session entered TRANSACTION.
    struct Entry {
        store::MessageId id = 0;
        store::Uid uid = 0;
        std::shared_ptr<const Bytes> raw;
        std::size_t size = 0; // wire size
        std::string unique_id;
        bool deleted = false;
        bool retrieved = false;
    };

    friend EngineShell;
    bool session_over() const { return m_state == State::Closed; }
    void process_line(const Line& line);
    void handle_eof() { handle_end(EndReason::PeerClosed); }
    void handle_end(EndReason reason);
    ReplyStatus dispatch(Command command, std::string_view argument);

    ReplyStatus do_user(std::string_view argument);
    ReplyStatus do_pass(std::string_view argument);
    ReplyStatus do_apop(std::string_view argument);
    ReplyStatus open_maildrop(const std::string& login, std::string ok_key);
    ReplyStatus do_stat();
    ReplyStatus do_list(std::string_view argument);
    ReplyStatus do_retr(std::string_view argument);
    ReplyStatus do_dele(std::string_view argument);
    ReplyStatus do_rset();
    ReplyStatus do_top(std::string_view argument);
    ReplyStatus do_uidl(std::string_view argument);
    ReplyStatus do_capa();
    ReplyStatus do_quit();
    bool commit_update(); // false: no room on disk, nothing removed

    // Finds message `text` (a message number) or writes the -ERR reply and returns null.
    Entry* lookup(std::string_view text);
    std::size_t live_count() const;
    std::size_t live_size() const;

    ReplyStatus ok(std::string text, std::string key);
    ReplyStatus ok_multiline(std::string text, std::string key, const std::vector<ByteView>& body);
    ReplyStatus err(std::string text, std::string key);
    void change_state(State to);

    store::Store& m_store;
    ServerConfig m_config;
    State m_state = State::Authorization;
    std::optional<std::string> m_pending_user; // after a USER that PASS may complete
    std::string m_login;
    store::MailboxLock m_lock;
    std::vector<Entry> m_entries;
    UpdateCommitted m_update;
};

static_assert(TimedProtocolEngine<Pop3Server>);

} // namespace mailsim::pop3
