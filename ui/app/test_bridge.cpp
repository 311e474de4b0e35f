#include "test_bridge.h"

namespace mailsim::ui {

void TestBridge::record_last_item(const std::string& id) {
    record(id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void TestBridge::record(const std::string& id, ImVec2 min, ImVec2 max) {
    m_current[id] = ItemRect{min.x, min.y, max.x - min.x, max.y - min.y};
}

} // namespace mailsim::ui
