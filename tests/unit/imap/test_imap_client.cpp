// Client engine against the server engine in memory: the lecture's client tasks (log in, list
// folders, select, fetch headers and bodies, mark seen, move a message) and the failures the
// server can give.
#include "imap_test_support.h"
#include "sim/proto/imap/imap_client.h"

#include <doctest/doctest.h>

using namespace imap_test;
using namespace mailsim;
using namespace mailsim::imap;

namespace {

struct Conversation {
    explicit Conversation(store::Store& shared, ServerConfig config = {})
        : server(shared, std::move(config)) {}
    ImapServer server;
    ImapClient client;
    std::vector<ClientEvent> events;
    std::string wire; // everything both sides wrote, "C: " / "S: " per chunk

    // Moves bytes both ways until neither side has anything to say.
    void pump() {
        for (int round = 0; round < 1000; ++round) {
            while (!std::holds_alternative<NeedData>(server.next_event())) {
            }
            Bytes from_server = server.take_output();
            if (!from_server.empty()) {
                wire += "S: " + from_server;
                client.receive_data(from_server);
            }
            for (;;) {
                ClientEvent event = client.next_event();
                if (std::holds_alternative<NeedData>(event))
                    break;
                events.push_back(std::move(event));
            }
            Bytes from_client = client.take_output();
            if (!from_client.empty()) {
                wire += "C: " + from_client;
                server.receive_data(from_client);
            }
            if (from_server.empty() && from_client.empty())
                return;
        }
        FAIL("conversation did not settle");
    }

    const CommandCompleted& completed(const std::string& tag) {
        for (const auto& event : events)
            if (const auto* done = std::get_if<CommandCompleted>(&event); done && done->tag == tag)
                return *done;
        FAIL("no completion for " << tag);
        static CommandCompleted none;
        return none;
    }
};

std::string body_of(const FetchedMessage& message, std::string_view item) {
    const Value* value = message.item(item);
    return value ? value->text : std::string("<missing>");
}

} // namespace

TEST_CASE("log in, list folders, select, fetch headers and a body, mark seen, log out") {
    auto store = make_store();
    Conversation talk(*store);
    const auto login = talk.client.login("bob", "hungry");
    const auto caps = talk.client.capability();
    const auto list = talk.client.list("", "*");
    const auto select = talk.client.select("INBOX");
    const auto headers = talk.client.fetch_headers(SequenceSet::range(1, SequenceRange::kStar));
    const auto body = talk.client.fetch_body(SequenceSet::single(3), Numbering::Uid);
    const auto seen = talk.client.mark_seen(SequenceSet::single(2));
    const auto unseen = talk.client.search("UNSEEN");
    const auto bye = talk.client.logout();
    talk.pump();

    REQUIRE(std::holds_alternative<GreetingReceived>(talk.events.front()));
    CHECK(talk.completed(login).ok());
    CHECK(talk.completed(caps).capabilities == std::vector<std::string>{"IMAP4rev1"});
    REQUIRE(talk.completed(list).mailboxes.size() == 1);
    CHECK(talk.completed(list).mailboxes[0].name == "INBOX");
    CHECK(talk.completed(list).mailboxes[0].delimiter == "/");

    const MailboxStatus& box = talk.completed(select).mailbox;
    CHECK(box.name == "INBOX");
    CHECK(box.exists == 3);
    CHECK(box.recent == 3);
    CHECK(box.uid_validity == 1);
    CHECK(box.uid_next == 4);
    CHECK(box.first_unseen == 1);
    CHECK_FALSE(box.read_only);

    const auto& listed = talk.completed(headers).messages;
    REQUIRE(listed.size() == 3);
    CHECK(listed[0].uid == 1);
    CHECK(body_of(listed[0], "BODY[HEADER]").starts_with("From: Alice <alice@crepes.fr>\r\n"));
    CHECK(body_of(listed[2], "RFC822.SIZE") == "83");
    CHECK(listed[2].item("RFC822.SIZE")->number == 83);

    const auto& read = talk.completed(body).messages;
    REQUIRE(read.size() == 1);
    CHECK(body_of(read[0], "BODY[]") == kMessage3);
    // BODY[] set \Seen and the server said so without being asked for FLAGS.
    CHECK(read[0].flags == std::vector<std::string>{"\\Seen", "\\Recent"});

    CHECK(talk.completed(seen).messages.at(0).flags ==
          std::vector<std::string>{"\\Seen", "\\Recent"});
    CHECK(talk.completed(unseen).search == std::vector<std::uint32_t>{1});
    CHECK(talk.completed(bye).ok());
    CHECK(talk.client.state() == State::Logout);
    // The wire shows the commands one at a time, each after the previous reply.
    CHECK(talk.wire.find("C: A001 LOGIN bob hungry\r\n") != std::string::npos);
    CHECK(talk.wire.find("C: A006 UID FETCH 3 (UID BODY[])\r\n") != std::string::npos);
}

