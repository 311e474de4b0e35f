#include "wire_log.h"

#include "sim/agents/agent_context.h"

#include <algorithm>

namespace mailsim::agents {

using trace::Direction;
using trace::EventKind;
using trace::Proto;

WireLog::WireLog(AgentContext& context, trace::ConnId conn, Proto proto, std::string client,
                 std::string server)
    : m_context(context), m_conn(conn), m_proto(proto), m_client(std::move(client)),
      m_server(std::move(server)) {}

void WireLog::sent(net::Side from, ByteView bytes) {
    const int side = static_cast<int>(from);
    Bytes& partial = m_partial[side];
    std::size_t& dropped = m_dropped[side];
    bool& cr = m_cr[side];
    // Linear in the input, and a line over kMaxLine keeps only its first kMaxLine octets while
    // it streams (a 100 MB line used to be kept whole and rescanned on every read).
    while (!bytes.empty()) {
        const std::size_t lf = bytes.find('\n');
        const ByteView piece = bytes.substr(0, lf == ByteView::npos ? bytes.size() : lf);
        const std::size_t room = partial.size() < kMaxLine ? kMaxLine - partial.size() : 0;
        partial.append(piece.substr(0, std::min(room, piece.size())));
        dropped += piece.size() - std::min(room, piece.size());
        if (!piece.empty())
            cr = piece.back() == '\r';
        if (lf == ByteView::npos)
            return;
        if (cr) { // CRLF: the CR is no part of the line
            if (dropped > 0)
                --dropped;
            else
                partial.pop_back();
        }
        line(from, partial, dropped);
        partial.clear();
        dropped = 0;
        cr = false;
        bytes.remove_prefix(lf + 1);
    }
}

namespace {
std::string first_word(std::string_view text, std::size_t skip_words = 0) {
    std::size_t pos = 0;
    for (std::size_t i = 0; i <= skip_words; ++i) {
        while (pos < text.size() && text[pos] == ' ')
            ++pos;
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] != ' ')
            ++pos;
        if (i == skip_words)
            return to_upper_ascii(text.substr(start, pos - start));
    }
    return {};
}
} // namespace

void WireLog::line(net::Side from, ByteView text, std::size_t dropped) {
    // Filled in place in the trace: one event per protocol line is the trace's hot path.
    trace::Event& e = m_context.record_in_place();
    e.conn = m_conn;
    e.proto = m_proto;
    const bool client = from == net::Side::Client;
    e.host = client ? m_client : m_server;
    e.peer = client ? m_server : m_client;
    e.dir = client ? Direction::C2S : Direction::S2C;
    if (client) {
        if (m_in_data && m_proto == Proto::Smtp) {
            e.kind = EventKind::Data;
            e.msg_id = m_msg_id;
            if (text == ".") {
                m_in_data = false;
                m_dot_pending = true;
                e.key = "smtp.data.end";
            }
        } else {
            e.kind = EventKind::Command;
            if (m_proto == Proto::Imap) {
                e.verb = first_word(text, 1);
                if (e.verb == "UID")
                    e.verb = first_word(text, 2);
            } else {
                e.verb = first_word(text);
            }
            e.key = trace::to_string(m_proto);
            e.key += ".cmd.";
            e.key += e.verb;
            if (m_proto == Proto::Pop3) {
                const bool has_arg = text.find(' ') != ByteView::npos;
                m_expect_multi = e.verb == "RETR" || e.verb == "TOP" || e.verb == "CAPA" ||
                                 ((e.verb == "LIST" || e.verb == "UIDL") && !has_arg);
            }
        }
    } else {
        if (m_in_data && m_proto == Proto::Pop3) {
            e.kind = EventKind::Data;
            if (text == ".")
                m_in_data = false;
        } else {
            e.kind = EventKind::Reply;
            if (m_proto == Proto::Smtp && text.size() >= 3 && text[0] >= '1' && text[0] <= '5') {
                e.code = (text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0');
                e.key = "smtp.reply.";
                e.key += std::to_string(e.code);
                m_dot_pending = false;
                if (e.code == 354)
                    m_in_data = true;
            } else if (m_proto == Proto::Pop3) {
                const bool ok = text.rfind("+OK", 0) == 0;
                e.verb = ok ? "+OK" : text.rfind("-ERR", 0) == 0 ? "-ERR" : "";
                e.key = ok ? "pop3.reply.ok" : "pop3.reply.err";
                if (ok && m_expect_multi)
                    m_in_data = true;
                m_expect_multi = false;
            } else if (m_proto == Proto::Imap) {
                e.verb = first_word(text, 1); // OK / NO / BAD / untagged keyword
                e.key = "imap.resp." + e.verb;
            }
        }
    }
    e.text = text;
    if (dropped > 0)
        e.text += " [+" + std::to_string(dropped) + " octets not kept]";
}

} // namespace mailsim::agents
