#include "sim/lesson/quiz.h"

#include <algorithm>
#include <numeric>

namespace mailsim::lesson {
namespace {

Grade all_or_nothing(bool correct) {
    return Grade{correct, correct ? 1 : 0, 1};
}

std::vector<size_t> permutation(size_t n, Rng& rng) {
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    // Fisher-Yates with our own draws so every platform shuffles the same way for a seed.
    for (size_t i = n; i > 1; --i)
        std::swap(order[i - 1],
                  order[static_cast<size_t>(rng.uniform_int(0, static_cast<std::int64_t>(i - 1)))]);
    return order;
}

} // namespace

std::string normalize_reply_code(std::string_view typed) {
    size_t begin = 0;
    while (begin < typed.size() && (typed[begin] == ' ' || typed[begin] == '\t'))
        ++begin;
    size_t end = begin;
    while (end < typed.size() && typed[end] >= '0' && typed[end] <= '9')
        ++end;
    if (end > begin)
        return std::string(typed.substr(begin, end - begin));
    // POP3 and IMAP answer with a status word instead of a number: +OK / -ERR, OK / NO / BAD.
    std::string word;
    if (end < typed.size() && (typed[end] == '+' || typed[end] == '-'))
        word += typed[end++];
    for (; end < typed.size(); ++end) {
        const char c = typed[end];
        if (c >= 'a' && c <= 'z')
            word += static_cast<char>(c - 'a' + 'A');
        else if (c >= 'A' && c <= 'Z')
            word += c;
        else
            break;
    }
    return word;
}

Grade check_answer(const Question& question, const Answer& answer,
                   std::string_view engine_reply_code) {
    switch (question.type) {
    case QuestionType::Single:
    case QuestionType::FindMistake:
        return all_or_nothing(answer.choices.size() == 1 && question.answer.size() == 1 &&
                              answer.choices[0] == question.answer[0]);
    case QuestionType::Multi: {
        // One part per choice: picked when it should be, left alone when it should be.
        Grade grade;
        grade.total_parts = static_cast<int>(question.choices.size());
        for (int i = 0; i < grade.total_parts; ++i) {
            const bool picked = std::count(answer.choices.begin(), answer.choices.end(), i) > 0;
            const bool right = std::count(question.answer.begin(), question.answer.end(), i) > 0;
            grade.right_parts += picked == right ? 1 : 0;
        }
        const bool no_strays = std::all_of(answer.choices.begin(), answer.choices.end(),
                                           [&](int i) { return i >= 0 && i < grade.total_parts; });
        grade.correct = no_strays && grade.right_parts == grade.total_parts;
        return grade;
    }
    case QuestionType::Order: {
        Grade grade;
        grade.total_parts = static_cast<int>(question.answer.size());
        for (size_t i = 0; i < question.answer.size() && i < answer.choices.size(); ++i)
            grade.right_parts += answer.choices[i] == question.answer[i] ? 1 : 0;
        grade.correct = answer.choices == question.answer;
        return grade;
    }
    case QuestionType::FillCode:
        return all_or_nothing(!question.code.empty() &&
                              normalize_reply_code(answer.code) == question.code);
    case QuestionType::PredictReply: {
        const std::string expected = normalize_reply_code(engine_reply_code);
        return all_or_nothing(!expected.empty() && normalize_reply_code(answer.code) == expected);
    }
    case QuestionType::Classify: {
        Grade grade;
        grade.total_parts = static_cast<int>(question.items.size());
        for (size_t i = 0; i < question.items.size() && i < answer.categories.size(); ++i)
            grade.right_parts += answer.categories[i] == question.items[i].category ? 1 : 0;
        grade.correct = answer.categories.size() == question.items.size() &&
                        grade.right_parts == grade.total_parts;
        return grade;
    }
    }
    return Grade{};
}

Question shuffled(const Question& question, Rng& rng) {
    Question out = question;
    switch (question.type) {
    case QuestionType::Single:
    case QuestionType::Multi:
    case QuestionType::Order: {
        // new position p shows old choice order[p]; old index -> new index for the answer.
        const auto order = permutation(question.choices.size(), rng);
        std::vector<int> new_index(question.choices.size());
        for (size_t p = 0; p < order.size(); ++p) {
            out.choices[p] = question.choices[order[p]];
            new_index[order[p]] = static_cast<int>(p);
        }
        for (auto& index : out.answer)
            if (index >= 0 && static_cast<size_t>(index) < new_index.size())
                index = new_index[static_cast<size_t>(index)];
        if (question.type == QuestionType::Multi)
            std::sort(out.answer.begin(), out.answer.end());
        return out;
    }
    case QuestionType::Classify: {
        const auto order = permutation(question.items.size(), rng);
        for (size_t p = 0; p < order.size(); ++p)
            out.items[p] = question.items[order[p]];
        return out;
    }
    case QuestionType::FindMistake:
    case QuestionType::FillCode:
    case QuestionType::PredictReply:
        return out;
    }
    return out;
}

} // namespace mailsim::lesson
