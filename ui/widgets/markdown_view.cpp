#include "markdown_view.h"

#include "sim/lesson/placeholders.h"
#include "ui/app/app.h"
#include "ui/panels/panel_registry.h"
#include "ui/style/theme.h"
#include "ui/widgets/fit_text.h"

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace mailsim::ui {
namespace {

using lesson::Block;
using lesson::BlockKind;
using lesson::Inline;
using lesson::SpanStyle;

ImFont* font_for(App& app, SpanStyle style) {
    if (lesson::has_style(style, SpanStyle::Code))
        return app.fonts().mono;
    if (lesson::has_style(style, SpanStyle::Bold))
        return app.fonts().bold;
    return app.fonts().text;
}

// A run of a span's text: plain words, or the title of a panel a `{panel.ID}` named, which
// is a link that brings that panel on screen (a step that says "in the telnet console" while
// that console is not shown gives the student a way to it).
struct Piece {
    std::string text;
    std::string panel; // non-empty: a link to this panel
};

std::vector<Piece> pieces_of(App& app, const std::string& text) {
    std::vector<Piece> out;
    std::size_t copied = 0;
    for (const auto& placeholder : lesson::find_placeholders(text)) {
        out.push_back({text.substr(copied, placeholder.offset - copied), ""});
        const std::string title = app.tr(placeholder.key);
        const bool panel_link = placeholder.key.rfind("panel.", 0) == 0 &&
                                find_panel(placeholder.key.substr(6)) != nullptr;
        out.push_back({title, panel_link ? placeholder.key.substr(6) : ""});
        copied = placeholder.offset + placeholder.length;
    }
    out.push_back({text.substr(copied), ""});
    return out;
}

// Lays spans out word by word so styles can change mid-line and text still wraps at the
// window edge (ImGui's own wrapping works for one font at a time only).
void draw_inline(App& app, const Inline& spans, float indent = 0) {
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    const float left = ImGui::GetCursorScreenPos().x + indent;
    const Palette& p = palette();
    bool first = true;
    float x = left;
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    for (const auto& span : spans) {
        ImFont* font = font_for(app, span.style);
        const bool code = lesson::has_style(span.style, SpanStyle::Code);
        const bool italic = lesson::has_style(span.style, SpanStyle::Italic);
        for (const Piece& piece : pieces_of(app, span.text)) {
            const bool link = !piece.panel.empty();
            std::string_view text = piece.text;
            std::size_t start = 0;
            while (start < text.size()) {
                // A word with its trailing spaces, so spacing follows the source.
                std::size_t end = text.find(' ', start);
                end =
                    end == std::string_view::npos ? text.size() : text.find_first_not_of(' ', end);
                if (end == std::string_view::npos)
                    end = text.size();
                const std::string word(text.substr(start, end - start));
                start = end;
                ImGui::PushFont(font);
                const float width = ImGui::CalcTextSize(word.c_str()).x;
                if (!first && x + width > right && x > left) {
                    // The previous word already moved the cursor to the next line.
                    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
                    x = left;
                } else if (!first) {
                    ImGui::SameLine(0, 0);
                }
                const ImVec2 at = ImGui::GetCursorScreenPos();
                if (code)
                    ImGui::GetWindowDrawList()->AddRectFilled(
                        at, ImVec2(at.x + width, at.y + ImGui::GetTextLineHeight()),
                        ImGui::GetColorU32(ImGuiCol_FrameBg), 3.0f);
                const bool coloured = italic || code || link;
                if (coloured)
                    ImGui::PushStyleColor(ImGuiCol_Text, code ? p.smtp : p.link);
                // A word longer than a whole line (a narrow table cell) is cut with "…" and
                // shown whole on hover, instead of being clipped mid-word.
                if (width > right - at.x && at.x <= left + 0.5f)
                    fit_text(word, right - left);
                else
                    ImGui::TextUnformatted(word.c_str());
                if (coloured)
                    ImGui::PopStyleColor();
                if (link) {
                    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
                    const float trailing =
                        ImGui::CalcTextSize(" ").x *
                        static_cast<float>(word.size() - word.find_last_not_of(' ') - 1);
                    ImGui::GetWindowDrawList()->AddLine(ImVec2(min.x, max.y - 1),
                                                        ImVec2(max.x - trailing, max.y - 1),
                                                        ImGui::GetColorU32(p.link));
                    // Text is no widget: the press may have made the scrolling area active.
                    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem)) {
                        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
                        if (ImGui::IsMouseReleased(ImGuiMouseButton_Left))
                            app.open_panel(piece.panel);
                    }
                    app.bridge().record("link.panel." + piece.panel, min, max);
                }
                ImGui::PopFont();
                x += width;
                first = false;
            }
        }
    }
    if (first)
        ImGui::NewLine();
}

