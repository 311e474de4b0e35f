#include "sim/lesson/lesson_syntax.h"

#include "sim/core/bytes.h"
#include "sim/net/dns.h"
#include "sim/world/event_match.h"

#include <algorithm>
#include <cstdlib>

namespace mailsim::lesson {
namespace {

Error error_at(const SpecToken& token, std::string message) {
    return make_error(std::move(message), 0, static_cast<int>(token.offset) + 1);
}

bool contains(const std::vector<std::string_view>& list, std::string_view word) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

bool is_number(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_reply_code(std::string_view text) {
    return text.size() == 3 && is_number(text) && text[0] >= '1' && text[0] <= '5';
}

bool is_address(std::string_view text) {
    const size_t at = text.find('@');
    return at != std::string_view::npos && at > 0 && at + 1 < text.size() &&
           text.find('@', at + 1) == std::string_view::npos;
}

const SpecToken* find_key(const std::vector<SpecToken>& tokens, std::string_view key) {
    for (const auto& token : tokens)
        if (token.key == key && !token.op.empty())
            return &token;
    return nullptr;
}

// Every token after the first must be one of `allowed` (with an operator) or one of `words`.
Status check_keys(const std::vector<SpecToken>& tokens,
                  const std::vector<std::string_view>& allowed,
                  const std::vector<std::string_view>& words = {}) {
    for (size_t i = 1; i < tokens.size(); ++i) {
        const auto& token = tokens[i];
        if (token.op.empty()) {
            if (!contains(words, token.key))
                return error_at(token, "unexpected word '" + token.key + "'");
            continue;
        }
        if (!contains(allowed, token.key))
            return error_at(token, "unknown field '" + token.key + "' for '" + tokens[0].key + "'");
        if (token.op != "=" && token.key != "count")
            return error_at(token, "field '" + token.key + "' takes '=', not '" + token.op + "'");
        if (token.value.empty())
            return error_at(token, "field '" + token.key + "' has no value");
        for (size_t j = 1; j < i; ++j)
            if (tokens[j].key == token.key && !tokens[j].op.empty())
                return error_at(token, "field '" + token.key + "' given twice");
    }
    return Ok{};
}

Status require(const std::vector<SpecToken>& tokens, std::string_view key) {
    if (find_key(tokens, key))
        return Ok{};
    return error_at(tokens[0], "'" + tokens[0].key + "' needs " + std::string(key) + "=...");
}

} // namespace

const std::vector<std::string_view>& known_views() {
    static const std::vector<std::string_view> views = {
        "topology",  "sequence",      "transcript", "queues", "mailboxes",
        "inspector", "state_machine", "dns",        "base64", "qp"};
    return views;
}

bool is_known_view(std::string_view view) {
    return contains(known_views(), view);
}

Result<std::vector<SpecToken>> tokenize_spec(std::string_view spec) {
    std::vector<SpecToken> tokens;
    size_t i = 0;
    while (i < spec.size()) {
        if (spec[i] == ' ' || spec[i] == '\t') {
            ++i;
            continue;
        }
        SpecToken token;
        token.offset = i;
        while (i < spec.size() && spec[i] != ' ' && spec[i] != '=' && spec[i] != '>' &&
               spec[i] != '<' && spec[i] != '"')
            token.key += spec[i++];
        if (i < spec.size() && spec[i] == '"')
            return make_error("a quoted value needs a field name before it", 0,
                              static_cast<int>(i) + 1);
        if (i < spec.size() && (spec[i] == '>' || spec[i] == '<')) {
            if (i + 1 >= spec.size() || spec[i + 1] != '=')
                return make_error("use >= or <=", 0, static_cast<int>(i) + 1);
            token.op = spec.substr(i, 2);
            i += 2;
        } else if (i < spec.size() && spec[i] == '=') {
            token.op = "=";
            ++i;
        }
        if (token.key.empty())
            return make_error("missing field name", 0, static_cast<int>(token.offset) + 1);
        if (!token.op.empty()) {
            if (i < spec.size() && spec[i] == '"') {
                const size_t open = i++;
                bool closed = false;
                while (i < spec.size()) {
                    if (spec[i] == '\\' && i + 1 < spec.size()) {
                        // \n is a line break (mail bodies), any other \c is c itself.
                        token.value += spec[i + 1] == 'n' ? '\n' : spec[i + 1];
                        i += 2;
                        continue;
                    }
                    if (spec[i] == '"') {
                        closed = true;
                        ++i;
                        break;
                    }
                    token.value += spec[i++];
                }
                if (!closed)
                    return make_error("unclosed quote", 0, static_cast<int>(open) + 1);
            } else {
                while (i < spec.size() && spec[i] != ' ' && spec[i] != '\t')
                    token.value += spec[i++];
            }
        }
        tokens.push_back(std::move(token));
    }
    return tokens;
}

Status check_event_match(std::string_view spec) {
    // The world's parser is the authority on kinds, fields and values; lessons add one rule
    // of their own so files read alike: verbs in upper case.
    auto match = world::parse_event_match(spec);
    if (!match)
        return make_error(match.error().message, 0, match.error().column);
    auto tokens = tokenize_spec(spec);
    if (!tokens)
        return tokens.error();
    for (const auto& token : *tokens)
        if (token.key == "verb" && token.value != to_upper_ascii(token.value))
            return error_at(token, "verb is written in upper case");
    return Ok{};
}

Status check_task_check(std::string_view spec) {
    auto parsed = tokenize_spec(spec);
    if (!parsed)
        return parsed.error();
    const auto& tokens = *parsed;
    if (tokens.empty())
        return make_error("empty task check", 0, 1);
    const auto& kind = tokens[0].key;
    if (kind == "event") {
        if (tokens.size() < 2)
            return error_at(tokens[0], "'event' needs an event kind after it");
        const size_t offset = tokens[1].offset;
        auto status = check_event_match(spec.substr(offset));
        if (!status)
            return make_error(status.error().message, 0,
                              status.error().column + static_cast<int>(offset));
        return Ok{};
    }
    auto check_count = [&]() -> Status {
        const SpecToken* count = find_key(tokens, "count");
        if (!count)
            return error_at(tokens[0], "'" + kind + "' needs count=N, count>=N or count<=N");
        if (!is_number(count->value))
            return error_at(*count, "count must be a whole number");
        return Ok{};
    };
    if (kind == "mailbox") {
        if (auto s = check_keys(tokens, {"user", "count", "folder"}); !s)
            return s;
        if (auto s = require(tokens, "user"); !s)
            return s;
        if (!is_address(find_key(tokens, "user")->value))
            return error_at(*find_key(tokens, "user"), "user must be a mail address");
        return check_count();
    }
    if (kind == "queue") {
        if (auto s = check_keys(tokens, {"host", "count"}); !s)
            return s;
        if (auto s = require(tokens, "host"); !s)
            return s;
        return check_count();
    }
    if (kind == "opened") { // connections opened since the task was offered
        if (auto s = check_keys(tokens, {"proto", "host", "count"}); !s)
            return s;
        if (const SpecToken* p = find_key(tokens, "proto");
            p && p->value != "smtp" && p->value != "pop3" && p->value != "imap" &&
            p->value != "http")
            return error_at(*p, "proto is smtp, pop3, imap or http");
        return check_count();
    }
    if (kind == "delivered" || kind == "bounced") {
        const std::string_view key = kind == "delivered" ? "rcpt" : "to";
        if (auto s = check_keys(tokens, {key}); !s)
            return s;
        if (auto s = require(tokens, key); !s)
            return s;
        if (!is_address(find_key(tokens, key)->value))
            return error_at(*find_key(tokens, key), std::string(key) + " must be a mail address");
        return Ok{};
    }
    return error_at(tokens[0], "unknown task check '" + kind +
                                   "' (mailbox, queue, opened, delivered, bounced, event)");
}

Status check_solution_action(std::string_view spec) {
    auto parsed = tokenize_spec(spec);
    if (!parsed)
        return parsed.error();
    const auto& tokens = *parsed;
    if (tokens.empty())
        return make_error("empty action", 0, 1);
    const auto& kind = tokens[0].key;
    if (kind == "compose") {
        if (auto s = check_keys(
                tokens, {"from", "to", "cc", "bcc", "subject", "body", "attach", "encoding"});
            !s)
            return s;
        for (auto key : {"from", "to"})
            if (auto s = require(tokens, key); !s)
                return s;
        for (auto key : {"from", "to", "cc", "bcc"}) {
            const SpecToken* token = find_key(tokens, key);
            if (!token)
                continue;
            std::string_view list = token->value;
            for (size_t start = 0; start <= list.size();) {
                size_t comma = list.find(',', start);
                if (comma == std::string_view::npos)
                    comma = list.size();
                if (!is_address(list.substr(start, comma - start)))
                    return error_at(*token, std::string(key) +
                                                " must be mail addresses separated by commas");
                start = comma + 1;
            }
        }
        if (const SpecToken* e = find_key(tokens, "encoding");
            e && !contains({"base64", "quoted-printable", "7bit", "8bit"}, e->value))
            return error_at(*e, "encoding is base64, quoted-printable, 7bit or 8bit");
        return Ok{};
    }
    if (kind == "retrieve") {
        if (auto s = check_keys(tokens, {"user", "proto", "mode"}); !s)
            return s;
        for (auto key : {"user", "proto"})
            if (auto s = require(tokens, key); !s)
                return s;
        if (const SpecToken* p = find_key(tokens, "proto");
            p->value != "pop3" && p->value != "imap")
            return error_at(*p, "proto is pop3 or imap");
        if (const SpecToken* m = find_key(tokens, "mode");
            m && m->value != "delete" && m->value != "keep")
            return error_at(*m, "mode is delete or keep");
        return Ok{};
    }
    if (kind == "run") {
        if (auto s = check_keys(tokens, {"for", "until"}); !s)
            return s;
        const SpecToken* for_token = find_key(tokens, "for");
        const SpecToken* until = find_key(tokens, "until");
        if ((for_token != nullptr) == (until != nullptr))
            return error_at(tokens[0], "'run' needs exactly one of for=SECONDS or until=EVENT");
        if (for_token && !is_number(for_token->value))
            return error_at(*for_token, "for= takes whole seconds");
        if (until) {
            auto status = check_event_match(until->value);
            if (!status)
                return error_at(*until, "until: " + status.error().message);
        }
        return Ok{};
    }
    if (kind == "fault") {
        if (auto s = check_keys(tokens, {"host", "link"}, {"down", "up"}); !s)
            return s;
        const bool host = find_key(tokens, "host") != nullptr;
        const bool link = find_key(tokens, "link") != nullptr;
        if (host == link)
            return error_at(tokens[0], "'fault' needs exactly one of host= or link=");
        if (link && find_key(tokens, "link")->value.find('-') == std::string::npos)
            return error_at(*find_key(tokens, "link"), "link is written A-B");
        int states = 0;
        for (const auto& token : tokens)
            if (token.op.empty() && (token.key == "down" || token.key == "up"))
                ++states;
        if (states != 1)
            return error_at(tokens[0], "'fault' needs one of down or up");
        return Ok{};
    }
    if (kind == "force") {
        if (auto s = check_keys(tokens, {"host", "at", "code", "count"}); !s)
            return s;
        for (auto key : {"host", "at", "code"})
            if (auto s = require(tokens, key); !s)
                return s;
        if (!is_reply_code(find_key(tokens, "code")->value))
            return error_at(*find_key(tokens, "code"), "code must be a reply code such as 421");
        // count=N: only the next N such commands get the forced reply (default: all of them).
        if (const SpecToken* count = find_key(tokens, "count");
            count && (count->op != "=" || !is_number(count->value)))
            return error_at(*count, "count=N takes a whole number");
        return Ok{};
    }
    if (kind == "telnet") {
        // send= types one line (the console adds CRLF); raw= sends bytes as written, for
        // what a line cannot hold: a blank line, several lines at once, a bare LF.
        if (auto s = check_keys(tokens, {"from", "host", "port", "send", "raw"}); !s)
            return s;
        for (auto key : {"host", "port"})
            if (auto s = require(tokens, key); !s)
                return s;
        if ((find_key(tokens, "send") != nullptr) == (find_key(tokens, "raw") != nullptr))
            return error_at(tokens[0], "telnet takes one of send=\"LINE\" or raw=\"BYTES\"");
        if (!is_number(find_key(tokens, "port")->value))
            return error_at(*find_key(tokens, "port"), "port must be a number");
        return Ok{};
    }
    if (kind == "alias") {
        if (auto s = check_keys(tokens, {"address", "members"}, {"remove"}); !s)
            return s;
        if (auto s = require(tokens, "address"); !s)
            return s;
        const bool remove =
            tokens.size() > 1 && std::any_of(tokens.begin() + 1, tokens.end(),
                                             [](const SpecToken& t) { return t.op.empty(); });
        if (remove == (find_key(tokens, "members") != nullptr))
            return error_at(tokens[0], "'alias' needs members=\"a@x, b@y\" or remove");
        return Ok{};
    }
    if (kind == "relay") {
        if (auto s = check_keys(tokens, {"host", "allow", "deny"}, {"open", "closed"}); !s)
            return s;
        if (auto s = require(tokens, "host"); !s)
            return s;
        if (tokens.size() < 3)
            return error_at(tokens[0], "'relay' needs open, closed, allow=HOST or deny=HOST");
        return Ok{};
    }
    if (kind == "dns") {
        if (auto s = check_keys(tokens, {"domain", "mx", "name", "a"}); !s)
            return s;
        const bool mx = find_key(tokens, "mx") != nullptr;
        const bool a = find_key(tokens, "a") != nullptr;
        if (mx == a)
            return error_at(tokens[0], "'dns' needs domain=D mx=\"10 HOST\" or name=N a=\"IP\"");
        if (auto s = require(tokens, mx ? "domain" : "name"); !s)
            return s;
        if (mx)
            if (auto records = net::parse_mx_list(find_key(tokens, "mx")->value); !records)
                return error_at(*find_key(tokens, "mx"), records.error().message);
        if (a)
            if (auto list = net::parse_address_list(find_key(tokens, "a")->value); !list)
                return error_at(*find_key(tokens, "a"), list.error().message);
        return Ok{};
    }
    if (kind == "gateway") {
        if (auto s = check_keys(tokens, {"host", "domain", "site"}); !s)
            return s;
        if (auto s = require(tokens, "host"); !s)
            return s;
        if (tokens.size() < 3)
            return error_at(tokens[0], "'gateway' needs domain=D or site=S");
        return Ok{};
    }
    return error_at(tokens[0], "unknown action '" + kind +
                                   "' (compose, retrieve, run, fault, force, alias, relay, "
                                   "telnet, dns, gateway)");
}

Status check_highlight(std::string_view spec) {
    const size_t colon = spec.find(':');
    if (colon == std::string_view::npos || colon + 1 >= spec.size())
        return make_error("highlight is KIND:VALUE (host:, line:, field:, code:, view:)", 0, 1);
    const std::string_view kind = spec.substr(0, colon);
    if (!contains({"host", "line", "field", "code", "view"}, kind))
        return make_error("unknown highlight kind '" + std::string(kind) +
                              "' (host, line, field, code, view)",
                          0, 1);
    if (kind == "view" && !is_known_view(spec.substr(colon + 1)))
        return make_error("unknown view '" + std::string(spec.substr(colon + 1)) + "'", 0,
                          static_cast<int>(colon) + 2);
    if (kind == "code" && !is_reply_code(spec.substr(colon + 1)))
        return make_error("code: takes a reply code such as 354", 0, static_cast<int>(colon) + 2);
    return Ok{};
}

bool count_matches(long long actual, const SpecToken& count) {
    const long long wanted = std::strtoll(count.value.c_str(), nullptr, 10);
    if (count.op == ">=")
        return actual >= wanted;
    if (count.op == "<=")
        return actual <= wanted;
    return actual == wanted;
}

} // namespace mailsim::lesson
