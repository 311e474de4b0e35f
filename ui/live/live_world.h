#pragma once
// A world that something else runs, as the UI's Session shows it (Session::attach_live): the
// desktop's `mailsim-gui --serve` (the serve loop's own World, in this process) and the
// browser opened from `mailsim serve --web` (a LiveMirror of the server's stream) both come
// in here, so both views step, seek and act through the same path.
#include "sim/core/result.h"
#include "sim/trace/trace.h"
#include "sim/world/action.h"
#include "sim/world/world.h"
#include "sim/world/world_view.h"

#include <map>
#include <string>

namespace mailsim::live {

class LiveWorld {
public:
    virtual ~LiveWorld() = default;
    // The scenario's hosts, users and stores, for the panels' forms; never stepped by the UI.
    virtual world::World& world() = 0;
    // Everything seen so far (the UI's positions index it) and the view after any prefix.
    virtual const world::Trace& trace() const = 0;
    virtual const world::WorldView& view_at(std::size_t position) = 0;
    // The world's clock as last heard (events may be older).
    virtual SimTime now() const = 0;
    // An action at the world's present (there is no rewinding a world real clients use).
    virtual Status perform(const world::Action& action) = 0;
    // The string key of why this viewer may not perform `action` (a student's browser without
    // the teacher's leave), or nullptr: the UI says so in its language without asking.
    virtual const char* refusal_key(const world::Action&) const { return nullptr; }
    // The teacher's page: whether students may compose from their browsers, and changing it
    // (the answer comes back from the server; until then students_compose() is unchanged).
    virtual bool can_permit() const { return false; }
    virtual bool students_compose() const { return false; }
    virtual void permit_compose(bool) {}
    // A student's page composes only from the account it signed in as (the class handout's
    // address and password, which the server checks): whether this viewer must sign in, the
    // account it is signed in as ("" until then), and signing in (the answer comes back).
    virtual bool signs_in() const { return false; }
    virtual const std::string& account() const {
        static const std::string none;
        return none;
    }
    virtual void sign_in(const std::string& /*address*/, const std::string& /*password*/) {}
    // Names of sessions that named their account before trace() begins (a snapshot's).
    virtual const std::map<world::ConnId, std::string>* earlier_session_names() const {
        return nullptr;
    }
};

// The serve loop's world in this very process (mailsim-gui --serve): read directly.
class LocalLiveWorld final : public LiveWorld {
public:
    explicit LocalLiveWorld(world::World& world) : m_world(world) {}
    world::World& world() override { return m_world; }
    const world::Trace& trace() const override { return m_world.trace(); }
    const world::WorldView& view_at(std::size_t position) override {
        return m_world.view_at(position);
    }
    SimTime now() const override { return m_world.now(); }
    Status perform(const world::Action& action) override { return m_world.perform(action); }

private:
    world::World& m_world;
};

} // namespace mailsim::live
