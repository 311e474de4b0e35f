#pragma once
// The browser's half of the live classroom: the page opened from `mailsim serve --web` (with
// `?live=1`, and `&token=...` for the teacher) opens a WebSocket to the server's /live stream
// (Emscripten's WebSocket API), feeds every message into a LiveMirror and attaches the app to
// it the way `mailsim-gui --serve` attaches to its own world (Session::attach_live). The
// callbacks run between animation frames, never inside one, so the world never changes while
// the panels draw it.
#include "ui/app/app.h"
#include "ui/live/live_mirror.h"

#include <emscripten/websocket.h>

#include <memory>
#include <string>

namespace mailsim::ui {

class WebLive {
public:
    // Connects to /live on the page's own host; `token` may be empty (a read-only viewer).
    static std::unique_ptr<WebLive> start(App& app, const std::string& token);
    ~WebLive();
    WebLive(const WebLive&) = delete;
    WebLive& operator=(const WebLive&) = delete;

private:
    WebLive(App& app, std::string url);
    void connect();
    void on_message(std::string_view text);
    void on_close(unsigned short code);
    void send(const std::string& message);

    static EM_BOOL opened(int, const EmscriptenWebSocketOpenEvent*, void* user);
    static EM_BOOL message(int, const EmscriptenWebSocketMessageEvent* event, void* user);
    static EM_BOOL closed(int, const EmscriptenWebSocketCloseEvent* event, void* user);
    static void retry(void* user);

    App& m_app;
    std::string m_url;
    live::LiveMirror m_mirror;
    EMSCRIPTEN_WEBSOCKET_T m_socket = 0;
    int m_failures = 0;
};

} // namespace mailsim::ui
