#pragma once
// The peer's close at every byte of a conversation, for any engine (sim/proto/engine.h): a
// fresh engine gets the first `cut` bytes, then EOF, for every cut from 0 to the whole input.
// Each time it must settle (next_event() reaches NeedData within a bound and stays there:
// an engine that keeps yielding events without input would spin its caller forever) and want
// the connection closed; the caller checks what it reported. Bounded, so a livelock fails the
// test instead of hanging it (tests/fuzz/fuzz_eof.h traps on the same for the fuzzers).
#include "sim/proto/engine.h"

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <vector>

namespace engine_test {

// Every event until NeedData (at most `bound`), or the events so far and settled == false.
template <typename Engine>
struct Drained {
    std::vector<mailsim::EngineEvent<Engine>> events;
    bool settled = false;
};

template <typename Engine>
Drained<Engine> drain(Engine& engine, std::size_t bound = 100000) {
    Drained<Engine> out;
    for (std::size_t i = 0; i < bound; ++i) {
        auto event = engine.next_event();
        if (mailsim::needs_data(event)) {
            // Nothing new came: it must still need data, not wake up on its own.
            out.settled = mailsim::needs_data(engine.next_event());
            return out;
        }
        out.events.push_back(std::move(event));
    }
    return out;
}

// For each cut: make(), `input` up to the cut, drain, EOF, drain; then check(engine, cut,
// events after the EOF). `make` returns the engine by value (or a std::unique_ptr to it).
template <typename Make, typename Check>
void eof_at_every_byte(const std::string& input, Make make, Check check) {
    for (std::size_t cut = 0; cut <= input.size(); ++cut) {
        auto engine = make();
        auto& e = [&]() -> auto& {
            if constexpr (requires { *engine; })
                return *engine;
            else
                return engine;
        }
        ();
        e.receive_data(input.substr(0, cut));
        const auto before = drain(e);
        e.receive_eof();
        const auto after = drain(e);
        const std::string where =
            "EOF after " + std::to_string(cut) + " of " + std::to_string(input.size()) + " bytes";
        INFO(where);
        REQUIRE(before.settled);
        REQUIRE(after.settled);
        CHECK(e.wants_close());
        check(e, cut, after.events);
    }
}

} // namespace engine_test
