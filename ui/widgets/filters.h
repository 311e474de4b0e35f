#pragma once
// Small filter widgets shared by the transcript and the sequence diagram.
#include "ui/app/app_state.h"

#include <string>

namespace mailsim::ui {

class App;
class Session;

// One toggle per protocol, in the protocol's colour.
void draw_protocol_filter(App& app, ProtocolFilter& filter, const char* id);
// A combo of every host in the world ("" = all hosts).
void draw_host_filter(App& app, Session& session, std::string& host, const char* id);

} // namespace mailsim::ui
