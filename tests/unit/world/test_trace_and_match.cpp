#include "sim/trace/trace.h"
#include "sim/world/event_match.h"
#include "sim/world/pcap.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::world;

TEST_CASE("seconds are formatted exactly, without float noise") {
    CHECK(format_seconds(0) == "0");
    CHECK(format_seconds(1500000) == "1.5");
    CHECK(format_seconds(12) == "0.000012");
    CHECK(format_seconds(5 * kDay) == "432000");
    CHECK(format_seconds(-250000) == "-0.25");
}

TEST_CASE("a JSON line has the fixed field order and escapes control bytes") {
    Event e;
    e.index = 7;
    e.t = 2 * kSecond + 30 * kMillisecond;
    e.kind = EventKind::Reply;
    e.host = "hamburger.edu";
    e.peer = "crepes.fr";
    e.conn = 3;
    e.proto = Proto::Smtp;
    e.dir = Direction::S2C;
    e.text = "354 Enter mail, end with \".\" on a line by itself";
    e.code = 354;
    e.key = "smtp.reply.354";
    CHECK(to_json_line(e) ==
          "{\"index\":7,\"t\":2.03,\"kind\":\"reply\",\"host\":\"hamburger.edu\","
          "\"peer\":\"crepes.fr\",\"conn\":3,\"proto\":\"smtp\",\"dir\":\"s2c\","
          "\"text\":\"354 Enter mail, end with \\\".\\\" on a line by itself\",\"code\":354,"
          "\"key\":\"smtp.reply.354\"}");
    e.text = std::string("a\x01\tb\r\n");
    CHECK(to_json_line(e).find("\"text\":\"a\\u0001\\tb\\r\\n\"") != std::string::npos);
}

TEST_CASE("event match: kinds, fields, quoted values, substring text") {
    auto m = parse_event_match("reply proto=smtp code=354");
    REQUIRE(m.ok());
    Event e;
    e.kind = EventKind::Reply;
    e.proto = Proto::Smtp;
    e.code = 354;
    CHECK(m->matches(e));
    e.code = 250;
    CHECK_FALSE(m->matches(e));

    auto d = parse_event_match("delivered rcpt=Bob@Hamburger.edu");
    REQUIRE(d.ok());
    Event del;
    del.kind = EventKind::Delivered;
    del.rcpt = "bob@hamburger.edu";
    CHECK(d->matches(del));

    auto t = parse_event_match("command text=\"MAIL FROM: <\\\"x\\\">\"");
    REQUIRE(t.ok());
    Event cmd;
    cmd.kind = EventKind::Command;
    cmd.text = "MAIL FROM: <\"x\"> SIZE=10";
    CHECK(t->matches(cmd));

    EventList events(4);
    events[0].kind = EventKind::Command;
    events[1].kind = EventKind::Bounced;
    events[2].kind = EventKind::Command;
    events[3].kind = EventKind::Bounced;
    auto b = parse_event_match("bounced");
    REQUIRE(b.ok());
    CHECK(find_next(events, 0, *b) == 1u);
    CHECK(find_next(events, 2, *b) == 3u);
    CHECK_FALSE(find_next(events, 4, *b));
}

TEST_CASE("event match errors point at the column") {
    auto bad_kind = parse_event_match("  replay code=1");
    REQUIRE_FALSE(bad_kind.ok());
    CHECK(bad_kind.error().column == 3);
    auto bad_field = parse_event_match("reply colour=red");
    REQUIRE_FALSE(bad_field.ok());
    CHECK(bad_field.error().column == 7);
    auto bad_code = parse_event_match("reply code=abc");
    REQUIRE_FALSE(bad_code.ok());
    CHECK(bad_code.error().column == 12);
    auto no_eq = parse_event_match("reply code");
    REQUIRE_FALSE(no_eq.ok());
    CHECK(no_eq.error().column == 11);
    auto open_quote = parse_event_match("command text=\"abc");
    REQUIRE_FALSE(open_quote.ok());
    CHECK(open_quote.error().column == 14);
    CHECK_FALSE(parse_event_match("").ok());
    CHECK_FALSE(parse_event_match("reply proto=ftp").ok());
}

TEST_CASE("pcap: global header, one record per packet, valid IPv4 checksum") {
    Packet p;
    p.t = 1 * kSecond + 5;
    p.src_ip = 0x0a000001;
    p.dst_ip = 0x0a000002;
    p.src_port = 49152;
    p.dst_port = 25;
    p.seq = 1000;
    p.ack = 2000;
    p.flags = kTcpAck | kTcpPsh;
    p.payload = "HELO crepes.fr\r\n";
    const Bytes pcap = write_pcap({p});
    REQUIRE(pcap.size() == 24 + 16 + 14 + 20 + 20 + p.payload.size());
    CHECK(static_cast<unsigned char>(pcap[0]) == 0xd4);
    const ByteView ip = ByteView(pcap).substr(24 + 16 + 14, 20);
    std::uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2)
        sum += (static_cast<std::uint8_t>(ip[i]) << 8) | static_cast<std::uint8_t>(ip[i + 1]);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    CHECK(sum == 0xffff);
    CHECK(pcap.substr(pcap.size() - p.payload.size()) == p.payload);
}
