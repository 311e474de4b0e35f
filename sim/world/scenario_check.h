#pragma once
// The world editor's validation: a Scenario that was changed in memory (not read from a file)
// checked the way the loader checks a file, with the problem tied to the field that has it,
// so the editor can show the message beside that field. A change the check refuses is never
// applied (the editor keeps the world it had).
#include "sim/world/scenario.h"

#include <optional>
#include <string>

namespace mailsim::world {

// Which field: `item` names the thing ("host", "link", "user", "ua", "alias", "mx", "a",
// "dns"), `key` its identity (a host name, "a-b" for a link, an address, a domain) and
// `field` the key as the scenario file spells it ("ip", "b", "host", "members").
struct FieldError {
    std::string item, key, field;
    std::string message;
    bool is(std::string_view item_, std::string_view key_, std::string_view field_) const {
        return item == item_ && key == key_ && field == field_;
    }
};

// Every cross-reference and uniqueness rule (names, addresses, links, MX and A records,
// user agents, aliases, relays, gateways), then the loader itself over the written file and
// a world built from it: a scenario that passes loads and runs.
std::optional<FieldError> check_scenario(const Scenario& scenario);

// "mail.a.test", "pc-1": letters, digits, '.', '-' (what a host name in a link or an MX may be).
bool is_host_name(std::string_view name);
bool is_mail_address(std::string_view address);

} // namespace mailsim::world
