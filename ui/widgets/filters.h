#pragma once
// Small filter widgets shared by the transcript and the sequence diagram.
#include "ui/app/app_state.h"
#include "ui/widgets/flow_row.h"

#include <string>

namespace mailsim::ui {

class App;
class Session;

// One toggle per protocol, in the protocol's colour, each placed by the toolbar's row (it
// wraps in a narrow tile rather than running past its edge).
void draw_protocol_filter(App& app, FlowRow& row, ProtocolFilter& filter, const char* id);
// A combo of every host in the world ("" = all hosts).
void draw_host_filter(App& app, FlowRow& row, Session& session, std::string& host, const char* id);

} // namespace mailsim::ui
