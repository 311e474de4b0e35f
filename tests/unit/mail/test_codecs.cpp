// Base64 and quoted-printable: RFC 4648 vectors, RFC 2045 rules, round trips on random bytes.
#include "sim/core/rng.h"
#include "sim/core/sha256.h"
#include "sim/mail/base64.h"
#include "sim/mail/quoted_printable.h"

#include <doctest/doctest.h>

#include <cstring>

using namespace mailsim;
using namespace mailsim::mail;

TEST_CASE("sha256 matches the FIPS 180-4 examples") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("base64 encodes the RFC 4648 test vectors") {
    CHECK(base64_encode("", LineWrap::None) == "");
    CHECK(base64_encode("f", LineWrap::None) == "Zg==");
    CHECK(base64_encode("fo", LineWrap::None) == "Zm8=");
    CHECK(base64_encode("foo", LineWrap::None) == "Zm9v");
    CHECK(base64_encode("foob", LineWrap::None) == "Zm9vYg==");
    CHECK(base64_encode("fooba", LineWrap::None) == "Zm9vYmE=");
    CHECK(base64_encode("foobar", LineWrap::None) == "Zm9vYmFy");
    CHECK(base64_decode("Zm9vYmE=") == "fooba");
    CHECK(base64_decode("Zm9vYg==") == "foob");
}

TEST_CASE("base64 wraps at 76 characters with CRLF") {
    const std::string encoded = base64_encode(std::string(100, 'x'));
    CHECK(encoded.substr(76, 2) == "\r\n");
    CHECK(encoded.size() == 136 + 4);
    CHECK(encoded.substr(encoded.size() - 2) == "\r\n");
}

TEST_CASE("base64 ignores characters outside the alphabet, as RFC 2045 asks") {
    Warnings warnings;
    CHECK(base64_decode("Zm9v\r\nY!!mFy", &warnings) == "foobar");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].key == "mime.warning.base64_garbage");
    warnings.clear();
    CHECK(base64_decode("Zm9vYmE", &warnings) == "fooba"); // missing padding still decodes
    CHECK(warnings.at(0).key == "mime.warning.base64_padding");
    warnings.clear();
    CHECK(base64_decode("Zm9vY", &warnings) == "foo");
    CHECK(warnings.at(0).key == "mime.warning.base64_dangling");
    warnings.clear();
    CHECK(base64_decode("Zg==Zm9v", &warnings) == "f");
    CHECK(warnings.at(0).key == "mime.warning.base64_after_padding");
}

TEST_CASE("base64 and QP round trip random bytes") {
    Rng rng(42, 1);
    for (int round = 0; round < 200; ++round) {
        std::string data(static_cast<std::size_t>(rng.uniform_int(0, 3000)), '\0');
        for (char& c : data)
            c = static_cast<char>(rng.uniform_int(0, 255));
        CHECK(base64_decode(base64_encode(data)) == data);
        CHECK(base64_decode(base64_encode(data, LineWrap::None)) == data);
        const std::string qp = qp_encode(data, QpMode::Binary);
        CHECK(qp_decode(qp) == data);
        for (std::size_t start = 0, end; start < qp.size(); start = end + 2) {
            end = qp.find("\r\n", start);
            if (end == std::string::npos)
                end = qp.size();
            CHECK(end - start <= 76);
        }
    }
}

TEST_CASE("base64 teaching trace: 3 bytes become four 6-bit values and letters") {
    const Base64Trace trace = base64_encode_trace("Man");
    REQUIRE(trace.groups.size() == 1);
    const Base64Group& group = trace.groups[0];
    CHECK(group.sextets == std::array<std::uint8_t, 4>{19, 22, 5, 46});
    CHECK(std::string(group.letters.begin(), group.letters.end()) == "TWFu");
    const Base64Trace padded = base64_encode_trace("Ma");
    CHECK(std::string(padded.groups[0].letters.begin(), padded.groups[0].letters.end()) == "TWE=");
    const Base64Trace decoded = base64_decode_trace("TW\r\nE=");
    REQUIRE(decoded.groups.size() == 1);
    CHECK(decoded.groups[0].byte_count == 2);
    CHECK(decoded.groups[0].bytes[0] == 'M');
    CHECK(decoded.groups[0].bytes[1] == 'a');
    CHECK(decoded.ignored == std::vector<std::size_t>{2, 3});
}

TEST_CASE("quoted-printable follows the rules of RFC 2045 6.7") {
    // Rule 1/2: '=' and 8-bit octets are escaped, printable ASCII stays.
    CHECK(qp_encode("a=b") == "a=3Db");
    CHECK(qp_encode("caf\xc3\xa9") == "caf=C3=A9");
    // Rule 3: white space at the end of a line is escaped.
    CHECK(qp_encode("end \r\nnext\t") == "end=20\r\nnext=09");
    // Rule 4: line breaks of text become CRLF.
    CHECK(qp_encode("a\nb") == "a\r\nb");
    // Rule 5: soft line breaks keep encoded lines at most 76 characters.
    const std::string long_line(200, 'x');
    const std::string encoded = qp_encode(long_line);
    CHECK(encoded.find("=\r\n") != std::string::npos);
    CHECK(qp_decode(encoded) == long_line);
    // The RFC's own example of soft line breaks.
    CHECK(qp_decode("Now's the time =\r\nfor all folk to come=\r\n to the aid of their country.") ==
          "Now's the time for all folk to come to the aid of their country.");
    // Decoding: lowercase hex accepted, trailing white space removed, line ends kept.
    CHECK(qp_decode("a=3db  \r\nc") == "a=b\r\nc");
    CHECK(qp_decode("x=\ny") == "xy");
    Warnings warnings;
    CHECK(qp_decode("bad =ZZ escape", &warnings) == "bad =ZZ escape");
    CHECK(warnings.at(0).key == "mime.warning.qp_bad_escape");
}

