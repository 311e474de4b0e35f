#pragma once
// What the app is showing right now (runtime state, never persisted): the selection, the
// playback controls and the per-panel view options. The world and its time travel live in
// Session; panels read both and turn clicks into changes here.
#include "sim/core/sim_time.h"
#include "sim/lesson/challenge_verdict.h"
#include "sim/lesson/lesson_model.h"
#include "sim/mail/envelope.h"
#include "sim/mail/message.h"
#include "sim/trace/event.h"
#include "ui/app/playback_pacer.h"
#include "ui/app/received_path.h"
#include "ui/app/world_edit.h"
#include "ui/widgets/event_rows.h"
#include "ui/widgets/follow_scroll.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::ui {

struct Selection {
    std::optional<std::uint64_t> event; // a trace event (transcript line, diagram arrow)
    std::string host;
    world::ConnId conn = 0;
    std::string msg_id;
    std::string mailbox;    // "user/folder"
    std::uint64_t uid = 0;  // message in that mailbox folder
    std::string queue_host; // with msg_id: the message in that MTA's queue
    // The position when `event` was picked: the transcript explains the picked line there, and
    // the current line once the student steps on.
    std::size_t event_at = 0;
};

struct Playback {
    bool playing = false;
    double speed = 1.0; // simulated seconds per wall second: 0.1 .. 1e6 (playback_pacer.h)
    PacerState pacer;   // the presentation clock's dwell on the shown event
};

inline constexpr double kMinSpeed = 0.1;
inline constexpr double kMaxSpeed = 1e6;

// Which protocols a transcript or diagram shows (indexed by world::Proto).
struct ProtocolFilter {
    std::array<bool, 8> show{true, true, true, true, true, true, true, true};
    bool allows(world::Proto proto) const { return show[static_cast<size_t>(proto)]; }
};

struct TranscriptOptions {
    ProtocolFilter protocols;
    std::string host; // empty = every host
    bool only_selected_conn = false;
    bool show_tcp = false; // SYN/FIN lines between the protocol lines
    FollowScroll follow;   // keep the current line in view
    EventRows rows;        // the lines the filters let through, kept as the trace grows
};

struct SequenceOptions {
    bool only_selected_conn = false;
    bool show_tcp = true;
    bool show_dns = true;
    FollowScroll follow;
    EventRows rows;
};

// A message travelling along a link on the topology, animated over wall-clock time when the
// position moves past its event.
struct Flight {
    std::uint64_t event = 0;
    double started = 0;                  // ImGui::GetTime() when it took off
    double seconds = kStepFlightSeconds; // how long it takes to arrive
};

// The compose and retrieve forms keep what the student typed between frames.
struct ComposeForm {
    int from = 0; // index into the scenario's user agents
    std::string to, cc, bcc, subject, body;
    int attachment = 0; // 0 = none, else 1 + index of a built-in sample file
    int encoding = 0;   // 0 = automatic, then 7bit, 8bit, quoted-printable, base64
};

struct RetrieveForm {
    int user = 0;
    int protocol = 0; // 0 POP3 delete, 1 POP3 keep, 2 IMAP
};

struct FaultForm {
    int host = 0;
    int verb = 0;
    int code = 0;
};

// The alias and relay-policy editor in the faults panel.
struct PolicyForm {
    std::map<std::string, std::string> members; // alias address -> members being edited
    std::string new_address, new_members;
    std::map<std::string, int> relay_client; // MTA host -> index of the client to allow
};

// The DNS tab of the faults panel: record sets being edited, in their text form.
struct DnsForm {
    std::map<std::string, std::string> mx; // domain -> "10 mail.x, 20 mx2.x" being edited
    std::map<std::string, std::string> a;  // name -> "10.0.2.25" being edited
    std::string new_domain, new_mx;
};

// The message under the inspector, parsed once when the selection changes.
struct InspectedMessage {
    std::string source_key; // what it was built from ("conn:12", "mbox:bob@x/INBOX/3")
    std::string title;
    mail::Envelope envelope; // MAIL FROM / RCPT TO as sent on the wire (empty for a mailbox copy)
    std::vector<std::string> wire_lines; // DATA lines exactly as sent (dot-stuffed)
    Bytes raw;                           // the message itself (unstuffed)
    mail::Part parsed;
    std::vector<ReceivedHop> path; // from its Received fields, oldest hop first
    std::vector<int> part_path;    // selected MIME part (indexes into children)
    std::uintptr_t texture = 0;    // decoded image of the selected part, if any
    int texture_width = 0, texture_height = 0;
    std::string texture_key;
};

// What the encoding explainer shows: the student's input and the chosen step.
struct ExplainerState {
    std::string input = "Man";
    int mode = 0;     // 0 base64 encode, 1 base64 decode, 2 QP encode, 3 QP decode
    int selected = 0; // group (base64) or step (QP)
};

// The hand-typed session of the telnet console ("telnet servername 25").
struct TelnetState {
    int from = 0, target = 0;
    int port = 25;
    std::string line;
    std::size_t opened_at = 0; // trace size when the session was opened
    bool active = false;
};

// The lesson being played: which lesson and step, and what its tasks look like now.
struct LessonRunner {
    std::string lesson_id; // empty: the lesson list is shown
    int step = 0;
    std::vector<bool> tasks_done;    // of the current step, refreshed while the world runs
    std::string message;             // a problem running the step (shown under it)
    std::size_t step_started_at = 0; // trace position when the step was offered (task checks)
    // A challenge: when it was opened (ImGui time, seconds: hints unlock from it) and the
    // verdict of the last "check", with the trace position it judged.
    double challenge_opened_at = -1;
    std::optional<lesson::Verdict> verdict;
    std::size_t verdict_position = 0;
    std::optional<std::uint64_t> marked_event; // the dialogue line the step marks (line:/code:)
};

// One quiz attempt in progress.
struct QuizRunner {
    std::string quiz_id;                     // empty: the quiz list is shown
    std::vector<lesson::Question> questions; // this attempt's questions, choices shuffled
    int current = 0;
    int score = 0;
    bool answered = false; // the current question was checked; its explanation shows
    bool correct = false;
    std::vector<int> picked; // single/multi/find_mistake: chosen indexes; order: sequence so far
    std::vector<int> categories; // classify: category per item (-1 = none yet)
    std::string typed;           // fill_code / predict_reply
    std::string engine_code;     // predict_reply: what the engine answered
    std::string engine_context;  // predict_reply: the dialogue up to the pause
    std::map<std::string, bool> results;
    std::uint64_t attempt_seed = 1;
    bool finished = false;
};

struct AppState {
    LessonRunner lesson;
    QuizRunner quiz;
    TelnetState telnet;
    InspectedMessage inspected;
    ExplainerState explainer;
    ComposeForm compose;
    RetrieveForm retrieve;
    FaultForm fault;
    PolicyForm policy;
    DnsForm dns;
    WorldEditState world_edit; // the world editor (ui/app/world_edit.h)
    std::vector<Flight> flights;
    std::size_t last_position = 0; // position when flights were last collected
    Selection selection;
    Playback playback;
    TranscriptOptions transcript;
    SequenceOptions sequence;
    std::string status_message; // one line in the status bar (errors loading a file, ...)
    std::string lesson_hash;    // "lesson=ID&step=ID" while a lesson is open (deep links)
};

} // namespace mailsim::ui
