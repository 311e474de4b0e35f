// Server transcripts: every command and its error paths, byte for byte. Inputs and expected
// outputs are written with "\n"; every line end (literal contents included) is CRLF on the wire.
#include "imap_test_support.h"

#include <doctest/doctest.h>

using namespace imap_test;
using namespace mailsim;

namespace {

std::string crlf(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\n')
            out += '\r';
        out += c;
    }
    return out;
}

// Runs `input` against a fresh store (see imap_test_support.h) and checks the whole output.
void expect(std::string_view input, std::string_view expected) {
    auto store = make_store();
    Run run = run_whole(*store, crlf(input));
    CHECK(run.output == crlf(expected));
}

} // namespace

TEST_CASE("greeting, CAPABILITY, NOOP and LOGOUT; nothing is read after LOGOUT") {
    expect(R"(c1 CAPABILITY
c2 NOOP
c3 LOGOUT
c4 NOOP
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
* CAPABILITY IMAP4rev1
c1 OK CAPABILITY completed
c2 OK NOOP completed
* BYE imap.example logging out
c3 OK LOGOUT completed
)");
}

TEST_CASE("LOGIN: wrong password, unknown user, literals with continuation requests") {
    expect(R"(a1 LOGIN bob wrong
a2 LOGIN eve hungry
a3 LOGIN {3}
bob {6}
hungry
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a1 NO [AUTHENTICATIONFAILED] Invalid user name or password
a2 NO [AUTHENTICATIONFAILED] Invalid user name or password
+ Ready for literal data
+ Ready for literal data
a3 OK LOGIN completed, welcome bob
)");
}

TEST_CASE("commands in the wrong state are BAD and change nothing") {
    expect(R"(w1 SELECT INBOX
w2 FETCH 1 FLAGS
w3 LOGIN bob hungry
w4 LOGIN bob hungry
w5 FETCH 1 FLAGS
w6 CLOSE
w7 EXPUNGE
w8 SEARCH ALL
w9 STORE 1 +FLAGS (\Seen)
x1 COPY 1 INBOX
x2 CHECK
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
w1 BAD SELECT is not valid in the not_authenticated state
w2 BAD FETCH is not valid in the not_authenticated state
w3 OK LOGIN completed, welcome bob
w4 BAD LOGIN is not valid in the authenticated state
w5 BAD FETCH is not valid in the authenticated state
w6 BAD CLOSE is not valid in the authenticated state
w7 BAD EXPUNGE is not valid in the authenticated state
w8 BAD SEARCH is not valid in the authenticated state
w9 BAD STORE is not valid in the authenticated state
x1 BAD COPY is not valid in the authenticated state
x2 BAD CHECK is not valid in the authenticated state
)");
}

TEST_CASE("bad syntax: unknown command, missing tag, missing and extra arguments") {
    expect(R"(a7 FROB
* NOOP
a8
a9 SELECT
b1 NOOP now
b2 LOGIN "bob
b3 UID NOOP
+ NOOP

)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a7 BAD unknown command FROB
* BAD a command starts with a tag
a8 BAD expected a space and a command after the tag
a9 BAD expected a space (column 10)
b1 BAD unexpected characters after the arguments (column 8)
b2 BAD unterminated quoted string (column 14)
b3 BAD UID must be followed by FETCH, STORE, COPY or SEARCH
* BAD a command starts with a tag
* BAD a command starts with a tag
)");
}

