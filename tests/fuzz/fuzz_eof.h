#pragma once
// What every protocol fuzz target does besides its own checks: the peer's FIN at a point of
// the input the fuzzer picks, then late bytes, and an engine that must settle each time. An
// engine that keeps yielding events without new input (the IMAP server once reported "closed"
// again on every call after `a NOOP` + FIN, and `mailsim serve` spun forever) is a livelock:
// the target traps.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

namespace fuzz {

// Where the FIN comes: the input's last byte picks a point, so every prefix + EOF is reachable.
inline std::size_t eof_point(std::string_view input) {
    if (input.empty())
        return 0;
    return static_cast<unsigned char>(input.back()) * (input.size() + 1) / 256;
}

// next_event() until NeedData (calling on_event for the others), then once more: still
// NeedData, since nothing new came. Bounded; the bound is a trap.
template <class NeedData, class Engine, class OnEvent>
void drain_settled(Engine& engine, OnEvent on_event) {
    for (int events = 0; events < 200000; ++events) {
        auto event = engine.next_event();
        if (std::holds_alternative<NeedData>(event)) {
            if (!std::holds_alternative<NeedData>(engine.next_event()))
                __builtin_trap(); // settled, then woke up with no input: it will spin
            return;
        }
        on_event(event);
    }
    __builtin_trap();
}

template <class NeedData, class Engine>
void drain_settled(Engine& engine) {
    drain_settled<NeedData>(engine, [](const auto&) {});
}

// The input up to eof_point() in one read, the FIN, then the rest (which must be ignored),
// draining after each step. `take_output` empties the engine's output buffer.
template <class NeedData, class Engine, class TakeOutput>
void feed_with_eof(Engine& engine, std::string_view input, TakeOutput take_output) {
    const std::size_t cut = eof_point(input);
    drain_settled<NeedData>(engine);
    engine.receive_data(input.substr(0, cut));
    drain_settled<NeedData>(engine);
    engine.receive_eof();
    drain_settled<NeedData>(engine);
    take_output(engine);
    engine.receive_data(input.substr(cut));
    int late = 0;
    drain_settled<NeedData>(engine, [&](const auto&) { ++late; });
    if (late != 0)
        __builtin_trap(); // bytes after EOF were parsed
    take_output(engine);
}

} // namespace fuzz