void draw_table(App& app, const Block& block, int index) {
    if (block.rows.empty())
        return;
    const int columns = static_cast<int>(block.rows[0].size());
    if (columns <= 0)
        return;
    const std::string id = "md_table_" + std::to_string(index);
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable(id.c_str(), columns, flags))
        return;
    for (std::size_t r = 0; r < block.rows.size(); ++r) {
        ImGui::TableNextRow(r == 0 ? ImGuiTableRowFlags_Headers : 0);
        for (int c = 0; c < columns; ++c) {
            ImGui::TableNextColumn();
            if (static_cast<std::size_t>(c) < block.rows[r].size()) {
                if (r == 0)
                    ImGui::PushFont(app.fonts().bold);
                draw_inline(app, block.rows[r][static_cast<std::size_t>(c)]);
                if (r == 0)
                    ImGui::PopFont();
            }
        }
    }
    ImGui::EndTable();
}

} // namespace

void draw_markdown(App& app, const lesson::Document& document) {
    const float em = ImGui::GetFontSize();
    int index = 0;
    for (const auto& block : document.blocks) {
        ++index;
        switch (block.kind) {
        case BlockKind::Heading:
            ImGui::Spacing();
            ImGui::PushFont(app.fonts().bold);
            draw_inline(app, block.text);
            ImGui::PopFont();
            break;
        case BlockKind::Paragraph:
            draw_inline(app, block.text);
            break;
        case BlockKind::Note: {
            const ImVec2 start = ImGui::GetCursorScreenPos();
            draw_inline(app, block.text, em * 0.8f);
            const ImVec2 end = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddRectFilled(start, ImVec2(start.x + em * 0.25f, end.y),
                                                      palette().highlight);
            break;
        }
        case BlockKind::Code: {
            ImGui::PushFont(app.fonts().mono);
            ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
            std::size_t lines = 1;
            for (char c : block.code)
                lines += c == '\n';
            const std::string id = "md_code_" + std::to_string(index);
            ImGui::BeginChild(
                id.c_str(),
                ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(lines) +
                              em * 0.8f),
                false, ImGuiWindowFlags_HorizontalScrollbar);
            ImGui::TextUnformatted(block.code.c_str());
            ImGui::EndChild();
            ImGui::PopStyleColor();
            ImGui::PopFont();
            break;
        }
        case BlockKind::BulletList:
        case BlockKind::NumberedList: {
            int number = 1;
            for (const auto& item : block.items) {
                const std::string marker = block.kind == BlockKind::BulletList
                                               ? "\xe2\x80\xa2"
                                               : std::to_string(number++) + ".";
                ImGui::TextUnformatted(marker.c_str());
                ImGui::SameLine(em * 1.6f);
                const float x = ImGui::GetCursorScreenPos().x;
                ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
                ImGui::BeginGroup();
                draw_inline(app, item);
                ImGui::EndGroup();
            }
            break;
        }
        case BlockKind::Table:
            draw_table(app, block, index);
            break;
        }
        ImGui::Spacing();
    }
}

void draw_markdown_text(App& app, std::string_view text) {
    draw_markdown(app, lesson::parse_markdown(text));
}

} // namespace mailsim::ui
