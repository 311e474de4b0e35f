#include "event_style.h"

#include "ui/style/theme.h"

#include <iterator>

namespace mailsim::ui {

using world::EventKind;
using world::Proto;

ImU32 protocol_colour(Proto proto) {
    const Palette& p = palette();
    switch (proto) {
    case Proto::Smtp:
        return p.smtp;
    case Proto::Pop3:
        return p.pop3;
    case Proto::Imap:
        return p.imap;
    case Proto::Dns:
        return p.dns;
    case Proto::Http:
        return p.http;
    case Proto::Uucp:
        return p.http;
    case Proto::Tcp:
    case Proto::None:
        break;
    }
    return p.tcp;
}

int reply_class(const world::Event& event) {
    if (event.kind != EventKind::Reply)
        return 0;
    if (event.code >= 100 && event.code < 600)
        return event.code / 100;
    // POP3 and IMAP have no numeric codes: map their status words onto the same classes.
    const std::string& text = event.text;
    if (text.rfind("+OK", 0) == 0)
        return 2;
    if (text.rfind("-ERR", 0) == 0)
        return 5;
    if (event.proto == Proto::Imap) {
        const auto space = text.find(' ');
        const std::string rest = space == std::string::npos ? "" : text.substr(space + 1);
        if (rest.rfind("OK", 0) == 0)
            return 2;
        if (rest.rfind("NO", 0) == 0)
            return 4;
        if (rest.rfind("BAD", 0) == 0)
            return 5;
    }
    return 0;
}

ImU32 event_colour(const world::Event& event) {
    const Palette& p = palette();
    switch (reply_class(event)) {
    case 2:
        return p.reply_2yz;
    case 3:
        return p.reply_3yz;
    case 4:
        return p.reply_4yz;
    case 5:
        return p.reply_5yz;
    default:
        break;
    }
    if (event.kind == EventKind::Bounced || event.kind == EventKind::GaveUp ||
        event.kind == EventKind::TcpRst || event.kind == EventKind::Fault)
        return p.reply_5yz;
    if (event.kind == EventKind::Delivered)
        return p.reply_2yz;
    return protocol_colour(event.proto);
}

ImU32 connection_colour(world::ConnId conn) {
    // Mid-tone hues readable on the dark and the light theme, apart from the reply colours.
    static constexpr ImU32 kColours[] = {IM_COL32(230, 120, 40, 255), IM_COL32(40, 170, 200, 255),
                                         IM_COL32(200, 90, 200, 255), IM_COL32(150, 160, 40, 255),
                                         IM_COL32(230, 90, 130, 255), IM_COL32(110, 130, 230, 255)};
    return kColours[conn % std::size(kColours)];
}

std::string connection_label(world::ConnId conn, const std::string& name) {
    return "#" + std::to_string(conn) + (name.empty() ? "" : " " + name);
}

bool is_dialogue(const world::Event& event) {
    return event.kind == EventKind::Command || event.kind == EventKind::Reply ||
           event.kind == EventKind::Data || event.kind == EventKind::HttpRequest ||
           event.kind == EventKind::HttpResponse;
}

bool is_error(const world::Event& event) {
    const int cls = reply_class(event);
    if (cls == 4 || cls == 5)
        return true;
    switch (event.kind) {
    case EventKind::TcpRst:
    case EventKind::Bounced:
    case EventKind::GaveUp:
    case EventKind::Fault:
    case EventKind::DuplicateRisk:
    case EventKind::HostDown:
    case EventKind::LinkDown:
        return true;
    default:
        return false;
    }
}

bool is_message_between_hosts(const world::Event& event) {
    if (event.peer.empty() || event.peer == event.host)
        return false;
    switch (event.kind) {
    case EventKind::TcpSyn:
    case EventKind::TcpSynAck:
    case EventKind::TcpAck:
    case EventKind::TcpFin:
    case EventKind::TcpRst:
    case EventKind::Command:
    case EventKind::Reply:
    case EventKind::Data:
    case EventKind::DnsQuery:
    case EventKind::DnsAnswer:
    case EventKind::HttpRequest:
    case EventKind::HttpResponse:
    case EventKind::Gateway:
        return true;
    default:
        return false;
    }
}

const std::string& message_sender(const world::Event& event) {
    return event.kind == EventKind::DnsAnswer ? event.peer : event.host;
}

const std::string& message_receiver(const world::Event& event) {
    return event.kind == EventKind::DnsAnswer ? event.host : event.peer;
}

std::string event_label(const world::Event& event) {
    switch (event.kind) {
    case EventKind::Command:
    case EventKind::HttpRequest:
        return "C: " + event.text;
    case EventKind::Data: // message lines: the client's after DATA, the server's in RETR/FETCH
        return (event.dir == world::Direction::S2C ? "S: " : "C: ") + event.text;
    case EventKind::Reply:
    case EventKind::HttpResponse:
        return "S: " + event.text;
    case EventKind::TcpSyn:
        return "SYN";
    case EventKind::TcpSynAck:
        return "SYN-ACK";
    case EventKind::TcpAck:
        return "ACK";
    case EventKind::TcpFin:
        return "FIN";
    case EventKind::TcpRst:
        return "RST";
    default:
        break;
    }
    std::string label(world::to_string(event.kind));
    if (!event.text.empty())
        label += ": " + event.text;
    return label;
}

} // namespace mailsim::ui
