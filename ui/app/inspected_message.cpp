#include "inspected_message.h"

#include "sim/proto/imap/imap_mutf7.h"
#include "sim/store/store.h"
#include "ui/app/app.h"
#include "ui/app/received_path.h"

namespace mailsim::ui {
namespace {

using world::EventKind;

void reset(InspectedMessage& inspected, App& app, std::string key) {
    if (inspected.texture)
        app.platform().destroy_texture(inspected.texture);
    inspected = InspectedMessage{};
    inspected.source_key = std::move(key);
}

// The DATA phase of one connection, up to the current position.
void from_connection(App& app, world::ConnId conn, InspectedMessage& inspected) {
    const auto& events = app.session().trace().events();
    const std::size_t end = std::min(app.session().position(), events.size());
    bool in_data = false;
    for (std::size_t i = 0; i < end; ++i) {
        const auto& e = events[i];
        if (e.conn != conn)
            continue;
        if (e.kind == EventKind::Command && e.verb == "MAIL") {
            inspected.envelope = mail::Envelope{};
            inspected.wire_lines.clear();
            inspected.envelope.mail_from = path_argument(e.text);
        } else if (e.kind == EventKind::Command && e.verb == "RCPT") {
            inspected.envelope.rcpt_to.push_back(path_argument(e.text));
        } else if (e.kind == EventKind::Reply && e.code == 354) {
            in_data = true;
        } else if (e.kind == EventKind::Data && in_data) {
            inspected.wire_lines.push_back(e.text);
            if (e.text == ".")
                in_data = false;
        }
    }
    for (const auto& line : inspected.wire_lines) {
        if (line == ".")
            break;
        // Dot-unstuffing (RFC 5321 §4.5.2): the sender doubled a leading dot.
        inspected.raw += (line.size() > 1 && line[0] == '.') ? line.substr(1) : line;
        inspected.raw += "\r\n";
    }
    inspected.title = "SMTP #" + std::to_string(conn);
}

void from_mailbox(App& app, const Selection& selection, InspectedMessage& inspected) {
    const world::World* world = app.session().world();
    const auto slash = selection.mailbox.find('/');
    if (!world || slash == std::string::npos)
        return;
    const std::string user = selection.mailbox.substr(0, slash);
    const std::string folder = selection.mailbox.substr(slash + 1);
    const auto& mailboxes = app.session().view().mailboxes;
    auto mailbox_view = mailboxes.find(user);
    if (mailbox_view == mailboxes.end())
        return;
    const store::Store* store = world->store_of(mailbox_view->second.host);
    const store::Mailbox* mailbox = store ? store->find_by_address(user) : nullptr;
    const store::Folder* stored_folder = mailbox ? mailbox->folder(folder) : nullptr;
    const store::Message* message =
        stored_folder ? stored_folder->find(static_cast<store::Uid>(selection.uid)) : nullptr;
    // The folder as a person reads it ("보낸 편지함"), not as IMAP stores it (modified UTF-7).
    inspected.title =
        user + "/" + imap::mailbox_display_name(folder) + " UID " + std::to_string(selection.uid);
    if (message)
        inspected.raw = Bytes(message->bytes());
}

// The queue entry as the view shows it at the current position: nothing before it was queued
// or after it left, whatever the live spool holds now.
void from_queue(App& app, const Selection& selection, InspectedMessage& inspected) {
    const world::QueueEntryView* entry =
        app.session().view().queue_entry(selection.queue_host, selection.msg_id);
    const Bytes* bytes = entry ? app.session().trace().message_at(entry->queued_event) : nullptr;
    if (!bytes)
        return;
    // Not the tracking id: for a mail without Message-ID it is a hash a student cannot place
    // (the header column shows a real Message-ID).
    inspected.title = std::string(app.tr("panel.queues")) + " \xc2\xb7 " + selection.queue_host;
    inspected.envelope.mail_from = entry->from;
    for (const auto& rcpt : entry->rcpts)
        inspected.envelope.rcpt_to.push_back(rcpt.rcpt);
    inspected.raw = *bytes;
}

// Which queue entry (and whether it is there at all) is part of the key, and who still waits
// in it (the envelope shown): stepping past a delivery or back before the mail was queued
// changes what the inspector shows.
std::string queue_key(App& app, const Selection& selection) {
    const world::QueueEntryView* entry =
        app.session().view().queue_entry(selection.queue_host, selection.msg_id);
    std::string key = "queue:" + selection.queue_host + "/" + selection.msg_id + ":";
    if (!entry)
        return key + "none";
    key += std::to_string(entry->queued_event);
    for (const auto& rcpt : entry->rcpts)
        key += " " + rcpt.rcpt;
    return key;
}

} // namespace

InspectedSource inspected_source(const Selection& selection) {
    if (selection.conn != 0)
        return InspectedSource::Connection;
    if (!selection.mailbox.empty())
        return InspectedSource::Mailbox;
    if (!selection.queue_host.empty() && !selection.msg_id.empty())
        return InspectedSource::Queue;
    return InspectedSource::None;
}

void clear_inspected_message(App& app) {
    reset(app.state().inspected, app, "");
}

std::string path_argument(const std::string& command_line) {
    const auto open = command_line.find('<');
    const auto close = command_line.find('>', open == std::string::npos ? 0 : open);
    if (open != std::string::npos && close != std::string::npos)
        return command_line.substr(open + 1, close - open - 1);
    const auto colon = command_line.find(':');
    if (colon == std::string::npos)
        return "";
    std::string rest = command_line.substr(colon + 1);
    while (!rest.empty() && rest.front() == ' ')
        rest.erase(rest.begin());
    return rest.substr(0, rest.find(' '));
}

void refresh_inspected_message(App& app) {
    const Selection& selection = app.state().selection;
    InspectedMessage& inspected = app.state().inspected;
    std::string key;
    // The world's generation is part of the key: the same connection number or mailbox UID in
    // another (or a rewound) world is another message.
    const std::string world = "w" + std::to_string(app.session().generation()) + ":";
    const InspectedSource source = inspected_source(selection);
    if (source == InspectedSource::Connection)
        key = world + "conn:" + std::to_string(selection.conn) + ":" +
              std::to_string(app.session().position());
    else if (source == InspectedSource::Mailbox)
        key = world + "mbox:" + selection.mailbox + "/" + std::to_string(selection.uid);
    else if (source == InspectedSource::Queue)
        key = world + queue_key(app, selection);
    if (key == inspected.source_key)
        return;
    reset(inspected, app, key);
    if (source == InspectedSource::Connection)
        from_connection(app, selection.conn, inspected);
    else if (source == InspectedSource::Mailbox)
        from_mailbox(app, selection, inspected);
    else if (source == InspectedSource::Queue)
        from_queue(app, selection, inspected);
    if (!inspected.raw.empty()) {
        inspected.parsed = mail::parse_message(inspected.raw);
        inspected.path = received_path(inspected.parsed.headers, app.session().view());
    }
}

} // namespace mailsim::ui
