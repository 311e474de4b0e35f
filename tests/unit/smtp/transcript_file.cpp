#include "transcript_file.h"

#include "smtp_test_support.h"

#include <sstream>

namespace mailsim::smtp::testing {

namespace {

std::string trim(std::string text) {
    return std::string(trim_ascii(text));
}

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string word; in >> word;)
        out.push_back(word);
    return out;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size())
        text.replace(pos, from.size(), to);
    return text;
}

FaultPoint::Kind fault_kind(const std::string& where, Verb& verb) {
    if (equals_ci(where, "connect"))
        return FaultPoint::Kind::Connect;
    if (equals_ci(where, "end-of-data"))
        return FaultPoint::Kind::EndOfData;
    verb = verb_from_name(where).value_or(Verb::Unknown);
    return FaultPoint::Kind::Command;
}

void apply_directive(TranscriptFile& file, const std::string& key, const std::string& value,
                     int line) {
    auto fail = [&](const std::string& why) {
        file.errors.push_back(file.name + ":" + std::to_string(line) + ": " + why);
    };
    const auto args = words(value);
    if (key == "style") {
        file.config.style = value == "classic" ? TextStyle::Classic : TextStyle::Modern;
    } else if (key == "hostname") {
        file.config.hostname = value;
    } else if (key == "bare-lf") {
        file.config.bare_lf = value == "accept" ? BareLfPolicy::AcceptAsLineEnd
                              : value == "keep" ? BareLfPolicy::KeepAsData
                                                : BareLfPolicy::Reject;
    } else if (key == "rfc821") {
        file.config.rfc821 =
            value == "implement" ? Rfc821Commands::Implement : Rfc821Commands::Refuse;
    } else if (key == "max-recipients") {
        file.config.max_recipients = std::stoul(value);
    } else if (key == "max-size") {
        file.config.max_message_size = std::stoul(value);
    } else if (key == "extensions") {
        unsigned ext = 0;
        for (const auto& word : words(replace_all(value, ",", " "))) {
            ext |= word == "SIZE"                  ? kExtSize
                   : word == "8BITMIME"            ? kExtEightBitMime
                   : word == "PIPELINING"          ? kExtPipelining
                   : word == "HELP"                ? kExtHelp
                   : word == "ENHANCEDSTATUSCODES" ? kExtEnhancedStatusCodes
                                                   : 0u;
        }
        file.config.extensions = ext;
    } else if (key == "user" && !args.empty()) {
        const std::size_t space = value.find(' ');
        file.policy.add_user(args[0], space == std::string::npos ? "" : trim(value.substr(space)));
    } else if (key == "list" && args.size() == 2) {
        std::vector<std::string> members = words(replace_all(args[1], ",", " "));
        file.policy.add_list(args[0], members);
    } else if (key == "forward" && args.size() == 3) {
        file.policy.add_forward(args[0], args[1],
                                args[2] == "551" ? ForwardKind::ClientMustRetry
                                                 : ForwardKind::ServerForwards);
    } else if (key == "logged-in") {
        file.policy.set_logged_in(value);
    } else if (key == "vrfy") {
        file.policy.set_vrfy(value == "disabled" ? VrfyMode::Disabled
                             : value == "cannot" ? VrfyMode::CannotVerify
                                                 : VrfyMode::Answer);
    } else if (key == "expn") {
        file.policy.set_expn(value == "disabled" ? ExpnMode::Disabled
                             : value == "denied" ? ExpnMode::Denied
                                                 : ExpnMode::Answer);
    } else if (key == "turn") {
        file.policy.set_turn(value == "accept" ? TurnDecision::Accept : TurnDecision::Refuse);
    } else if (key == "relay-from") {
        file.policy.allow_relay_from(value);
    } else if (key == "client-address") {
        file.client_address = value;
    } else if (key == "refuse-sender") {
        file.policy.refuse_sender(value);
    } else if (key == "quota") {
        file.policy.set_quota(std::stoul(value));
    } else if (key == "role") {
        file.role = value == "client" ? TranscriptRole::Client : TranscriptRole::Server;
    } else if (key == "client-style") {
        file.client.style = value == "classic" ? ClientStyle::Classic : ClientStyle::Modern;
    } else if (key == "client-hostname") {
        file.client.hostname = value;
    } else if (key == "pipelining") {
        file.client.pipelining =
            value == "never" ? PipeliningUse::Never : PipeliningUse::WhenOffered;
    } else if (key == "eight-bit") {
        file.client.eight_bit = value == "refuse"   ? EightBitPolicy::Refuse
                                : value == "base64" ? EightBitPolicy::ConvertBase64
                                                    : EightBitPolicy::ConvertQuotedPrintable;
    } else if (key == "session-end") {
        file.client.end = value == "turn" ? SessionEnd::Turn : SessionEnd::Quit;
    } else if (key == "message" && args.size() >= 3) {
        OutgoingMessage message;
        message.mail_from = args[0] == "<>" ? "" : args[0];
        message.rcpt_to = words(replace_all(args[1], ",", " "));
        const std::size_t body_at = value.find(args[2], value.find(args[1]) + args[1].size());
        message.content = unescape_transcript_text(value.substr(body_at));
        file.messages.push_back(std::move(message));
    } else if (key == "force" && args.size() >= 2) {
        Verb verb = Verb::Unknown;
        const FaultPoint::Kind kind = fault_kind(args[0], verb);
        if (kind == FaultPoint::Kind::Command && verb == Verb::Unknown)
            return fail("unknown fault point " + args[0]);
        file.policy.force_reply(kind, verb, std::stoi(args[1]),
                                args.size() > 2 ? std::stoi(args[2]) : -1);
    } else {
        fail("unknown directive '" + key + "'");
    }
}

} // namespace

