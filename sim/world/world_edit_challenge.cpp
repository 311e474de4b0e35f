#include "world_edit_challenge.h"

#include "sim/world/scenario_writer.h"

namespace mailsim::world {
namespace {

std::string text_pair(const std::string& ko, const std::string& en) {
    return "{ ko = " + toml_quote(ko) + ", en = " + toml_quote(en) + " }";
}

std::string string_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i ? ", " : "") + toml_quote(items[i]);
    return out + "]";
}

std::string story(const std::string& title, const std::string& goal) {
    return "## " + title + " {#story}\n\n" + goal + "\n";
}

} // namespace

std::vector<std::string> solution_lines(const std::vector<RecordedInput>& repair, SimTime start) {
    std::vector<std::string> out;
    SimTime at = start;
    for (const auto& input : repair) {
        const SimTime wait = (input.t - at) / kSecond;
        if (wait > 0) {
            out.push_back("run for=" + std::to_string(wait));
            at += wait * kSecond;
        }
        out.push_back(input.action.to_string());
    }
    return out;
}

ChallengeFiles write_challenge(const Scenario& broken, const std::vector<RecordedInput>& repair,
                               const ChallengeDraft& draft) {
    ChallengeFiles files;
    Scenario scenario = broken;
    scenario.name = draft.name;
    if (!draft.title_en.empty())
        scenario.title_en = "Challenge: " + draft.title_en;
    if (!draft.title_ko.empty())
        scenario.title_ko = "도전 과제: " + draft.title_ko;
    files.scenario_path = "scenarios/" + draft.name + ".toml";
    files.scenario = write_scenario(scenario);
    files.folder = "challenge-" + draft.name;

    std::string& t = files.lesson_toml;
    t += "id = " + toml_quote("fix-" + draft.name) + "\n";
    t += "kind = \"challenge\"\n";
    t += "topic = " + std::to_string(draft.topic) + "\n";
    t += "scenario = " + toml_quote(draft.name) + "\n";
    t += "title = " + text_pair(draft.title_ko, draft.title_en) + "\n";
    t += "summary = " + text_pair(draft.goal_ko, draft.goal_en) + "\n";
    t += "minutes = 10\n\n";
    t += "[challenge]\n";
    t += "goal = " + text_pair(draft.goal_ko, draft.goal_en) + "\n";
    t += "check = " + string_list(draft.checks) + "\n";
    t += "solution = " + string_list(solution_lines(repair, 0)) + "\n\n";
    t += "[[step]]\nid = \"story\"\nviews = [\"topology\", \"transcript\", \"mailboxes\"]\n";
    files.lesson_ko = story(draft.title_ko, draft.goal_ko);
    files.lesson_en = story(draft.title_en, draft.goal_en);
    return files;
}

} // namespace mailsim::world
