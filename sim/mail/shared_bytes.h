#pragma once
// A range of an immutable, shared byte buffer: how a parsed part holds its body, preamble and
// epilogue without copying them out of the message at every nesting level.
//
// The range is an offset and a length into a buffer that the range itself keeps alive, so no copy
// or move of a Message (or of one Part taken out of it) can leave a range pointing at freed bytes,
// and since the buffer is never written, a copy edited later (set_body) cannot change the other.
// The price: a part kept alone keeps the whole message's buffer alive.
#include "sim/core/bytes.h"

#include <algorithm>
#include <cstddef>
#include <memory>
#include <utility>

namespace mailsim::mail {

class SharedBytes {
public:
    SharedBytes() = default;
    // Takes the bytes over (a built or edited body).
    explicit SharedBytes(Bytes bytes)
        : m_buffer(std::make_shared<const Bytes>(std::move(bytes))), m_length(m_buffer->size()) {}
    // The whole of a buffer that is already shared (a store's message).
    explicit SharedBytes(std::shared_ptr<const Bytes> buffer)
        : m_buffer(std::move(buffer)), m_length(m_buffer ? m_buffer->size() : 0) {}

    ByteView view() const {
        return m_buffer ? ByteView(*m_buffer).substr(m_offset, m_length) : ByteView();
    }
    std::size_t size() const { return m_length; }
    bool empty() const { return m_length == 0; }

    // [offset, offset + length) of this range (clamped to it), in the same buffer.
    SharedBytes slice(std::size_t offset, std::size_t length = Bytes::npos) const {
        SharedBytes out;
        out.m_buffer = m_buffer;
        out.m_offset = m_offset + std::min(offset, m_length);
        out.m_length = std::min(length, m_length - (out.m_offset - m_offset));
        return out;
    }

private:
    std::shared_ptr<const Bytes> m_buffer;
    std::size_t m_offset = 0, m_length = 0;
};

} // namespace mailsim::mail
