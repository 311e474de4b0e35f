#include "imap_command.h"

#include <array>
#include <utility>

namespace mailsim::imap {

namespace {

struct NamedCommand {
    CommandName name;
    std::string_view word;
};

constexpr std::array<NamedCommand, 27> kCommands = {{
    {CommandName::Capability, "CAPABILITY"},
    {CommandName::Noop, "NOOP"},
    {CommandName::Logout, "LOGOUT"},
    {CommandName::Login, "LOGIN"},
    {CommandName::Select, "SELECT"},
    {CommandName::Examine, "EXAMINE"},
    {CommandName::Create, "CREATE"},
    {CommandName::Delete, "DELETE"},
    {CommandName::Rename, "RENAME"},
    {CommandName::Subscribe, "SUBSCRIBE"},
    {CommandName::Unsubscribe, "UNSUBSCRIBE"},
    {CommandName::List, "LIST"},
    {CommandName::Lsub, "LSUB"},
    {CommandName::Status, "STATUS"},
    {CommandName::Append, "APPEND"},
    {CommandName::Check, "CHECK"},
    {CommandName::Close, "CLOSE"},
    {CommandName::Expunge, "EXPUNGE"},
    {CommandName::Search, "SEARCH"},
    {CommandName::Fetch, "FETCH"},
    {CommandName::Store, "STORE"},
    {CommandName::Copy, "COPY"},
    {CommandName::Authenticate, "AUTHENTICATE"},
    {CommandName::Idle, "IDLE"},
    {CommandName::Move, "MOVE"},
    {CommandName::Namespace, "NAMESPACE"},
    {CommandName::Enable, "ENABLE"},
}};

// Each argument parser reads from just after the command word up to the end of the line.
using ParseResult = Result<CommandArguments>;

// Most argument errors read the same: "<what went wrong> at column N".
Error located(const Error& error) {
    if (error.column > 0)
        return make_error(error.message + " (column " + std::to_string(error.column) + ")");
    return error;
}

#define IMAP_TRY(var, expr)                                                                        \
    auto var = (expr);                                                                             \
    if (!var)                                                                                      \
        return located(var.error());

#define IMAP_CHECK(expr)                                                                           \
    do {                                                                                           \
        auto status_ = (expr);                                                                     \
        if (!status_)                                                                              \
            return located(status_.error());                                                       \
    } while (false)

ParseResult parse_login(Lexer& lexer) {
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(user, lexer.astring());
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(password, lexer.astring());
    return CommandArguments{LoginArguments{std::move(*user), std::move(*password)}};
}

// AUTHENTICATE mechanism [SP initial-response] (RFC 3501 §6.2.2, RFC 4959).
ParseResult parse_authenticate(Lexer& lexer) {
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(mechanism, lexer.atom());
    AuthenticateArguments args{to_upper_ascii(*mechanism), std::nullopt};
    if (!lexer.at_end()) {
        IMAP_CHECK(lexer.expect_space());
        IMAP_TRY(response, lexer.atom());
        args.initial_response = std::move(*response);
    }
    return CommandArguments{std::move(args)};
}

ParseResult parse_mailbox(Lexer& lexer) {
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(mailbox, lexer.astring());
    return CommandArguments{MailboxArguments{std::move(*mailbox)}};
}

ParseResult parse_rename(Lexer& lexer) {
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(from, lexer.astring());
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(to, lexer.astring());
    return CommandArguments{RenameArguments{std::move(*from), std::move(*to)}};
}

ParseResult parse_list(Lexer& lexer) {
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(reference, lexer.astring());
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(pattern, lexer.list_mailbox());
    return CommandArguments{ListArguments{std::move(*reference), std::move(*pattern)}};
}

ParseResult parse_status(Lexer& lexer) {
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(mailbox, lexer.astring());
    IMAP_CHECK(lexer.expect_space());
    IMAP_CHECK(lexer.expect('(', "'(' before the status items"));
    StatusArguments arguments{std::move(*mailbox), {}};
    for (;;) {
        IMAP_TRY(item, lexer.atom());
        const std::string upper = to_upper_ascii(*item);
        if (upper != "MESSAGES" && upper != "RECENT" && upper != "UIDNEXT" &&
            upper != "UIDVALIDITY" && upper != "UNSEEN")
            return make_error("unknown status item " + *item);
        arguments.items.push_back(upper);
        if (lexer.consume(')'))
            break;
        IMAP_CHECK(lexer.expect_space());
    }
    return CommandArguments{std::move(arguments)};
}

ParseResult parse_append(Lexer& lexer) {
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(mailbox, lexer.astring());
    IMAP_CHECK(lexer.expect_space());
    AppendArguments arguments;
    arguments.mailbox = std::move(*mailbox);
    if (lexer.peek() == '(') {
        IMAP_TRY(flags, lexer.flag_list());
        arguments.flags = std::move(*flags);
        IMAP_CHECK(lexer.expect_space());
    }
    if (lexer.peek() == '"') {
        IMAP_TRY(text, lexer.string());
        IMAP_TRY(date, parse_date_time(*text));
        arguments.date = *date;
        IMAP_CHECK(lexer.expect_space());
    }
    if (lexer.peek() != '{')
        return make_error("APPEND needs the message as a literal");
    IMAP_TRY(message, lexer.string());
    arguments.message = std::move(*message);
    return CommandArguments{std::move(arguments)};
}

ParseResult parse_search(Lexer& lexer) {
    IMAP_CHECK(lexer.expect_space());
    SearchArguments arguments;
    if (lexer.consume_word("CHARSET")) {
        IMAP_CHECK(lexer.expect_space());
        IMAP_TRY(charset, lexer.astring());
        arguments.charset = std::move(*charset);
        IMAP_CHECK(lexer.expect_space());
    }
    IMAP_TRY(key, parse_search_keys(lexer));
    arguments.key = std::move(*key);
    return CommandArguments{std::move(arguments)};
}

Result<SequenceSet> parse_set(Lexer& lexer) {
    auto text = lexer.sequence_set_text();
    if (!text)
        return located(text.error());
    auto set = SequenceSet::parse(*text);
    if (!set)
        return set.error();
    return set;
}

ParseResult parse_fetch(Lexer& lexer) {
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(set, parse_set(lexer));
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(items, parse_fetch_items(lexer));
    return CommandArguments{FetchArguments{std::move(*set), std::move(*items)}};
}

ParseResult parse_store(Lexer& lexer) {
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(set, parse_set(lexer));
    IMAP_CHECK(lexer.expect_space());
    StoreArguments arguments;
    arguments.set = std::move(*set);
    if (lexer.consume('+'))
        arguments.mode = StoreMode::Add;
    else if (lexer.consume('-'))
        arguments.mode = StoreMode::Remove;
    if (lexer.consume_word("FLAGS.SILENT"))
        arguments.silence = Silence::Silent;
    else if (!lexer.consume_word("FLAGS"))
        return make_error("STORE expects FLAGS, +FLAGS or -FLAGS (optionally .SILENT)");
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(flags, lexer.flag_list());
    for (const auto& flag : *flags)
        if (flag == "\\*" || equals_ci(flag, "\\Recent"))
            return make_error("flag " + flag + " cannot be stored");
    arguments.flags = std::move(*flags);
    return CommandArguments{std::move(arguments)};
}

ParseResult parse_copy(Lexer& lexer) {
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(set, parse_set(lexer));
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(mailbox, lexer.astring());
    return CommandArguments{CopyArguments{std::move(*set), std::move(*mailbox)}};
}

// ENABLE capability *(SP capability) (RFC 5161 §3.1).
ParseResult parse_enable(Lexer& lexer) {
    EnableArguments arguments;
    do {
        IMAP_CHECK(lexer.expect_space());
        IMAP_TRY(name, lexer.atom());
        arguments.capabilities.push_back(to_upper_ascii(*name));
    } while (!lexer.at_end());
    return CommandArguments{std::move(arguments)};
}

ParseResult parse_uid_expunge(Lexer& lexer) {
    IMAP_CHECK(lexer.expect_space());
    IMAP_TRY(set, parse_set(lexer));
    return CommandArguments{UidExpungeArguments{std::move(*set)}};
}

ParseResult parse_arguments(CommandName name, Numbering numbering, Lexer& lexer) {
    switch (name) {
    case CommandName::Expunge:
        if (numbering == Numbering::Uid)
            return parse_uid_expunge(lexer);
        return CommandArguments{NoArguments{}};
    case CommandName::Idle:
    case CommandName::Namespace:
    case CommandName::Capability:
    case CommandName::Noop:
    case CommandName::Logout:
    case CommandName::Check:
    case CommandName::Close:
        return CommandArguments{NoArguments{}};
    case CommandName::Login:
        return parse_login(lexer);
    case CommandName::Authenticate:
        return parse_authenticate(lexer);
    case CommandName::Select:
    case CommandName::Examine:
    case CommandName::Create:
    case CommandName::Delete:
    case CommandName::Subscribe:
    case CommandName::Unsubscribe:
        return parse_mailbox(lexer);
    case CommandName::Rename:
        return parse_rename(lexer);
    case CommandName::List:
    case CommandName::Lsub:
        return parse_list(lexer);
    case CommandName::Status:
        return parse_status(lexer);
    case CommandName::Append:
        return parse_append(lexer);
    case CommandName::Search:
        return parse_search(lexer);
    case CommandName::Fetch:
        return parse_fetch(lexer);
    case CommandName::Store:
        return parse_store(lexer);
    case CommandName::Copy:
    case CommandName::Move:
        return parse_copy(lexer);
    case CommandName::Enable:
        return parse_enable(lexer);
    }
    return make_error("unknown command");
}

#undef IMAP_TRY
#undef IMAP_CHECK

} // namespace

bool is_extension_command(CommandName name) {
    return name == CommandName::Idle || name == CommandName::Move ||
           name == CommandName::Namespace || name == CommandName::Enable;
}

std::string_view command_word(CommandName name) {
    for (const auto& entry : kCommands)
        if (entry.name == name)
            return entry.word;
    return "?";
}

std::optional<CommandName> command_from_word(std::string_view word) {
    for (const auto& entry : kCommands)
        if (equals_ci(entry.word, word))
            return entry.name;
    return std::nullopt;
}

std::string Command::word() const {
    std::string out(command_word(name));
    return numbering == Numbering::Uid ? "UID " + out : out;
}

std::variant<Command, CommandError> parse_command(ByteView bytes, Grammar grammar) {
    Lexer lexer(bytes);
    CommandError failure;
    auto tag = lexer.tag();
    if (!tag) {
        failure.message = "a command starts with a tag";
        return failure;
    }
    failure.tag = *tag;
    if (!lexer.consume(' ')) {
        failure.message = "expected a space and a command after the tag";
        return failure;
    }
    auto word = lexer.atom();
    if (!word) {
        failure.message = "expected a command name";
        failure.unknown_command = true;
        return failure;
    }
    Command command;
    command.tag = *tag;
    if (equals_ci(*word, "UID")) {
        command.numbering = Numbering::Uid;
        if (!lexer.consume(' ')) {
            failure.message = "UID must be followed by FETCH, STORE, COPY or SEARCH";
            return failure;
        }
        word = lexer.atom();
        if (!word) {
            failure.message = "UID must be followed by FETCH, STORE, COPY or SEARCH";
            return failure;
        }
    }
    auto name = command_from_word(*word);
    if (name && grammar == Grammar::Rfc3501 && is_extension_command(*name))
        name.reset(); // a plain RFC 3501 server has never heard of it
    if (!name) {
        failure.message = "unknown command " + *word;
        failure.unknown_command = true;
        return failure;
    }
    command.name = *name;
    // RFC 4315 adds UID EXPUNGE, RFC 6851 UID MOVE.
    const bool uid_extension = grammar == Grammar::Extended &&
                               (*name == CommandName::Expunge || *name == CommandName::Move);
    if (command.numbering == Numbering::Uid && *name != CommandName::Fetch &&
        *name != CommandName::Store && *name != CommandName::Copy && *name != CommandName::Search &&
        !uid_extension) {
        failure.message = "UID must be followed by FETCH, STORE, COPY or SEARCH";
        return failure;
    }
    auto arguments = parse_arguments(*name, command.numbering, lexer);
    if (!arguments) {
        failure.message = arguments.error().message;
        return failure;
    }
    if (!lexer.at_end()) {
        failure.message = "unexpected characters after the arguments (column " +
                          std::to_string(lexer.position() + 1) + ")";
        return failure;
    }
    command.arguments = std::move(*arguments);
    return command;
}

} // namespace mailsim::imap
