// Property test: random MIME trees (nested multiparts, message/rfc822, leaves of every encoding)
// built, serialised and parsed back give the same tree and the same decoded bytes.
#include "sim/core/rng.h"
#include "sim/mail/builder.h"
#include "sim/mail/message.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::mail;

namespace {

struct Expected {
    std::string mime_type;
    Bytes decoded; // leaves
    std::vector<Expected> children;
};

Bytes random_data(Rng& rng, bool text) {
    const auto size = static_cast<std::size_t>(rng.uniform_int(0, 400));
    Bytes out;
    static const std::string kKorean = "한글 메일 ";
    for (std::size_t i = 0; i < size; ++i) {
        if (!text) {
            out.push_back(static_cast<char>(rng.uniform_int(0, 255)));
        } else if (rng.chance(0.05)) {
            out += "\r\n";
        } else if (rng.chance(0.05)) {
            out += kKorean;
        } else {
            out.push_back(static_cast<char>(rng.uniform_int(32, 126)));
        }
    }
    return out;
}

Part random_part(Rng& rng, int depth, Expected& expected) {
    const int kind = depth >= 4 ? 0 : static_cast<int>(rng.uniform_int(0, 3));
    if (kind == 1 || kind == 2) {
        static const char* kSubtypes[] = {"mixed", "alternative", "parallel", "related", "digest"};
        const char* subtype = kSubtypes[rng.uniform_int(0, 4)];
        std::vector<Part> children;
        const auto count = rng.uniform_int(1, 4);
        for (std::int64_t i = 0; i < count; ++i) {
            Expected child;
            children.push_back(random_part(rng, depth + 1, child));
            expected.children.push_back(std::move(child));
        }
        expected.mime_type = std::string("multipart/") + subtype;
        return make_multipart(subtype, std::move(children));
    }
    if (kind == 3) {
        Expected inner;
        Part body = random_part(rng, depth + 1, inner);
        Message message;
        message.headers.add("Subject", "depth " + std::to_string(depth));
        for (const auto& field : body.headers.fields())
            message.headers.add(field.name, field.value);
        message.set_body(body.shared_body());
        message.children = std::move(body.children);
        expected.mime_type = "message/rfc822";
        expected.children.push_back(std::move(inner));
        return make_message_part(std::move(message));
    }
    const bool text = rng.chance(0.5);
    ContentType type = parse_content_type(text ? "text/plain; charset=utf-8" : "image/gif");
    const Bytes data = random_data(rng, text);
    static const EncodingChoice kChoices[] = {EncodingChoice::Auto, EncodingChoice::Base64,
                                              EncodingChoice::QuotedPrintable};
    auto leaf = make_leaf(type, data, kChoices[rng.uniform_int(0, 2)]);
    REQUIRE(leaf.ok());
    expected.mime_type = type.mime_type();
    expected.decoded = data;
    return std::move(*leaf);
}

void compare(const Part& part, const Expected& expected) {
    CHECK(part.mime_type() == expected.mime_type);
    CHECK(part.warnings.empty());
    REQUIRE(part.children.size() == expected.children.size());
    if (expected.children.empty() && expected.mime_type != "message/rfc822")
        CHECK(part.decoded_body() == expected.decoded);
    for (std::size_t i = 0; i < part.children.size(); ++i)
        compare(part.children[i], expected.children[i]);
}

} // namespace

TEST_CASE("random MIME trees survive build -> serialise -> parse") {
    Rng rng(3, 14);
    for (int round = 0; round < 300; ++round) {
        Expected expected;
        const Part built = random_part(rng, 0, expected);
        const Bytes wire = serialize(built);
        const Message parsed = parse_message(wire);
        compare(parsed, expected);
        CHECK(serialize(parsed) == wire);
    }
}

TEST_CASE("EUC-KR text bodies convert to UTF-8") {
    const Message message = parse_message("Content-Type: text/plain; charset=euc-kr\r\n"
                                          "Content-Transfer-Encoding: base64\r\n\r\n"
                                          "x9Gxub7uIEVVQy1LUiC6u7muwNS0z7TZLgo=\r\n");
    CHECK(message.text() == "한국어 EUC-KR 본문입니다.\n");
    Warnings warnings;
    const Message bad = parse_message("Content-Type: text/plain; charset=euc-kr\r\n\r\n\xc7\xff");
    CHECK(bad.text(&warnings) == "\xef\xbf\xbd\xef\xbf\xbd"); // one U+FFFD per bad byte, as Python
    CHECK(warnings.at(0).key == "mime.warning.bad_charset_data");
}