TEST_CASE("CREATE, LIST with % and *, RENAME, DELETE, and their refusals") {
    expect(R"(a LOGIN bob hungry
b1 LIST "" ""
b2 CREATE Work/Projects
b3 CREATE work
b4 CREATE Work
b5 LIST "" %
b6 LIST "" *
b7 LIST Work/ %
b8 RENAME Work Jobs
b9 LIST "" *
c1 DELETE Jobs/Projects
c2 DELETE Nope
c3 DELETE INBOX
c4 CREATE INBOX
c5 RENAME Nope X
c6 CREATE a//b
c7 RENAME work INBOX
c8 LIST "" inbox
c9 CREATE "Sent Items/"
d1 LIST "" "Sent*"
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a OK LOGIN completed, welcome bob
* LIST (\Noselect) "/" ""
b1 OK LIST completed
b2 OK CREATE completed
b3 OK CREATE completed
b4 NO [ALREADYEXISTS] Mailbox already exists
* LIST (\HasNoChildren) "/" INBOX
* LIST (\HasChildren) "/" Work
* LIST (\HasNoChildren) "/" work
b5 OK LIST completed
* LIST (\HasNoChildren) "/" INBOX
* LIST (\HasChildren) "/" Work
* LIST (\HasNoChildren) "/" Work/Projects
* LIST (\HasNoChildren) "/" work
b6 OK LIST completed
* LIST (\HasNoChildren) "/" Work/Projects
b7 OK LIST completed
b8 OK RENAME completed
* LIST (\HasNoChildren) "/" INBOX
* LIST (\HasChildren) "/" Jobs
* LIST (\HasNoChildren) "/" Jobs/Projects
* LIST (\HasNoChildren) "/" work
b9 OK LIST completed
c1 OK DELETE completed
c2 NO No such mailbox
c3 NO [CANNOT] INBOX cannot be deleted
c4 NO [ALREADYEXISTS] Mailbox already exists
c5 NO No such mailbox
c6 NO [CANNOT] Invalid mailbox name
c7 NO [CANNOT] Invalid mailbox name
* LIST (\HasNoChildren) "/" INBOX
c8 OK LIST completed
c9 OK CREATE completed
* LIST (\HasNoChildren) "/" "Sent Items"
d1 OK LIST completed
)");
}

TEST_CASE("SUBSCRIBE, UNSUBSCRIBE, LSUB and STATUS") {
    expect(R"(a LOGIN bob hungry
b CREATE Jobs
c1 SUBSCRIBE Jobs
c2 SUBSCRIBE Nope
c3 LSUB "" *
c4 UNSUBSCRIBE Jobs
c5 LSUB "" *
c6 STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)
c7 STATUS Nope (MESSAGES)
c8 STATUS Jobs (UIDNEXT MESSAGES)
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a OK LOGIN completed, welcome bob
b OK CREATE completed
c1 OK SUBSCRIBE completed
c2 NO No such mailbox
* LSUB () "/" Jobs
c3 OK LSUB completed
c4 OK UNSUBSCRIBE completed
c5 OK LSUB completed
* STATUS INBOX (MESSAGES 3 RECENT 3 UIDNEXT 4 UIDVALIDITY 1 UNSEEN 3)
c6 OK STATUS completed
c7 NO No such mailbox
* STATUS Jobs (UIDNEXT 1 MESSAGES 0)
c8 OK STATUS completed
)");
}

TEST_CASE(
    "SELECT reports EXISTS, RECENT, UNSEEN, UIDVALIDITY, UIDNEXT, FLAGS; failed SELECT deselects") {
    expect(R"(a LOGIN bob hungry
b SELECT inbox
c SELECT Nope
d FETCH 1 FLAGS
e SELECT INBOX
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a OK LOGIN completed, welcome bob
* 3 EXISTS
* 3 RECENT
* OK [UNSEEN 1] Message 1 is first unseen
* OK [UIDVALIDITY 1] UIDs valid
* OK [UIDNEXT 4] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Limited
b OK [READ-WRITE] SELECT completed
c NO No such mailbox
d BAD FETCH is not valid in the authenticated state
* 3 EXISTS
* 0 RECENT
* OK [UNSEEN 1] Message 1 is first unseen
* OK [UIDVALIDITY 1] UIDs valid
* OK [UIDNEXT 4] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Limited
e OK [READ-WRITE] SELECT completed
)");
}

TEST_CASE("EXAMINE is read-only: no \\Seen from BODY[], STORE and EXPUNGE refused") {
    expect(R"(a LOGIN bob hungry
b EXAMINE INBOX
c FETCH 1 (BODY[TEXT] FLAGS)
d STORE 1 +FLAGS (\Seen)
e EXPUNGE
f CLOSE
g STATUS INBOX (RECENT UNSEEN)
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a OK LOGIN completed, welcome bob
* 3 EXISTS
* 3 RECENT
* OK [UNSEEN 1] Message 1 is first unseen
* OK [UIDVALIDITY 1] UIDs valid
* OK [UIDNEXT 4] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
* OK [PERMANENTFLAGS ()] No permanent flags permitted
b OK [READ-ONLY] EXAMINE completed
* 1 FETCH (BODY[TEXT] {42}
Do you like ketchup?
How about pickles?
 FLAGS (\Recent))
c OK FETCH completed
d NO Mailbox is read-only
e NO Mailbox is read-only
f OK CLOSE completed
* STATUS INBOX (RECENT 3 UNSEEN 3)
g OK STATUS completed
)");
}

