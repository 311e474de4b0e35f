#include "scenario_writer.h"

#include "sim/core/json_quote.h"
#include "sim/net/network.h"
#include "sim/proto/imap/imap_mutf7.h"

#include <cstdio>
#include <cstdlib>

namespace mailsim::world {
namespace {

// The shortest decimal form that reads back as the same double.
std::string format_number(double value) {
    char buffer[40];
    if (value == static_cast<double>(static_cast<long long>(value)) && value > -1e15 &&
        value < 1e15)
        return std::to_string(static_cast<long long>(value));
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
        if (std::strtod(buffer, nullptr) == value)
            break;
    }
    return buffer;
}

// A folder as a person writes it ("보낸 편지함"), when the loader turns that back into the
// same modified UTF-7 name; otherwise the name as stored.
std::string folder_text(const std::string& name) {
    if (auto text = imap::mutf7_to_utf8(name))
        if (imap::mailbox_name_from_text(*text) == name)
            return *text;
    return name;
}

class Writer {
public:
    std::string take() { return std::move(m_out); }

    void table(std::string_view header) {
        if (!m_out.empty())
            m_out += "\n";
        m_out += header;
        m_out += "\n";
    }
    void str(std::string_view key, std::string_view value) { raw(key, toml_quote(value)); }
    void str_if(std::string_view key, std::string_view value) {
        if (!value.empty())
            str(key, value);
    }
    void list(std::string_view key, const std::vector<std::string>& values) {
        std::string text = "[";
        for (std::size_t i = 0; i < values.size(); ++i)
            text += (i ? ", " : "") + toml_quote(values[i]);
        raw(key, text + "]");
    }
    void list_if(std::string_view key, const std::vector<std::string>& values) {
        if (!values.empty())
            list(key, values);
    }
    void boolean(std::string_view key, bool value) { raw(key, value ? "true" : "false"); }
    void integer(std::string_view key, long long value) { raw(key, std::to_string(value)); }
    void number(std::string_view key, double value) { raw(key, format_number(value)); }
    void duration(std::string_view key, SimTime value) { str(key, format_duration(value)); }
    void duration_if(std::string_view key, SimTime value, SimTime fallback) {
        if (value != fallback)
            duration(key, value);
    }
    void raw(std::string_view key, std::string_view value) {
        m_out += key;
        m_out += " = ";
        m_out += value;
        m_out += "\n";
    }

private:
    std::string m_out;
};

void write_top(Writer& w, const Scenario& s) {
    w.str_if("name", s.name);
    if (!s.title_en.empty() || !s.title_ko.empty())
        w.raw("title",
              "{ en = " + toml_quote(s.title_en) + ", ko = " + toml_quote(s.title_ko) + " }");
    w.integer("seed", static_cast<long long>(s.seed));
    if (s.style == TextStyle::Classic)
        w.str("style", "classic");
    if (s.until != 0)
        w.duration("until", s.until);
    if (!s.trace_headers)
        w.boolean("trace_headers", false);
    w.table("[defaults]");
    w.duration("latency", s.default_latency);
    w.str("bandwidth", format_bandwidth(s.default_bandwidth));
    if (!s.dns_server.empty() || !s.default_mx) {
        w.table("[dns]");
        w.str_if("server", s.dns_server);
        if (!s.default_mx)
            w.boolean("default_mx", false);
    }
}

void write_host(Writer& w, const HostSpec& h) {
    const HostSpec d; // the loader's defaults
    w.table("[[host]]");
    w.str("name", h.name);
    if (h.ip != 0)
        w.str("ip", net::format_ipv4(h.ip));
    w.list("roles", h.roles);
    w.list_if("domains", h.domains);
    w.list_if("relay_for", h.relay_for);
    if (h.open_relay)
        w.boolean("open_relay", true);
    w.str_if("smarthost", h.smarthost);
    w.duration_if("queue_interval", h.queue_interval, d.queue_interval);
    if (h.retry != d.retry) {
        if (h.retry.size() == 1) {
            w.duration("retry", h.retry.front());
        } else {
            std::vector<std::string> waits;
            for (SimTime t : h.retry)
                waits.push_back(format_duration(t));
            w.list("retry", waits);
        }
    }
    w.duration_if("give_up", h.give_up, d.give_up);
    w.duration_if("delay_warning", h.delay_warning, d.delay_warning);
    if (h.max_received != d.max_received)
        w.integer("max_received", h.max_received);
    if (h.expn)
        w.boolean("expn", true);
    if (!h.vrfy)
        w.boolean("vrfy", false);
    if (!h.closed_ports.empty()) {
        std::string ports = "[";
        for (std::size_t i = 0; i < h.closed_ports.size(); ++i)
            ports += (i ? ", " : "") + std::to_string(h.closed_ports[i]);
        w.raw("closed_ports", ports + "]");
    }
    w.str_if("uucp_domain", h.uucp_domain);
    w.str_if("uucp_host", h.uucp_host);
    w.duration_if("uucp_interval", h.uucp_interval, d.uucp_interval);
    if (h.x && h.y) {
        w.number("x", *h.x);
        w.number("y", *h.y);
    }
}

void write_link(Writer& w, const LinkSpecData& l) {
    w.table("[[link]]");
    w.str("a", l.a);
    w.str("b", l.b);
    w.duration("latency", l.latency);
    w.str("bandwidth", format_bandwidth(l.bandwidth_bps));
    if (l.loss != 0)
        w.number("loss", l.loss);
    if (l.kind == LinkKind::StoreAndForward)
        w.str("kind", "uucp");
}

void write_user(Writer& w, const Scenario& s, const UserSpec& u) {
    w.table("[[user]]");
    w.str("address", u.address);
    if (u.login != u.address.substr(0, u.address.find('@')))
        w.str("login", u.login);
    if (u.password != "secret")
        w.str("password", u.password);
    w.str_if("name", u.name);
    if (u.host != default_mail_host(s, u.address))
        w.str("host", u.host);
    if (u.quota_bytes)
        w.integer("quota", static_cast<long long>(u.quota_bytes));
    if (u.quota_messages)
        w.integer("quota_messages", static_cast<long long>(u.quota_messages));
    if (!u.folders.empty()) {
        std::vector<std::string> folders;
        for (const auto& f : u.folders)
            folders.push_back(folder_text(f));
        w.list("folders", folders);
    }
    if (u.terminal)
        w.boolean("terminal", true);
}

void write_ua(Writer& w, const UaSpec& u) {
    w.table("[[ua]]");
    w.str("address", u.address);
    w.str("host", u.host);
    w.str_if("server", u.server);
    if (u.submit == Submission::Direct)
        w.str("submit", "direct");
    if (u.submit_port != 25)
        w.integer("port", u.submit_port);
    w.str_if("webmail", u.webmail);
}

void write_message(Writer& w, const MessageSpec& m) {
    w.table("[[message]]");
    w.str("user", m.user);
    if (m.folder != "INBOX")
        w.str("folder", folder_text(m.folder));
    w.str("from", m.from);
    w.str_if("subject", m.subject);
    w.str_if("body", m.body);
    w.list_if("flags", m.flags);
}

// Without its source lines and file: what two loads of one world may differ in.
Scenario without_origin(Scenario s) {
    s.file.clear();
    for (auto& x : s.hosts)
        x.line = 0;
    for (auto& x : s.users)
        x.line = 0;
    for (auto& x : s.aliases)
        x.line = 0;
    for (auto& x : s.links)
        x.line = 0;
    for (auto& x : s.uas)
        x.line = 0;
    for (auto& x : s.messages)
        x.line = 0;
    for (auto& x : s.actions)
        x.line = 0;
    return s;
}

} // namespace

