#pragma once
// One real TCP connection bridged into the simulated world as a connection from the
// real-client host to a server host. The world's agent on the server side (MtaInbound,
// Pop3Session, ImapSession) runs the protocol engine; the bridge only moves bytes.
//
// Output is not written from inside the world's callbacks: the serve loop first syncs the
// state folder, then calls flush() on every bridge (nothing acknowledged before it is on disk).
#include "sim/net/network.h"

#include <asio.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace mailsim::world {
class World;
}

namespace mailsim::serve {

struct BridgeSettings {
    net::HostId client_host = 0;
    net::HostId server_host = 0;
    std::uint16_t sim_port = 0; // the server's port inside the world (25, 110, 143)
    world::Proto proto = world::Proto::None;
    std::chrono::milliseconds idle_timeout{300000}; // silence, then close (autologout)
    // Input the server has not answered yet (a command line or literal cut short and sent a
    // byte at a time) gets this long, then the connection is closed; 0 = no such deadline
    // (SMTP: its engine times commands itself and DATA between receives).
    std::chrono::milliseconds command_deadline{0};
    // Back-pressure: while more than this much of the connection's output waits in the
    // server (the kernel holds at most 64 KiB unsent besides), its input is neither read nor
    // parsed (Dovecot and Postfix do the same).
    std::size_t max_pending_output = 64 * 1024;
};

class Bridge : public net::TcpHandler, public std::enable_shared_from_this<Bridge> {
public:
    // on_input: bytes went into the world (advance it); on_output: the world gave this bridge
    // something to write or close (flush it after the state folder is synced).
    Bridge(asio::ip::tcp::socket socket, world::World& world, BridgeSettings settings,
           std::function<void()> on_input, std::function<void(Bridge&)> on_output);
    ~Bridge() override;

    // Opens the simulated connection and starts reading the socket.
    void start();
    // Writes what the world sent since the last call (after the state folder was synced).
    void flush();
    // Server shutting down: `goodbye` goes out, then the socket closes; the world side is reset.
    void shut_down(const std::string& goodbye);
    // Closes the socket now, whatever is still unsent.
    void force_close();
    bool finished() const { return m_socket_closed; }
    world::ConnId conn() const { return m_conn; }
    world::Proto proto() const { return m_settings.proto; }
    std::uint64_t bytes_in() const { return m_bytes_in; }
    std::uint64_t bytes_out() const { return m_bytes_out; }
    // What this connection holds in the server's memory: output not yet taken by the kernel,
    // input read but not yet handed to the world.
    std::size_t buffered() const { return output_waiting() + m_unfed.size(); }
    // Input is held back because the client is not reading its replies.
    bool paused() const { return output_waiting() > m_settings.max_pending_output; }

    // --- net::TcpHandler (the world's side) -------------------------------------------------
    void on_established(world::ConnId) override {}
    void on_data(world::ConnId, ByteView bytes) override;
    void on_peer_fin(world::ConnId) override;
    void on_closed(world::ConnId, net::CloseReason) override;

private:
    void read();
    void feed(); // hands read bytes to the world, paced by the output they cause
    std::size_t output_waiting() const;
    void write();
    void wrote(asio::error_code ec, std::size_t n);
    // The idle timer is armed once and on expiry looks at the last activity: re-arming it on
    // every read (cancel, new wait) was a visible share of a short session's CPU.
    void arm_idle_timer(std::chrono::steady_clock::duration after);
    void idle_timeout();
    void close_socket();
    void maybe_close();
    void abort_world(); // resets the world's connection (a client's RST, a write error)

    asio::ip::tcp::socket m_socket;
    asio::steady_timer m_idle;
    std::chrono::steady_clock::time_point m_last_activity = std::chrono::steady_clock::now();
    // When the oldest input not answered yet arrived (time_point{} = everything answered).
    std::chrono::steady_clock::time_point m_unanswered_since{};
    world::World& m_world;
    BridgeSettings m_settings;
    std::function<void()> m_on_input;
    std::function<void(Bridge&)> m_on_output;
    world::ConnId m_conn = 0;
    // Not value-initialised: zeroing 16 KiB per accepted connection was 6% of the server's CPU
    // under smtp-source (one connection per message); only bytes read are ever looked at.
    std::array<char, 16384> m_buffer;
    Bytes m_unfed;                    // read from the socket, not yet handed to the world
    std::size_t m_batch = 1;          // lines handed over per step (see feed())
    std::uint64_t m_output_total = 0; // bytes the world ever sent this bridge
    bool m_fin_waiting = false;       // the client's FIN, to pass on after m_unfed
    Bytes m_pending;                  // from the world, not yet handed to the socket
    Bytes m_writing;                  // being written now
    std::size_t m_written = 0;        // of m_writing, taken by the kernel so far
    bool m_reading = false;
    bool m_write_busy = false;
    bool m_read_done = false;    // the client closed its side (or the socket failed)
    bool m_world_fin = false;    // the server side of the world closed (after 221, +OK, BYE)
    bool m_world_closed = false; // the world's connection is gone (on_closed)
    bool m_socket_closed = false;
    bool m_shutting_down = false;
    std::uint64_t m_bytes_in = 0, m_bytes_out = 0;
};

} // namespace mailsim::serve