TEST_CASE("FETCH: flags, uid, size, date, envelope, bodystructure, body and BODY[] sets \\Seen") {
    expect(R"(a LOGIN bob hungry
b SELECT INBOX
c FETCH 1:* (FLAGS UID RFC822.SIZE INTERNALDATE)
d FETCH 2 (ENVELOPE BODYSTRUCTURE BODY)
e FETCH 1 BODY[]
f FETCH 1 FLAGS
g FETCH 3 (BODY.PEEK[HEADER.FIELDS (From Subject)] BODY.PEEK[TEXT]<0.10>)
h FETCH 3 FLAGS
i FETCH 3 (RFC822.HEADER RFC822.TEXT)
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a OK LOGIN completed, welcome bob
* 3 EXISTS
* 3 RECENT
* OK [UNSEEN 1] Message 1 is first unseen
* OK [UIDVALIDITY 1] UIDs valid
* OK [UIDNEXT 4] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Limited
b OK [READ-WRITE] SELECT completed
* 1 FETCH (FLAGS (\Recent) UID 1 RFC822.SIZE 186 INTERNALDATE "01-Jan-2024 09:00:00 +0000")
* 2 FETCH (FLAGS (\Recent) UID 2 RFC822.SIZE 453 INTERNALDATE "02-Jan-2024 10:00:00 +0000")
* 3 FETCH (FLAGS (\Recent) UID 3 RFC822.SIZE 83 INTERNALDATE "03-Jan-2024 11:00:00 +0000")
c OK FETCH completed
* 2 FETCH (ENVELOPE (NIL "=?UTF-8?B?7ZWc6riA?= report" (("Carol" NIL "carol" "example.org")) (("Carol" NIL "carol" "example.org")) (("Carol" NIL "carol" "example.org")) ((NIL NIL "bob" "someschool.edu")("Dave" NIL "dave" "example.org")) ((NIL NIL "team" NIL)(NIL NIL "erin" "example.org")(NIL NIL NIL NIL)) NIL NIL NIL) BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "7BIT" 19 1 NIL NIL NIL NIL)("APPLICATION" "PDF" ("NAME" "r.pdf") NIL NIL "BASE64" 8 NIL ("ATTACHMENT" ("FILENAME" "r.pdf")) NIL NIL) "MIXED" ("BOUNDARY" "b1") NIL NIL NIL) BODY (("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "7BIT" 19 1)("APPLICATION" "PDF" ("NAME" "r.pdf") NIL NIL "BASE64" 8) "MIXED"))
d OK FETCH completed
* 1 FETCH (BODY[] {186}
From: Alice <alice@crepes.fr>
To: Bob <bob@someschool.edu>
Subject: Lunch
Date: Mon, 1 Jan 2024 09:00:00 +0000
Message-ID: <1@crepes.fr>

Do you like ketchup?
How about pickles?
 FLAGS (\Seen \Recent))
e OK FETCH completed
* 1 FETCH (FLAGS (\Seen \Recent))
f OK FETCH completed
* 3 FETCH (BODY[HEADER.FIELDS (FROM SUBJECT)] {42}
From: alice@crepes.fr
Subject: Dinner

 BODY[TEXT]<0> "Crepes ton")
g OK FETCH completed
* 3 FETCH (FLAGS (\Recent))
h OK FETCH completed
* 3 FETCH (RFC822.HEADER {66}
From: alice@crepes.fr
To: bob@someschool.edu
Subject: Dinner

 RFC822.TEXT {17}
Crepes tonight?
 FLAGS (\Seen \Recent))
i OK FETCH completed
)");
}

TEST_CASE("FETCH sections of a multipart message, partial ranges, missing parts, RFC822") {
    expect(R"(a LOGIN bob hungry
b SELECT INBOX
k FETCH 2 (BODY.PEEK[1] BODY.PEEK[2.MIME] BODY.PEEK[2]<2.3> BODY.PEEK[3] BODY.PEEK[1.HEADER] BODY.PEEK[HEADER.FIELDS.NOT (To Cc From Subject MIME-Version)] BODY.PEEK[]<9999.5>)
l FETCH 3 (RFC822 FAST)
m FETCH 1 ALL
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a OK LOGIN completed, welcome bob
* 3 EXISTS
* 3 RECENT
* OK [UNSEEN 1] Message 1 is first unseen
* OK [UIDVALIDITY 1] UIDs valid
* OK [UIDNEXT 4] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Limited
b OK [READ-WRITE] SELECT completed
* 2 FETCH (BODY[1] "See the attachment." BODY[2.MIME] {133}
Content-Type: application/pdf; name="r.pdf"
Content-Disposition: attachment; filename="r.pdf"
Content-Transfer-Encoding: base64

 BODY[2]<2> "BER" BODY[3] "" BODY[1.HEADER] "" BODY[HEADER.FIELDS.NOT (TO CC FROM SUBJECT MIME-VERSION)] {48}
Content-Type: multipart/mixed; boundary="b1"

 BODY[]<9999> "")
k OK FETCH completed
l BAD unknown fetch item
* 1 FETCH (FLAGS (\Recent) INTERNALDATE "01-Jan-2024 09:00:00 +0000" RFC822.SIZE 186 ENVELOPE ("Mon, 1 Jan 2024 09:00:00 +0000" "Lunch" (("Alice" NIL "alice" "crepes.fr")) (("Alice" NIL "alice" "crepes.fr")) (("Alice" NIL "alice" "crepes.fr")) (("Bob" NIL "bob" "someschool.edu")) NIL NIL NIL "<1@crepes.fr>"))
m OK FETCH completed
)");
}

TEST_CASE("bad sequence sets: past the end, zero, garbage, star in an empty mailbox") {
    expect(R"(a LOGIN bob hungry
b SELECT INBOX
c FETCH 4 FLAGS
d FETCH 1:5 FLAGS
e FETCH 0 FLAGS
f FETCH 1,,2 FLAGS
g STORE 9 +FLAGS (\Seen)
h COPY 4 INBOX
i UID FETCH 4:9 FLAGS
j UID FETCH 3:9 FLAGS
k CREATE Empty
l SELECT Empty
m FETCH 1:* FLAGS
n UID FETCH 1:* FLAGS
o SEARCH ALL
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a OK LOGIN completed, welcome bob
* 3 EXISTS
* 3 RECENT
* OK [UNSEEN 1] Message 1 is first unseen
* OK [UIDVALIDITY 1] UIDs valid
* OK [UIDNEXT 4] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Limited
b OK [READ-WRITE] SELECT completed
c BAD Invalid message sequence number (the mailbox has 3 messages)
d BAD Invalid message sequence number (the mailbox has 3 messages)
e BAD sequence numbers and UIDs start at 1
f BAD empty number in sequence set
g BAD Invalid message sequence number (the mailbox has 3 messages)
h BAD Invalid message sequence number (the mailbox has 3 messages)
i OK UID FETCH completed
* 3 FETCH (UID 3 FLAGS (\Recent))
j OK UID FETCH completed
k OK CREATE completed
* 0 EXISTS
* 0 RECENT
* OK [UIDVALIDITY 3] UIDs valid
* OK [UIDNEXT 1] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Limited
l OK [READ-WRITE] SELECT completed
m BAD Invalid message sequence number (the mailbox has 0 messages)
n OK UID FETCH completed
* SEARCH
o OK SEARCH completed
)");
}

TEST_CASE("UID FETCH, STORE with FLAGS, +FLAGS, -FLAGS, .SILENT and UID STORE") {
    expect(R"(a LOGIN bob hungry
b SELECT INBOX
l UID FETCH 2:* (FLAGS)
m UID FETCH 9 FLAGS
n STORE 1:2 FLAGS.SILENT (\Flagged $Work)
o STORE 1 -FLAGS (\Flagged)
p UID STORE 3 +FLAGS (\Answered)
q STORE 1 +FLAGS (\Bogus)
r STORE 1:3 +FLAGS.SILENT \Seen
s FETCH 1:* FLAGS
t STORE 2 FLAGS ()
u UID STORE 1 -FLAGS.SILENT ($Work)
v FETCH 1:2 FLAGS
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a OK LOGIN completed, welcome bob
* 3 EXISTS
* 3 RECENT
* OK [UNSEEN 1] Message 1 is first unseen
* OK [UIDVALIDITY 1] UIDs valid
* OK [UIDNEXT 4] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Limited
b OK [READ-WRITE] SELECT completed
* 2 FETCH (UID 2 FLAGS (\Recent))
* 3 FETCH (UID 3 FLAGS (\Recent))
l OK UID FETCH completed
m OK UID FETCH completed
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Work)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Work \*)] Limited
n OK STORE completed
* 1 FETCH (FLAGS (\Recent $Work))
o OK STORE completed
* 3 FETCH (UID 3 FLAGS (\Answered \Recent))
p OK UID STORE completed
q BAD Unknown system flag \Bogus
r OK STORE completed
* 1 FETCH (FLAGS (\Seen \Recent $Work))
* 2 FETCH (FLAGS (\Seen \Flagged \Recent $Work))
* 3 FETCH (FLAGS (\Seen \Answered \Recent))
s OK FETCH completed
* 2 FETCH (FLAGS (\Recent))
t OK STORE completed
u OK UID STORE completed
* 1 FETCH (FLAGS (\Seen \Recent))
* 2 FETCH (FLAGS (\Recent))
v OK FETCH completed
)");
}

