#pragma once
// Which parts of the screen a frame must redraw: the regions where its ImGui draw lists differ
// from the previous frame's. In a browser without a GPU (SwiftShader) every full-screen layer of
// blended triangles costs the GPU process about 7 ms, and a frame that shows nothing new still
// costs about 12 ms to present: while big-network plays, only the topology, the sequence diagram
// and the time controls change, so the lessons, transcript, mailboxes and queues are not drawn
// again, and a frame where nothing changed is not presented at all. tests/browser/test_shell.mjs
// compares the pixels this leaves with a whole redraw.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace mailsim::ui {

// A rectangle in ImGui's display coordinates, [x0, x1) x [y0, y1).
struct DamageRect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool empty() const { return x1 <= x0 || y1 <= y0; }
    float area() const { return empty() ? 0.0f : (x1 - x0) * (y1 - y0); }
    bool overlaps(const DamageRect& o) const {
        return !empty() && !o.empty() && x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
    }
    DamageRect united(const DamageRect& o) const {
        if (empty())
            return o;
        if (o.empty())
            return *this;
        return {std::min(x0, o.x0), std::min(y0, o.y0), std::max(x1, o.x1), std::max(y1, o.y1)};
    }
    DamageRect intersected(const DamageRect& o) const {
        return {std::max(x0, o.x0), std::max(y0, o.y0), std::min(x1, o.x1), std::min(y1, o.y1)};
    }
    bool operator==(const DamageRect& o) const {
        return x0 == o.x0 && y0 == o.y0 && x1 == o.x1 && y1 == o.y1;
    }
};

class DrawDamage {
public:
    // Compares this frame's draw data with the previous one's and returns the regions to
    // redraw: disjoint rectangles, empty when the frame would show exactly the last one's pixels.
    // `background` is the colour the canvas is cleared to (a change repaints everything).
    const std::vector<DamageRect>& update(const ImDrawData& data, ImU32 background) {
        m_damage.clear();
        const DamageRect screen{data.DisplayPos.x, data.DisplayPos.y,
                                data.DisplayPos.x + data.DisplaySize.x,
                                data.DisplayPos.y + data.DisplaySize.y};
        std::vector<ListState> current;
        current.reserve(static_cast<std::size_t>(data.CmdListsCount));
        for (int n = 0; n < data.CmdListsCount; ++n)
            current.push_back(describe(*data.CmdLists[n], screen));
        const bool whole = m_invalid || !(screen == m_screen) || background != m_background ||
                           data.FramebufferScale.x != m_scale.x ||
                           data.FramebufferScale.y != m_scale.y || !same_order(current);
        if (whole) {
            m_damage.push_back(screen);
        } else {
            for (const ListState& now : current) {
                const ListState* before = find(now.list);
                if (!before) {
                    m_damage.push_back(now.bounds);
                } else if (before->hash != now.hash || !(before->bounds == now.bounds)) {
                    m_damage.push_back(before->bounds);
                    m_damage.push_back(now.bounds);
                }
            }
            for (const ListState& before : m_lists)
                if (!in(current, before.list))
                    m_damage.push_back(before.bounds);
            disjoin(screen);
        }
        m_lists = std::move(current);
        m_screen = screen;
        m_scale = data.FramebufferScale;
        m_background = background;
        m_invalid = false;
        return m_damage;
    }

    // The next update repaints everything: the drawing buffer was lost or resized, or a
    // texture's pixels changed under the same name (the fonts rebuilt, an image replaced).
    void invalidate() { m_invalid = true; }

    // The region list n of the last update can draw to (for skipping lists outside the damage).
    DamageRect bounds(int n) const {
        return n >= 0 && n < static_cast<int>(m_lists.size())
                   ? m_lists[static_cast<std::size_t>(n)].bounds
                   : DamageRect{};
    }

private:
    struct ListState {
        const ImDrawList* list = nullptr;
        std::uint64_t hash = 0;
        DamageRect bounds; // its vertices' box within its clip rectangles, grown to whole units
    };

    // FNV-1a over 64-bit words (the buffers are word-aligned arrays of floats and ints).
    static std::uint64_t mix(std::uint64_t hash, const void* data, std::size_t size) {
        const auto* bytes = static_cast<const unsigned char*>(data);
        std::size_t i = 0;
        for (; i + 8 <= size; i += 8) {
            std::uint64_t word;
            std::memcpy(&word, bytes + i, 8);
            hash = (hash ^ word) * 1099511628211ull;
        }
        for (; i < size; ++i)
            hash = (hash ^ bytes[i]) * 1099511628211ull;
        return hash;
    }

