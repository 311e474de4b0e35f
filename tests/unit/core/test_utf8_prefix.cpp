#include "sim/core/utf8_prefix.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace {

// True when every multi-byte sequence in `text` is whole (the lead byte's count of
// continuation bytes follows it).
bool whole_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (i + length > text.size())
            return false;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
                return false;
        i += length;
    }
    return true;
}

} // namespace

TEST_CASE("a prefix cut at any byte count never splits a Hangul syllable") {
    const std::string subject = "Re: 케첩 사진 보냅니다 (RCPT TO)";
    for (std::size_t max = 0; max <= subject.size() + 2; ++max) {
        const std::string_view prefix = mailsim::utf8_prefix(subject, max);
        CHECK(prefix.size() <= max);
        CHECK(subject.starts_with(prefix));
        CHECK(whole_utf8(prefix));
        // As long as possible: one more character would pass the limit.
        if (prefix.size() < subject.size() && max < subject.size())
            CHECK(max - prefix.size() < 3);
    }
    CHECK(mailsim::utf8_prefix(subject, subject.size()) == subject);
}

TEST_CASE("a shortened label keeps its ellipsis within the byte limit") {
    const std::string ellipsis = "\xe2\x80\xa6";
    const std::string label = "S: 250 2.0.0 받았습니다: 큐 번호 MAIL1";
    CHECK(mailsim::utf8_shortened(label, label.size(), ellipsis) == label);
    for (std::size_t max = ellipsis.size(); max < label.size(); ++max) {
        const std::string shown = mailsim::utf8_shortened(label, max, ellipsis);
        CHECK(shown.size() <= max);
        CHECK(shown.ends_with(ellipsis));
        CHECK(whole_utf8(shown));
        CHECK(label.starts_with(shown.substr(0, shown.size() - ellipsis.size())));
    }
    // A byte cut, as the panels did before: "받" is cut in half and is drawn as "?".
    CHECK_FALSE(whole_utf8(label.substr(0, 20)));
}