TEST_CASE("COPY and UID COPY, TRYCREATE for a missing folder; copies are \\Recent") {
    expect(R"(a LOGIN bob hungry
b SELECT INBOX
c STORE 1 +FLAGS (\Seen)
s COPY 1:2 Nope
t CREATE Archive
u COPY 1:2 Archive
v UID COPY 3 Archive
w STATUS Archive (MESSAGES RECENT UIDNEXT UNSEEN)
x SELECT Archive
y FETCH 1:* (UID FLAGS)
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a OK LOGIN completed, welcome bob
* 3 EXISTS
* 3 RECENT
* OK [UNSEEN 1] Message 1 is first unseen
* OK [UIDVALIDITY 1] UIDs valid
* OK [UIDNEXT 4] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Limited
b OK [READ-WRITE] SELECT completed
* 1 FETCH (FLAGS (\Seen \Recent))
c OK STORE completed
s NO [TRYCREATE] No such mailbox
t OK CREATE completed
u OK COPY completed
v OK UID COPY completed
* STATUS Archive (MESSAGES 3 RECENT 3 UIDNEXT 4 UNSEEN 2)
w OK STATUS completed
* 3 EXISTS
* 3 RECENT
* OK [UNSEEN 2] Message 2 is first unseen
* OK [UIDVALIDITY 3] UIDs valid
* OK [UIDNEXT 4] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Limited
x OK [READ-WRITE] SELECT completed
* 1 FETCH (UID 1 FLAGS (\Seen \Recent))
* 2 FETCH (UID 2 FLAGS (\Recent))
* 3 FETCH (UID 3 FLAGS (\Recent))
y OK FETCH completed
)");
}