namespace {

// RFC 2045 6.7 decoding written plainly, line by line: what qp_decode's fast loop must match.
std::string qp_decode_reference(std::string_view text, bool& bad) {
    std::string out;
    auto hex = [](char c) {
        return c >= '0' && c <= '9'   ? c - '0'
               : c >= 'A' && c <= 'F' ? c - 'A' + 10
               : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                      : -1;
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t newline = text.find('\n', i);
        const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
        const std::size_t next = newline == std::string_view::npos ? end : end + 1;
        const std::size_t line_break = end > i && text[end - 1] == '\r' ? end - 1 : end;
        std::string_view line = text.substr(i, line_break - i);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t'))
            line.remove_suffix(1);
        bool soft = false;
        for (std::size_t k = 0; k < line.size(); ++k) {
            if (line[k] != '=') {
                out += line[k];
            } else if (k + 1 == line.size()) {
                soft = true;
            } else if (k + 2 < line.size() && hex(line[k + 1]) >= 0 && hex(line[k + 2]) >= 0) {
                out += static_cast<char>(hex(line[k + 1]) * 16 + hex(line[k + 2]));
                k += 2;
            } else {
                bad = true;
                out += '=';
            }
        }
        if (!soft)
            out += text.substr(line_break, next - line_break);
        i = next;
    }
    return out;
}

} // namespace

TEST_CASE("quoted-printable decoding of hostile input matches the plain reading of RFC 2045") {
    // Runs of escapes broken at every place: bad digits, line ends, soft breaks, white space.
    static constexpr char kAlphabet[] = "==== =\t\r\n0A9fFgZ=E=C=9";
    Rng rng(7, 3);
    for (int round = 0; round < 3000; ++round) {
        std::string text(static_cast<std::size_t>(rng.uniform_int(0, 60)), '\0');
        for (char& c : text)
            c = kAlphabet[rng.uniform_int(0, sizeof kAlphabet - 2)];
        bool bad = false;
        const std::string expected = qp_decode_reference(text, bad);
        Warnings warnings;
        CHECK(qp_decode(text, &warnings) == expected);
        CHECK(warnings.empty() == !bad);
    }
}

TEST_CASE("quoted-printable teaching trace says why each octet was escaped") {
    const auto steps = qp_encode_trace("a= \xff\r\n");
    REQUIRE(steps.size() == 5);
    CHECK(steps[0].reason == QpReason::Literal);
    CHECK(steps[1].reason == QpReason::EscapedEquals);
    CHECK(steps[1].output == "=3D");
    CHECK(steps[2].reason == QpReason::Literal); // the space is not at the line end
    CHECK(steps[3].reason == QpReason::EscapedNonAscii);
    CHECK(steps[3].output == "=FF");
    CHECK(steps[4].reason == QpReason::HardBreak);
    const auto soft = qp_encode_trace(std::string(80, 'y'));
    int soft_breaks = 0;
    for (const auto& step : soft)
        soft_breaks += step.reason == QpReason::SoftBreak;
    CHECK(soft_breaks == 1);
    const auto decode = qp_decode_trace("a=3D=\r\nb");
    CHECK(decode[0].reason == QpReason::EscapedEquals);
    CHECK(decode[1].reason == QpReason::SoftBreak);
}

namespace {

// A deliberately simple decoder to compare the fast one (and its SIMD path) against.
std::string reference_base64_decode(std::string_view text) {
    std::string out;
    std::uint32_t acc = 0;
    int count = 0;
    for (char c : text) {
        if (c == '=')
            break;
        const char* at = std::strchr(kBase64Alphabet, c);
        if (c == '\0' || at == nullptr)
            continue;
        acc = (acc << 6) | static_cast<std::uint32_t>(at - kBase64Alphabet);
        if (++count == 4) {
            out.push_back(static_cast<char>(acc >> 16));
            out.push_back(static_cast<char>(acc >> 8));
            out.push_back(static_cast<char>(acc));
            acc = 0;
            count = 0;
        }
    }
    if (count == 2)
        out.push_back(static_cast<char>(acc >> 4));
    if (count == 3) {
        out.push_back(static_cast<char>(acc >> 10));
        out.push_back(static_cast<char>(acc >> 2));
    }
    return out;
}

} // namespace

TEST_CASE("base64 decoding matches a simple reference on clean, wrapped and dirty input") {
    Rng rng(11, 5);
    for (int round = 0; round < 400; ++round) {
        std::string text;
        const auto length = rng.uniform_int(0, 700);
        const double dirt = round % 3 == 0 ? 0.0 : round % 3 == 1 ? 0.01 : 0.2;
        for (std::int64_t i = 0; i < length; ++i) {
            if (rng.chance(dirt)) {
                static const char kDirt[] = "\r\n \t!-.\x80\xff*=";
                text.push_back(kDirt[rng.uniform_int(0, 11)]);
            } else {
                text.push_back(kBase64Alphabet[rng.uniform_int(0, 63)]);
            }
            if (round % 5 == 0 && i % 76 == 75)
                text += "\r\n";
        }
        INFO("round " << round);
        CHECK(base64_decode(text) == reference_base64_decode(text));
    }
}
