#pragma once
// The one shape of every sans-I/O protocol engine (SMTP, POP3, IMAP and HTTP, client and server):
// the engine never touches a socket or a clock, so the same engine runs in the simulated world,
// behind a real socket (`mailsim serve`), in a unit test and in wasm. Its caller moves the bytes:
//
//   engine.receive_data(bytes_from_peer);      // bytes in: buffered, nothing is decided yet
//   engine.receive_eof();                      // the peer closed its side
//   for (auto e = engine.next_event(); !needs_data(e); e = engine.next_event())
//       react(e);                              // events out, one whole item at a time
//   send_to_peer(engine.take_output());        // what the engine wrote, emptied by the call
//   if (engine.wants_close()) close_our_side();
//
// - next_event() returns the protocol's std::variant of small event structs; its first
//   alternative is that protocol's empty NeedData ("the input so far is used up"). The engine
//   works lazily: each call handles as much input as one event needs, so a stepping UI can
//   show a session command by command and the events never depend on how the input was split.
// - take_output() may be called at any time; a caller that wants pipelined replies together
//   calls it once per batch of events. has_output() says whether it would return something.
// - wants_close(): the engine is done with the connection (it said goodbye, the peer's EOF was
//   handled, or a fatal error ended the session): send the last output, then close.
// - Engines with protocol timers (SMTP's, POP3's autologout) ask for one with an event
//   (smtp::TimerRequest, pop3::TimerRequested) and are told through on_timeout().
//
// sim/proto/engine_shell.h writes the part of this shape that is no protocol (buffers, event
// queue, EOF, the next_event() loop) once for every engine; sim/agents/engine_connection.h
// adapts any engine of this shape to a simulated TCP connection.
#include "sim/core/bytes.h"

#include <concepts>
#include <type_traits>
#include <utility>
#include <variant>

namespace mailsim {

template <typename T>
struct IsVariant : std::false_type {};
template <typename... Alternatives>
struct IsVariant<std::variant<Alternatives...>> : std::true_type {};

// The event variant an engine's next_event() returns.
template <typename Engine>
using EngineEvent = decltype(std::declval<Engine&>().next_event());

template <typename Engine>
concept ProtocolEngine = requires(Engine& engine, const Engine& view, ByteView bytes) {
    { engine.receive_data(bytes) } -> std::same_as<void>;
    { engine.receive_eof() } -> std::same_as<void>;
    engine.next_event();
    { engine.take_output() } -> std::same_as<Bytes>;
    { view.has_output() } -> std::same_as<bool>;
    { view.wants_close() } -> std::same_as<bool>;
}
&&IsVariant<EngineEvent<Engine>>::value&&
    std::is_empty_v<std::variant_alternative_t<0, EngineEvent<Engine>>>;

// An engine whose protocol has timers: it asks with an event and is told here.
template <typename Engine>
concept TimedProtocolEngine = ProtocolEngine<Engine> && requires(Engine& engine) {
    { engine.on_timeout() } -> std::same_as<void>;
};

// The event that ends a round of next_event() calls: the input so far is used up.
template <typename Event>
bool needs_data(const Event& event) {
    return event.index() == 0;
}

} // namespace mailsim
