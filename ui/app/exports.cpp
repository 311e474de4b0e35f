// File > Export: the transcript, the trace (JSON lines), a pcap of the packets, and the
// sequence diagram as a PNG (read back from the framebuffer after the frame is rendered).
#include "app.h"

#include "ui/util/png_writer.h"
#include "ui/widgets/event_style.h"

#include "sim/world/pcap.h"

#include <imgui.h>

namespace mailsim::ui {

void App::draw_export_menu() {
    if (!ImGui::BeginMenu(tr("menu.file.export")))
        return;
    const std::string base = "mailsim-" + m_session.name();
    if (ImGui::MenuItem(tr("menu.file.export_transcript"))) {
        std::string text;
        for (const auto& event : m_session.trace().events())
            if (is_dialogue(event))
                text += event_label(event) + "\n";
        m_platform->offer_file(base + "-transcript.txt", text);
    }
    if (ImGui::MenuItem(tr("menu.file.export_trace"))) {
        std::string text;
        for (const auto& event : m_session.trace().events())
            text += world::to_json_line(event) + "\n";
        m_platform->offer_file(base + "-trace.jsonl", text);
    }
    if (ImGui::MenuItem(tr("menu.file.export_pcap")))
        m_platform->offer_file(base + ".pcap", world::write_pcap(m_session.trace().packets()));
    if (ImGui::MenuItem(tr("menu.file.export_sequence"))) {
        open_panel("sequence");
        m_capture_window = "sequence.window";
        m_capture_tries = 0;
    }
    ImGui::EndMenu();
}

void App::after_render() {
    if (m_capture_window.empty())
        return;
    const auto& rects = m_bridge.rects();
    auto found = rects.find(m_capture_window);
    // The panel may have been behind a tab: it is on screen from the next frame on.
    if (found == rects.end() && ++m_capture_tries < 3)
        return;
    m_capture_window.clear();
    if (found == rects.end())
        return;
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    const int x = static_cast<int>(found->second.x * scale.x),
              y = static_cast<int>(found->second.y * scale.y);
    const int w = static_cast<int>(found->second.w * scale.x),
              h = static_cast<int>(found->second.h * scale.y);
    if (w <= 0 || h <= 0)
        return;
    const auto pixels = m_platform->read_pixels(x, y, w, h);
    m_platform->offer_file("mailsim-" + m_session.name() + "-sequence.png",
                           encode_png_rgba(pixels, w, h));
}

} // namespace mailsim::ui
