#include "sim/lesson/progress.h"

#include "sim/lesson/json_text.h"

namespace mailsim::lesson {

namespace {
constexpr int kFormatVersion = 1;

JsonValue string_array(const std::set<std::string>& values) {
    JsonValue array = JsonValue::array();
    for (const auto& value : values)
        array.push(JsonValue::string(value));
    return array;
}

Status read_string_set(const JsonValue& object, std::string_view key, std::set<std::string>& out) {
    const JsonValue* array = object.find(key);
    if (!array)
        return Ok{};
    if (!array->is(JsonValue::Kind::Array))
        return make_error("progress: '" + std::string(key) + "' must be an array");
    for (const auto& item : array->items()) {
        if (!item.is(JsonValue::Kind::String))
            return make_error("progress: '" + std::string(key) + "' holds strings");
        out.insert(item.as_string());
    }
    return Ok{};
}

int read_int(const JsonValue& object, std::string_view key) {
    const JsonValue* value = object.find(key);
    if (!value || !value->is(JsonValue::Kind::Number))
        return -1;
    const double number = value->as_number();
    if (number < 0 || number > 1e6 || number != static_cast<double>(static_cast<int>(number)))
        return -1;
    return static_cast<int>(number);
}
} // namespace

void Progress::mark_step_done(const std::string& lesson, const std::string& step) {
    m_lessons[lesson].steps_done.insert(step);
}

void Progress::mark_task_done(const std::string& lesson, const std::string& task) {
    m_lessons[lesson].tasks_done.insert(task);
}

void Progress::set_current_step(const std::string& lesson, const std::string& step) {
    m_lessons[lesson].current_step = step;
}

const LessonProgress* Progress::lesson(const std::string& lesson) const {
    auto it = m_lessons.find(lesson);
    return it == m_lessons.end() ? nullptr : &it->second;
}

bool Progress::step_done(const std::string& lesson, const std::string& step) const {
    const LessonProgress* p = this->lesson(lesson);
    return p && p->steps_done.count(step) > 0;
}

bool Progress::task_done(const std::string& lesson, const std::string& task) const {
    const LessonProgress* p = this->lesson(lesson);
    return p && p->tasks_done.count(task) > 0;
}

double Progress::lesson_fraction(const Lesson& lesson) const {
    if (lesson.steps.empty())
        return 0;
    int done = 0;
    for (const auto& step : lesson.steps)
        done += step_done(lesson.id, step.id) ? 1 : 0;
    return static_cast<double>(done) / static_cast<double>(lesson.steps.size());
}

void Progress::record_attempt(const std::string& quiz, QuizAttempt attempt) {
    m_quizzes[quiz].push_back(std::move(attempt));
}

const std::vector<QuizAttempt>& Progress::attempts(const std::string& quiz) const {
    static const std::vector<QuizAttempt> none;
    auto it = m_quizzes.find(quiz);
    return it == m_quizzes.end() ? none : it->second;
}

std::optional<QuizAttempt> Progress::best_attempt(const std::string& quiz) const {
    std::optional<QuizAttempt> best;
    for (const auto& attempt : attempts(quiz))
        if (!best || attempt.percent() > best->percent())
            best = attempt;
    return best;
}

PrePostComparison Progress::compare_pre_post() const {
    PrePostComparison out;
    const auto& pre = attempts(std::string(kPretestId));
    const auto& post = attempts(std::string(kPosttestId));
    if (!pre.empty())
        out.pre = pre.front();
    if (!post.empty())
        out.post = post.back();
    if (!out.pre || !out.post)
        return out;
    out.change_points = out.post->percent() - out.pre->percent();
    for (const auto& [id, right_before] : out.pre->results) {
        auto after = out.post->results.find(id);
        if (after == out.post->results.end())
            continue;
        if (!right_before && after->second)
            out.learned.push_back(id);
        else if (!right_before && !after->second)
            out.still_wrong.push_back(id);
        else if (right_before && !after->second)
            out.forgot.push_back(id);
    }
    return out;
}

void Progress::reset() {
    m_lessons.clear();
    m_quizzes.clear();
}

void Progress::reset_lesson(const std::string& lesson) {
    m_lessons.erase(lesson);
}

std::string Progress::to_json() const {
    JsonValue root = JsonValue::object();
    root.set("version", JsonValue::number(kFormatVersion));
    JsonValue lessons = JsonValue::object();
    for (const auto& [id, progress] : m_lessons) {
        JsonValue entry = JsonValue::object();
        entry.set("steps_done", string_array(progress.steps_done));
        entry.set("tasks_done", string_array(progress.tasks_done));
        entry.set("current_step", JsonValue::string(progress.current_step));
        lessons.set(id, std::move(entry));
    }
    root.set("lessons", std::move(lessons));
    JsonValue quizzes = JsonValue::object();
    for (const auto& [id, list] : m_quizzes) {
        JsonValue array = JsonValue::array();
        for (const auto& attempt : list) {
            JsonValue entry = JsonValue::object();
            entry.set("score", JsonValue::number(attempt.score));
            entry.set("total", JsonValue::number(attempt.total));
            entry.set("when", JsonValue::string(attempt.when));
            JsonValue results = JsonValue::object();
            for (const auto& [question, correct] : attempt.results)
                results.set(question, JsonValue::boolean(correct));
            entry.set("results", std::move(results));
            array.push(std::move(entry));
        }
        quizzes.set(id, std::move(array));
    }
    root.set("quizzes", std::move(quizzes));
    return root.dump();
}

Result<Progress> Progress::from_json(std::string_view text) {
    auto parsed = parse_json(text);
    if (!parsed)
        return make_error("progress: " + parsed.error().message, parsed.error().line,
                          parsed.error().column);
    const JsonValue& root = *parsed;
    if (!root.is(JsonValue::Kind::Object))
        return make_error("progress: the top level must be an object");
    if (read_int(root, "version") != kFormatVersion)
        return make_error("progress: unknown format version");
    Progress progress;
    if (const JsonValue* lessons = root.find("lessons")) {
        if (!lessons->is(JsonValue::Kind::Object))
            return make_error("progress: 'lessons' must be an object");
        for (const auto& [id, entry] : lessons->members()) {
            if (!entry.is(JsonValue::Kind::Object))
                return make_error("progress: lesson '" + id + "' must be an object");
            LessonProgress& p = progress.m_lessons[id];
            if (auto s = read_string_set(entry, "steps_done", p.steps_done); !s)
                return s.error();
            if (auto s = read_string_set(entry, "tasks_done", p.tasks_done); !s)
                return s.error();
            if (const JsonValue* step = entry.find("current_step");
                step && step->is(JsonValue::Kind::String))
                p.current_step = step->as_string();
        }
    }
    if (const JsonValue* quizzes = root.find("quizzes")) {
        if (!quizzes->is(JsonValue::Kind::Object))
            return make_error("progress: 'quizzes' must be an object");
        for (const auto& [id, list] : quizzes->members()) {
            if (!list.is(JsonValue::Kind::Array))
                return make_error("progress: quiz '" + id + "' must be an array of attempts");
            auto& attempts = progress.m_quizzes[id];
            for (const auto& entry : list.items()) {
                QuizAttempt attempt;
                attempt.score = read_int(entry, "score");
                attempt.total = read_int(entry, "total");
                if (attempt.score < 0 || attempt.total < 0 || attempt.score > attempt.total)
                    return make_error("progress: quiz '" + id + "' has a bad score");
                if (const JsonValue* when = entry.find("when");
                    when && when->is(JsonValue::Kind::String))
                    attempt.when = when->as_string();
                if (const JsonValue* results = entry.find("results");
                    results && results->is(JsonValue::Kind::Object))
                    for (const auto& [question, correct] : results->members())
                        if (correct.is(JsonValue::Kind::Bool))
                            attempt.results[question] = correct.as_bool();
                attempts.push_back(std::move(attempt));
            }
        }
    }
    return progress;
}

} // namespace mailsim::lesson
