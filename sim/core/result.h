#pragma once
// A small Result<T> for sim/: the core library reports failures as values, never by throwing
// (std::expected is C++23; this is the subset we need). The error is an Error (a message with
// an optional position) unless a caller needs a code to choose a reply from: the store's
// StoreResult<T> is Result<T, StoreError>.
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace mailsim {

struct Error {
    std::string message;
    // Optional position for errors in text input (lesson files, scenarios): 1-based, 0 = unknown.
    int line = 0;
    int column = 0;
};

template <class T, class E = Error>
class [[nodiscard]] Result {
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(E error) : m_value(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }

    T& value() {
        assert(ok());
        return std::get<T>(m_value);
    }
    const T& value() const {
        assert(ok());
        return std::get<T>(m_value);
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

    const E& error() const {
        assert(!ok());
        return std::get<E>(m_value);
    }

private:
    std::variant<T, E> m_value;
};

// Result<void> equivalent: success carries nothing.
struct Ok {};
using Status = Result<Ok>;

inline Error make_error(std::string message, int line = 0, int column = 0) {
    return Error{std::move(message), line, column};
}

} // namespace mailsim
