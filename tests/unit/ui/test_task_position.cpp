// A step's task is ticked for what the screen shows: the events up to the position the
// student is at, not whatever the world has already produced beyond it.
#include "headless_app.h"

#include "ui/app/lesson_tasks.h"

#include <doctest/doctest.h>

using namespace mailsim::ui;
using mailsim::ui::testing::HeadlessApp;

TEST_CASE("a task is done only once the event that completes it is on screen") {
    HeadlessApp headless("en", HeadlessApp::Panels::Defaults, "", "smtp-commands", "rset-noop");
    headless.frames(2);
    App& app = headless.app;
    Session& session = app.session();
    REQUIRE(app.state().lesson.lesson_id == "smtp-commands");
    const std::size_t offered_at = app.state().lesson.step_started_at;

    REQUIRE(app.perform("telnet host=mail.hamburger.edu port=25 send=\"NOOP\""));
    session.seek_end();
    refresh_tasks(app);
    REQUIRE_FALSE(app.state().lesson.tasks_done.empty());
    CHECK(app.state().lesson.tasks_done[0]); // the NOOP is on screen: done

    // Back to where the task was offered: the NOOP has not happened on screen yet, although
    // the world has produced it.
    session.seek(offered_at);
    REQUIRE(session.trace().size() > offered_at);
    refresh_tasks(app);
    CHECK_FALSE(app.state().lesson.tasks_done[0]);
    // The progress file keeps what the student did.
    CHECK(app.progress().task_done("smtp-commands", "try-noop"));
}
