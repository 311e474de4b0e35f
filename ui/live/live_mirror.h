#pragma once
// The browser's copy of a world served by `mailsim serve --web`: built from the stream's
// snapshot (the scenario, the view at some position and the events since) and extended by
// each batch of events. The view at any received position is folded from the snapshot's view
// (world::Seeker), so a viewer steps back through what it has received without the server.
// Acting sends the action line to the server, which performs it (teacher only).
#include "ui/live/live_codec.h"
#include "ui/live/live_world.h"

#include <functional>
#include <memory>
#include <string>

namespace mailsim::live {

class LiveMirror final : public LiveWorld {
public:
    // Sends a message to the server (the WebSocket).
    using Sender = std::function<void(const std::string& message)>;
    explicit LiveMirror(Sender send) : m_send(std::move(send)) {}

    enum class Update {
        Attached, // a snapshot replaced everything: the UI attaches afresh
        Events,   // more events (or just a later clock)
        ActResult,
        Permissions, // the teacher allowed or stopped students' composing
        SignedIn,    // a login_result: signed in, or refused (last_sign_in())
        Resyncing,   // a batch was missing: a fresh snapshot was asked for, batches wait for it
    };
    // One message from the server. An Error leaves the mirror as it was.
    Result<Update> receive(std::string_view text);

    bool attached() const { return m_world != nullptr; }
    const SnapshotHeader& header() const { return m_header; }
    bool may_act() const { return m_header.role == "teacher"; }
    std::uint64_t seq() const { return m_seq; }
    // The last act_result: ok, or the server's reason.
    const Message& last_act_result() const { return m_act_result; }
    const Message& last_sign_in() const { return m_sign_in; }

    world::World& world() override { return *m_world; }
    const world::Trace& trace() const override { return m_trace; }
    const world::WorldView& view_at(std::size_t position) override;
    SimTime now() const override { return m_now; }
    Status perform(const world::Action& action) override;
    const char* refusal_key(const world::Action& action) const override;
    bool can_permit() const override { return may_act(); }
    bool students_compose() const override { return m_students_compose; }
    void permit_compose(bool allow) override;
    bool signs_in() const override { return !may_act(); }
    const std::string& account() const override { return m_account; }
    void sign_in(const std::string& address, const std::string& password) override;
    const std::map<world::ConnId, std::string>* earlier_session_names() const override {
        return &m_header.sessions;
    }

private:
    Status attach(Message& snapshot);

    Sender m_send;
    SnapshotHeader m_header;
    std::unique_ptr<world::World> m_world;
    world::Trace m_trace;
    std::unique_ptr<world::Seeker> m_seeker;
    std::uint64_t m_seq = 0;
    SimTime m_now = 0;
    std::uint64_t m_next_act = 1;
    bool m_resyncing = false;
    bool m_students_compose = false; // as the server last said (after every snapshot)
    EventCompaction m_compaction;    // in step with the server's, batch by batch
    Message m_act_result;
    Message m_sign_in;
    std::string m_account; // signed in as (the server said so on this connection)
    // What signed in last: said again after a fresh snapshot (a new connection knows nobody).
    std::string m_login_address, m_login_password;
};

} // namespace mailsim::live
