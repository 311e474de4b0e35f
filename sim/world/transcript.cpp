#include "transcript.h"

#include <algorithm>
#include <map>

namespace mailsim::world {
namespace {
bool is_line(const Event& e) {
    return (e.kind == EventKind::Command || e.kind == EventKind::Reply ||
            e.kind == EventKind::Data || e.kind == EventKind::HttpRequest ||
            e.kind == EventKind::HttpResponse) &&
           e.conn != 0;
}
std::string line_of(const Event& e) {
    return std::string(e.dir == Direction::C2S ? "C: " : "S: ") + e.text + "\n";
}
} // namespace

std::string format_connection(const EventList& events, ConnId conn) {
    std::string out;
    for (const auto& e : events)
        if (is_line(e) && e.conn == conn)
            out += line_of(e);
    return out;
}

std::string format_transcript(const EventList& events) {
    std::vector<ConnId> order;
    std::map<ConnId, std::string> heading;
    for (const auto& e : events) {
        if (e.kind == EventKind::ConnOpen && !heading.count(e.conn))
            heading[e.conn] = e.text + " (" + std::string(to_string(e.proto)) + ")";
        if (is_line(e) && std::find(order.begin(), order.end(), e.conn) == order.end())
            order.push_back(e.conn);
    }
    if (order.size() == 1)
        return format_connection(events, order.front());
    std::string out;
    for (ConnId conn : order) {
        if (!out.empty())
            out += "\n";
        out += "--- connection " + std::to_string(conn) + ": " + heading[conn] + "\n";
        out += format_connection(events, conn);
    }
    return out;
}

} // namespace mailsim::world