std::string format_duration(SimTime t) {
    if (t != 0 && t % kDay == 0)
        return std::to_string(t / kDay) + "d";
    if (t != 0 && t % kHour == 0)
        return std::to_string(t / kHour) + "h";
    if (t != 0 && t % kMinute == 0)
        return std::to_string(t / kMinute) + "m";
    if (t % kSecond == 0)
        return std::to_string(t / kSecond) + "s";
    if (t < kSecond && t % kMillisecond == 0)
        return std::to_string(t / kMillisecond) + "ms";
    if (t < kMillisecond)
        return std::to_string(t) + "us";
    // "60.5s": whole seconds and the fraction without trailing zeros.
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, "%06lld", static_cast<long long>(t % kSecond));
    std::string digits = fraction;
    while (!digits.empty() && digits.back() == '0')
        digits.pop_back();
    return std::to_string(t / kSecond) + "." + digits + "s";
}

std::string format_bandwidth(double bps) {
    const auto whole = [&](double unit) {
        const double n = bps / unit;
        return n >= 1 && n == static_cast<double>(static_cast<long long>(n));
    };
    if (whole(1e9))
        return format_number(bps / 1e9) + "Gbit";
    if (whole(1e6))
        return format_number(bps / 1e6) + "Mbit";
    if (whole(1e3))
        return format_number(bps / 1e3) + "kbit";
    return format_number(bps);
}

// A TOML basic string has JSON's escapes (\", \\, \n, \t, \r, \u00XX): one quoting for both.
std::string toml_quote(std::string_view text) {
    return json_quote(text);
}

std::string write_scenario(const Scenario& s) {
    Writer w;
    write_top(w, s);
    for (const auto& h : s.hosts)
        write_host(w, h);
    for (const auto& l : s.links)
        write_link(w, l);
    for (const auto& u : s.users)
        write_user(w, s, u);
    for (const auto& u : s.uas)
        write_ua(w, u);
    for (const auto& a : s.aliases) {
        w.table("[[alias]]");
        w.str("address", a.address);
        w.list("members", a.members);
    }
    for (const auto& mx : s.mx) {
        w.table("[[mx]]");
        w.str("domain", mx.domain);
        w.str("host", mx.exchange);
        w.integer("preference", mx.preference);
    }
    for (const auto& a : s.a_records) {
        w.table("[[a]]");
        w.str("name", a.name);
        w.str("ip", net::format_ipv4(a.ip));
    }
    for (const auto& m : s.messages)
        write_message(w, m);
    for (const auto& a : s.actions) {
        w.table("[[action]]");
        w.duration("at", a.at);
        w.str("do", a.action.to_string());
    }
    if (s.random_faults.per_hour > 0 ||
        s.random_faults.mean_duration != RandomFaults{}.mean_duration) {
        w.table("[random_faults]");
        w.number("per_hour", s.random_faults.per_hour);
        w.duration("mean_duration", s.random_faults.mean_duration);
    }
    return w.take();
}

bool same_world(const Scenario& a, const Scenario& b) {
    return without_origin(a) == without_origin(b);
}

} // namespace mailsim::world
