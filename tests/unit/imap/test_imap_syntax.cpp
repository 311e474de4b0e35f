// The command grammar, sequence sets, search keys, fetch items, dates and response reading:
// every piece the engines build on, with the malformed inputs a peer can send.
#include "sim/proto/imap/imap_command.h"
#include "sim/proto/imap/imap_date.h"
#include "sim/proto/imap/imap_framer.h"
#include "sim/proto/imap/imap_response.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace mailsim;
using namespace mailsim::imap;

namespace {

Command parsed(std::string_view text) {
    auto result = parse_command(text);
    if (auto* failure = std::get_if<CommandError>(&result))
        FAIL("did not parse: " << text << " -> " << failure->message);
    return std::get<Command>(result);
}

CommandError failed(std::string_view text) {
    auto result = parse_command(text);
    REQUIRE_MESSAGE(std::holds_alternative<CommandError>(result),
                    "parsed but should not: " << text);
    return std::get<CommandError>(result);
}

} // namespace

TEST_CASE("tags, atoms, quoted strings and literals") {
    auto login = parsed("a001 LOGIN bob \"hun\\\"gry\"");
    CHECK(login.tag == "a001");
    CHECK(login.name == CommandName::Login);
    const auto& args = std::get<LoginArguments>(login.arguments);
    CHECK(args.user == "bob");
    CHECK(args.password == "hun\"gry");

    auto literal = parsed("a2 LOGIN {3}\r\nbob {6}\r\nhungry");
    CHECK(std::get<LoginArguments>(literal.arguments).user == "bob");
    CHECK(std::get<LoginArguments>(literal.arguments).password == "hungry");

    // Command words are case-insensitive; the tag is kept as written.
    auto lower = parsed("Tag.7 noop");
    CHECK(lower.tag == "Tag.7");
    CHECK(lower.name == CommandName::Noop);
}

TEST_CASE("malformed commands name what is wrong and keep the tag when there is one") {
    CHECK(failed("").tag.empty());
    CHECK(failed("+plus NOOP").tag.empty());
    CHECK(failed("a1").tag == "a1");
    CHECK(failed("a1 FROB").unknown_command);
    CHECK(failed("a1 NOOP extra").message.find("unexpected") != std::string::npos);
    CHECK(failed("a1 LOGIN bob").tag == "a1");
    CHECK(failed("a1 LOGIN \"bob hungry").message.find("quoted") != std::string::npos);
    CHECK(failed("a1 LOGIN {10}\r\nbob hungry").message.find("literal") == std::string::npos);
    CHECK(failed("a1 LOGIN {20}\r\nbob").message.find("literal") != std::string::npos);
    CHECK(failed("a1 UID NOOP").message.find("UID") != std::string::npos);
    CHECK(failed("a1 SELECT").tag == "a1");
    CHECK(failed("a1  NOOP").tag == "a1");
    CHECK(failed("a1 STATUS INBOX (MESSAGES BOGUS)").message.find("BOGUS") != std::string::npos);
    CHECK(failed("a1 STORE 1 FLAGS (\\Recent)").tag == "a1");
    CHECK(failed("a1 STORE 1 KEYWORDS (x)").tag == "a1");
    CHECK(failed("a1 APPEND INBOX \"bad date\" {1}\r\nx").tag == "a1");
    CHECK(failed("a1 APPEND INBOX (\\Seen)").tag == "a1");
}

TEST_CASE("sequence sets: ranges, star, reversed ranges and bad numbers") {
    auto set = SequenceSet::parse("1:3,7,9:*");
    REQUIRE(set);
    CHECK(set->to_string() == "1:3,7,9:*");
    CHECK(set->contains(2, 20));
    CHECK_FALSE(set->contains(5, 20));
    CHECK(set->contains(20, 20));
    CHECK(set->uses_star());
    CHECK(set->max_explicit() == 9);
    auto reversed = SequenceSet::parse("4:2");
    REQUIRE(reversed);
    CHECK(reversed->contains(3, 10));
    // "n:*" always includes the largest number, even when n is larger (RFC 3501 §6.4.8).
    auto past = SequenceSet::parse("40:*");
    REQUIRE(past);
    CHECK(past->contains(30, 30));
    CHECK_FALSE(past->contains(29, 30));
    for (const char* bad : {"", "0", "1:0", ",", "1,", "1::2", "a", "4294967296", "1:"})
        CHECK_MESSAGE(!SequenceSet::parse(bad), bad);
    CHECK(failed("a1 FETCH 0 FLAGS").tag == "a1");
    CHECK(failed("a1 FETCH x FLAGS").tag == "a1");
}

