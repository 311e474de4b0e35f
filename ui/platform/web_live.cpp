#include "ui/platform/web_live.h"

#include <emscripten.h>

#include <cstdio>
#include <cstdlib>

namespace mailsim::ui {

namespace {

// clang-format off
EM_JS(char*, js_live_url, (), {
  var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/live";
  var size = lengthBytesUTF8(url) + 1;
  var buffer = _malloc(size);
  stringToUTF8(url, buffer, size);
  return buffer;
});
// clang-format on

constexpr int kRetryMs = 2000;

} // namespace

std::unique_ptr<WebLive> WebLive::start(App& app, const std::string& token) {
    char* raw = js_live_url();
    std::string url(raw);
    std::free(raw);
    if (!token.empty())
        url += "?token=" + token;
    std::unique_ptr<WebLive> live(new WebLive(app, url));
    live->connect();
    return live;
}

WebLive::WebLive(App& app, std::string url)
    : m_app(app), m_url(std::move(url)),
      m_mirror([this](const std::string& message) { send(message); }) {}

WebLive::~WebLive() {
    if (m_socket > 0) {
        emscripten_websocket_close(m_socket, 1000, "bye");
        emscripten_websocket_delete(m_socket);
    }
}

void WebLive::connect() {
    EmscriptenWebSocketCreateAttributes attributes;
    emscripten_websocket_init_create_attributes(&attributes);
    attributes.url = m_url.c_str();
    m_socket = emscripten_websocket_new(&attributes);
    if (m_socket <= 0) {
        m_app.set_status("live: cannot open " + m_url);
        return;
    }
    emscripten_websocket_set_onopen_callback(m_socket, this, &WebLive::opened);
    emscripten_websocket_set_onmessage_callback(m_socket, this, &WebLive::message);
    emscripten_websocket_set_onclose_callback(m_socket, this, &WebLive::closed);
}

void WebLive::send(const std::string& message) {
    if (m_socket > 0)
        emscripten_websocket_send_utf8_text(m_socket, message.c_str());
}

void WebLive::on_message(std::string_view text) {
    auto update = m_mirror.receive(text);
    if (!update) {
        std::fprintf(stderr, "mailsim: %s\n", update.error().message.c_str());
        m_app.set_status(update.error().message);
        return;
    }
    switch (*update) {
    case live::LiveMirror::Update::Attached:
        m_failures = 0;
        m_app.attach_live_world(m_mirror, m_mirror.header().title);
        break;
    case live::LiveMirror::Update::ActResult: {
        // A refusal says why in the page's language; the world's own errors come as they are.
        const live::Message& result = m_mirror.last_act_result();
        if (!result.ok)
            m_app.set_status(result.key.empty() ? result.error : m_app.tr(result.key));
        break;
    }
    case live::LiveMirror::Update::SignedIn: {
        const live::Message& result = m_mirror.last_sign_in();
        m_app.set_status(result.ok ? std::string(m_app.tr("live.signed_in")) + " " + result.address
                                   : std::string(m_app.tr(result.key)));
        break;
    }
    case live::LiveMirror::Update::Permissions:
    case live::LiveMirror::Update::Events:
    case live::LiveMirror::Update::Resyncing:
        break;
    }
}

void WebLive::on_close(unsigned short code) {
    emscripten_websocket_delete(m_socket);
    m_socket = 0;
    ++m_failures;
    std::fprintf(stderr, "mailsim: the live stream closed (%u); reconnecting\n", code);
    // The server restarted or dropped this viewer: a fresh connection starts from a snapshot.
    emscripten_async_call(&WebLive::retry, this, kRetryMs * std::min(m_failures, 5));
}

EM_BOOL WebLive::opened(int, const EmscriptenWebSocketOpenEvent*, void*) {
    return EM_TRUE;
}

EM_BOOL WebLive::message(int, const EmscriptenWebSocketMessageEvent* event, void* user) {
    // Text arrives NUL-terminated and counted with its NUL.
    std::size_t size = event->numBytes;
    if (event->isText && size > 0)
        --size;
    static_cast<WebLive*>(user)->on_message(
        std::string_view(reinterpret_cast<const char*>(event->data), size));
    return EM_TRUE;
}

EM_BOOL WebLive::closed(int, const EmscriptenWebSocketCloseEvent* event, void* user) {
    static_cast<WebLive*>(user)->on_close(event->code);
    return EM_TRUE;
}

void WebLive::retry(void* user) {
    static_cast<WebLive*>(user)->connect();
}

} // namespace mailsim::ui
