#include "sim/core/md5.h"

#include <doctest/doctest.h>

#include <string>

using namespace mailsim;

TEST_CASE("MD5: the RFC 1321 appendix A.5 test suite") {
    CHECK(Md5::hex("") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(Md5::hex("a") == "0cc175b9c0f1b6a831c399e269772661");
    CHECK(Md5::hex("abc") == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(Md5::hex("message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
    CHECK(Md5::hex("abcdefghijklmnopqrstuvwxyz") == "c3fcd3d76192e4007dfb496cca67e13b");
    CHECK(Md5::hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") ==
          "d174ab98d277d9f5a5611c2c9f419d9f");
    CHECK(Md5::hex("1234567890123456789012345678901234567890123456789012345678901234567890123456"
                   "7890") == "57edf4a22be3c955ac49da2e2107b67a");
}

TEST_CASE("MD5: the APOP example of RFC 1939 §7") {
    CHECK(Md5::hex("<1896.697170952@dbc.mtview.ca.us>tanstaaf") ==
          "c4c9334bac560ecc979e58001b3e22fb");
}

TEST_CASE("MD5: feeding in pieces gives the same digest, across every block boundary") {
    std::string input;
    for (int i = 0; i < 300; ++i)
        input.push_back(static_cast<char>(i * 7 + 3));
    for (size_t length : {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 300}) {
        const std::string data = input.substr(0, length);
        const auto whole = Md5::digest(data);
        for (size_t cut = 0; cut <= data.size(); cut += 7) {
            Md5 md5;
            md5.update(ByteView(data).substr(0, cut));
            md5.update(ByteView(data).substr(cut));
            CHECK(md5.finish() == whole);
        }
    }
    // One million 'a' (a common extra vector), in uneven chunks.
    Md5 md5;
    const std::string chunk(999, 'a');
    for (int i = 0; i < 1001; ++i)
        md5.update(chunk);
    md5.update(std::string(1000000 - 999 * 1001, 'a'));
    CHECK(to_hex(md5.finish()) == "7707d6ae4e027c70eea2a935c2296f21");
}
