#pragma once
// Sans-I/O POP3 client: logs in, lists the maildrop, downloads and either deletes what it
// downloaded ("download-and-delete", the lecture's example) or keeps it on the server
// ("download-and-keep"). With keep, UIDL decides what is new: the client remembers the unique
// ids it has downloaded (the caller persists seen_uids() between sessions), so a second device
// with its own memory still downloads the old mail.
//
// One command at a time, no pipelining: each reply decides the next command.
#include "sim/proto/engine.h"
#include "sim/proto/engine_shell.h"
#include "sim/proto/pop3/pop3_events.h"
#include "sim/proto/pop3/pop3_wire.h"

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mailsim::pop3 {

enum class RetrievalMode { DownloadAndDelete, DownloadAndKeep };
enum class AuthMethod { UserPass, Apop };

struct ClientConfig {
    std::string user;
    std::string password;
    RetrievalMode mode = RetrievalMode::DownloadAndKeep;
    AuthMethod auth = AuthMethod::UserPass;
    // Classic: lower-case commands and no CAPA; UIDL only when keeping (so the lecture's
    // "user, pass, list, retr, dele, quit" comes out exactly). Modern: upper-case, CAPA, UIDL.
    TextStyle style = TextStyle::Modern;
    std::set<std::string> seen_uids; // unique ids downloaded in earlier sessions
    std::size_t max_line_length = 64 * 1024;
};

class Pop3Client : public EngineShell<Pop3Client, ClientEvent> {
public:
    explicit Pop3Client(ClientConfig config);

    // receive_data, receive_eof, next_event, take_output, has_output: the EngineShell's.

    bool finished() const { return m_step == Step::Done; }
    bool wants_close() const { return finished(); } // QUIT answered, or the session failed
    // The remembered unique ids, updated by this session (keep mode): persist them.
    const std::set<std::string>& seen_uids() const { return m_seen; }
    const std::vector<std::string>& capabilities() const { return m_capabilities; }

private:
    enum class Step { Greeting, Capa, User, Pass, Apop, Uidl, List, Retr, Dele, Quit, Done };

    struct Reply {
        ReplyStatus status = ReplyStatus::Ok;
        std::string status_line;
        std::vector<std::string> body;
    };

    friend EngineShell;
    bool session_over() const { return finished(); }
    void process_line(const Line& line);
    void handle_eof();
    void on_reply(Reply reply);
    void send(Command command, Step step, std::string_view argument = {});
    void start_auth();
    void after_login();
    void fetch_next();
    void quit(std::optional<SessionResult> failure);
    void finish(SessionResult result, std::string detail);
    bool expects_multiline() const;

    ClientConfig m_config;
    Step m_step = Step::Greeting;
    State m_server_state = State::Authorization; // the server's state as this client sees it
    bool m_collecting = false;                   // inside a multi-line body
    Reply m_reply;
    std::string m_timestamp; // APOP timestamp from the greeting
    std::vector<std::string> m_capabilities;
    std::map<std::size_t, std::string> m_uids; // message number -> unique id
    bool m_have_uids = false;
    std::deque<std::size_t> m_to_fetch;
    std::size_t m_current = 0; // message being retrieved or deleted
    std::size_t m_retrieved = 0;
    std::size_t m_deleted = 0;              // DELE +OK so far: committed only by QUIT's +OK
    std::optional<SessionResult> m_failure; // why we are quitting early
    std::string m_failure_detail;
    std::set<std::string> m_seen;
};

static_assert(ProtocolEngine<Pop3Client>);

} // namespace mailsim::pop3
