// quiz.toml for every question type, its errors, and checking answers.
#include "sim/lesson/lesson_loader.h"
#include "sim/lesson/quiz.h"

#include <doctest/doctest.h>

#include <set>

using namespace mailsim::lesson;

namespace {

const char* kQuiz = R"([[question]]
id = "port"
type = "single"
prompt = { ko = "SMTP 포트는?", en = "SMTP port?" }
choices = [ { ko = "80", en = "80" }, { ko = "25", en = "25" }, { ko = "110", en = "110" } ]
answer = [1]
explanation = { ko = "25번입니다.", en = "It is 25." }

[[question]]
id = "mail-protocols"
type = "multi"
prompt = { ko = "메일 프로토콜은?", en = "Mail protocols?" }
choices = [ { ko = "SMTP", en = "SMTP" }, { ko = "SNMP", en = "SNMP" }, { ko = "IMAP", en = "IMAP" } ]
answer = [0, 2]
explanation = { ko = "SNMP는 관리용입니다.", en = "SNMP is for management." }

[[question]]
id = "order"
type = "order"
prompt = { ko = "순서대로", en = "In order" }
choices = [ { ko = "DATA", en = "DATA" }, { ko = "HELO", en = "HELO" }, { ko = "MAIL", en = "MAIL" } ]
answer = [1, 2, 0]
explanation = { ko = "HELO, MAIL, DATA", en = "HELO, MAIL, DATA" }

[[question]]
id = "fill"
type = "fill_code"
prompt = { ko = "DATA 다음 응답?", en = "Reply to DATA?" }
code = "354"
explanation = { ko = "354입니다.", en = "354." }

[[question]]
id = "mistake"
type = "find_mistake"
prompt = { ko = "틀린 줄은?", en = "Which line is wrong?" }
choices = [ { ko = "C: HELO crepes.fr", en = "C: HELO crepes.fr" }, { ko = "S: 354 ok", en = "S: 354 ok" } ]
answer = [1]
explanation = { ko = "HELO에는 250입니다.", en = "HELO gets 250." }

[[question]]
id = "push-pull"
type = "classify"
prompt = { ko = "분류하세요", en = "Classify" }
categories = [ { ko = "푸시", en = "push" }, { ko = "풀", en = "pull" } ]
items = [ { text = { ko = "SMTP", en = "SMTP" }, category = 0 },
          { text = { ko = "IMAP", en = "IMAP" }, category = 1 },
          { text = { ko = "POP3", en = "POP3" }, category = 1 } ]
explanation = { ko = "SMTP만 밀어 넣습니다.", en = "Only SMTP pushes." }

[[question]]
id = "predict"
type = "predict_reply"
prompt = { ko = "다음 응답은?", en = "Next reply?" }
scenario = "alice-bob"
pause_at = "command verb=DATA"
seeds = "random"
explanation = { ko = "엔진이 답합니다.", en = "The engine answers." }
)";

Quiz load_ok(const std::string& text) {
    auto loaded = load_quiz(SourceFile{"q.toml", text});
    for (const auto& d : loaded.diagnostics)
        INFO(d.to_string());
    REQUIRE(loaded.ok());
    return loaded.value;
}

