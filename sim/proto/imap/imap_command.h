#pragma once
// One client command (RFC 3501 §6), parsed from its complete bytes (literals inline). The
// server engine executes these; tests and the UI read them.
#include "imap_date.h"
#include "imap_fetch_items.h"
#include "imap_search.h"
#include "imap_sequence.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mailsim::imap {

enum class CommandName {
    Capability,
    Noop,
    Logout,
    Login,
    Select,
    Examine,
    Create,
    Delete,
    Rename,
    Subscribe,
    Unsubscribe,
    List,
    Lsub,
    Status,
    Append,
    Check,
    Close,
    Expunge,
    Search,
    Fetch,
    Store,
    Copy,
    Authenticate,
    // Extensions (imap_extensions.h), known only to a server that speaks them.
    Idle,      // RFC 2177
    Move,      // RFC 6851
    Namespace, // RFC 2342
    Enable,    // RFC 5161
};

// The commands of the extensions, unknown to the plain RFC 3501 server.
bool is_extension_command(CommandName name);

std::string_view command_word(CommandName name); // "FETCH"
std::optional<CommandName> command_from_word(std::string_view word);

enum class Numbering { Sequence, Uid }; // plain command or its "UID ..." form

struct NoArguments {};
struct LoginArguments {
    std::string user;
    std::string password;
};
struct AuthenticateArguments {
    std::string mechanism;                       // upper-cased ("PLAIN")
    std::optional<std::string> initial_response; // RFC 4959 SASL-IR, base64 or "="
};
struct MailboxArguments { // SELECT EXAMINE CREATE DELETE SUBSCRIBE UNSUBSCRIBE
    std::string mailbox;
};
struct RenameArguments {
    std::string from;
    std::string to;
};
struct ListArguments { // LIST and LSUB
    std::string reference;
    std::string pattern;
};
struct StatusArguments {
    std::string mailbox;
    std::vector<std::string> items; // upper-cased: MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN
};
struct AppendArguments {
    std::string mailbox;
    std::vector<std::string> flags;
    std::optional<DateTime> date;
    std::string message;
};
struct SearchArguments {
    std::optional<std::string> charset;
    SearchKey key;
};
struct FetchArguments {
    SequenceSet set;
    std::vector<FetchItem> items;
};
enum class StoreMode { Replace, Add, Remove };
enum class Silence { Loud, Silent };
struct StoreArguments {
    SequenceSet set;
    StoreMode mode = StoreMode::Replace;
    Silence silence = Silence::Loud;
    std::vector<std::string> flags;
};
struct CopyArguments { // COPY and MOVE
    SequenceSet set;
    std::string mailbox;
};
struct UidExpungeArguments { // UID EXPUNGE (RFC 4315)
    SequenceSet set;
};
struct EnableArguments {
    std::vector<std::string> capabilities; // upper-cased
};

using CommandArguments =
    std::variant<NoArguments, LoginArguments, MailboxArguments, RenameArguments, ListArguments,
                 StatusArguments, AppendArguments, SearchArguments, FetchArguments, StoreArguments,
                 CopyArguments, AuthenticateArguments, UidExpungeArguments, EnableArguments>;

struct Command {
    std::string tag;
    CommandName name = CommandName::Noop;
    Numbering numbering = Numbering::Sequence;
    CommandArguments arguments;

    std::string word() const; // "FETCH" or "UID FETCH"
    std::string explanation_key() const { return "imap.cmd." + std::string(command_word(name)); }
};

// Why a command line did not parse: the tag (if one could be read) lets the server answer
// "tag BAD ..." rather than "* BAD ...".
struct CommandError {
    std::string tag;
    std::string message;
    bool unknown_command = false;
};

// Which commands a server understands: RFC 3501's alone, or with the extensions too.
enum class Grammar { Rfc3501, Extended };

// Parses a complete command (without its final CRLF). An error is the peer's fault: the
// server turns it into a BAD reply.
std::variant<Command, CommandError> parse_command(ByteView bytes,
                                                  Grammar grammar = Grammar::Rfc3501);

} // namespace mailsim::imap