TEST_CASE("search keys: every key, nesting and its limit") {
    auto search = parsed("s1 UID SEARCH CHARSET UTF-8 OR (FROM alice SUBJECT \"hi there\") "
                         "NOT SEEN UNSEEN DELETED ALL TO bob BEFORE 1-Feb-1994 "
                         "SINCE \"12-Dec-2023\" 1:5,7 UID 3:* LARGER 10 ON 3-Mar-2024");
    CHECK(search.numbering == Numbering::Uid);
    const auto& args = std::get<SearchArguments>(search.arguments);
    CHECK(args.charset == std::optional<std::string>("UTF-8"));
    REQUIRE(args.key.kind == SearchKind::And);
    REQUIRE(args.key.children.size() == 11);
    const auto& either = args.key.children[0];
    CHECK(either.kind == SearchKind::Or);
    CHECK(either.children[0].kind == SearchKind::And);
    CHECK(either.children[0].children[1].text == "hi there");
    CHECK(either.children[1].kind == SearchKind::Not);
    CHECK(args.key.children[1].kind == SearchKind::Unseen);
    CHECK(args.key.children[5].day == days_from_civil(1994, 2, 1));
    CHECK(args.key.children[7].kind == SearchKind::Sequence);
    CHECK(args.key.children[8].kind == SearchKind::Uid);
    CHECK(failed("s1 SEARCH").tag == "s1");
    CHECK(failed("s1 SEARCH FROM").tag == "s1");
    CHECK(failed("s1 SEARCH BEFORE 31-Feb-2024").tag == "s1");
    CHECK(failed("s1 SEARCH BOGUS").tag == "s1");
    CHECK(failed("s1 SEARCH (SEEN").tag == "s1");
    const std::string deep = "s1 SEARCH " + std::string(100, '(') + "ALL" + std::string(100, ')');
    CHECK(failed(deep).message.find("deeply") != std::string::npos);
    const std::string nots = [] {
        std::string text = "s1 SEARCH";
        for (int i = 0; i < 200; ++i)
            text += " NOT";
        return text + " ALL";
    }();
    CHECK(failed(nots).tag == "s1");
}

TEST_CASE("fetch items: macros, sections, peek and partial ranges") {
    auto fetch = parsed("f1 FETCH 1:* (FLAGS INTERNALDATE RFC822.SIZE RFC822.HEADER RFC822.TEXT "
                        "RFC822 UID ENVELOPE BODYSTRUCTURE BODY BODY[] BODY.PEEK[HEADER] "
                        "BODY[HEADER.FIELDS (From Subject)] BODY.PEEK[1.2.MIME] BODY[TEXT]<0.100> "
                        "BODY[HEADER.FIELDS.NOT (Received)] BODY[2])");
    const auto& items = std::get<FetchArguments>(fetch.arguments).items;
    std::vector<std::string> names;
    for (const auto& item : items)
        names.push_back(item.name());
    CHECK(names == std::vector<std::string>{
                       "FLAGS", "INTERNALDATE", "RFC822.SIZE", "RFC822.HEADER", "RFC822.TEXT",
                       "RFC822", "UID", "ENVELOPE", "BODYSTRUCTURE", "BODY", "BODY[]",
                       "BODY[HEADER]", "BODY[HEADER.FIELDS (FROM SUBJECT)]", "BODY[1.2.MIME]",
                       "BODY[TEXT]<0>", "BODY[HEADER.FIELDS.NOT (RECEIVED)]", "BODY[2]"});
    CHECK(items[10].sets_seen());
    CHECK_FALSE(items[11].sets_seen());
    CHECK(items[14].partial_count == 100);
    CHECK(std::get<FetchArguments>(parsed("f2 FETCH 2 ALL").arguments).items.size() == 4);
    CHECK(std::get<FetchArguments>(parsed("f2 FETCH 2 FAST").arguments).items.size() == 3);
    CHECK(std::get<FetchArguments>(parsed("f2 FETCH 2 FULL").arguments).items.size() == 5);
    CHECK(std::get<FetchArguments>(parsed("f2 FETCH 2 uid").arguments).items.size() == 1);
    for (const char* bad : {"f3 FETCH 1 (FLAGS", "f3 FETCH 1 BODY.PEEK", "f3 FETCH 1 BODY[MIME]",
                            "f3 FETCH 1 BODY[HEADER.FIELDS ()]", "f3 FETCH 1 BODY[1.0]",
                            "f3 FETCH 1 BODY[]<1>", "f3 FETCH 1 BOGUS", "f3 FETCH 1"})
        CHECK_MESSAGE(failed(bad).tag == "f3", bad);
}

