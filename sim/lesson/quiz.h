#pragma once
// Checking an answer for every question type, and reshuffling a question for a new attempt.
// A predict_reply question has no stored answer: the caller runs the scenario to its pause
// point and passes the code the engine actually replied with.
#include "sim/core/rng.h"
#include "sim/lesson/lesson_model.h"

#include <string>
#include <string_view>
#include <vector>

namespace mailsim::lesson {

struct Answer {
    std::vector<int> choices;    // single/find_mistake: one index; multi: the picked set;
                                 // order: choice indexes in the order the learner put them
    std::string code;            // fill_code, predict_reply
    std::vector<int> categories; // classify: the category picked for each item, by item index
};

struct Grade {
    bool correct = false;
    int right_parts = 0; // partial credit for multi/order/classify, 0 or 1 otherwise
    int total_parts = 1;
};

Grade check_answer(const Question& question, const Answer& answer,
                   std::string_view engine_reply_code = {});

// The same question with choices (single, multi, order) or items (classify) shuffled and the
// answer remapped. find_mistake keeps its lines: they are a transcript in time order.
Question shuffled(const Question& question, Rng& rng);

// Reply codes as people type them: " 250 " and "250 OK" both give "250"; POP3 and IMAP
// status words too: "-err" and "-ERR [AUTH]" give "-ERR", "no" gives "NO".
std::string normalize_reply_code(std::string_view typed);

} // namespace mailsim::lesson