TEST_CASE(
    "SEARCH: ALL, SEEN, UNSEEN, DELETED, FROM, TO, SUBJECT, BEFORE, SINCE, sets, UID SEARCH") {
    expect(R"(a LOGIN bob hungry
b SELECT INBOX
c STORE 2 +FLAGS.SILENT (\Seen)
d STORE 3 +FLAGS.SILENT (\Deleted)
e SEARCH ALL
f SEARCH SEEN
g SEARCH UNSEEN
h SEARCH DELETED
i SEARCH FROM alice
j SEARCH TO dave
k SEARCH SUBJECT lunch
l SEARCH CHARSET UTF-8 SUBJECT {6}
한글
m SEARCH BEFORE 2-Jan-2024
n SEARCH SINCE 2-Jan-2024
o SEARCH ON 2-Jan-2024
p SEARCH 2:3 UNDELETED
q UID SEARCH UID 2:* NOT SEEN
r SEARCH OR FROM carol DELETED
s SEARCH TEXT pickles
t SEARCH BODY attachment
u SEARCH CHARSET KOI8-R ALL
v SEARCH HEADER Message-ID crepes LARGER 100
w SEARCH NEW
x SEARCH 4
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a OK LOGIN completed, welcome bob
* 3 EXISTS
* 3 RECENT
* OK [UNSEEN 1] Message 1 is first unseen
* OK [UIDVALIDITY 1] UIDs valid
* OK [UIDNEXT 4] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Limited
b OK [READ-WRITE] SELECT completed
c OK STORE completed
d OK STORE completed
* SEARCH 1 2 3
e OK SEARCH completed
* SEARCH 2
f OK SEARCH completed
* SEARCH 1 3
g OK SEARCH completed
* SEARCH 3
h OK SEARCH completed
* SEARCH 1 3
i OK SEARCH completed
* SEARCH 2
j OK SEARCH completed
* SEARCH 1
k OK SEARCH completed
+ Ready for literal data
* SEARCH 2
l OK SEARCH completed
* SEARCH 1
m OK SEARCH completed
* SEARCH 2 3
n OK SEARCH completed
* SEARCH 2
o OK SEARCH completed
* SEARCH 2
p OK SEARCH completed
* SEARCH 3
q OK UID SEARCH completed
* SEARCH 2 3
r OK SEARCH completed
* SEARCH 1
s OK SEARCH completed
* SEARCH 2
t OK SEARCH completed
u NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset
* SEARCH 1
v OK SEARCH completed
* SEARCH 1 3
w OK SEARCH completed
* SEARCH
x OK SEARCH completed
)");
}

