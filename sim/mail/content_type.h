#pragma once
// Content-Type and Content-Disposition with parameters (RFC 2045 5.1, RFC 2183, RFC 2231).
// Parameter names are lowercased; values are unquoted and decoded to UTF-8 (RFC 2231
// continuations and charsets, and the RFC 2047 words some clients put inside quoted values).
#include "sim/mail/warning.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailsim::mail {

struct Parameter {
    std::string name;  // lowercase
    std::string value; // decoded UTF-8
};
using Parameters = std::vector<Parameter>;

std::optional<std::string> find_parameter(const Parameters& params, std::string_view name);

struct ContentType {
    std::string type = "text";     // lowercase
    std::string subtype = "plain"; // lowercase
    Parameters params;

    std::string mime_type() const { return type + "/" + subtype; } // "text/plain"
    std::optional<std::string> param(std::string_view name) const {
        return find_parameter(params, name);
    }
    bool is_multipart() const { return type == "multipart"; }
    bool is(std::string_view type_name, std::string_view subtype_name) const {
        return type == type_name && subtype == subtype_name;
    }
};

struct ContentDisposition {
    std::string type; // lowercase: "inline", "attachment", ...
    Parameters params;
    std::optional<std::string> param(std::string_view name) const {
        return find_parameter(params, name);
    }
};

// A value without exactly one '/' in its type gives text/plain with a warning (as RFC 2045
// 5.2 and Python's email package do).
ContentType parse_content_type(std::string_view value, Warnings* warnings = nullptr);
ContentDisposition parse_content_disposition(std::string_view value, Warnings* warnings = nullptr);

// The "; name=value" list after the first token; exposed for other structured fields.
Parameters parse_parameters(std::string_view text, Warnings* warnings = nullptr);

// "text/plain; charset=utf-8; name*=utf-8''%ED%95%9C" for writing: tokens stay bare, other ASCII
// values are quoted, non-ASCII values use RFC 2231 (name*=utf-8''percent-encoded).
std::string format_parameter(std::string_view name, std::string_view value);
std::string format_content_type(const ContentType& type);

} // namespace mailsim::mail
