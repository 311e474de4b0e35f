#include "live_mirror.h"

#include "sim/core/bytes.h"
#include "sim/world/scenario_files.h"

namespace mailsim::live {

Result<LiveMirror::Update> LiveMirror::receive(std::string_view text) {
    auto decoded = decode_message(text);
    if (!decoded)
        return decoded.error();
    Message& message = *decoded;
    switch (message.type) {
    case MessageType::Snapshot: {
        if (auto status = attach(message); !status)
            return status.error();
        return Update::Attached;
    }
    case MessageType::Events:
        if (!m_world || m_resyncing)
            return Update::Resyncing; // before the (new) snapshot: it already holds these
        if (message.seq <= m_seq)
            return Update::Events; // folded into the snapshot already
        if (message.seq != m_seq + 1) {
            // A batch went missing: whatever follows would fold onto the wrong view.
            m_resyncing = true;
            m_send(encode_resync());
            return Update::Resyncing;
        }
        // Expanded first, all of it: a batch that does not fit leaves the mirror as it was.
        for (std::size_t i = 0; i < message.events.size(); ++i)
            if (auto status = m_compaction.expand(message.events[i],
                                                  i < message.same.size() && message.same[i]);
                !status) {
                m_resyncing = true;
                m_send(encode_resync());
                return status.error();
            }
        m_seq = message.seq;
        m_now = std::max(m_now, message.now);
        for (auto& event : message.events)
            m_trace.add(std::move(event));
        return Update::Events;
    case MessageType::ActResult:
        m_act_result = std::move(message);
        return Update::ActResult;
    case MessageType::Permissions:
        m_students_compose = message.students_compose;
        return Update::Permissions;
    case MessageType::LoginResult:
        m_account = message.ok ? message.address : std::string();
        if (!message.ok)
            m_login_password.clear(); // not said again after a reconnect
        m_sign_in = std::move(message);
        return Update::SignedIn;
    case MessageType::Act:
    case MessageType::Resync:
    case MessageType::Permit:
    case MessageType::Login:
        break;
    }
    return Error{"live stream: the server sent a viewer's message"};
}

Status LiveMirror::attach(Message& snapshot) {
    const std::string source = "live:" + snapshot.header.scenario_name;
    auto scenario = world::parse_scenario(snapshot.header.scenario_text, source);
    if (!scenario)
        return make_error(world::format_error(source, scenario.error()));
    auto created = world::World::create(*scenario);
    if (!created)
        return make_error(world::format_error(source, created.error()));
    m_world = std::move(*created);
    m_header = std::move(snapshot.header);
    m_seq = m_header.seq;
    m_now = m_header.now;
    m_resyncing = false;
    m_students_compose = false; // the permissions follow every snapshot
    m_compaction.load(snapshot.compaction);
    m_account.clear(); // a snapshot may start a new connection, which knows nobody yet
    if (!may_act() && !m_login_password.empty())
        m_send(encode_login(m_login_address, m_login_password));
    // Positions count from the snapshot's view: the trace holds what followed it.
    m_trace = world::Trace();
    for (auto& event : snapshot.events)
        m_trace.add(std::move(event));
    snapshot.view.position = 0;
    m_seeker = std::make_unique<world::Seeker>(std::move(snapshot.view));
    return Ok{};
}

const world::WorldView& LiveMirror::view_at(std::size_t position) {
    return m_seeker->seek(m_trace.events(), position);
}

const char* LiveMirror::refusal_key(const world::Action& action) const {
    if (may_act())
        return nullptr;
    if (!m_students_compose)
        return kRefusedReadOnly;
    if (action.verb != "compose")
        return kRefusedComposeOnly;
    if (m_account.empty())
        return kRefusedSignIn;
    if (to_lower_ascii(action.get_or("from", "")) != to_lower_ascii(m_account) || action.get("raw"))
        return kRefusedNotYours;
    return nullptr;
}

void LiveMirror::sign_in(const std::string& address, const std::string& password) {
    if (may_act())
        return;
    m_login_address = address;
    m_login_password = password;
    m_send(encode_login(address, password));
}

Status LiveMirror::perform(const world::Action& action) {
    // The server decides too (a page can be edited): this only saves asking it in vain.
    if (const char* key = refusal_key(action))
        return make_error(key);
    m_send(encode_act(m_next_act++, action.to_string()));
    return Ok{};
}

void LiveMirror::permit_compose(bool allow) {
    if (may_act())
        m_send(encode_permit(allow));
}

} // namespace mailsim::live