TEST_CASE("the remaining commands parse into their arguments") {
    CHECK(std::get<ListArguments>(parsed("l LIST \"\" *").arguments).pattern == "*");
    CHECK(std::get<ListArguments>(parsed("l LSUB \"\" %/x").arguments).pattern == "%/x");
    CHECK(std::get<RenameArguments>(parsed("r RENAME a \"b c\"").arguments).to == "b c");
    auto status = parsed("s STATUS INBOX (messages UIDNEXT)");
    CHECK(std::get<StatusArguments>(status.arguments).items ==
          std::vector<std::string>{"MESSAGES", "UIDNEXT"});
    auto append =
        parsed("a APPEND Sent (\\Seen $Work) \"17-Jul-1996 02:44:25 -0700\" {5}\r\nHello");
    const auto& message = std::get<AppendArguments>(append.arguments);
    CHECK(message.flags == std::vector<std::string>{"\\Seen", "$Work"});
    REQUIRE(message.date);
    CHECK(format_date_time(*message.date) == "17-Jul-1996 02:44:25 -0700");
    CHECK(message.message == "Hello");
    auto store = parsed("s UID STORE 3:4 -FLAGS.SILENT (\\Deleted)");
    CHECK(store.numbering == Numbering::Uid);
    CHECK(std::get<StoreArguments>(store.arguments).mode == StoreMode::Remove);
    CHECK(std::get<StoreArguments>(store.arguments).silence == Silence::Silent);
    auto bare = parsed("s STORE 1 +FLAGS \\Seen \\Flagged");
    CHECK(std::get<StoreArguments>(bare.arguments).flags.size() == 2);
    auto copy = parsed("c UID COPY 1,3 Archive");
    CHECK(std::get<CopyArguments>(copy.arguments).mailbox == "Archive");
    CHECK(copy.word() == "UID COPY");
    CHECK(copy.explanation_key() == "imap.cmd.COPY");
}

TEST_CASE("dates round-trip and reject impossible days") {
    auto when = parse_date_time(" 1-Jan-2024 00:00:00 +0900");
    REQUIRE(when);
    CHECK(when->unix_seconds == 1704034800);
    CHECK(format_date_time(*when) == "01-Jan-2024 00:00:00 +0900");
    CHECK(day_number(*when) == days_from_civil(2024, 1, 1));
    CHECK(parse_date("29-Feb-2024"));
    CHECK_FALSE(parse_date("29-Feb-2023"));
    CHECK_FALSE(parse_date("1-Foo-2023"));
    CHECK_FALSE(parse_date_time("17-Jul-1996 25:44:25 -0700"));
}

