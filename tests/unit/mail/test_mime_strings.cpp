// Every warning and trace key that sim/mail can produce has Korean and English text in
// lessons/i18n/mime.toml, so the UI never shows a bare key.
#include <doctest/doctest.h>
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

TEST_CASE("every mime.* key used in sim/mail exists in both languages") {
    const std::filesystem::path root(MAILSIM_SOURCE_DIR);
    auto table = toml::parse_file((root / "lessons/i18n/mime.toml").string());
    REQUIRE(table);
    std::set<std::string> used;
    const std::regex key(R"re("(mime\.[a-z0-9_.]+)")re");
    for (const auto& entry : std::filesystem::directory_iterator(root / "sim/mail")) {
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const std::string source = text.str();
        for (std::sregex_iterator it(source.begin(), source.end(), key), end; it != end; ++it)
            used.insert((*it)[1].str());
    }
    CHECK(used.size() > 20);
    for (const auto& name : used) {
        INFO(name);
        const auto* entry = table.table().get_as<toml::table>(name);
        REQUIRE(entry != nullptr);
        CHECK(entry->get_as<std::string>("ko") != nullptr);
        CHECK(entry->get_as<std::string>("en") != nullptr);
    }
}
