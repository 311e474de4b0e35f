#pragma once
// `mailsim serve`: the simulated world on real TCP ports.
//
// Every accepted socket becomes a simulated TCP connection from the host "real-client" to the
// server host of the world (a Bridge): bytes read from the socket are sent into the world,
// bytes the world's server sends back are written to the socket. The world's own agents (the
// MTA with its smtp engine, the POP3 and IMAP sessions over the mailbox store) answer, exactly
// as they answer simulated clients, and mail for other simulated domains is relayed inside the
// world. The simulator follows the wall clock: simulated time = time since start.
//
// One thread, no blocking: standalone Asio with an io_context this class owns. A program with
// its own main loop (mailsim-gui --serve) calls poll() once per frame instead of run().
#include "sim/core/result.h"
#include "sim/trace/event.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace mailsim::world {
class World;
}

namespace mailsim::serve {

struct ServeOptions {
    std::string scenario;             // file or built-in name; "" = the default world
    std::string data_dir;             // where built-in scenarios live
    std::string listen = "127.0.0.1"; // address to bind
    // The simulated host real connections reach; "" = for each protocol the first host with
    // its role (a scenario with several mail servers picks one by name).
    std::string host;
    int smtp_port = -1; // -1 = not served, 0 = any free port
    int pop3_port = -1;
    int imap_port = -1;
    std::string state_dir; // "" = everything in memory
    // EXPN lists who is on a mailing list: answered on loopback (a teaching server), turned
    // off when listening beyond it unless this is set.
    bool expn_beyond_loopback = false;
    // SMTP: silence before 421 (RFC 5321 §4.5.3.2.7). POP3/IMAP: the time a command line or
    // literal may take to arrive, however slowly (against slowloris clients).
    double idle_timeout_seconds = 300;
    // Silence between commands before POP3/IMAP close the session: at least 10 and 30 minutes
    // (RFC 1939 §3, RFC 3501 §5.4). `mailsim serve --idle-timeout S` sets both to S too.
    double pop3_autologout_seconds = 600;
    double imap_autologout_seconds = 1800;
    // IMAP IDLE: "* OK Still here" this often while a client idles (RFC 2177; Dovecot's
    // default is 2 minutes), so NAT boxes and the client's own timers see a live connection.
    // 0 = never. The autologout still counts the client's silence: RFC 2177 asks clients to
    // re-issue IDLE at least every 29 minutes.
    double imap_idle_keepalive_seconds = 120;
    std::size_t max_connections = 256; // open real connections; the next gets 421 and close
    std::size_t max_message_size = 10 * 1024 * 1024;
    std::size_t max_errors = 10; // 500-504 replies on one SMTP connection, then 421
    // Back-pressure: while more than this much of a connection's output waits in the server
    // (a client pipelining commands without reading the replies), its input is neither read
    // nor parsed; the commands wait in the kernel's socket buffer until the client reads.
    std::size_t output_high_water = 64 * 1024;
    // The world's trace keeps at least this many of the latest events (at most twice as many),
    // so a server running for days does not grow without bound; 0 = the whole trace (a viewer
    // that seeks, like mailsim-gui --serve). About 30 events per SMTP message.
    std::size_t trace_window = 20000;
    // ... and at most this many bytes of events (with their text), whatever their count: a
    // client sending overlong lines cannot make the window hold megabytes per line. A text
    // longer than an eighth of this is cut to its first bytes. Applies with a window only.
    std::size_t trace_bytes = 24 * 1024 * 1024;
};

struct ServeStats {
    std::uint64_t accepted = 0;        // real connections taken into the world
    std::uint64_t refused_busy = 0;    // turned away with 421 (too many connections)
    std::uint64_t accept_failures = 0; // accept() failed (out of descriptors): paused 100 ms
    std::uint64_t open = 0;            // real connections open now
    std::uint64_t bytes_in = 0, bytes_out = 0;
    std::uint64_t syncs = 0; // fsyncs of the state folder
    // Bytes the open connections hold in the server (unsent output, input not yet parsed),
    // and how many of them are paused by back-pressure now.
    std::uint64_t buffered = 0;
    std::uint64_t paused = 0;
};

class ServeLoop {
public:
    // One line of the live transcript (or a status line); called from poll()/run().
    using Printer = std::function<void(const std::string& line)>;

    // Builds the world, restores --state, binds the ports (Error says which one failed).
    static Result<std::unique_ptr<ServeLoop>> create(const ServeOptions& options, Printer printer);
    ~ServeLoop();
    ServeLoop(const ServeLoop&) = delete;
    ServeLoop& operator=(const ServeLoop&) = delete;

    // Ports actually bound (useful with port 0); 0 when not served.
    std::uint16_t smtp_port() const;
    std::uint16_t pop3_port() const;
    std::uint16_t imap_port() const;

    // Runs until stop() (or SIGINT/SIGTERM when `handle_signals`); returns the exit code.
    int run(bool handle_signals);
    // Runs whatever is ready now without blocking and advances the world to the wall clock.
    // For a host program's main loop (one call per frame). Returns the handlers run.
    std::size_t poll();
    // 421 (SMTP), -ERR (POP3) or * BYE (IMAP) to every open session, close the ports, finish
    // writing, sync the state folder. run() returns soon after; with poll() keep polling
    // until finished() is true.
    void stop();
    bool finished() const;

    // The world being served, for a viewer (read it between poll() calls, never change it
    // but through perform()).
    world::World& world();
    const ServeStats& stats() const;
    // Trace events of real connections since the last call (what the live transcript prints).
    bool quiet() const;
    void set_quiet(bool quiet);

    // From any thread (the web server's): runs `task` on the loop's thread, then advances the
    // world (an action a browser asked for goes out at once).
    void post(std::function<void()> task);
    // Called on the loop's thread after every round of advancing the world (the live stream
    // collects the new events there); nullptr removes it.
    void set_after_drive(std::function<void()> hook);

private:
    class Impl;
    explicit ServeLoop(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace mailsim::serve
