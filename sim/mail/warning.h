#pragma once
// A problem found in a message. Parsing never fails: bad input becomes a list of these on the
// part where it was found. `key` names the explanation in lessons/i18n/mime.toml (so the UI can
// show it in Korean or English); `message` is the English one-liner with the details filled in.
#include <string>
#include <vector>

namespace mailsim::mail {

struct Warning {
    std::string key;
    std::string message;
};

using Warnings = std::vector<Warning>;

inline void warn(Warnings* warnings, std::string key, std::string message) {
    if (warnings)
        warnings->push_back(Warning{std::move(key), std::move(message)});
}

} // namespace mailsim::mail