std::string unescape_transcript_text(const std::string& text) {
    std::string expanded;
    // {{x*N}}: N copies of x.
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t open = text.find("{{", pos);
        if (open == std::string::npos) {
            expanded += text.substr(pos);
            break;
        }
        const std::size_t close = text.find("}}", open);
        const std::size_t star = text.rfind('*', close);
        expanded += text.substr(pos, open - pos);
        if (close == std::string::npos || star == std::string::npos || star < open) {
            expanded += text.substr(open, 2);
            pos = open + 2;
            continue;
        }
        const std::string unit = text.substr(open + 2, star - open - 2);
        const std::size_t count = std::stoul(text.substr(star + 1, close - star - 1));
        for (std::size_t i = 0; i < count; ++i)
            expanded += unit;
        pos = close + 2;
    }
    std::string out;
    for (std::size_t i = 0; i < expanded.size(); ++i) {
        const char c = expanded[i];
        if (c != '\\' || i + 1 == expanded.size()) {
            out += c;
            continue;
        }
        const char next = expanded[++i];
        if (next == 'r')
            out += '\r';
        else if (next == 'n')
            out += '\n';
        else if (next == 't')
            out += '\t';
        else if (next == 'x' && i + 2 < expanded.size()) {
            out += static_cast<char>(std::stoi(expanded.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else
            out += next;
    }
    return out;
}

TranscriptFile parse_transcript_file(const std::string& name, const std::string& text) {
    TranscriptFile file;
    file.name = name;
    file.config = modern_server();
    file.policy = hamburger_policy();
    file.client.hostname = "crepes.fr";
    std::istringstream in(text);
    enum class Block { None, Smtp, Events, Other } block = Block::None;
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.rfind("```", 0) == 0) {
            if (block != Block::None)
                block = Block::None;
            else if (line == "```smtp")
                block = Block::Smtp;
            else if (line == "```events")
                block = Block::Events;
            else
                block = Block::Other;
            continue;
        }
        if (block == Block::Events) {
            if (!trim(line).empty())
                file.expected_events.push_back(line);
            continue;
        }
        if (block != Block::Smtp || line.empty())
            continue;
        if (line[0] == '!') {
            const std::string body = trim(line.substr(1));
            if (body == "eof") {
                file.steps.push_back({TranscriptStep::Kind::Eof, {}, number});
            } else if (body == "timeout") {
                file.steps.push_back({TranscriptStep::Kind::Timeout, {}, number});
            } else {
                const std::size_t colon = body.find(':');
                if (colon == std::string::npos) {
                    file.errors.push_back(name + ":" + std::to_string(number) + ": bad directive");
                    continue;
                }
                apply_directive(file, trim(body.substr(0, colon)), trim(body.substr(colon + 1)),
                                number);
            }
            continue;
        }
        // C: / C~ / S: with an optional [N] repeat count.
        const char who = line[0];
        std::size_t pos = 1;
        int repeat = 1;
        if (pos < line.size() && line[pos] == '[') {
            const std::size_t close = line.find(']', pos);
            repeat = std::stoi(line.substr(pos + 1, close - pos - 1));
            pos = close + 1;
        }
        const bool raw = pos < line.size() && line[pos] == '~';
        if ((who != 'C' && who != 'S') || pos >= line.size() || (line[pos] != ':' && !raw)) {
            file.errors.push_back(name + ":" + std::to_string(number) + ": cannot read: " + line);
            continue;
        }
        std::string body = line.substr(pos + 1);
        if (!body.empty() && body[0] == ' ')
            body.erase(0, 1);
        for (int i = 1; i <= repeat; ++i) {
            std::string bytes =
                unescape_transcript_text(replace_all(body, "{{i}}", std::to_string(i)));
            if (!raw)
                bytes += "\r\n";
            file.steps.push_back(
                {who == 'C' ? TranscriptStep::Kind::Send : TranscriptStep::Kind::Expect, bytes,
                 number});
        }
    }
    if (file.role == TranscriptRole::Client) {
        // The client is under test: the server's lines are its input.
        for (auto& step : file.steps) {
            if (step.kind == TranscriptStep::Kind::Send)
                step.kind = TranscriptStep::Kind::Expect;
            else if (step.kind == TranscriptStep::Kind::Expect)
                step.kind = TranscriptStep::Kind::Send;
        }
    }
    return file;
}

} // namespace mailsim::smtp::testing
