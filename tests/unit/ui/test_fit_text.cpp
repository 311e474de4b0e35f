// Text that does not fit is cut at a character boundary (Hangul is three bytes in UTF-8) with
// room left for "…", and text that fits is left whole.
#include "headless_app.h"

#include "ui/widgets/fit_text.h"

#include <doctest/doctest.h>

using namespace mailsim::ui;
using mailsim::ui::testing::HeadlessApp;

TEST_CASE("fit_text keeps what fits and cuts the rest at a character boundary") {
    HeadlessApp headless("ko");
    headless.frames(1);
    ImGui::NewFrame();
    bool shortened = true;
    CHECK(fitting_prefix("S: 354", 1000, &shortened) == "S: 354");
    CHECK_FALSE(shortened);

    const std::string line = "S: 354 End data with <CR><LF>.<CR><LF>";
    const float full = ImGui::CalcTextSize(line.c_str()).x;
    const auto cut = fitting_prefix(line, full / 2, &shortened);
    CHECK(shortened);
    CHECK(cut.size() < line.size());
    CHECK(line.rfind(cut, 0) == 0);
    const std::string shown = std::string(cut) + "\xe2\x80\xa6";
    CHECK(ImGui::CalcTextSize(shown.c_str()).x <= full / 2 + 0.5f);

    const std::string korean = "메일 서버가 받은 편지를 보관하는 곳: 우편함";
    const float korean_full = ImGui::CalcTextSize(korean.c_str()).x;
    for (float fraction : {0.2f, 0.45f, 0.7f, 0.95f}) {
        const auto part = fitting_prefix(korean, korean_full * fraction, &shortened);
        CHECK(shortened);
        // A whole number of characters: the next byte starts a character (not 10xxxxxx).
        if (part.size() < korean.size())
            CHECK((static_cast<unsigned char>(korean[part.size()]) & 0xC0) != 0x80);
    }
    ImGui::EndFrame();
}
