#pragma once
// The live stream of `mailsim serve --web` (docs/sections/live.md): what the server sends a
// viewer and what a viewer sends back, as JSON text messages. One codec for both ends, so the
// server (ui/cli/serve/live_feed) and the browser (ui/live/live_mirror) cannot disagree.
//
// server -> viewer: a `snapshot` (the scenario, the view at some position and the events
// since) and the `permissions` in force, then `events` batches numbered 1, 2, 3 ... in order;
// `act_result` answers an `act`; `permissions` again whenever the teacher changes them.
// viewer -> server: `act` (an action line; refused unless the viewer connected with the
// teacher's token, or it composes from the account it signed in as and the teacher allows
// students to), `login` (a student's page signs in with the handout's address and password;
// `login_result` answers), `permit` (the teacher: students may compose or not), `resync`
// (send me a snapshot again).
#include "sim/core/result.h"
#include "sim/trace/event.h"
#include "sim/world/world_view.h"
#include "ui/live/event_compaction.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::live {

// Bumped on any change a viewer of the previous version would misread.
// 2: `permissions`, `permit`, the string key of a refusal in `act_result`, the snapshot's
// `sessions`. 3: events with "same":1 (event_compaction.h) and the snapshot's `compaction`.
// 4: `login` and `login_result`; a student's compose must come from the account signed in.
inline constexpr int kStreamVersion = 4;

// The string keys (lessons/i18n/ui.toml) a refused act_result carries, for the viewer to
// show in its language.
inline constexpr const char* kRefusedReadOnly = "live.refused.read_only";
inline constexpr const char* kRefusedComposeOnly = "live.refused.compose_only";
inline constexpr const char* kRefusedSignIn = "live.refused.sign_in";
inline constexpr const char* kRefusedBadLogin = "live.refused.bad_login";
inline constexpr const char* kRefusedNotYours = "live.refused.not_your_account";
// The English beside a refusal's key, for whoever reads the stream by hand ("" for none).
std::string_view refusal_english(std::string_view key);

// --- encoding (the server) -------------------------------------------------------------------
// One event as a JSON object: the trace's JSON Lines form (world::to_json_line), with text that
// is not UTF-8 (a client's 8-bit bytes) made valid with U+FFFD: a WebSocket text message and the
// browser's JSON parser accept nothing else.
std::string encode_event(const world::Event& event);
std::string encode_view(const world::WorldView& view);

struct SnapshotHeader {
    std::string title;         // what the viewer's status line says (ports)
    std::string scenario_name; // the session name the viewer shows
    std::string scenario_text; // TOML: the viewer builds the same hosts, users and forms
    std::string role;          // "teacher" or "viewer": what this viewer may do
    std::uint64_t seq = 0;     // the last batch already folded into this snapshot
    SimTime now = 0;           // the server's clock
    // Sessions open in the view whose account was named before its events (a long IMAP
    // session): their names, which the events the viewer gets no longer say.
    std::map<world::ConnId, std::string> sessions;
};
// `view_json` (encode_view) is the world after `base_position` events of the run; `events`
// (encode_event) are the events that followed, up to now. The view comes encoded: the server
// encodes it once for every viewer that asks at the same point.
// `compaction`: the server's table as it stands after batch header.seq (the snapshot's events
// are written in full and do not change it).
std::string encode_snapshot(const SnapshotHeader& header, std::string_view view_json,
                            std::uint64_t base_position, const std::vector<std::string>& events,
                            const std::vector<CompactionEntry>& compaction = {});
// A batch: `events` (encoded, joined by commas: EventCompaction::encode_into writes them so)
// happened since batch seq - 1, up to the server's clock `now`.
std::string encode_events(std::uint64_t seq, SimTime now, std::string_view events);
// `key`: the string key of the refusal ("" when ok, or when `error` is the world's own words).
std::string encode_act_result(std::uint64_t id, bool ok, std::string_view error,
                              std::string_view key = {});
std::string encode_act(std::uint64_t id, std::string_view action_line);
std::string encode_resync();
// What viewers without the token may do: compose (when the teacher allows it), or nothing.
std::string encode_permissions(bool students_compose);
// The teacher's request to change that.
std::string encode_permit(bool students_compose);
// A student's page signs in as one of the world's accounts.
std::string encode_login(std::string_view address, std::string_view password);
// The answer: the account's address as the world spells it, or a refusal's key.
std::string encode_login_result(bool ok, std::string_view address, std::string_view key = {});

// --- decoding (the viewer, and the server for the viewer's messages) -----------------------
enum class MessageType {
    Snapshot,
    Events,
    ActResult,
    Act,
    Resync,
    Permissions,
    Permit,
    Login,
    LoginResult
};

struct Message {
    MessageType type = MessageType::Events;
    SnapshotHeader header;                   // snapshot
    world::WorldView view;                   // snapshot
    std::uint64_t base_position = 0;         // snapshot
    std::vector<world::Event> events;        // snapshot, events
    std::vector<bool> same;                  // events: which left out what the last one said
    std::vector<CompactionEntry> compaction; // snapshot
    std::uint64_t seq = 0;                   // events
    SimTime now = 0;                         // events
    std::uint64_t id = 0;                    // act, act_result
    bool ok = false;                         // act_result, login_result
    std::string error;                       // act_result, login_result
    std::string key;                         // act_result, login_result: a refusal's key
    std::string address, password;           // login (login_result: the address only)
    std::string action;                      // act
    bool students_compose = false;           // permissions, permit
};

// Never throws: a message that is not JSON, of another version or missing a field is an Error.
Result<Message> decode_message(std::string_view text);

} // namespace mailsim::live
