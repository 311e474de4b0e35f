#include "smtp_command.h"

#include <array>

namespace mailsim::smtp {

namespace {

struct VerbInfo {
    Verb verb;
    std::string_view name;
    std::string_view syntax;
};

constexpr std::array<VerbInfo, 15> kVerbs = {{
    {Verb::Helo, "HELO", "HELO <domain>"},
    {Verb::Ehlo, "EHLO", "EHLO <domain>"},
    {Verb::Mail, "MAIL", "MAIL FROM:<reverse-path> [SIZE=n] [BODY=7BIT|8BITMIME]"},
    {Verb::Rcpt, "RCPT", "RCPT TO:<forward-path>"},
    {Verb::Data, "DATA", "DATA (then the message, ended by a line with a single dot)"},
    {Verb::Rset, "RSET", "RSET (abort the current mail transaction)"},
    {Verb::Noop, "NOOP", "NOOP"},
    {Verb::Quit, "QUIT", "QUIT"},
    {Verb::Vrfy, "VRFY", "VRFY <user or mailbox>"},
    {Verb::Expn, "EXPN", "EXPN <mailing list>"},
    {Verb::Help, "HELP", "HELP [command]"},
    {Verb::Turn, "TURN", "TURN (swap client and server roles, RFC 821)"},
    {Verb::Send, "SEND", "SEND FROM:<reverse-path> (deliver to terminal, RFC 821)"},
    {Verb::Soml, "SOML", "SOML FROM:<reverse-path> (terminal or mailbox, RFC 821)"},
    {Verb::Saml, "SAML", "SAML FROM:<reverse-path> (terminal and mailbox, RFC 821)"},
}};

bool is_atext(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    constexpr std::string_view specials = "!#$%&'*+-/=?^_`{|}~.";
    return specials.find(c) != std::string_view::npos;
}

bool is_valid_domain(std::string_view domain) {
    if (domain.empty() || domain.size() > 255)
        return false;
    if (domain.front() == '[') // address literal such as [192.0.2.1]
        return domain.back() == ']' && domain.size() > 2;
    std::size_t label = 0;
    for (char c : domain) {
        if (c == '.') {
            if (label == 0)
                return false;
            label = 0;
            continue;
        }
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || ++label > 63)
            return false;
    }
    return label > 0;
}

} // namespace

const std::vector<Verb>& all_verbs() {
    static const std::vector<Verb> verbs = [] {
        std::vector<Verb> out;
        for (const auto& info : kVerbs)
            out.push_back(info.verb);
        return out;
    }();
    return verbs;
}

std::string_view verb_name(Verb verb) {
    for (const auto& info : kVerbs)
        if (info.verb == verb)
            return info.name;
    return "?";
}

std::string_view verb_syntax(Verb verb) {
    for (const auto& info : kVerbs)
        if (info.verb == verb)
            return info.syntax;
    return {};
}

std::optional<Verb> verb_from_name(std::string_view name) {
    for (const auto& info : kVerbs)
        if (equals_ci(name, info.name))
            return info.verb;
    return std::nullopt;
}

std::string Command::explanation_key() const {
    if (verb == Verb::Unknown)
        return "smtp.cmd.unknown";
    return "smtp.cmd." + std::string(verb_name(verb));
}

Command parse_command_line(std::string_view line) {
    Command command;
    command.line = std::string(line);
    const std::size_t space = line.find(' ');
    command.verb_text = std::string(line.substr(0, space));
    if (space != std::string_view::npos)
        command.argument = std::string(line.substr(space + 1));
    command.verb = verb_from_name(command.verb_text).value_or(Verb::Unknown);
    return command;
}

Command make_command(Verb verb, std::string argument) {
    Command command;
    command.verb = verb;
    command.verb_text = std::string(verb_name(verb));
    command.argument = std::move(argument);
    command.line = command.verb_text;
    if (!command.argument.empty())
        command.line += " " + command.argument;
    return command;
}

std::string_view local_part_of(std::string_view address) {
    const std::size_t at = address.rfind('@');
    return at == std::string_view::npos ? address : address.substr(0, at);
}

std::string_view domain_of(std::string_view address) {
    const std::size_t at = address.rfind('@');
    return at == std::string_view::npos ? std::string_view{} : address.substr(at + 1);
}

bool is_valid_mailbox(std::string_view address) {
    const std::size_t at = address.rfind('@');
    if (at == std::string_view::npos || at == 0 || address.size() > 254)
        return false;
    const std::string_view local = address.substr(0, at);
    if (local.size() > 64)
        return false;
    if (local.front() == '"') {
        if (local.size() < 2 || local.back() != '"')
            return false;
        for (std::size_t i = 1; i + 1 < local.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(local[i]);
            if (c < 32 || c > 126)
                return false;
            if (c == '\\')
                ++i; // quoted-pair
        }
    } else {
        if (local.front() == '.' || local.back() == '.' ||
            local.find("..") != std::string_view::npos)
            return false;
        for (char c : local)
            if (!is_atext(c))
                return false;
    }
    return is_valid_domain(address.substr(at + 1));
}

Result<PathArgument> parse_path_argument(std::string_view argument, std::string_view keyword,
                                         NullPath null_path) {
    PathArgument out;
    if (!starts_with_ci(argument, keyword) || argument.size() <= keyword.size() ||
        argument[keyword.size()] != ':')
        return make_error("expected " + std::string(keyword) + ":<address>");
    std::string_view rest = argument.substr(keyword.size() + 1);
    while (!rest.empty() && rest.front() == ' ') {
        out.space_after_colon = true;
        rest.remove_prefix(1);
    }
    std::string_view path;
    if (!rest.empty() && rest.front() == '<') {
        const std::size_t close = rest.find('>');
        if (close == std::string_view::npos)
            return make_error("missing '>' after the address");
        path = rest.substr(1, close - 1);
        rest.remove_prefix(close + 1);
        // A source route "@a,@b:" is obsolete; RFC 5321 §4.1.1.3 says to ignore it.
        if (!path.empty() && path.front() == '@') {
            const std::size_t colon = path.find(':');
            if (colon == std::string_view::npos)
                return make_error("malformed source route");
            path.remove_prefix(colon + 1);
        }
        if (path.empty()) {
            if (null_path == NullPath::Forbidden)
                return make_error("the null path <> is not allowed here");
            out.null_path = true;
        }
    } else {
        const std::size_t end = rest.find(' ');
        path = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
        if (path.empty())
            return make_error("missing address");
    }
    // RFC 5321 §4.1.1.3: "RCPT TO:<Postmaster>" without a domain must be accepted.
    const bool postmaster = keyword == "TO" && equals_ci(path, "postmaster");
    if (!out.null_path && !postmaster && !is_valid_mailbox(path))
        return make_error("malformed address <" + std::string(path) + ">");
    out.address = std::string(path);
    if (!rest.empty() && rest.front() != ' ')
        return make_error("junk after the address");
    while (!rest.empty()) {
        while (!rest.empty() && rest.front() == ' ')
            rest.remove_prefix(1);
        if (rest.empty())
            break;
        const std::size_t end = rest.find(' ');
        const std::string_view word = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
        const std::size_t equals = word.find('=');
        const std::string_view name = word.substr(0, equals);
        if (name.empty())
            return make_error("empty parameter name");
        for (char c : name)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-'))
                return make_error("malformed parameter name");
        std::string value;
        if (equals != std::string_view::npos)
            value = std::string(word.substr(equals + 1));
        out.parameters.emplace_back(to_upper_ascii(name), std::move(value));
    }
    return out;
}

} // namespace mailsim::smtp
