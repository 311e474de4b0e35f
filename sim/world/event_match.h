#pragma once
// The small query language lessons use to say "run to the next ... event":
//   KIND [field=value ...]      e.g.  reply proto=smtp code=354    command verb=DATA
// Values may be quoted ("..." with \" and \\). Fields: host, peer, proto, dir, verb, code,
// conn, rcpt, from, user, mailbox, msg_id, reason, state, key (exact, case-insensitive),
// text (substring, case-sensitive). A parse error carries its 1-based column.
#include "sim/core/result.h"
#include "sim/trace/event.h"
#include "sim/trace/event_list.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::world {

struct FieldTest {
    std::string field;
    std::string value;
};

struct EventMatch {
    EventKind kind = EventKind::Fault;
    std::vector<FieldTest> tests;

    bool matches(const Event& event) const;
};

Result<EventMatch> parse_event_match(std::string_view query);

// First event at index >= from that matches, or nullopt.
std::optional<std::size_t> find_next(const EventList& events, std::size_t from,
                                     const EventMatch& match);

} // namespace mailsim::world