TEST_CASE("moving a message is COPY, STORE \\Deleted, EXPUNGE, and survives the session") {
    auto store = make_store();
    Conversation talk(*store);
    talk.client.login("bob", "hungry");
    talk.client.create("Archive");
    talk.client.select("INBOX");
    const auto move = talk.client.move(SequenceSet::single(2), "Archive");
    talk.client.logout();
    talk.pump();
    CHECK(talk.completed(move).ok());
    CHECK(talk.wire.find("C: A004 UID COPY 2 Archive\r\n") != std::string::npos);
    CHECK(talk.wire.find("C: A005 UID STORE 2 +FLAGS.SILENT (\\Deleted)\r\n") != std::string::npos);
    CHECK(talk.wire.find("C: A006 EXPUNGE\r\nS: * 2 EXPUNGE\r\nA006 OK") != std::string::npos);
    CHECK(talk.completed("A006").expunged == std::vector<std::uint32_t>{2});
    CHECK(talk.wire.find("C: A007 LOGOUT") != std::string::npos);

    // A second session (another device) finds the folder, the moved message and its flags.
    Conversation later(*store);
    later.client.login("bob", "hungry");
    const auto list = later.client.list("", "%");
    const auto archive = later.client.select("Archive");
    const auto fetched = later.client.fetch(SequenceSet::single(1), "(UID FLAGS ENVELOPE)");
    const auto inbox = later.client.select("INBOX");
    const auto uids = later.client.search("ALL", Numbering::Uid);
    later.pump();
    INFO(later.wire);
    std::vector<std::string> names;
    for (const auto& entry : later.completed(list).mailboxes)
        names.push_back(entry.name);
    CHECK(names == std::vector<std::string>{"Archive", "INBOX"});
    CHECK(later.completed(archive).mailbox.exists == 1);
    const auto& message = later.completed(fetched).messages.at(0);
    CHECK(message.uid == 1);
    // ENVELOPE: (date subject from ...); the subject is still RFC 2047-encoded on the wire.
    CHECK(message.item("ENVELOPE")->items.at(1).text == "=?UTF-8?B?7ZWc6riA?= report");
    CHECK(later.completed(inbox).mailbox.recent == 0);
    CHECK(later.completed(uids).search == std::vector<std::uint32_t>{1, 3});
}

TEST_CASE("a failed COPY stops the move: nothing is deleted") {
    auto store = make_store();
    Conversation talk(*store);
    talk.client.login("bob", "hungry");
    talk.client.select("INBOX");
    const auto move = talk.client.move(SequenceSet::single(1), "Nowhere");
    const auto after = talk.client.noop();
    talk.pump();
    CHECK(talk.completed(move).status == ResponseStatus::No);
    CHECK(talk.completed(move).code == "TRYCREATE");
    CHECK(talk.wire.find("STORE") == std::string::npos);
    CHECK(talk.wire.find("EXPUNGE") == std::string::npos);
    CHECK(talk.completed(after).ok());
    CHECK(store->mailbox("bob")->inbox().messages().size() == 3);
}

