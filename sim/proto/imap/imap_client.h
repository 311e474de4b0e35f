#pragma once
// The IMAP4rev1 client engine, sans-I/O. Each command method queues a command and returns its
// tag; take_output() gives the bytes to write; receive_data() takes the server's bytes and
// next_event() reports greetings, untagged data and, per command, a CommandCompleted that
// carries what the server said for it (LIST entries, FETCH items, SEARCH hits, ...).
//
// Commands go out one at a time: a synchronizing literal ("{n}") must wait for the server's
// "+" anyway, and one command in flight keeps every untagged response attributable.
#include "imap_events.h"
#include "imap_framer.h"
#include "sim/proto/engine.h"
#include "sim/proto/engine_shell.h"

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::imap {

struct ClientConfig {
    std::string tag_prefix = "A"; // tags are A001, A002, ...
    FramerLimits limits{65536, 64 * 1024 * 1024, 80 * 1024 * 1024};
};

class ImapClient : public EngineShell<ImapClient, ClientEvent, Framer> {
public:
    explicit ImapClient(ClientConfig config = {});

    // receive_data, receive_eof, next_event, take_output, has_output: the EngineShell's.
    // Logged out with nothing left to send or wait for.
    bool wants_close() const { return m_state == State::Logout && !busy(); }

    State state() const { return m_state; }
    bool busy() const { return m_in_flight.has_value() || !m_queue.empty(); }
    // What the last SELECT/EXAMINE and the untagged updates since say about the mailbox.
    const MailboxStatus& mailbox() const { return m_mailbox; }

    // --- commands (each returns the tag it will use) ---------------------------------------
    std::string capability();
    std::string noop();
    std::string logout();
    std::string login(std::string_view user, std::string_view password);
    std::string select(std::string_view mailbox);
    std::string examine(std::string_view mailbox);
    std::string create(std::string_view mailbox);
    std::string delete_mailbox(std::string_view mailbox);
    std::string rename(std::string_view from, std::string_view to);
    std::string subscribe(std::string_view mailbox);
    std::string unsubscribe(std::string_view mailbox);
    std::string list(std::string_view reference, std::string_view pattern);
    std::string lsub(std::string_view reference, std::string_view pattern);
    std::string status(std::string_view mailbox, std::string_view items); // "(MESSAGES UNSEEN)"
    std::string append(std::string_view mailbox, std::string_view message,
                       const std::vector<std::string>& flags = {},
                       const std::optional<DateTime>& date = std::nullopt);
    std::string check();
    std::string close();
    std::string expunge();
    // `criteria` and `items` are IMAP syntax: "UNSEEN FROM alice", "(FLAGS BODY.PEEK[HEADER])".
    std::string search(std::string_view criteria, Numbering numbering = Numbering::Sequence);
    std::string fetch(const SequenceSet& set, std::string_view items,
                      Numbering numbering = Numbering::Sequence);
    std::string store(const SequenceSet& set, StoreMode mode, const std::vector<std::string>& flags,
                      Silence silence = Silence::Loud, Numbering numbering = Numbering::Sequence);
    std::string copy(const SequenceSet& set, std::string_view mailbox,
                     Numbering numbering = Numbering::Sequence);

    // --- the client tasks of the lecture ----------------------------------------------------
    // Headers of every message (sequence numbers 1:*), without setting \Seen.
    std::string fetch_headers(const SequenceSet& set, Numbering numbering = Numbering::Sequence);
    // Whole message; BODY[] sets \Seen on the server, which is the point of reading it there.
    std::string fetch_body(const SequenceSet& set, Numbering numbering = Numbering::Sequence);
    std::string mark_seen(const SequenceSet& set, Numbering numbering = Numbering::Sequence);
    // IMAP4rev1 has no MOVE: COPY, then STORE +FLAGS.SILENT (\Deleted), then EXPUNGE, each only
    // after the previous one succeeded (a failed COPY must not delete anything). Returns the
    // COPY's tag; the other two follow with their own tags and completions.
    std::string move(const SequenceSet& set, std::string_view mailbox,
                     Numbering numbering = Numbering::Uid);

private:
    struct Step {
        std::string tag; // reserved when the procedure starts, so tags stay in order
        CommandName name = CommandName::Noop;
        Numbering numbering = Numbering::Sequence;
        std::string arguments;
    };
    struct Pending {
        std::string tag;
        std::string word; // "UID FETCH"
        CommandName name = CommandName::Noop;
        std::vector<Bytes> segments; // split where the server must say "+" first
        std::size_t sent = 0;        // segments written so far
        std::string mailbox;         // SELECT / EXAMINE: the mailbox being opened
        // A step of move(): what follows this command when it succeeds.
        std::vector<Step> then;
    };

    friend EngineShell;
    bool session_over() const { return m_closed_reported; }
    bool read_input(); // one framed response (or a framing problem)
    void handle_eof();
    std::string enqueue(CommandName name, Numbering numbering, std::string arguments,
                        std::vector<Step> then = {});
    void send_next();
    void remember_mailbox(const std::string& tag, std::string_view mailbox);
    void handle(ByteView bytes);
    void on_untagged(const Response& response);
    void on_tagged(const Response& response);
    void set_state(State next);
    std::string next_tag();

    ClientConfig m_config;
    State m_state = State::NotAuthenticated;
    bool m_greeted = false;
    bool m_closed_reported = false;
    unsigned m_next_tag = 1;
    std::deque<Pending> m_queue;
    std::optional<Pending> m_in_flight;
    CommandCompleted m_collect; // data gathered for the command in flight
    MailboxStatus m_mailbox;
};

static_assert(ProtocolEngine<ImapClient>);

// Splits a command's bytes where a synchronizing literal begins ("...{5}\r\n" | "hello...").
std::vector<Bytes> split_at_literals(ByteView command);

} // namespace mailsim::imap
