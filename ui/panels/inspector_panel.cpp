// The message inspector: envelope beside header beside body (they differ, and the lesson
// says why), the MIME tree with decoded parts (text, images, hex), the raw bytes with CRLF
// and dot-stuffing made visible, and the Received chain.
#include "panels.h"

#include "ui/app/app.h"
#include "ui/app/inspected_message.h"
#include "ui/app/panel_window.h"
#include "ui/style/theme.h"
#include "ui/widgets/fit_text.h"
#include "ui/widgets/image_decode.h"

#include <imgui.h>

#include <cstdio>
#include <string>

namespace mailsim::ui {
namespace {

const mail::Part* part_at(const mail::Part& root, const std::vector<int>& path) {
    const mail::Part* part = &root;
    for (int index : path) {
        if (index < 0 || static_cast<size_t>(index) >= part->children.size())
            return nullptr;
        part = &part->children[static_cast<size_t>(index)];
    }
    return part;
}

void section_title(App& app, const char* key) {
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(app.tr(key));
    ImGui::PopFont();
}

void draw_overview(App& app, InspectedMessage& m) {
    if (!ImGui::BeginTable("overview", 3,
                           ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable))
        return;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    section_title(app, "inspector.envelope");
    hint_text(app.tr("inspector.envelope_hint"));
    ImGui::PushFont(app.fonts().mono);
    if (!m.wire_lines.empty() || !m.envelope.mail_from.empty() || !m.envelope.rcpt_to.empty()) {
        ImGui::TextWrapped("MAIL FROM:<%s>", m.envelope.mail_from.c_str());
        for (const auto& rcpt : m.envelope.rcpt_to)
            ImGui::TextWrapped("RCPT TO:<%s>", rcpt.c_str());
    } else {
        hint_text(app.tr("inspector.no_envelope"));
    }
    ImGui::PopFont();
    ImGui::TableNextColumn();
    section_title(app, "inspector.header");
    hint_text(app.tr("inspector.header_hint"));
    // An empty column read as a display fault: lesson 1's message (the lecture's telnet DATA)
    // has a body and nothing above it.
    if (m.parsed.headers.fields().empty()) {
        hint_text(app.tr("inspector.no_header"));
        app.bridge().record_last_item("inspector.no_header");
    }
    ImGui::PushFont(app.fonts().mono);
    for (const auto& field : m.parsed.headers.fields()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().smtp);
        ImGui::TextUnformatted((field.name + ":").c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        const auto decoded = m.parsed.header_text(field.name);
        ImGui::TextWrapped("%s", field.value.c_str());
        if (decoded && *decoded != field.value)
            ImGui::TextDisabled("  = %s", decoded->c_str());
    }
    ImGui::PopFont();
    ImGui::TableNextColumn();
    section_title(app, "inspector.body");
    hint_text(app.tr("inspector.body_hint"));
    ImGui::PushFont(app.fonts().mono);
    const std::string text =
        m.parsed.is_multipart() ? std::string(m.parsed.body()) : m.parsed.text();
    ImGui::TextWrapped("%s", text.substr(0, 4000).c_str());
    ImGui::PopFont();
    ImGui::EndTable();
}

void draw_tree_node(App& app, InspectedMessage& m, const mail::Part& part, std::vector<int>& path) {
    std::string label = part.mime_type();
    if (auto encoding = part.transfer_encoding_field())
        label += "  [" + *encoding + "]";
    if (auto name = part.filename())
        label += "  \"" + *name + "\"";
    label += "  " + std::to_string(part.body().size()) + " B";
    ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_DefaultOpen | ImGuiTreeNodeFlags_OpenOnArrow;
    if (part.children.empty())
        flags |= ImGuiTreeNodeFlags_Leaf;
    if (m.part_path == path)
        flags |= ImGuiTreeNodeFlags_Selected;
    ImGui::PushID(static_cast<int>(path.size() * 1000 + (path.empty() ? 0 : path.back())));
    const bool open = ImGui::TreeNodeEx(label.c_str(), flags);
    if (ImGui::IsItemClicked())
        m.part_path = path;
    for (const auto& warning : part.warnings) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().reply_4yz);
        ImGui::TextWrapped("! %s", app.strings().has(warning.key) ? app.tr(warning.key)
                                                                  : warning.message.c_str());
        ImGui::PopStyleColor();
    }
    if (open) {
        for (size_t i = 0; i < part.children.size(); ++i) {
            path.push_back(static_cast<int>(i));
            draw_tree_node(app, m, part.children[i], path);
            path.pop_back();
        }
        ImGui::TreePop();
    }
    ImGui::PopID();
}

void draw_hex(const Bytes& data) {
    const size_t shown = std::min<size_t>(data.size(), 4096);
    char line[96];
    for (size_t row = 0; row < shown; row += 16) {
        int n = std::snprintf(line, sizeof line, "%06zx ", row);
        for (size_t i = row; i < row + 16; ++i)
            n += i < shown ? std::snprintf(line + n, sizeof line - static_cast<size_t>(n), " %02x",
                                           static_cast<unsigned char>(data[i]))
                           : std::snprintf(line + n, sizeof line - static_cast<size_t>(n), "   ");
        ImGui::TextUnformatted(line);
    }
}

