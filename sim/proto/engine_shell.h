#pragma once
// The part of every protocol engine that is not its protocol: the input buffer, the queue of
// events not pulled yet, the output not taken yet and the peer's end of stream, with the
// public calls of the engine contract (engine.h) on top. Written once here, so that "bytes after
// the close are dropped", "EOF is handled after the last whole line, once" and "an engine that
// is done says NeedData for ever after" hold for SMTP, POP3, IMAP and HTTP alike.
//
//   class Server : public EngineShell<Server, ServerEvent> {   // Input: a LineReader
//       friend EngineShell;
//       bool session_over() const;          // done: no more input is read
//       void process_line(const Line& line); // one whole line of input
//       void handle_eof();                   // the peer closed and every whole line was read
//   };
//
// An engine whose input is not lines (IMAP's literals, HTTP's bodies) names its own reader as
// `Input` (anything with feed(ByteView)) and declares `bool read_input()` instead of
// process_line: handle the next whole unit of input, false when none is complete yet.
//
// The engine writes its bytes with output() and reports with push(); the shell's next_event()
// is then the loop every engine had written out for itself:
//   events queued? -> the oldest; done? -> NeedData; a whole unit? -> handle it;
//   end of stream (first time)? -> handle_eof(); else NeedData.
#include "sim/core/bytes.h"
#include "sim/proto/event_queue.h"
#include "sim/proto/line_reader.h"

#include <cstddef>
#include <type_traits>
#include <utility>

namespace mailsim {

template <typename Engine, typename Event, typename Input = LineReader>
class EngineShell {
public:
    // The peer's bytes: buffered, nothing is decided until next_event(). Dropped once the
    // peer closed its side (nothing can follow a FIN) or the session is over.
    void receive_data(ByteView bytes) {
        if (m_eof || self().session_over())
            return;
        m_input.feed(bytes);
    }
    void receive_eof() { m_eof = true; }

    // The next event, or NeedData (the variant's first alternative) when the input so far is
    // used up.
    Event next_event() {
        while (m_events.empty()) {
            if (self().session_over())
                return Event{};
            if (self().read_input())
                continue;
            if (!m_eof || m_eof_handled)
                return Event{};
            m_eof_handled = true; // once: an engine that stays open after it must not spin
            self().handle_eof();
        }
        return m_events.take_front();
    }

    // What the engine wrote since the last call, emptied by the call.
    Bytes take_output() { return std::exchange(m_output, Bytes{}); }
    bool has_output() const { return !m_output.empty(); }

protected:
    template <typename... InputArgs>
    explicit EngineShell(InputArgs&&... input_args)
        : m_input(std::forward<InputArgs>(input_args)...) {}

    // The default reading of a line engine: one whole line, handed to process_line().
    bool read_input() {
        static_assert(std::is_same_v<Input, LineReader>,
                      "an engine that does not read lines declares its own read_input()");
        if (!m_input.next_line(m_line))
            return false;
        self().process_line(m_line);
        return true;
    }

    // After TURN (SMTP): the bytes that arrived but belong to whoever takes the connection over.
    Bytes take_unprocessed() {
        Bytes rest(m_input.pending());
        m_input.clear();
        return rest;
    }

    void push(Event event) { m_events.push_back(std::move(event)); }
    std::size_t queued_events() const { return m_events.size(); }
    Bytes& output() { return m_output; }
    Input& input() { return m_input; }
    const Input& input() const { return m_input; }
    bool eof() const { return m_eof; } // the peer closed its side (maybe not handled yet)

private:
    Engine& self() { return static_cast<Engine&>(*this); }
    const Engine& self() const { return static_cast<const Engine&>(*this); }

    Input m_input;
    Line m_line; // the line being handled (line engines); its buffer is reused line to line
    EventQueue<Event> m_events;
    Bytes m_output;
    bool m_eof = false;
    bool m_eof_handled = false;
};

} // namespace mailsim
