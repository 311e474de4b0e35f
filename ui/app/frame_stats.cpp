// How long frames take: the UI benchmark's sample (--bench N) and the frame-time overlay.
#include "app.h"

#include <imgui.h>

#include <algorithm>

namespace mailsim::ui {

void App::record_frame_cpu(double milliseconds) {
    if (m_options.bench_frames <= 0 || bench_done())
        return;
    m_frame_cpu_ms.push_back(milliseconds);
    // The first frames bake fonts and fill caches: not part of the steady state measured.
    constexpr int kWarmup = 10;
    if (static_cast<int>(m_frame_cpu_ms.size()) < m_options.bench_frames + kWarmup)
        return;
    std::vector<double> sample(m_frame_cpu_ms.begin() + kWarmup, m_frame_cpu_ms.end());
    std::sort(sample.begin(), sample.end());
    double sum = 0;
    for (double v : sample)
        sum += v;
    m_bench_stats.frames = static_cast<int>(sample.size());
    m_bench_stats.mean_ms = sum / static_cast<double>(sample.size());
    m_bench_stats.p95_ms =
        sample[static_cast<size_t>(static_cast<double>(sample.size() - 1) * 0.95)];
    m_bench_stats.max_ms = sample.back();
}

void App::draw_frame_overlay() {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float pad = ImGui::GetFontSize() * 0.6f;
    ImGui::SetNextWindowPos(
        ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - pad, viewport->WorkPos.y + pad),
        ImGuiCond_Always, ImVec2(1, 0));
    ImGui::SetNextWindowBgAlpha(0.6f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs |
                                   ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;
    if (ImGui::Begin("##frame_overlay", nullptr, flags)) {
        ImGui::Text("%s: %.2f ms (%.0f fps)", tr("overlay.frame"), m_frame_ms_smoothed,
                    m_frame_ms_smoothed > 0 ? 1000.0 / m_frame_ms_smoothed : 0.0);
        ImGui::Text("%s: %lld", tr("overlay.frames"), m_frame_count);
    }
    ImGui::End();
}

} // namespace mailsim::ui
