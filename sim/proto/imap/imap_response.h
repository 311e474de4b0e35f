#pragma once
// Server responses (RFC 3501 §7): writing them (server) and reading them back (client).
// A response is read from its complete bytes with literals inline, like a command.
#include "imap_syntax.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::imap {

enum class ResponseStatus { None, Ok, No, Bad, Preauth, Bye };
std::string_view status_word(ResponseStatus status);

// A parsed piece of response data: enough structure for FETCH, LIST, STATUS, SEARCH, ...
struct Value {
    enum class Type { Atom, Number, String, Nil, List };
    Type type = Type::Nil;
    std::string text; // Atom, String; Number as written
    std::uint32_t number = 0;
    std::vector<Value> items; // List

    bool is_atom(std::string_view word) const;
    // "text" for strings and atoms, "" for NIL: convenient for nstring fields.
    const std::string& string_or_empty() const { return text; }
};

inline constexpr int kMaxValueDepth = 64;

struct Response {
    enum class Kind { Tagged, Untagged, Continuation };
    Kind kind = Kind::Untagged;
    std::string tag;                              // Tagged only
    ResponseStatus status = ResponseStatus::None; // OK NO BAD PREAUTH BYE
    std::string code;                             // inside [...], e.g. "UIDVALIDITY 3857529045"
    std::string text;                             // human-readable text
    std::optional<std::uint32_t> number;          // "* 23 EXISTS"
    std::string name;                             // EXISTS FETCH LIST SEARCH FLAGS ... (upper)
    std::vector<Value> data;                      // what follows the name

    // "imap.resp.OK", "imap.resp.FETCH", "imap.resp.continuation"
    std::string explanation_key() const;
    // Key of the response code, "imap.code.UIDVALIDITY", or "" when there is none.
    std::string code_key() const;
};

Result<Response> parse_response(ByteView bytes);

// Writers, each returning the whole line(s) with CRLF.
std::string format_status(std::string_view tag_or_star, ResponseStatus status,
                          std::string_view code, std::string_view text);
std::string format_continuation(std::string_view text);

// FETCH response values from the parsed list: pairs of name and value.
std::optional<Value> fetch_value(const Response& fetch, std::string_view item_name);

} // namespace mailsim::imap
