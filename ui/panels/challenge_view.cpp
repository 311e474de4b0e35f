// The part of the lesson panel a challenge adds under its story: the goal, the "check" button
// and what it found (each check, then the world's own evidence with a button that jumps to
// it), hints that unlock as time passes, and the scripted repair once every hint is out.
#include "panels.h"

#include "ui/app/app.h"
#include "ui/app/lesson_tasks.h"
#include "ui/style/theme.h"
#include "ui/widgets/fit_text.h"

#include "sim/lesson/challenge.h"

#include <imgui.h>

#include <string>

namespace mailsim::ui {
namespace {

const char* evidence_label(App& app, lesson::Evidence::Kind kind) {
    switch (kind) {
    case lesson::Evidence::Kind::Bounce:
        return app.tr("challenge.evidence.bounce");
    case lesson::Evidence::Kind::ErrorReply:
        return app.tr("challenge.evidence.error_reply");
    case lesson::Evidence::Kind::GaveUp:
        return app.tr("challenge.evidence.gave_up");
    case lesson::Evidence::Kind::StillQueued:
        return app.tr("challenge.evidence.still_queued");
    case lesson::Evidence::Kind::Fault:
        return app.tr("challenge.evidence.down");
    }
    return "";
}

void check_now(App& app, const lesson::Lesson& l) {
    LessonRunner& runner = app.state().lesson;
    const world::World* world = app.session().world();
    if (!world || !l.challenge)
        return;
    runner.verdict = app.session().judge(*l.challenge);
    runner.verdict_position = world->trace().size();
    if (runner.verdict->solved) {
        for (const auto& step : l.steps)
            app.progress().mark_step_done(l.id, step.id);
        app.save_progress();
    }
}

void draw_verdict(App& app, const lesson::Verdict& verdict, std::size_t judged_at) {
    const Palette& p = palette();
    const world::World* world = app.session().world();
    if (verdict.solved) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.reply_2yz);
        ImGui::TextWrapped("\xe2\x9c\x93 %s", app.tr("challenge.solved"));
        ImGui::PopStyleColor();
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, p.reply_5yz);
    ImGui::TextWrapped("\xe2\x9c\x95 %s", app.tr("challenge.not_yet"));
    ImGui::PopStyleColor();
    for (const auto& check : verdict.checks) {
        ImGui::PushStyleColor(ImGuiCol_Text, check.holds ? p.reply_2yz : p.reply_5yz);
        ImGui::TextUnformatted(check.holds ? "\xe2\x9c\x93" : "\xe2\x9c\x95");
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::PushFont(app.fonts().mono);
        ImGui::TextWrapped("%s", check.check.c_str());
        ImGui::PopFont();
    }
    if (!verdict.evidence.empty()) {
        ImGui::TextDisabled("%s", app.tr("challenge.evidence_heading"));
        for (std::size_t i = 0; i < verdict.evidence.size(); ++i) {
            const auto& e = verdict.evidence[i];
            ImGui::PushID(static_cast<int>(i));
            ImGui::Bullet();
            ImGui::TextWrapped("%s (%s): %s", evidence_label(app, e.kind), e.host.c_str(),
                               e.text.c_str());
            if (e.event) {
                ImGui::SameLine();
                if (ImGui::SmallButton(app.tr("challenge.show_event")))
                    app.session().seek(*e.event + 1);
                app.bridge().record_last_item("challenge.evidence." + std::to_string(i));
            }
            ImGui::PopID();
        }
    }
    if (world && world->trace().size() != judged_at)
        hint_text(app.tr("challenge.world_changed"));
}

void draw_hints(App& app, const lesson::Challenge& challenge, double elapsed) {
    const lesson::Language language = app.lesson_language();
    int shown = 0;
    for (const auto& hint : challenge.hints) {
        if (elapsed < hint.after_seconds) {
            const int wait = static_cast<int>(hint.after_seconds - elapsed) + 1;
            ImGui::TextDisabled(app.tr("challenge.next_hint_in"), wait / 60, wait % 60);
            return;
        }
        ++shown;
        ImGui::PushFont(app.fonts().bold);
        ImGui::Text(app.tr("challenge.hint_n"), shown);
        ImGui::PopFont();
        ImGui::SameLine();
        ImGui::TextWrapped("%s", lesson_text(app, hint.text.in(language)).c_str());
    }
}

} // namespace

void draw_challenge(App& app, const lesson::Lesson& l) {
    if (!l.challenge)
        return;
    LessonRunner& runner = app.state().lesson;
    const lesson::Challenge& challenge = *l.challenge;
    const lesson::Language language = app.lesson_language();
    const double now = ImGui::GetTime();
    if (runner.challenge_opened_at < 0)
        runner.challenge_opened_at = now;

    ImGui::Separator();
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextWrapped("%s %s", app.tr("challenge.goal"),
                       lesson_text(app, challenge.goal.in(language)).c_str());
    ImGui::PopFont();
    if (ImGui::Button(app.tr("challenge.check")))
        check_now(app, l);
    app.bridge().record_last_item("challenge.check");
    if (runner.verdict)
        draw_verdict(app, *runner.verdict, runner.verdict_position);

    ImGui::Separator();
    const double elapsed = now - runner.challenge_opened_at;
    draw_hints(app, challenge, elapsed);
    // The repair itself only once every hint is out: a student who is stuck still learns how.
    const bool all_hints =
        challenge.hints.empty() || elapsed >= challenge.hints.back().after_seconds;
    if (all_hints && !(runner.verdict && runner.verdict->solved)) {
        if (ImGui::SmallButton(app.tr("challenge.show_solution")))
            app.post_solution([&] {
                std::vector<std::string> lines;
                for (const auto& action : challenge.solution)
                    lines.push_back(action.text);
                return lines;
            }());
        app.bridge().record_last_item("challenge.show_solution");
    }
}

} // namespace mailsim::ui
