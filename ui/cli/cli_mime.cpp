// `mailsim mime parse|build|split|join`: the MIME engine of sim/mail on the command line.
// `parse --json` is a contract the interop tests compare with Python's email package.
#include "cli_io.h"
#include "command_registry.h"

#include "sim/core/rng.h"
#include "sim/core/sha256.h"
#include "sim/mail/builder.h"
#include "sim/mail/charset.h"
#include "sim/mail/date.h"
#include "sim/mail/encoded_word.h"
#include "sim/mail/message.h"
#include "sim/mail/partial.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <random>

namespace fs = std::filesystem;
using namespace mailsim;
using namespace mailsim::mail;
using mailsim::cli::CommandFailed;

namespace {

// Every string the JSON prints goes through here: header bytes are not always UTF-8 in real
// mail (a raw 8-bit byte in To or Content-Type), and nlohmann::json refuses invalid UTF-8.
nlohmann::json text(std::string_view bytes) {
    return sanitize_utf8(bytes);
}

nlohmann::json optional_text(const std::optional<std::string>& value) {
    return value ? text(*value) : nlohmann::json(nullptr);
}

// From/To as Python's email package shows them: decoded, "Name <addr>" joined by ", ".
nlohmann::json address_field(const Part& message, std::string_view name) {
    const auto value = message.headers.get(name);
    if (!value)
        return nullptr;
    auto list = parse_address_list(*value);
    if (!list)
        return text(decode_encoded_words(*value));
    return text(display_address_list(*list));
}

nlohmann::json node_json(const Part& part, bool top) {
    nlohmann::json node;
    const ContentType type = part.content_type();
    node["content_type"] = text(type.mime_type());
    nlohmann::json params = nlohmann::json::object();
    for (const auto& param : type.params)
        params[sanitize_utf8(param.name)] = text(param.value);
    node["params"] = params;
    node["transfer_encoding"] = optional_text(part.transfer_encoding_field());
    node["filename"] = optional_text(part.filename());
    nlohmann::json parts = nlohmann::json::array();
    for (const auto& child : part.children)
        parts.push_back(node_json(child, false));
    node["parts"] = parts;
    Warnings warnings = part.warnings;
    if (part.children.empty()) {
        const Bytes decoded = part.decoded_body(&warnings);
        node["body_sha256"] = sha256_hex(decoded);
        node["body_size"] = decoded.size();
    }
    nlohmann::json warning_list = nlohmann::json::array();
    for (const auto& warning : warnings)
        warning_list.push_back({{"key", text(warning.key)}, {"message", text(warning.message)}});
    node["warnings"] = warning_list;
    if (top) {
        node["subject"] = optional_text(part.subject());
        node["from"] = address_field(part, "From");
        node["to"] = address_field(part, "To");
    }
    return node;
}

std::string human_size(std::size_t bytes) {
    char buffer[32];
    if (bytes < 1024)
        std::snprintf(buffer, sizeof buffer, "%zu B", bytes);
    else if (bytes < 1024 * 1024)
        std::snprintf(buffer, sizeof buffer, "%.1f KB", bytes / 1024.0);
    else
        std::snprintf(buffer, sizeof buffer, "%.1f MB", bytes / (1024.0 * 1024.0));
    return buffer;
}

void print_tree(const Part& part, const std::string& indent, bool last, bool root,
                std::string& out) {
    const ContentType type = part.content_type();
    std::string line = root ? "" : indent + (last ? "└─ " : "├─ ");
    line += type.mime_type();
    for (const auto& param : type.params)
        line += "; " + param.name + "=\"" + param.value + "\"";
    if (const auto encoding = part.transfer_encoding_field())
        line += "  [" + *encoding + "]";
    if (const auto filename = part.filename())
        line += "  file \"" + *filename + "\"";
    Warnings warnings = part.warnings;
    if (part.children.empty()) {
        const Bytes decoded = part.decoded_body(&warnings);
        line += "  " + human_size(part.body().size());
        if (decoded.size() != part.body().size())
            line += " -> " + human_size(decoded.size()) + " decoded";
    }
    out += line + "\n";
    const std::string child_indent = root ? "" : indent + (last ? "   " : "│  ");
    for (const auto& warning : warnings)
        out +=
            child_indent + (part.children.empty() ? "   " : "│  ") + "! " + warning.message + "\n";
    for (std::size_t i = 0; i < part.children.size(); ++i)
        print_tree(part.children[i], child_indent, i + 1 == part.children.size(), false, out);
}

void run_parse(const std::string& path, bool json, bool boundaries) {
    const std::string raw = cli::read_input(path);
    ParseOptions options;
    options.boundaries = boundaries ? BoundaryTrace::On : BoundaryTrace::Off;
    const Message message = parse_message(raw, options);
    if (json) {
        cli::write_output(node_json(message, true).dump(2) + "\n");
        return;
    }
    std::string out;
    for (const char* name : {"From", "To", "Cc", "Subject", "Date", "Message-ID"}) {
        if (!message.headers.get(name))
            continue;
        std::string value = std::string(name) == "Subject" ? *message.subject()
                            : std::string(name) == "Date" || std::string(name) == "Message-ID"
                                ? std::string(*message.headers.get(name))
                                : address_field(message, name).get<std::string>();
        out += std::string(name) + ": " + value + "\n";
    }
    out += "\n";
    print_tree(message, "", true, true, out);
    if (boundaries) {
        for (const Part* part : walk(message))
            for (const auto& mark : part->boundaries)
                out += "boundary at offset " + std::to_string(mark.offset) + " (" +
                       std::to_string(mark.length) + " chars)" + (mark.closing ? " closing" : "") +
                       ": " + std::string(part->body().substr(mark.offset, mark.length)) + "\n";
    }
    cli::write_output(out);
}

EncodingChoice encoding_from_name(const std::string& name) {
    const std::string lower = to_lower_ascii(name);
    if (lower == "auto")
        return EncodingChoice::Auto;
    if (lower == "7bit")
        return EncodingChoice::SevenBit;
    if (lower == "8bit")
        return EncodingChoice::EightBit;
    if (lower == "binary")
        return EncodingChoice::Binary;
    if (lower == "quoted-printable" || lower == "qp")
        return EncodingChoice::QuotedPrintable;
    if (lower == "base64")
        return EncodingChoice::Base64;
    throw CommandFailed{
        "unknown encoding '" + name + "' (auto, 7bit, 8bit, binary, quoted-printable, base64)", 2};
}

ContentType type_for_file(const fs::path& path) {
    static const std::pair<const char*, const char*> kTypes[] = {
        {".txt", "text/plain"},      {".html", "text/html"},     {".htm", "text/html"},
        {".jpg", "image/jpeg"},      {".jpeg", "image/jpeg"},    {".gif", "image/gif"},
        {".png", "image/png"},       {".mpg", "video/mpeg"},     {".mpeg", "video/mpeg"},
        {".au", "audio/basic"},      {".snd", "audio/basic"},    {".ps", "application/postscript"},
        {".pdf", "application/pdf"}, {".eml", "message/rfc822"}, {".enriched", "text/enriched"}};
    const std::string ext = to_lower_ascii(path.extension().string());
    std::string mime = "application/octet-stream";
    for (const auto& [suffix, type] : kTypes)
        if (ext == suffix)
            mime = type;
    return parse_content_type(mime);
}

Mailbox mailbox_arg(const std::string& text, const char* option) {
    auto box = parse_mailbox(text);
    if (!box)
        throw CommandFailed{std::string(option) + " '" + text + "': " + box.error().message, 2};
    return *box;
}

struct BuildArgs {
    std::string from, subject, text_file, html_file, encoding = "base64", text_encoding = "auto",
                                                     message_id, out;
    std::vector<std::string> to, cc, attach;
    std::int64_t date_unix = -1;
    int tz_minutes = 0;
    std::uint64_t seed = 0;
    bool seeded = false;
};

void run_build(const BuildArgs& args) {
    MessageBuilder builder;
    builder.from(mailbox_arg(args.from, "--from"));
    for (const auto& to : args.to)
        builder.to(mailbox_arg(to, "--to"));
    for (const auto& cc : args.cc)
        builder.cc(mailbox_arg(cc, "--cc"));
    if (!args.subject.empty())
        builder.subject(args.subject);
    const std::int64_t when = args.date_unix >= 0
                                  ? args.date_unix
                                  : std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count();
    builder.date(when, args.tz_minutes);
    Rng rng(args.seeded ? args.seed : std::random_device{}(), 0);
    const Mailbox from = mailbox_arg(args.from, "--from");
    builder.message_id(args.message_id.empty() ? make_message_id(rng, from.domain)
                                               : args.message_id);
    const EncodingChoice text_encoding = encoding_from_name(args.text_encoding);
    if (!args.text_file.empty())
        builder.text(cli::read_input(args.text_file), text_encoding);
    if (!args.html_file.empty())
        builder.html(cli::read_input(args.html_file), text_encoding);
    const EncodingChoice encoding = encoding_from_name(args.encoding);
    for (const auto& path : args.attach) {
        Attachment attachment;
        attachment.filename = fs::path(path).filename().string();
        attachment.content_type = type_for_file(path);
        attachment.data = cli::read_input(path);
        attachment.encoding = encoding;
        builder.attach(std::move(attachment));
    }
    auto message = builder.build();
    if (!message)
        throw CommandFailed{message.error().message, 1};
    const Bytes wire = serialize(*message);
    if (args.out.empty()) {
        cli::write_output(wire);
        return;
    }
    std::ofstream out(args.out, std::ios::binary);
    out << wire;
    if (!out)
        throw CommandFailed{"cannot write '" + args.out + "'", 2};
}

void run_split(const std::string& path, std::size_t max_bytes, const std::string& out_dir,
               const std::string& id) {
    auto fragments = split_partial(cli::read_input(path), max_bytes, id);
    if (!fragments)
        throw CommandFailed{fragments.error().message, 1};
    const std::string stem = path == "-" ? "message" : fs::path(path).stem().string();
    fs::create_directories(out_dir);
    for (std::size_t i = 0; i < fragments->size(); ++i) {
        const fs::path target =
            fs::path(out_dir) / (stem + ".part" + std::to_string(i + 1) + ".eml");
        std::ofstream out(target, std::ios::binary);
        out << (*fragments)[i];
        if (!out)
            throw CommandFailed{"cannot write '" + target.string() + "'", 2};
        cli::write_output(target.string() + "\n");
    }
}

void run_join(const std::vector<std::string>& paths, const std::string& out_path) {
    std::vector<std::string> data;
    for (const auto& path : paths)
        data.push_back(cli::read_input(path));
    std::vector<ByteView> views(data.begin(), data.end());
    auto joined = join_partial(views);
    if (!joined)
        throw CommandFailed{joined.error().message, 1};
    if (out_path.empty()) {
        cli::write_output(*joined);
        return;
    }
    std::ofstream out(out_path, std::ios::binary);
    out << *joined;
    if (!out)
        throw CommandFailed{"cannot write '" + out_path + "'", 2};
}

// What the bytes of FILE mean in CHARSET, as UTF-8: the decoder the MIME engine uses for
// encoded-words and text bodies (the interop tests compare it with Python's codecs).
void run_charset(const std::string& charset, const std::string& path) {
    if (charset_from_name(charset) == Charset::Unknown)
        throw CommandFailed{"unknown charset '" + sanitize_utf8(charset) + "'", 2};
    cli::write_output(to_utf8(cli::read_input(path), charset));
}

mailsim::cli::RegisterCommand reg{
    "mime", [](CLI::App& app) {
        auto* mime = app.add_subcommand("mime", "Parse, build, split and join MIME messages");
        mime->require_subcommand(1);

        auto* parse = mime->add_subcommand("parse", "Show the MIME tree of a message (FILE or -)");
        auto parse_file = std::make_shared<std::string>();
        auto parse_json = std::make_shared<bool>(false);
        auto parse_boundaries = std::make_shared<bool>(false);
        parse->add_option("FILE", *parse_file, "message file, - for standard input")->required();
        parse->add_flag("--json", *parse_json, "machine-readable tree (the interop contract)");
        parse->add_flag("--boundaries", *parse_boundaries, "list where the boundary lines are");
        parse->callback([=] { run_parse(*parse_file, *parse_json, *parse_boundaries); });

        auto* charset = mime->add_subcommand("charset", "Decode FILE (or -) from CHARSET to UTF-8");
        auto charset_name = std::make_shared<std::string>();
        auto charset_file = std::make_shared<std::string>();
        charset->add_option("CHARSET", *charset_name, "e.g. euc-kr, ks_c_5601-1987, windows-1252")
            ->required();
        charset->add_option("FILE", *charset_file, "text file, - for standard input")->required();
        charset->callback([=] { run_charset(*charset_name, *charset_file); });

        auto* build = mime->add_subcommand("build", "Compose a message and print it");
        auto args = std::make_shared<BuildArgs>();
        build->add_option("--from", args->from, "author, e.g. \"홍길동 <hong@example.kr>\"")
            ->required();
        build->add_option("--to", args->to, "recipient (repeatable)");
        build->add_option("--cc", args->cc, "carbon copy (repeatable)");
        build->add_option("--subject", args->subject, "subject in UTF-8");
        build->add_option("--text", args->text_file, "file with the text/plain body (UTF-8)");
        build->add_option("--html", args->html_file, "file with the text/html body (UTF-8)");
        build->add_option("--attach", args->attach, "file to attach (repeatable)");
        build->add_option(
            "--encoding", args->encoding,
            "attachment encoding: base64, quoted-printable, 7bit, 8bit, binary, auto");
        build->add_option("--text-encoding", args->text_encoding, "body encoding (default auto)");
        build->add_option("--date-unix", args->date_unix, "Date as unix seconds (default: now)");
        build->add_option("--tz-minutes", args->tz_minutes,
                          "zone offset for Date, e.g. 540 (+0900)");
        build->add_option("--message-id", args->message_id, "Message-ID with <>");
        build->add_option("--seed", args->seed, "seed for the generated Message-ID")
            ->each([args](const std::string&) { args->seeded = true; });
        build->add_option("-o,--out", args->out, "write to this file instead of standard output");
        build->callback([=] { run_build(*args); });

        auto* split =
            mime->add_subcommand("split", "Split a message into message/partial fragments");
        auto split_file = std::make_shared<std::string>();
        auto split_max = std::make_shared<std::size_t>(0);
        auto split_dir = std::make_shared<std::string>(".");
        auto split_id = std::make_shared<std::string>();
        split->add_option("FILE", *split_file, "message file, - for standard input")->required();
        split->add_option("--max-bytes", *split_max, "largest fragment, header included")
            ->required();
        split->add_option("--out-dir", *split_dir, "folder for FILE.partN.eml (default .)");
        split->add_option("--id", *split_id, "id parameter (default: from the content)");
        split->callback([=] { run_split(*split_file, *split_max, *split_dir, *split_id); });

        auto* join = mime->add_subcommand("join", "Reassemble message/partial fragments");
        auto join_files = std::make_shared<std::vector<std::string>>();
        auto join_out = std::make_shared<std::string>();
        join->add_option("FILES", *join_files, "fragment files, any order")->required();
        join->add_option("-o,--out", *join_out, "write to this file instead of standard output");
        join->callback([=] { run_join(*join_files, *join_out); });
    }};

} // namespace
