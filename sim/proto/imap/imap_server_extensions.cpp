// The small extensions: NAMESPACE (RFC 2342), ENABLE (RFC 5161) and the SPECIAL-USE
// attributes of LIST (RFC 6154). The bigger ones have files of their own: IDLE
// (imap_server_idle.cpp), MOVE and UIDPLUS (imap_server_copy.cpp), LITERAL+ (imap_framer).
#include "imap_server.h"

#include <array>

namespace mailsim::imap {

namespace {

struct SpecialUse {
    std::string_view folder; // matched case-insensitively, top level only
    std::string_view attribute;
};

// The names mail clients create and look for (Thunderbird, Apple Mail, mutt): a folder so
// named is the one the attribute points a client to, so it does not create its own.
constexpr std::array<SpecialUse, 6> kSpecialUses = {{
    {"Sent", "\\Sent"},
    {"Drafts", "\\Drafts"},
    {"Trash", "\\Trash"},
    {"Junk", "\\Junk"},
    {"Spam", "\\Junk"},
    {"Archive", "\\Archive"},
}};

} // namespace

// One personal namespace, the whole tree, "/" between levels; no other users', no shared.
ResponseStatus ImapServer::do_namespace(std::string& text) {
    untagged("NAMESPACE ((\"\" " + quote_string(std::string(1, store::kHierarchySeparator)) +
                 ")) NIL NIL",
             "imap.resp.NAMESPACE");
    text = "NAMESPACE completed";
    return ResponseStatus::Ok;
}

// None of the extensions that ENABLE turns on (CONDSTORE, QRESYNC, UTF8=ACCEPT, ...) is
// implemented, so none is enabled: the answer is an empty ENABLED, which is how a server says
// so (RFC 5161 §3.1). ENABLE itself is real: the client learns it must not use them.
ResponseStatus ImapServer::do_enable(const Command&, std::string& text) {
    untagged("ENABLED", "imap.resp.ENABLED");
    text = "ENABLE completed";
    return ResponseStatus::Ok;
}

std::string ImapServer::special_use(std::string_view folder) const {
    if (!m_config.extensions)
        return "";
    for (const auto& use : kSpecialUses)
        if (equals_ci(folder, use.folder))
            return std::string(use.attribute);
    return "";
}

} // namespace mailsim::imap