void draw_decoded(App& app, InspectedMessage& m) {
    const mail::Part* part = part_at(m.parsed, m.part_path);
    if (!part || part->is_multipart())
        return;
    ImGui::Separator();
    const std::string type = part->mime_type();
    const Bytes decoded = part->decoded_body();
    ImGui::TextDisabled("%s: %zu B", app.tr("inspector.decoded"), decoded.size());
    if (type == "image/jpeg" || type == "image/gif" || type == "image/png") {
        const std::string key = m.source_key + "#" + std::to_string(m.part_path.size()) +
                                (m.part_path.empty() ? "" : std::to_string(m.part_path.back()));
        if (m.texture_key != key) {
            if (m.texture)
                app.platform().destroy_texture(m.texture);
            m.texture = 0;
            m.texture_key = key;
            if (auto image = decode_image(decoded)) {
                m.texture =
                    app.platform().create_texture(image->rgba.data(), image->width, image->height);
                m.texture_width = image->width;
                m.texture_height = image->height;
            }
        }
        if (m.texture) {
            const float em = ImGui::GetFontSize();
            const float scale =
                std::min(1.0f, em * 20 / static_cast<float>(std::max(m.texture_width, 1)));
            ImGui::Image(reinterpret_cast<ImTextureID>(m.texture),
                         ImVec2(m.texture_width * scale * 4, m.texture_height * scale * 4));
        } else {
            hint_text(app.tr("inspector.bad_image"));
        }
        return;
    }
    ImGui::PushFont(app.fonts().mono);
    if (type.rfind("text/", 0) == 0 || type == "message/delivery-status")
        ImGui::TextWrapped("%s", part->text().substr(0, 8000).c_str());
    else
        draw_hex(decoded);
    ImGui::PopFont();
}

void draw_raw(App& app, InspectedMessage& m) {
    hint_text(app.tr("inspector.raw_hint"));
    ImGui::PushFont(app.fonts().mono);
    const Palette& p = palette();
    if (!m.wire_lines.empty()) {
        for (const auto& line : m.wire_lines) {
            const bool stuffed = line.size() > 1 && line[0] == '.';
            const bool end = line == ".";
            if (stuffed || end)
                ImGui::PushStyleColor(ImGuiCol_Text, p.highlight);
            ImGui::TextUnformatted((line + "\xe2\x90\x8d\xe2\x90\x8a").c_str()); // ␍␊
            if (stuffed || end) {
                ImGui::PopStyleColor();
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip(
                        "%s", app.tr(end ? "inspector.end_of_data" : "inspector.dot_stuffed"));
            }
        }
    } else {
        size_t start = 0;
        while (start < m.raw.size() && start < 64 * 1024) {
            size_t end = m.raw.find("\r\n", start);
            const bool crlf = end != std::string::npos;
            if (!crlf)
                end = m.raw.size();
            ImGui::TextUnformatted(
                (m.raw.substr(start, end - start) + (crlf ? "\xe2\x90\x8d\xe2\x90\x8a" : ""))
                    .c_str());
            start = crlf ? end + 2 : end;
        }
    }
    ImGui::PopFont();
}

void draw_received(App& app, InspectedMessage& m) {
    hint_text(app.tr("inspector.received_hint"));
    const auto received = m.parsed.headers.get_all("Received");
    ImGui::PushFont(app.fonts().mono);
    // Newest first in the header; the path reads bottom-up, so number from the sender.
    for (size_t i = 0; i < received.size(); ++i)
        ImGui::TextWrapped("%zu. %s", received.size() - i, received[i]->value.c_str());
    if (auto path = m.parsed.headers.get("Return-Path"))
        ImGui::TextWrapped("Return-Path: %.*s", static_cast<int>(path->size()), path->data());
    ImGui::PopFont();
    if (received.empty())
        hint_text(app.tr("inspector.no_received"));
}

} // namespace

void draw_inspector_panel(App& app, bool* open) {
    if (!begin_panel(app, "inspector", open)) {
        ImGui::End();
        return;
    }
    refresh_inspected_message(app);
    InspectedMessage& m = app.state().inspected;
    if (m.raw.empty()) {
        // A queue entry picked at another point in time: say why it is not shown here.
        const bool queue = inspected_source(app.state().selection) == InspectedSource::Queue;
        ImGui::TextWrapped("%s", app.tr(queue ? "inspector.not_in_queue" : "inspector.nothing"));
        ImGui::End();
        return;
    }
    ImGui::Text("%s", m.title.c_str());
    if (ImGui::BeginTabBar("inspector_tabs")) {
        if (ImGui::BeginTabItem(app.tr("inspector.tab.overview"))) {
            draw_overview(app, m);
            ImGui::EndTabItem();
        }
        app.bridge().record_last_item("inspector.tab.overview");
        if (ImGui::BeginTabItem(app.tr("inspector.tab.mime"))) {
            std::vector<int> path;
            draw_tree_node(app, m, m.parsed, path);
            draw_decoded(app, m);
            ImGui::EndTabItem();
        }
        app.bridge().record_last_item("inspector.tab.mime");
        if (ImGui::BeginTabItem(app.tr("inspector.tab.raw"))) {
            draw_raw(app, m);
            ImGui::EndTabItem();
        }
        app.bridge().record_last_item("inspector.tab.raw");
        if (ImGui::BeginTabItem(app.tr("inspector.tab.received"))) {
            draw_received(app, m);
            ImGui::EndTabItem();
        }
        app.bridge().record_last_item("inspector.tab.received");
        ImGui::EndTabBar();
    }
    ImGui::End();
}

} // namespace mailsim::ui
