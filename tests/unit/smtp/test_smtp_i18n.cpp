// Every explanation key the SMTP engines can hand to the UI exists in lessons/i18n/smtp.toml,
// in English and Korean.
#include "sim/proto/smtp/smtp_events.h"

#include <doctest/doctest.h>
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace mailsim::smtp;

namespace {

std::set<std::string> keys_in_sources() {
    // Literal keys written in the engines ("smtp.reply.503.mail_first"); prefixes that get a
    // number appended ("smtp.reply.") end with a dot and are covered below.
    std::set<std::string> keys;
    const std::regex literal("\"(smtp\\.[A-Za-z0-9_.\\-]*[A-Za-z0-9_\\-])\"");
    const auto dir = std::filesystem::path(MAILSIM_SOURCE_DIR) / "sim/proto/smtp";
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const std::string source = text.str();
        for (std::sregex_iterator it(source.begin(), source.end(), literal), end; it != end; ++it)
            keys.insert((*it)[1].str());
    }
    return keys;
}

} // namespace

TEST_CASE("every SMTP explanation key has English and Korean text") {
    const auto path = std::filesystem::path(MAILSIM_SOURCE_DIR) / "lessons/i18n/smtp.toml";
    auto parsed = toml::parse_file(path.string());
    REQUIRE_MESSAGE(parsed.succeeded(), parsed.error().description());
    const toml::table& table = parsed.table();

    std::set<std::string> keys = keys_in_sources();
    CHECK(keys.size() > 20);
    for (int code : known_reply_codes())
        keys.insert("smtp.reply." + std::to_string(code));
    for (Verb verb : all_verbs())
        keys.insert(make_command(verb).explanation_key());
    keys.insert(Command{}.explanation_key());
    for (const auto& info : state_infos())
        keys.insert(std::string(info.key));
    for (Trigger trigger : all_triggers())
        keys.insert(trigger_key(trigger));
    for (Violation kind : all_violations())
        keys.insert(ProtocolViolation{kind, {}}.explanation_key());
    for (auto status : {RecipientStatus::Pending, RecipientStatus::Accepted,
                        RecipientStatus::TransientFailure, RecipientStatus::PermanentFailure})
        keys.insert("smtp.status." + std::string(recipient_status_name(status)));
    for (auto mode : {DeliveryMode::Mailbox, DeliveryMode::Terminal,
                      DeliveryMode::TerminalOrMailbox, DeliveryMode::TerminalAndMailbox})
        keys.insert("smtp.mode." + std::string(delivery_mode_name(mode)));

    for (const auto& key : keys) {
        CAPTURE(key);
        const toml::node* node = table.get(key);
        REQUIRE(node);
        const toml::table* entry = node->as_table();
        REQUIRE(entry);
        const auto en = (*entry)["en"].value<std::string>();
        const auto ko = (*entry)["ko"].value<std::string>();
        CHECK((en && !en->empty()));
        CHECK((ko && !ko->empty()));
    }
}