TEST_CASE("every failure the server gives reaches the client as a completion") {
    auto store = make_store();
    Conversation talk(*store);
    const auto early = talk.client.select("INBOX");
    const auto wrong = talk.client.login("bob", "wrong");
    const auto right = talk.client.login("bob", "hungry");
    const auto missing = talk.client.select("Nope");
    const auto fetch = talk.client.fetch(SequenceSet::single(1), "FLAGS");
    const auto create = talk.client.create("INBOX");
    const auto del = talk.client.delete_mailbox("INBOX");
    const auto status = talk.client.status("Nope", "(MESSAGES)");
    const auto append = talk.client.append("Nope", "Subject: x\r\n\r\n");
    const auto examine = talk.client.examine("INBOX");
    const auto store_ro = talk.client.store(SequenceSet::single(1), StoreMode::Add, {"\\Seen"});
    const auto expunge = talk.client.expunge();
    const auto beyond = talk.client.fetch(SequenceSet::single(7), "FLAGS");
    const auto charset = talk.client.search("CHARSET KOI8-R ALL");
    talk.pump();
    CHECK(talk.completed(early).status == ResponseStatus::Bad);
    CHECK(talk.completed(wrong).status == ResponseStatus::No);
    CHECK(talk.completed(wrong).code == "AUTHENTICATIONFAILED");
    CHECK(talk.completed(right).ok());
    CHECK(talk.completed(missing).status == ResponseStatus::No);
    CHECK(talk.completed(fetch).status == ResponseStatus::Bad); // not selected
    CHECK(talk.completed(create).code == "ALREADYEXISTS");
    CHECK(talk.completed(del).code == "CANNOT");
    CHECK(talk.completed(status).status == ResponseStatus::No);
    CHECK(talk.completed(append).code == "TRYCREATE");
    CHECK(talk.completed(examine).mailbox.read_only);
    CHECK(talk.completed(store_ro).status == ResponseStatus::No);
    CHECK(talk.completed(expunge).status == ResponseStatus::No);
    CHECK(talk.completed(beyond).status == ResponseStatus::Bad);
    CHECK(talk.completed(charset).code == "BADCHARSET (UTF-8 US-ASCII)");
    CHECK(talk.client.state() == State::Selected);
}

TEST_CASE("APPEND sends its literal only after the server's continuation request") {
    auto store = make_store();
    Conversation talk(*store);
    talk.client.login("bob", "hungry");
    const auto tag = talk.client.append("INBOX", "Subject: note\r\n\r\nhi\r\n", {"\\Seen"},
                                        DateTime{1704067200 + 3600, 540});
    talk.pump();
    CHECK(talk.completed(tag).ok());
    CHECK(talk.wire.find("C: A002 APPEND INBOX (\\Seen) \"01-Jan-2024 10:00:00 +0900\" {21}\r\n"
                         "S: + Ready for literal data\r\n"
                         "C: Subject: note\r\n\r\nhi\r\n\r\n") != std::string::npos);
    const auto& inbox = store->mailbox("bob")->inbox();
    REQUIRE(inbox.messages().size() == 4);
    CHECK(inbox.messages().back().internal_date == kHour);
    CHECK(inbox.messages().back().flags.has(store::SystemFlag::Seen));
}

TEST_CASE("literal splitting on the client side skips quoted strings and literal data") {
    CHECK(split_at_literals("a LOGIN bob \"{3}\"\r\n") ==
          std::vector<Bytes>{"a LOGIN bob \"{3}\"\r\n"});
    CHECK(split_at_literals("a LOGIN {3}\r\n{1}\r\n {2}\r\nxy\r\n") ==
          std::vector<Bytes>{"a LOGIN {3}\r\n", "{1}\r\n {2}\r\n", "xy\r\n"});
}

TEST_CASE("the client reports a server that breaks the protocol") {
    ImapClient client;
    client.noop();
    client.receive_data("* OK hi\r\n");
    CHECK(std::holds_alternative<GreetingReceived>(client.next_event()));
    CHECK(client.take_output() == "A001 NOOP\r\n");
    client.receive_data("B999 OK what?\r\n* 3 FROB (\r\n+ go on\r\nA001 OK done\r\n* BYE\r\n");
    std::vector<std::string> seen;
    for (;;) {
        auto event = client.next_event();
        if (std::holds_alternative<NeedData>(event))
            break;
        seen.push_back(describe(event));
    }
    CHECK(seen ==
          std::vector<std::string>{
              "violation imap.error.unknown_tag [B999] tagged response for no command of ours",
              "violation imap.error.syntax [] unreadable response: unexpected character "
              "in response data",
              "response imap.resp.continuation",
              "violation imap.error.syntax [] continuation request with no literal to send",
              "completed A001 NOOP OK", "response imap.resp.BYE",
              "state not_authenticated -> logout"});
    client.receive_eof();
    CHECK(std::holds_alternative<ConnectionClosed>(client.next_event()));
}