TEST_CASE("responses: status, data, FETCH with literals and sections") {
    auto tagged = parse_response("a1 OK [READ-WRITE] SELECT completed");
    REQUIRE(tagged);
    CHECK(tagged->kind == Response::Kind::Tagged);
    CHECK(tagged->code == "READ-WRITE");
    CHECK(tagged->code_key() == "imap.code.READ-WRITE");
    CHECK(tagged->text == "SELECT completed");
    auto exists = parse_response("* 172 EXISTS");
    REQUIRE(exists);
    CHECK(exists->number == 172u);
    CHECK(exists->explanation_key() == "imap.resp.EXISTS");
    auto list = parse_response("* LIST (\\HasNoChildren) \"/\" \"Sent Items\"");
    REQUIRE(list);
    REQUIRE(list->data.size() == 3);
    CHECK(list->data[0].items[0].text == "\\HasNoChildren");
    CHECK(list->data[2].text == "Sent Items");
    auto fetch = parse_response("* 12 FETCH (UID 7 FLAGS (\\Seen \\*) "
                                "BODY[HEADER.FIELDS (FROM TO)] {11}\r\nFrom: a\r\n\r\n "
                                "BODY[]<0> NIL)");
    REQUIRE(fetch);
    CHECK(fetch_value(*fetch, "UID")->number == 7);
    CHECK(fetch_value(*fetch, "FLAGS")->items[1].text == "\\*");
    CHECK(fetch_value(*fetch, "BODY[HEADER.FIELDS (FROM TO)]")->text == "From: a\r\n\r\n");
    CHECK(fetch_value(*fetch, "BODY[]<0>")->type == Value::Type::Nil);
    auto more = parse_response("+ Ready for literal data");
    REQUIRE(more);
    CHECK(more->explanation_key() == "imap.resp.continuation");
    CHECK_FALSE(parse_response("a1 EXISTS"));
    CHECK_FALSE(parse_response("* 3 OK x"));
    CHECK_FALSE(parse_response("* LIST (\\X"));
    CHECK_FALSE(parse_response(std::string(1000, '(')));
}

TEST_CASE("strings are written quoted or as literals so they read back the same") {
    CHECK(encode_string("plain") == "\"plain\"");
    CHECK(encode_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(encode_string("two\r\nlines") == "{10}\r\ntwo\r\nlines");
    CHECK(encode_string("\xed\x95\x9c") == "{3}\r\n\xed\x95\x9c");
    CHECK(encode_astring("INBOX") == "INBOX");
    CHECK(encode_astring("Sent Items") == "\"Sent Items\"");
    CHECK(encode_astring("NIL") == "\"NIL\"");
    CHECK(encode_astring("") == "\"\"");
    for (const std::string& text :
         std::vector<std::string>{"x", "a b", "\"", "line\r\n", std::string("nul\0x", 5)}) {
        const std::string encoded = encode_astring(text); // the lexer only views its input
        Lexer lexer(encoded);
        auto back = lexer.astring();
        REQUIRE(back);
        CHECK(*back == text);
        CHECK(lexer.at_end());
    }
}

TEST_CASE("the framer collects literals and reports overlong lines and huge literals") {
    Framer framer(FramerLimits{64, 100, 1000});
    framer.feed("a1 LOGIN {3}\r\nbob {6}\r\nhungry\r\na2 NOOP\r\n");
    CHECK(std::holds_alternative<LiteralAnnounced>(framer.next()));
    CHECK(std::holds_alternative<LiteralAnnounced>(framer.next()));
    auto first = framer.next();
    REQUIRE(std::holds_alternative<FramedUnit>(first));
    CHECK(std::get<FramedUnit>(first).bytes == "a1 LOGIN {3}\r\nbob {6}\r\nhungry");
    CHECK(std::get<FramedUnit>(framer.next()).bytes == "a2 NOOP");
    CHECK(std::holds_alternative<FramerNeedData>(framer.next()));
    framer.feed("a3 APPEND x {101}\r\n");
    auto huge = framer.next();
    REQUIRE(std::holds_alternative<LiteralTooLarge>(huge));
    CHECK(std::get<LiteralTooLarge>(huge).size == 101);
    framer.feed(std::string(100, 'x') + "\r\na4 NOOP\r\n");
    CHECK(std::holds_alternative<LineTooLong>(framer.next()));
    CHECK(std::get<FramedUnit>(framer.next()).bytes == "a4 NOOP");
    CHECK(trailing_literal_size("x {0}") == 0u);
    CHECK_FALSE(trailing_literal_size("x {}"));
    CHECK_FALSE(trailing_literal_size("x {99999999999}"));
}
