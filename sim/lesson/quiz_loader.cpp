// quiz.toml: every question type of the contract, checked so that a question the app shows
// can always be answered and scored.
#include "sim/lesson/lesson_loader.h"

#include "sim/lesson/lesson_syntax.h"
#include "sim/lesson/toml_reader.h"

#include <algorithm>
#include <set>

namespace mailsim::lesson {

using detail::Need;
using detail::TomlReader;

namespace detail {
std::optional<toml::table> parse_toml(const SourceFile& file, std::vector<Diagnostic>& out);
void check_spec(TomlReader& reader, const Located& spec, Status (*check)(std::string_view),
                std::string_view what);
} // namespace detail

std::string_view to_string(QuestionType type) {
    switch (type) {
    case QuestionType::Single:
        return "single";
    case QuestionType::Multi:
        return "multi";
    case QuestionType::Order:
        return "order";
    case QuestionType::FillCode:
        return "fill_code";
    case QuestionType::FindMistake:
        return "find_mistake";
    case QuestionType::Classify:
        return "classify";
    case QuestionType::PredictReply:
        return "predict_reply";
    }
    return "single";
}

std::optional<QuestionType> question_type_from_string(std::string_view name) {
    for (auto type :
         {QuestionType::Single, QuestionType::Multi, QuestionType::Order, QuestionType::FillCode,
          QuestionType::FindMistake, QuestionType::Classify, QuestionType::PredictReply})
        if (to_string(type) == name)
            return type;
    return std::nullopt;
}

namespace {

bool is_reply_code(std::string_view code) {
    return code.size() == 3 && code[0] >= '1' && code[0] <= '5' && code[1] >= '0' &&
           code[1] <= '9' && code[2] >= '0' && code[2] <= '9';
}

// Keys that belong to one type only: a stray one is almost always a copy-paste slip.
void check_type_keys(TomlReader& reader, const toml::table& table, QuestionType type) {
    struct KeyRule {
        std::string_view key;
        std::vector<QuestionType> types;
    };
    using Q = QuestionType;
    const std::vector<KeyRule> rules = {
        {"choices", {Q::Single, Q::Multi, Q::Order, Q::FindMistake}},
        {"answer", {Q::Single, Q::Multi, Q::Order, Q::FindMistake}},
        {"code", {Q::FillCode}},
        {"categories", {Q::Classify}},
        {"items", {Q::Classify}},
        {"scenario", {Q::PredictReply}},
        {"pause_at", {Q::PredictReply}},
        {"seeds", {Q::PredictReply}},
    };
    for (const auto& rule : rules) {
        const toml::node* node = table.get(rule.key);
        if (node && std::find(rule.types.begin(), rule.types.end(), type) == rule.types.end())
            reader.report(node->source(), "'" + std::string(rule.key) + "' does not belong in a " +
                                              std::string(to_string(type)) + " question");
    }
}

Question load_question(TomlReader& reader, const toml::table& table) {
    Question q;
    q.pos = TomlReader::pos(table.source());
    reader.only_keys(table,
                     {"id", "type", "prompt", "choices", "answer", "code", "categories", "items",
                      "scenario", "pause_at", "seeds", "explanation"},
                     "[[question]]");
    q.id = reader.string(table, "id", Need::Required).value_or("");
    if (!q.id.empty() && !detail::is_kebab_id(q.id))
        reader.report(table.get("id")->source(), "question id must be kebab-case (a-z, 0-9, -)");
    const auto type_name = reader.string(table, "type", Need::Required);
    if (type_name) {
        if (auto type = question_type_from_string(*type_name)) {
            q.type = *type;
        } else {
            reader.report(table.get("type")->source(),
                          "unknown question type '" + *type_name +
                              "' (single, multi, order, fill_code, find_mistake, classify, "
                              "predict_reply)");
            // Without a type the other keys cannot be judged; one message is enough.
            q.prompt = reader.text(table, "prompt", Need::Required);
            q.explanation = reader.text(table, "explanation", Need::Required);
            return q;
        }
    }
    q.prompt = reader.markdown_text(table, "prompt", Need::Required);
    q.explanation = reader.markdown_text(table, "explanation", Need::Required);
    if (!type_name)
        return q;
    check_type_keys(reader, table, q.type);

    auto where = [&](std::string_view key) {
        const toml::node* node = table.get(key);
        return node ? TomlReader::pos(node->source()) : q.pos;
    };
    switch (q.type) {
    case QuestionType::Single:
    case QuestionType::Multi:
    case QuestionType::Order:
    case QuestionType::FindMistake: {
        q.choices = reader.texts(table, "choices");
        q.answer = reader.indexes(table, "answer");
        const int n = static_cast<int>(q.choices.size());
        if (n < 2)
            reader.report(where("choices"), "needs at least two choices");
        if (!table.get("answer")) {
            reader.report(q.pos, "missing 'answer'");
            break;
        }
        for (int index : q.answer)
            if (index >= n)
                reader.report(where("answer"), "answer " + std::to_string(index) +
                                                   " is not a choice (0.." + std::to_string(n - 1) +
                                                   ")");
        std::set<int> distinct(q.answer.begin(), q.answer.end());
        if (distinct.size() != q.answer.size())
            reader.report(where("answer"), "answer repeats an index");
        if ((q.type == QuestionType::Single || q.type == QuestionType::FindMistake) &&
            q.answer.size() != 1)
            reader.report(where("answer"), "this question type has exactly one right answer");
        if (q.type == QuestionType::Multi && q.answer.empty())
            reader.report(where("answer"), "needs at least one right answer");
        if (q.type == QuestionType::Order && static_cast<int>(q.answer.size()) != n)
            reader.report(where("answer"), "an order answer lists every choice exactly once");
        break;
    }
    case QuestionType::FillCode:
        q.code = reader.string(table, "code", Need::Required).value_or("");
        if (table.get("code") && !is_reply_code(q.code))
            reader.report(where("code"), "code must be a reply code such as 354");
        break;
    case QuestionType::Classify: {
        q.categories = reader.texts(table, "categories");
        if (q.categories.size() < 2)
            reader.report(where("categories"), "needs at least two categories");
        const toml::node* items = table.get("items");
        const toml::array* array = items ? items->as_array() : nullptr;
        if (!array || array->empty()) {
            reader.report(items ? TomlReader::pos(items->source()) : q.pos,
                          "needs items = [ { text = { ko, en }, category = N }, ... ]");
            break;
        }
        for (const auto& node : *array) {
            const toml::table* item = node.as_table();
            if (!item) {
                reader.report(node.source(), "each item is { text = { ko, en }, category = N }");
                continue;
            }
            reader.only_keys(*item, {"text", "category"}, "item");
            ClassifyItem entry;
            entry.text = reader.text(*item, "text", Need::Required);
            const auto category = reader.integer(*item, "category", Need::Required);
            if (category &&
                (*category < 0 || *category >= static_cast<long long>(q.categories.size())))
                reader.report(item->get("category")->source(),
                              "category is not one of the categories");
            entry.category = static_cast<int>(category.value_or(0));
            q.items.push_back(std::move(entry));
        }
        break;
    }
    case QuestionType::PredictReply: {
        q.scenario = reader.string(table, "scenario", Need::Required).value_or("");
        q.pause_at = reader.located(table, "pause_at", Need::Required);
        if (q.pause_at)
            detail::check_spec(reader, *q.pause_at, check_event_match, "pause_at");
        const toml::node* seeds = table.get("seeds");
        if (!seeds || (seeds->is_string() && seeds->as_string()->get() == "random")) {
            q.seed = std::nullopt;
        } else if (seeds->is_integer() && seeds->as_integer()->get() >= 0) {
            q.seed = static_cast<std::uint64_t>(seeds->as_integer()->get());
        } else {
            reader.report(seeds->source(), "seeds is \"random\" or a whole number");
        }
        break;
    }
    }
    return q;
}

} // namespace

namespace detail {
void load_quiz_into(TomlReader& reader, const toml::table& root, Quiz& quiz) {
    reader.only_keys(root, {"question"}, "a quiz file");
    const toml::array* questions = reader.tables(root, "question");
    if (!questions || questions->empty()) {
        reader.report(SourcePos{1, 1}, "a quiz needs at least one [[question]]");
        return;
    }
    std::set<std::string> ids;
    for (const auto& node : *questions) {
        Question q = load_question(reader, *node.as_table());
        if (!q.id.empty() && !ids.insert(q.id).second)
            reader.report(q.pos, "question id '" + q.id + "' is used twice");
        quiz.questions.push_back(std::move(q));
    }
}
} // namespace detail

Loaded<Quiz> load_quiz(const SourceFile& file) {
    Loaded<Quiz> out;
    out.value.file = file.name;
    auto root = detail::parse_toml(file, out.diagnostics);
    if (!root)
        return out;
    TomlReader reader(file.name, out.diagnostics);
    detail::load_quiz_into(reader, *root, out.value);
    return out;
}

Result<Quiz> parse_quiz(const SourceFile& file) {
    auto loaded = load_quiz(file);
    if (!loaded.ok()) {
        const auto& first = loaded.diagnostics.front();
        return make_error(first.to_string(), first.line, first.column);
    }
    return std::move(loaded.value);
}

} // namespace mailsim::lesson
