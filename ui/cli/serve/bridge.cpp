#include "bridge.h"

#include "sim/agents/wire_log.h"
#include "sim/world/world.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

namespace mailsim::serve {

namespace {

// What the kernel may hold of a connection's output beyond what the peer has acknowledged
// (TCP_NOTSENT_LOWAT). Without it the kernel took up to 4 MB per connection (its send buffer
// grows to tcp_wmem's maximum) and a client that never read could make the server run dozens
// of commands whose replies nobody takes. In flight and unacknowledged data is not limited, so
// a real network's window is not either.
constexpr int kKernelUnsent = 64 * 1024;
// A goodbye that a client does not take (it reads nothing) is not waited for longer.
constexpr auto kGoodbyeGrace = std::chrono::seconds(2);

} // namespace

Bridge::Bridge(asio::ip::tcp::socket socket, world::World& world, BridgeSettings settings,
               std::function<void()> on_input, std::function<void(Bridge&)> on_output)
    : m_socket(std::move(socket)), m_idle(m_socket.get_executor()), m_world(world),
      m_settings(settings), m_on_input(std::move(on_input)), m_on_output(std::move(on_output)) {}

Bridge::~Bridge() {
    // The world must not call a handler that is gone.
    if (m_conn != 0 && !m_world_closed)
        m_world.network().detach(m_conn, net::Side::Client);
}

void Bridge::start() {
    asio::error_code ignored;
    m_socket.set_option(asio::ip::tcp::no_delay(true), ignored);
    m_socket.set_option(
        asio::detail::socket_option::integer<IPPROTO_TCP, TCP_NOTSENT_LOWAT>(kKernelUnsent),
        ignored);
    m_conn = m_world.network().connect(m_settings.client_host, m_settings.server_host,
                                       m_settings.sim_port, m_settings.proto, this);
    arm_idle_timer(m_settings.idle_timeout);
    read();
}

void Bridge::read() {
    if (m_reading || m_read_done || m_socket_closed || m_shutting_down)
        return;
    // Back-pressure: a client that does not read what it asked for (a slow reader) is not read
    // from either; its commands wait in the kernel's socket buffer, its output and trace stay
    // bounded and nobody else waits for it.
    if (paused())
        return;
    m_reading = true;
    m_socket.async_read_some(
        asio::buffer(m_buffer), [self = shared_from_this()](asio::error_code ec, std::size_t n) {
            self->m_reading = false;
            if (self->m_socket_closed)
                return;
            if (ec) {
                self->m_read_done = true;
                // EOF is the client's FIN; anything else is a reset, and the
                // slot is free at once (it used to wait for the idle timeout:
                // 25 resets locked out everyone).
                if (ec == asio::error::eof) {
                    // The FIN goes in after the input still waiting to be fed.
                    self->m_fin_waiting = true;
                    self->feed();
                    return;
                }
                self->abort_world();
                self->m_unfed.clear();
                self->m_on_input();
                self->maybe_close();
                return;
            }
            self->m_bytes_in += n;
            self->m_last_activity = std::chrono::steady_clock::now();
            if (self->m_unanswered_since == std::chrono::steady_clock::time_point{})
                self->m_unanswered_since = self->m_last_activity;
            if (!self->m_world_closed)
                self->m_unfed.append(self->m_buffer.data(), n);
            self->feed();
        });
}

std::size_t Bridge::output_waiting() const {
    return m_pending.size() + m_writing.size() - m_written;
}

// The client's bytes go into the world a few lines at a time while its replies wait to be
// written: 1,000 pipelined RETRs (8 KB of input, one read) hold about the output bound (per
// command, not per read), not 1,000 copies of the message. A line that was answered keeps the pace
// at one line per step; lines that are not (message text in DATA, a literal) double it, up to
// kMaxBatch lines, so a long message still goes in with few steps.
void Bridge::feed() {
    constexpr std::size_t kMaxBatch = 64;
    while (!m_unfed.empty() && !m_world_closed && !m_socket_closed) {
        if (paused())
            return; // wrote() resumes feeding once the client has taken some
        std::size_t take = 0;
        for (std::size_t lines = 0; lines < m_batch && take < m_unfed.size(); ++lines) {
            const auto lf = m_unfed.find('\n', take);
            take = lf == Bytes::npos ? m_unfed.size() : lf + 1;
        }
        const ByteView bytes = ByteView(m_unfed).substr(0, take);
        // Logged as the client's lines, as a simulated client's agent would.
        m_world.wire_log(m_conn, m_settings.proto)->sent(net::Side::Client, bytes);
        m_world.network().send(m_conn, net::Side::Client, bytes);
        m_unfed.erase(0, take);
        const std::uint64_t before = m_output_total;
        m_on_input();
        m_batch = m_output_total != before ? 1 : std::min(kMaxBatch, m_batch * 2);
    }
    if (!m_unfed.empty())
        return;
    if (m_read_done && m_fin_waiting && !m_world_closed) {
        m_fin_waiting = false;
        m_world.network().close(m_conn, net::Side::Client);
        m_on_input();
        maybe_close();
        return;
    }
    read();
}

void Bridge::on_data(world::ConnId, ByteView bytes) {
    m_pending.append(bytes.data(), bytes.size());
    m_output_total += bytes.size();
    m_unanswered_since = {}; // the server answered: the deadline starts with the next input
    m_on_output(*this);
}

void Bridge::on_peer_fin(world::ConnId) {
    m_world_fin = true;
    m_on_output(*this);
    // Our side closes too, so the world's connection ends with both FINs.
    m_world.network().close(m_conn, net::Side::Client);
}

void Bridge::on_closed(world::ConnId, net::CloseReason) {
    m_world_closed = true;
    m_on_output(*this);
}

void Bridge::flush() {
    if (m_socket_closed)
        return;
    if (!m_write_busy && (m_written < m_writing.size() || !m_pending.empty()))
        write();
    maybe_close();
}

// One write at a time, of what the kernel takes now: a client that reads slowly moves the
// output (and the input held back behind it) along as it reads.
void Bridge::write() {
    if (m_written == m_writing.size()) {
        m_writing.clear();
        m_written = 0;
        m_writing.swap(m_pending);
    }
    m_write_busy = true;
    m_socket.async_write_some(
        asio::buffer(m_writing.data() + m_written, m_writing.size() - m_written),
        [self = shared_from_this()](asio::error_code ec, std::size_t n) { self->wrote(ec, n); });
}

void Bridge::wrote(asio::error_code ec, std::size_t n) {
    m_write_busy = false;
    m_bytes_out += n;
    m_written += n;
    if (ec) {
        m_writing.clear();
        m_written = 0;
        m_pending.clear();
        m_read_done = true;
        abort_world();
        close_socket();
        return;
    }
    // A client working through a backlog of replies is busy, not idle (the autologout counts
    // silence); output that went out at once, like an IDLE keepalive, says nothing of it.
    if (n > 0 && (m_written < m_writing.size() || !m_pending.empty()))
        m_last_activity = std::chrono::steady_clock::now();
    if (m_written == m_writing.size()) {
        // A big reply's buffer is given back once written: an idle connection should not keep
        // the megabytes of the last FETCH it was sent.
        if (m_writing.capacity() > 2 * m_settings.max_pending_output)
            Bytes().swap(m_writing);
        m_writing.clear();
        m_written = 0;
    }
    if (m_socket_closed)
        return;
    if (m_written < m_writing.size() || !m_pending.empty())
        write();
    feed(); // it may have paused for a slow reader
    maybe_close();
}

void Bridge::maybe_close() {
    if (m_socket_closed || output_waiting() > 0)
        return;
    // The server said goodbye (or is gone), or the client left: nothing more will come.
    if (m_world_fin || m_world_closed || m_shutting_down || (m_read_done && m_world_closed))
        close_socket();
}

void Bridge::close_socket() {
    if (m_socket_closed)
        return;
    m_socket_closed = true;
    m_idle.cancel();
    // close() alone sends the FIN (the socket is ours only); a shutdown() first was one more
    // system call per connection, and mostly failed because the client had gone already.
    asio::error_code ignored;
    m_socket.close(ignored);
}

void Bridge::arm_idle_timer(std::chrono::steady_clock::duration after) {
    m_idle.expires_after(after);
    m_idle.async_wait([weak = weak_from_this()](asio::error_code ec) {
        if (ec)
            return;
        auto self = weak.lock();
        if (!self)
            return;
        // Input came meanwhile: wait for what is left of the idle time since then. Input
        // that trickles in without ever forming a command is timed from its first byte.
        auto until = self->m_last_activity + self->m_settings.idle_timeout;
        const auto deadline = self->m_settings.command_deadline;
        if (deadline.count() > 0 &&
            self->m_unanswered_since != std::chrono::steady_clock::time_point{})
            until = std::min(until, self->m_unanswered_since + deadline);
        const auto now = std::chrono::steady_clock::now();
        if (until > now)
            self->arm_idle_timer(until - now);
        else
            self->idle_timeout();
    });
}

void Bridge::idle_timeout() {
    // SMTP's engine has its own timer of the same length (421 and close) that normally fires
    // first; POP3 and IMAP sessions are closed here (RFC 1939 autologout, RFC 3501 §5.4).
    if (m_settings.proto == world::Proto::Smtp && !m_world_closed) {
        m_idle.expires_after(std::chrono::seconds(5)); // a backstop only
        m_idle.async_wait([weak = weak_from_this()](asio::error_code ec) {
            if (auto self = weak.lock(); self && !ec)
                self->shut_down("");
        });
        return;
    }
    shut_down(m_settings.proto == world::Proto::Imap ? "* BYE Autologout; idle for too long\r\n"
                                                     : "");
}

void Bridge::abort_world() {
    // An abort from our side calls no handler of ours back (Network::abort): the world's
    // connection is over now, so say so here.
    if (!m_world_closed && m_conn != 0)
        m_world.network().abort(m_conn, net::Side::Client);
    m_world_closed = true;
}

void Bridge::force_close() {
    abort_world();
    close_socket();
}

void Bridge::shut_down(const std::string& goodbye) {
    if (m_socket_closed || m_shutting_down)
        return;
    m_shutting_down = true;
    abort_world();
    m_pending += goodbye;
    flush();
    if (m_socket_closed)
        return;
    m_idle.expires_after(kGoodbyeGrace); // replaces the idle wait: this is the last one
    m_idle.async_wait([weak = weak_from_this()](asio::error_code ec) {
        if (auto self = weak.lock(); self && !ec)
            self->force_close();
    });
}

} // namespace mailsim::serve
