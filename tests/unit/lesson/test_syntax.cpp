// The small languages inside lesson files: what parses, and where an error points.
#include "sim/lesson/lesson_syntax.h"

#include <doctest/doctest.h>

using namespace mailsim::lesson;

namespace {
template <class T>
int error_column(const mailsim::Result<T>& status) {
    REQUIRE_FALSE(status.ok());
    return status.error().column;
}
} // namespace

TEST_CASE("tokenizer: fields, operators, quotes, escapes") {
    auto tokens =
        tokenize_spec(R"(compose to=bob@x.org subject="Hi \"Bob\"" body="a\n.\nb" count>=3)");
    REQUIRE(tokens.ok());
    REQUIRE(tokens->size() == 5);
    CHECK((*tokens)[0].key == "compose");
    CHECK((*tokens)[0].op.empty());
    CHECK((*tokens)[2].value == "Hi \"Bob\"");
    CHECK((*tokens)[3].value == "a\n.\nb");
    CHECK((*tokens)[4].op == ">=");
    CHECK((*tokens)[4].offset == 57);
    CHECK(error_column(tokenize_spec("send=\"open")) == 6);
    CHECK(error_column(tokenize_spec("count>3")) == 6);
    CHECK(error_column(tokenize_spec("x \"y\"")) == 3);
}

TEST_CASE("task checks") {
    for (const char* good :
         {"mailbox user=bob@hamburger.edu count>=1",
          "mailbox user=bob@hamburger.edu folder=Lecture count=2",
          "queue host=mail.crepes.fr count<=0", "delivered rcpt=bob@hamburger.edu",
          "bounced to=alice@crepes.fr", "event reply proto=smtp code=502"}) {
        INFO(good);
        CHECK(check_task_check(good).ok());
    }
    CHECK(error_column(check_task_check("mailbox user=bob count>=1")) == 9);
    CHECK(error_column(check_task_check("mailbox user=bob@x.org")) == 1);
    CHECK(error_column(check_task_check("queue host=a count=x")) == 14);
    CHECK(error_column(check_task_check("delivered to=bob@x.org")) == 11);
    CHECK(error_column(check_task_check("arrived rcpt=bob@x.org")) == 1);
    CHECK(error_column(check_task_check("event")) == 1);
}

TEST_CASE("solution actions") {
    for (const char* good :
         {"compose from=alice@crepes.fr to=bob@hamburger.edu,carol@hamburger.edu cc=a@b.c "
          "subject=\"x\" body=\"y\" attach=photo.jpg encoding=base64",
          "retrieve user=bob@hamburger.edu proto=pop3 mode=keep", "run for=3600",
          "run until=\"reply proto=smtp code=354\"", "fault host=mail.hamburger.edu down",
          "fault link=mail.crepes.fr-relay.isp.net up", "force host=h at=RCPT code=450",
          "force host=h at=MAIL code=421 count=1",
          "alias address=staff@hamburger.edu members=\"bob@hamburger.edu, alice@crepes.fr\"",
          "alias address=staff@hamburger.edu remove", "relay host=mail.crepes.fr open",
          "relay host=mail.crepes.fr allow=alice-pc", "relay host=h closed deny=x",
          "telnet host=mail.hamburger.edu port=25 send=\"VRFY bob\"",
          "telnet from=bob-pc host=mail.hamburger.edu port=110 send=\"STAT\"",
          "telnet host=mail.hamburger.edu port=25 raw=\"A: b\\r\\n\\r\\nbody\\r\\n\""}) {
        INFO(good);
        CHECK(check_solution_action(good).ok());
    }
    CHECK(error_column(check_solution_action("compose from=alice to=bob@x.org")) == 9);
    CHECK(error_column(check_solution_action("compose from=a@b.c to=b@c.d encoding=utf8")) == 29);
    CHECK(error_column(check_solution_action("retrieve user=a@b.c proto=smtp")) == 21);
    CHECK(error_column(check_solution_action("run for=10 until=\"data\"")) == 1);
    CHECK(error_column(check_solution_action("run until=\"reply code=abc\"")) == 5);
    CHECK(error_column(check_solution_action("fault host=h sideways")) == 14);
    CHECK(error_column(check_solution_action("fault link=ab down")) == 7);
    CHECK(error_column(check_solution_action("force host=h at=RCPT code=45")) == 22);
    CHECK(error_column(check_solution_action("force host=h at=RCPT code=450 count>=1")) == 31);
    CHECK(error_column(check_solution_action("telnet host=h port=smtp send=x")) == 15);
    CHECK(error_column(check_solution_action("telnet host=h port=25")) == 1);
    CHECK(error_column(check_solution_action("telnet host=h port=25 send=x raw=y")) == 1);
    CHECK(error_column(check_solution_action("alias members=a@b.c")) == 1);
    CHECK(error_column(check_solution_action("alias address=a@b.c")) == 1);
    CHECK(error_column(check_solution_action("alias address=a@b.c remove members=x@y.z")) == 1);
    CHECK(error_column(check_solution_action("alias address=a@b.c list=x@y.z")) == 21);
    CHECK(error_column(check_solution_action("relay host=h")) == 1);
    CHECK(error_column(check_solution_action("relay host=h wide")) == 14);
    CHECK(error_column(check_solution_action("dance")) == 1);
}

TEST_CASE("highlights and views") {
    for (const char* good : {"host:mail.crepes.fr", "line:MAIL FROM", "field:Received", "code:354",
                             "view:state_machine"}) {
        INFO(good);
        CHECK(check_highlight(good).ok());
    }
    CHECK_FALSE(check_highlight("colour:red").ok());
    CHECK(error_column(check_highlight("view:sequnce")) == 6);
    CHECK(error_column(check_highlight("code:35")) == 6);
    CHECK_FALSE(check_highlight("host").ok());
    CHECK(is_known_view("qp"));
    CHECK_FALSE(is_known_view("QP"));
}
