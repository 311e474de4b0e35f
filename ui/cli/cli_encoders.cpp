// `mailsim base64 encode|decode [--explain]` and `mailsim qp encode|decode [--explain]`: the
// transfer encodings with the teaching trace printed on request.
#include "cli_io.h"
#include "command_registry.h"

#include "sim/mail/base64.h"
#include "sim/mail/quoted_printable.h"

#include <CLI/CLI.hpp>

#include <cstdio>

using namespace mailsim;
using namespace mailsim::mail;

namespace {

std::string bits(unsigned value, int width) {
    std::string out;
    for (int i = width - 1; i >= 0; --i)
        out.push_back((value >> i) & 1 ? '1' : '0');
    return out;
}

std::string hex_byte(unsigned value) {
    char buffer[4];
    std::snprintf(buffer, sizeof buffer, "%02X", value & 0xFF);
    return buffer;
}

std::string printable(unsigned char c) {
    if (c >= 33 && c < 127)
        return std::string("'") + static_cast<char>(c) + "'";
    if (c == ' ')
        return "SP";
    if (c == '\t')
        return "TAB";
    if (c == '\r')
        return "CR";
    if (c == '\n')
        return "LF";
    return "0x" + hex_byte(c);
}

std::string explain_base64(const Base64Trace& trace, bool decoding) {
    std::string out;
    std::size_t number = 0;
    for (const auto& group : trace.groups) {
        out += "group " + std::to_string(++number) + " at offset " + std::to_string(group.offset) +
               "\n";
        std::string bytes_line = "  bytes   ", bit_line = "  bits    ";
        for (std::size_t k = 0; k < group.byte_count; ++k) {
            bytes_line += hex_byte(group.bytes[k]) + " " + printable(group.bytes[k]) + "  ";
            bit_line += bits(group.bytes[k], 8) + " ";
        }
        std::string sextet_line = "  6-bit   ", value_line = "  values  ",
                    letter_line = "  letters ";
        for (int k = 0; k < 4; ++k) {
            const bool pad = group.letters[k] == '=';
            sextet_line += pad ? "(pad)  " : bits(group.sextets[k], 6) + " ";
            value_line += pad ? "-  " : std::to_string(group.sextets[k]) + "  ";
            letter_line += std::string(1, group.letters[k]) + "  ";
        }
        if (decoding) {
            out += letter_line + "\n" + value_line + "\n" + sextet_line + "\n" + bit_line + "\n" +
                   bytes_line + "\n";
        } else {
            out += bytes_line + "\n" + bit_line + "\n" + sextet_line + "\n" + value_line + "\n" +
                   letter_line + "\n";
        }
        if (group.byte_count < 3)
            out += "  padding: " + std::to_string(3 - group.byte_count) + " byte(s) missing, so " +
                   std::to_string(3 - group.byte_count) + " '=' added\n";
    }
    if (!trace.ignored.empty())
        out += std::to_string(trace.ignored.size()) +
               " character(s) outside the alphabet ignored (line breaks, RFC 2045 6.8)\n";
    return out;
}

const char* reason_text(QpReason reason) {
    switch (reason) {
    case QpReason::Literal:
        return "printable ASCII, kept";
    case QpReason::EscapedEquals:
        return "'=' itself must be escaped";
    case QpReason::EscapedNonAscii:
        return "not printable ASCII (8-bit or control), escaped as =XX";
    case QpReason::EscapedTrailingWhite:
        return "white space at the end of a line, escaped so transport cannot strip it";
    case QpReason::EscapedLineBreak:
        return "CR/LF inside binary data, escaped";
    case QpReason::HardBreak:
        return "line break of the text, written as CRLF";
    case QpReason::SoftBreak:
        return "soft line break '=' to keep lines at most 76 characters";
    case QpReason::BadEscape:
        return "'=' not followed by two hex digits, kept as it is";
    case QpReason::RemovedTrailingWhite:
        return "white space at the end of a line, removed (added in transport)";
    }
    return "";
}

std::string explain_qp(const std::vector<QpStep>& steps, bool all) {
    std::string out;
    for (const auto& step : steps) {
        if (!all && step.reason == QpReason::Literal)
            continue;
        std::string shown;
        for (char c : step.output)
            shown += c == '\r' ? "\\r" : c == '\n' ? "\\n" : std::string(1, c);
        out += "offset " + std::to_string(step.offset) + "  " +
               (step.reason == QpReason::SoftBreak ? std::string("--") : printable(step.octet)) +
               "  -> \"" + shown + "\"  " + reason_text(step.reason) + "\n";
    }
    return out;
}

struct CodecArgs {
    std::string file = "-";
    bool explain = false;
    bool no_wrap = false;
    bool binary = false;
    bool all = false;
};

void add_codec(CLI::App& app, const char* name, const char* help, bool is_base64) {
    auto* command = app.add_subcommand(name, help);
    command->require_subcommand(1);
    for (const char* direction : {"encode", "decode"}) {
        const bool encode = std::string(direction) == "encode";
        auto* sub = command->add_subcommand(direction, encode ? "Encode FILE (or standard input)"
                                                              : "Decode FILE (or standard input)");
        auto args = std::make_shared<CodecArgs>();
        sub->add_option("FILE", args->file, "input file, - for standard input (default)");
        sub->add_flag("--explain", args->explain, "print the teaching trace before the result");
        if (is_base64 && encode)
            sub->add_flag("--no-wrap", args->no_wrap, "one line, no CRLF every 76 characters");
        if (!is_base64 && encode)
            sub->add_flag("--binary", args->binary, "escape CR and LF too (binary data)");
        if (!is_base64)
            sub->add_flag("--all", args->all, "with --explain, list literal octets too");
        sub->callback([=] {
            const std::string input = cli::read_input(args->file);
            std::string result;
            if (is_base64) {
                if (args->explain)
                    cli::write_output(explain_base64(
                        encode ? base64_encode_trace(input) : base64_decode_trace(input), !encode));
                result =
                    encode ? base64_encode(input, args->no_wrap ? LineWrap::None : LineWrap::Mime76)
                           : base64_decode(input);
            } else {
                const QpMode mode = args->binary ? QpMode::Binary : QpMode::Text;
                if (args->explain)
                    cli::write_output(explain_qp(
                        encode ? qp_encode_trace(input, mode) : qp_decode_trace(input), args->all));
                result = encode ? qp_encode(input, mode) : qp_decode(input);
            }
            if (args->explain)
                cli::write_output("result:\n");
            cli::write_output(result);
            if (args->explain && (result.empty() || result.back() != '\n'))
                cli::write_output("\n");
        });
    }
}

mailsim::cli::RegisterCommand reg_base64{
    "base64", [](CLI::App& app) {
        add_codec(app, "base64", "Base64 transfer encoding (RFC 2045 6.8)", true);
    }};
mailsim::cli::RegisterCommand reg_qp{
    "qp", [](CLI::App& app) {
        add_codec(app, "qp", "Quoted-printable transfer encoding (RFC 2045 6.7)", false);
    }};

} // namespace