namespace {

// Queues the same commands on a fresh client (so the tags match) and feeds it `server_bytes`
// cut at `cuts`; returns a detailed account of every event.
std::vector<std::string> replay(std::string_view server_bytes, const std::vector<size_t>& cuts) {
    ImapClient client;
    client.login("bob", "hungry");
    client.select("INBOX");
    client.fetch(SequenceSet::range(1, SequenceRange::kStar),
                 "(UID FLAGS BODYSTRUCTURE ENVELOPE BODY.PEEK[HEADER] BODY[TEXT])");
    client.search("UNSEEN");
    client.logout();
    std::vector<std::string> seen;
    auto drain = [&] {
        for (;;) {
            ClientEvent event = client.next_event();
            if (std::holds_alternative<NeedData>(event))
                return;
            std::string line = describe(event);
            if (const auto* done = std::get_if<CommandCompleted>(&event)) {
                line += " messages=" + std::to_string(done->messages.size()) +
                        " search=" + std::to_string(done->search.size()) +
                        " exists=" + std::to_string(done->mailbox.exists);
                for (const auto& message : done->messages)
                    for (const auto& [name, value] : message.items)
                        line += " " + name + ":" + std::to_string(value.text.size()) + "/" +
                                std::to_string(value.items.size());
            }
            seen.push_back(line);
            (void)client.take_output();
        }
    };
    size_t start = 0;
    for (size_t cut : cuts) {
        client.receive_data(server_bytes.substr(start, cut - start));
        drain();
        start = cut;
    }
    client.receive_data(server_bytes.substr(start));
    drain();
    return seen;
}

} // namespace

TEST_CASE("the client reads the server's bytes the same whole, byte by byte and split anywhere") {
    auto store = make_store();
    Conversation talk(*store);
    talk.client.login("bob", "hungry");
    talk.client.select("INBOX");
    talk.client.fetch(SequenceSet::range(1, SequenceRange::kStar),
                      "(UID FLAGS BODYSTRUCTURE ENVELOPE BODY.PEEK[HEADER] BODY[TEXT])");
    talk.client.search("UNSEEN");
    talk.client.logout();
    talk.pump();
    std::string from_server;
    for (size_t at = talk.wire.find("S: "); at != std::string::npos;) {
        const size_t next = talk.wire.find("C: ", at);
        from_server += talk.wire.substr(at + 3, next == std::string::npos ? next : next - at - 3);
        at = next == std::string::npos ? next : talk.wire.find("S: ", next);
    }
    const auto whole = replay(from_server, {});
    REQUIRE(whole.size() > 10);
    CHECK(std::find(whole.begin(), whole.end(),
                    "completed A004 SEARCH OK messages=0 search=0 "
                    "exists=0") != whole.end());
    const auto& fetched = *std::find_if(whole.begin(), whole.end(), [](const std::string& line) {
        return line.starts_with("completed A003 FETCH OK messages=3");
    });
    INFO(fetched);
    // The multipart message: two parts, the subtype and four extension fields; ENVELOPE has 10.
    CHECK(fetched.find("BODYSTRUCTURE:0/7 ENVELOPE:0/10 BODY[HEADER]:216/0") != std::string::npos);
    std::vector<size_t> every;
    for (size_t i = 1; i < from_server.size(); ++i)
        every.push_back(i);
    CHECK(replay(from_server, every) == whole);
    for (size_t cut = 1; cut < from_server.size(); ++cut)
        CHECK_MESSAGE(replay(from_server, {cut}) == whole, "cut at " << cut);
}