TEST_CASE("EXPUNGE reports sequence numbers as they shift; CLOSE expunges silently") {
    expect(R"(a LOGIN bob hungry
b SELECT INBOX
c STORE 1:2 +FLAGS.SILENT (\Deleted)
d EXPUNGE
e FETCH 1:* (UID FLAGS)
f STORE 1 +FLAGS.SILENT (\Deleted)
g CLOSE
h SELECT INBOX
i LOGOUT
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a OK LOGIN completed, welcome bob
* 3 EXISTS
* 3 RECENT
* OK [UNSEEN 1] Message 1 is first unseen
* OK [UIDVALIDITY 1] UIDs valid
* OK [UIDNEXT 4] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Limited
b OK [READ-WRITE] SELECT completed
c OK STORE completed
* 1 EXPUNGE
* 1 EXPUNGE
d OK EXPUNGE completed
* 1 FETCH (UID 3 FLAGS (\Recent))
e OK FETCH completed
f OK STORE completed
g OK CLOSE completed
* 0 EXISTS
* 0 RECENT
* OK [UIDVALIDITY 1] UIDs valid
* OK [UIDNEXT 4] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Limited
h OK [READ-WRITE] SELECT completed
* BYE imap.example logging out
i OK LOGOUT completed
)");
}

TEST_CASE("APPEND with flags and date via a literal; TRYCREATE and bad flags") {
    expect(R"(a LOGIN bob hungry
b APPEND INBOX (\Seen $Draft) "17-Jul-1996 02:44:25 -0700" {23}
Subject: hi

Hello!

c APPEND Nope {3}
abc
d APPEND INBOX (\Bogus) {3}
abc
e APPEND INBOX {9}
Subject: 
f SELECT INBOX
g FETCH 4:5 (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])
h APPEND INBOX "17-Jul-1996 02:44:25 -0700" {0}

)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a OK LOGIN completed, welcome bob
+ Ready for literal data
b OK APPEND completed
+ Ready for literal data
c NO [TRYCREATE] No such mailbox
+ Ready for literal data
d BAD Unknown flag \Bogus
+ Ready for literal data
e OK APPEND completed
* 5 EXISTS
* 5 RECENT
* OK [UNSEEN 1] Message 1 is first unseen
* OK [UIDVALIDITY 1] UIDs valid
* OK [UIDNEXT 6] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Draft)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Draft \*)] Limited
f OK [READ-WRITE] SELECT completed
* 4 FETCH (UID 4 FLAGS (\Seen \Recent $Draft) INTERNALDATE "17-Jul-1996 09:44:25 +0000" RFC822.SIZE 23 BODY[] {23}
Subject: hi

Hello!
)
* 5 FETCH (UID 5 FLAGS (\Recent) INTERNALDATE "01-Jan-2024 00:00:00 +0000" RFC822.SIZE 9 BODY[] "Subject: ")
g OK FETCH completed
+ Ready for literal data
* 6 EXISTS
* 6 RECENT
h OK APPEND completed
)");
}

TEST_CASE("CHECK and NOOP in the selected state") {
    expect(R"(a LOGIN bob hungry
b SELECT INBOX
c CHECK
d NOOP
)",
           R"(* OK [CAPABILITY IMAP4rev1] imap.example IMAP4rev1 service ready
a OK LOGIN completed, welcome bob
* 3 EXISTS
* 3 RECENT
* OK [UNSEEN 1] Message 1 is first unseen
* OK [UIDVALIDITY 1] UIDs valid
* OK [UIDNEXT 4] Predicted next UID
* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Limited
b OK [READ-WRITE] SELECT completed
c OK CHECK completed
d OK NOOP completed
)");
}
