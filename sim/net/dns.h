#pragma once
// DNS as the world needs it: A and MX records, queries and answers as timed trace events, and
// the RFC 5321 section 5.1 rule for where mail for a domain goes (MX by preference, equal
// preferences shuffled from the seed, A record as an implicit MX when there is no MX).
#include "sim/core/result.h"
#include "sim/net/network.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::net {

struct MxRecord {
    int preference = 0;
    std::string exchange;
};

enum class DnsStatus : std::uint8_t {
    Ok,
    NxDomain, // permanent: the domain does not exist (bounce)
    NoData,   // permanent: the name exists but has no usable record
    ServFail, // temporary: try again later
    Timeout,  // temporary: no answer (resolver unreachable)
};
std::string_view to_string(DnsStatus status);

// The text form of a record set in `dns` actions and config events: "10 mail.x, 20 mx2.x" and
// "10.0.2.25, 10.0.2.26"; "none" (or "") is the empty set. Errors name the item at fault.
Result<std::vector<MxRecord>> parse_mx_list(std::string_view text);
std::string format_mx_list(const std::vector<MxRecord>& records);
Result<std::vector<std::uint32_t>> parse_address_list(std::string_view text);
std::string format_address_list(const std::vector<std::uint32_t>& addresses);
inline bool is_temporary(DnsStatus status) {
    return status == DnsStatus::ServFail || status == DnsStatus::Timeout;
}

struct MailTarget {
    std::string host; // the exchange name
    int preference = 0;
    std::optional<std::uint32_t> address;
    bool implicit = false; // no MX: the domain's own A record (RFC 5321 5.1)
};

struct MailRoute {
    DnsStatus status = DnsStatus::Ok;
    std::vector<MailTarget> targets; // in the order to try them
};

struct AAnswer {
    DnsStatus status = DnsStatus::Ok;
    std::vector<std::uint32_t> addresses;
};

class Dns {
public:
    Dns(Network& network, std::uint64_t seed);

    void add_a(std::string name, std::uint32_t address);
    void add_mx(std::string domain, int preference, std::string exchange);
    // Live edits (the `dns` world action): the whole record set of one name at once.
    void set_mx(const std::string& domain, std::vector<MxRecord> records);
    void set_a(const std::string& name, std::vector<std::uint32_t> addresses);
    // A fault: every lookup of `name` answers with `status` until cleared (status Ok).
    void set_failure(std::string name, DnsStatus status);
    // The host that answers queries; without one, answers come after a small fixed delay.
    void set_server(std::optional<HostId> server) { m_server = server; }
    std::optional<HostId> server() const { return m_server; }

    // Asynchronous: records dns_query now and dns_answer when the answer arrives.
    void resolve_mail(HostId asker, const std::string& domain, std::function<void(MailRoute)> done);
    void resolve_a(HostId asker, const std::string& name, std::function<void(AAnswer)> done);

    // Immediate answers without events (the UI's DNS view and tests).
    MailRoute lookup_mail(const std::string& domain);
    AAnswer lookup_a(const std::string& name) const;

    const std::map<std::string, std::vector<std::uint32_t>>& a_records() const { return m_a; }
    const std::map<std::string, std::vector<MxRecord>>& mx_records() const { return m_mx; }

private:
    void ask(HostId asker, std::string question, std::function<void(std::string&)> answer);
    std::optional<DnsStatus> failure_for(const std::string& name) const;

    Network& m_network;
    Rng m_rng;
    std::map<std::string, std::vector<std::uint32_t>> m_a; // lower-case names
    std::map<std::string, std::vector<MxRecord>> m_mx;
    std::map<std::string, DnsStatus> m_failures;
    std::optional<HostId> m_server;
};

} // namespace mailsim::net