std::string first_problem(const std::string& text) {
    auto loaded = load_quiz(SourceFile{"q.toml", text});
    REQUIRE_FALSE(loaded.ok());
    return loaded.diagnostics.front().to_string();
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("every question type loads") {
    const Quiz quiz = load_ok(kQuiz);
    REQUIRE(quiz.questions.size() == 7);
    CHECK(quiz.questions[0].type == QuestionType::Single);
    CHECK(quiz.questions[0].answer == std::vector<int>{1});
    CHECK(quiz.questions[1].type == QuestionType::Multi);
    CHECK(quiz.questions[2].answer == std::vector<int>{1, 2, 0});
    CHECK(quiz.questions[3].code == "354");
    CHECK(quiz.questions[4].type == QuestionType::FindMistake);
    CHECK(quiz.questions[5].items.size() == 3);
    CHECK(quiz.questions[5].items[1].category == 1);
    CHECK(quiz.questions[6].scenario == "alice-bob");
    CHECK(quiz.questions[6].pause_at->text == "command verb=DATA");
    CHECK_FALSE(quiz.questions[6].seed);
    CHECK(load_ok(replace(kQuiz, "seeds = \"random\"", "seeds = 7")).questions[6].seed == 7u);
    CHECK(quiz.questions[0].explanation.ko == "25번입니다.");
}

TEST_CASE("quiz problems come with positions") {
    CHECK(first_problem(replace(kQuiz, "answer = [1]\n", "answer = [3]\n")) ==
          "q.toml:6:10: answer 3 is not a choice (0..2)");
    CHECK(first_problem(replace(kQuiz, "type = \"single\"", "type = \"singel\"")) ==
          "q.toml:3:8: unknown question type 'singel' (single, multi, order, fill_code, "
          "find_mistake, classify, predict_reply)");
    CHECK(first_problem(replace(kQuiz, "answer = [1, 2, 0]", "answer = [1, 2]")) ==
          "q.toml:22:10: an order answer lists every choice exactly once");
    CHECK(first_problem(replace(kQuiz, "code = \"354\"", "code = \"35\"")) ==
          "q.toml:29:8: code must be a reply code such as 354");
    CHECK(first_problem(
              replace(kQuiz, "explanation = { ko = \"25번입니다.\", en = \"It is 25.\" }\n", "")) ==
          "q.toml:1:1: missing 'explanation'");
    CHECK(first_problem(replace(kQuiz, "category = 1 },\n          { text = { ko = \"POP3\"",
                                "category = 2 },\n          { text = { ko = \"POP3\"")) ==
          "q.toml:46:61: category is not one of the categories");
    CHECK(first_problem(replace(kQuiz, "pause_at = \"command verb=DATA\"",
                                "pause_at = \"command verb=data\"")) ==
          "q.toml:55:21: pause_at: verb is written in upper case");
    CHECK(first_problem(replace(kQuiz, "code = \"354\"", "code = \"354\"\nanswer = [0]")) ==
          "q.toml:30:10: 'answer' does not belong in a fill_code question");
    CHECK(first_problem(replace(kQuiz, "id = \"fill\"", "id = \"port\"")) ==
          "q.toml:25:1: question id 'port' is used twice");
    CHECK(first_problem("x = 1") == "q.toml:1:1: unknown key 'x' in a quiz file (known: question)");
    // Prompts and explanations are drawn as Markdown: a stray backtick would swallow the rest.
    CHECK(first_problem(replace(kQuiz, "en = \"SMTP port?\"", "en = \"`HELO port?\"")) ==
          "q.toml:4:35: 'prompt.en': unclosed `code` span");
}

TEST_CASE("checking answers for each type") {
    const Quiz quiz = load_ok(kQuiz);
    const auto& q = quiz.questions;
    CHECK(check_answer(q[0], Answer{{1}, {}, {}}).correct);
    CHECK_FALSE(check_answer(q[0], Answer{{0}, {}, {}}).correct);
    CHECK_FALSE(check_answer(q[0], Answer{{1, 0}, {}, {}}).correct);

    const Grade multi_right = check_answer(q[1], Answer{{2, 0}, {}, {}});
    CHECK(multi_right.correct);
    CHECK(multi_right.right_parts == 3);
    const Grade multi_half = check_answer(q[1], Answer{{0}, {}, {}});
    CHECK_FALSE(multi_half.correct);
    CHECK(multi_half.right_parts == 2);
    CHECK(multi_half.total_parts == 3);
    CHECK_FALSE(check_answer(q[1], Answer{{0, 2, 7}, {}, {}}).correct);

    CHECK(check_answer(q[2], Answer{{1, 2, 0}, {}, {}}).correct);
    const Grade order_wrong = check_answer(q[2], Answer{{1, 0, 2}, {}, {}});
    CHECK_FALSE(order_wrong.correct);
    CHECK(order_wrong.right_parts == 1);

    CHECK(check_answer(q[3], Answer{{}, " 354 ", {}}).correct);
    CHECK(check_answer(q[3], Answer{{}, "354 Start mail input", {}}).correct);
    CHECK_FALSE(check_answer(q[3], Answer{{}, "250", {}}).correct);
    CHECK_FALSE(check_answer(q[3], Answer{{}, "", {}}).correct);

    CHECK(check_answer(q[4], Answer{{1}, {}, {}}).correct);
    CHECK_FALSE(check_answer(q[4], Answer{{0}, {}, {}}).correct);

    CHECK(check_answer(q[5], Answer{{}, {}, {0, 1, 1}}).correct);
    const Grade classify = check_answer(q[5], Answer{{}, {}, {0, 0, 1}});
    CHECK_FALSE(classify.correct);
    CHECK(classify.right_parts == 2);
    CHECK_FALSE(check_answer(q[5], Answer{{}, {}, {0, 1}}).correct);

    // predict_reply: the engine's reply at the pause decides, not a stored answer.
    CHECK(check_answer(q[6], Answer{{}, "354", {}}, "354").correct);
    CHECK_FALSE(check_answer(q[6], Answer{{}, "354", {}}, "451").correct);
    CHECK_FALSE(check_answer(q[6], Answer{{}, "354", {}}).correct);
}

TEST_CASE("predicted POP3 and IMAP status words are compared like reply codes") {
    CHECK(normalize_reply_code(" 250 OK") == "250");
    CHECK(normalize_reply_code("-err") == "-ERR");
    CHECK(normalize_reply_code("-ERR [AUTH] invalid") == "-ERR");
    CHECK(normalize_reply_code("+ok") == "+OK");
    CHECK(normalize_reply_code(" no ") == "NO");
    CHECK(normalize_reply_code("?") == "");
    Question question;
    question.type = QuestionType::PredictReply;
    Answer answer;
    answer.code = "no";
    CHECK(check_answer(question, answer, "NO").correct);
    answer.code = "ok";
    CHECK_FALSE(check_answer(question, answer, "NO").correct);
}

TEST_CASE("shuffling keeps the right answer right") {
    const Quiz quiz = load_ok(kQuiz);
    std::set<std::vector<int>> seen_orders;
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        mailsim::Rng rng(seed, 1);
        const Question single = shuffled(quiz.questions[0], rng);
        CHECK(single.choices[static_cast<size_t>(single.answer[0])].en == "25");
        const Question multi = shuffled(quiz.questions[1], rng);
        std::set<std::string> right;
        for (int i : multi.answer)
            right.insert(multi.choices[static_cast<size_t>(i)].en);
        CHECK(right == std::set<std::string>{"SMTP", "IMAP"});
        const Question order = shuffled(quiz.questions[2], rng);
        std::vector<std::string> sequence;
        for (int i : order.answer)
            sequence.push_back(order.choices[static_cast<size_t>(i)].en);
        CHECK(sequence == std::vector<std::string>{"HELO", "MAIL", "DATA"});
        seen_orders.insert(order.answer);
        const Question mistake = shuffled(quiz.questions[4], rng);
        CHECK(mistake.choices[0].en == "C: HELO crepes.fr"); // transcripts keep their order
        const Question classify = shuffled(quiz.questions[5], rng);
        for (const auto& item : classify.items)
            CHECK(item.category == (item.text.en == "SMTP" ? 0 : 1));
    }
    CHECK(seen_orders.size() > 1);
}