    static ListState describe(const ImDrawList& list, const DamageRect& screen) {
        ListState state;
        state.list = &list;
        std::uint64_t hash = 14695981039346656037ull;
        hash = mix(hash, list.VtxBuffer.Data,
                   static_cast<std::size_t>(list.VtxBuffer.Size) * sizeof(ImDrawVert));
        hash = mix(hash, list.IdxBuffer.Data,
                   static_cast<std::size_t>(list.IdxBuffer.Size) * sizeof(ImDrawIdx));
        DamageRect clips{};
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            const void* callback = reinterpret_cast<const void*>(cmd.UserCallback);
            const std::uint64_t fields[] = {reinterpret_cast<std::uintptr_t>(cmd.TextureId),
                                            cmd.VtxOffset, cmd.IdxOffset, cmd.ElemCount,
                                            reinterpret_cast<std::uintptr_t>(callback)};
            hash = mix(hash, fields, sizeof fields);
            hash = mix(hash, &cmd.ClipRect, sizeof cmd.ClipRect);
            clips = clips.united({cmd.ClipRect.x, cmd.ClipRect.y, cmd.ClipRect.z, cmd.ClipRect.w});
        }
        state.hash = hash;
        DamageRect box{1e30f, 1e30f, -1e30f, -1e30f};
        for (const ImDrawVert& v : list.VtxBuffer) {
            box.x0 = std::min(box.x0, v.pos.x);
            box.y0 = std::min(box.y0, v.pos.y);
            box.x1 = std::max(box.x1, v.pos.x);
            box.y1 = std::max(box.y1, v.pos.y);
        }
        // A pixel a triangle touches lies within a unit of its vertices' box.
        box = {std::floor(box.x0) - 1, std::floor(box.y0) - 1, std::ceil(box.x1) + 1,
               std::ceil(box.y1) + 1};
        state.bounds = box.intersected(clips).intersected(screen);
        if (state.bounds.empty())
            state.bounds = {};
        return state;
    }

    const ListState* find(const ImDrawList* list) const {
        for (const ListState& state : m_lists)
            if (state.list == list)
                return &state;
        return nullptr;
    }
    static bool in(const std::vector<ListState>& lists, const ImDrawList* list) {
        return std::any_of(lists.begin(), lists.end(),
                           [list](const ListState& s) { return s.list == list; });
    }

    // The lists both frames draw must come in the same order (which is drawn over which);
    // lists that came or went are damage of their own.
    bool same_order(const std::vector<ListState>& current) const {
        std::size_t at = 0;
        for (const ListState& now : current) {
            if (!find(now.list))
                continue;
            while (at < m_lists.size() && !in(current, m_lists[at].list))
                ++at;
            if (at == m_lists.size() || m_lists[at].list != now.list)
                return false;
            ++at;
        }
        return true;
    }

    // Overlapping rectangles merged until none overlap (each pixel is redrawn once, in order),
    // and one rectangle for the whole screen when that is nearly all of it anyway.
    void disjoin(const DamageRect& screen) {
        m_damage.erase(std::remove_if(m_damage.begin(), m_damage.end(),
                                      [](const DamageRect& r) { return r.empty(); }),
                       m_damage.end());
        for (bool merged = true; merged;) {
            merged = false;
            for (std::size_t i = 0; i < m_damage.size() && !merged; ++i)
                for (std::size_t j = i + 1; j < m_damage.size() && !merged; ++j)
                    if (m_damage[i].overlaps(m_damage[j])) {
                        m_damage[i] = m_damage[i].united(m_damage[j]);
                        m_damage.erase(m_damage.begin() + static_cast<std::ptrdiff_t>(j));
                        merged = true;
                    }
        }
        float area = 0;
        for (const DamageRect& r : m_damage)
            area += r.area();
        if (m_damage.size() > kMaxRects || area > 0.85f * screen.area())
            m_damage.assign(1, screen);
    }

    static constexpr std::size_t kMaxRects = 12;
    std::vector<ListState> m_lists;
    std::vector<DamageRect> m_damage;
    DamageRect m_screen{};
    ImVec2 m_scale{0, 0};
    ImU32 m_background = 0;
    bool m_invalid = true;
};

} // namespace mailsim::ui
