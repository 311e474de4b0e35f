#include "sim/store/change_codec.h"

#include "sim/core/hex.h"
#include "sim/core/overloaded.h"
#include "sim/core/sha256.h"

#include <climits>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

namespace mailsim::store {

namespace {

std::string escape(std::string_view value) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f || c == '%' || c == '=') {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0x0f];
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<std::string> unescape(std::string_view value) {
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '%') {
            out += value[i];
            continue;
        }
        if (i + 2 >= value.size())
            return std::nullopt;
        const int high = hex_value(value[i + 1]);
        const int low = hex_value(value[i + 2]);
        if (high < 0 || low < 0)
            return std::nullopt;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

std::optional<std::uint64_t> parse_u64(std::string_view text) {
    if (text.empty() || text.size() > 19)
        return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value;
}

std::optional<std::int64_t> parse_i64(std::string_view text) {
    const bool negative = !text.empty() && text.front() == '-';
    auto magnitude = parse_u64(negative ? text.substr(1) : text);
    if (!magnitude || *magnitude > static_cast<std::uint64_t>(INT64_MAX))
        return std::nullopt;
    return negative ? -static_cast<std::int64_t>(*magnitude)
                    : static_cast<std::int64_t>(*magnitude);
}

class Line {
public:
    Line& add(std::string_view key, std::string_view value) {
        m_text += ' ';
        m_text += key;
        m_text += '=';
        m_text += escape(value);
        return *this;
    }
    Line& add(std::string_view key, std::uint64_t value) { return add(key, std::to_string(value)); }
    Line& add_signed(std::string_view key, std::int64_t value) {
        return add(key, std::to_string(value));
    }
    explicit Line(std::string_view kind) : m_text(kind) {}
    std::string finish() { return m_text + "\n"; }

private:
    std::string m_text;
};

constexpr std::string_view kAddReasons[] = {"delivered", "appended", "copied"};

} // namespace

Bytes encode_change(const Change& change) {
    return frame_record(encode_record(change));
}

Bytes encode_record(const Change& change) {
    return std::visit(
        Overloaded{
            [](const UserAdded& c) {
                return Line("user-added")
                    .add("login", c.account.login)
                    .add("password", c.account.password)
                    .add("address", c.account.address)
                    .add("display", c.account.display_name)
                    .add("quota-bytes", c.account.quota.max_bytes)
                    .add("quota-messages", c.account.quota.max_messages)
                    .add("inbox-uidvalidity", c.inbox_uid_validity)
                    .finish();
            },
            [](const QuotaChanged& c) {
                return Line("quota-changed")
                    .add("login", c.login)
                    .add("bytes", c.quota.max_bytes)
                    .add("messages", c.quota.max_messages)
                    .finish();
            },
            [](const FolderCreated& c) {
                return Line("folder-created")
                    .add("login", c.login)
                    .add("folder", c.folder)
                    .add("uidvalidity", c.uid_validity)
                    .finish();
            },
            [](const FolderDeleted& c) {
                return Line("folder-deleted")
                    .add("login", c.login)
                    .add("folder", c.folder)
                    .finish();
            },
            [](const FolderRenamed& c) {
                return Line("folder-renamed")
                    .add("login", c.login)
                    .add("from", c.from)
                    .add("to", c.to)
                    .add("uidvalidity", c.uid_validity)
                    .finish();
            },
            [](const SubscriptionChanged& c) {
                return Line("subscription")
                    .add("login", c.login)
                    .add("folder", c.folder)
                    .add("state",
                         c.state == Subscription::Subscribed ? "subscribed" : "unsubscribed")
                    .finish();
            },
            [](const MessageAdded& c) {
                return Line("message-added")
                           .add("login", c.login)
                           .add("folder", c.folder)
                           .add("id", c.message.id)
                           .add("uid", c.message.uid)
                           .add_signed("date", c.message.internal_date)
                           .add("flags", c.message.flags.to_string())
                           .add("reason", kAddReasons[static_cast<int>(c.reason)])
                           .add("copied-from", c.copied_from)
                           .add("size", c.message.size())
                           .finish() +
                       std::string(c.message.bytes()) + "\n";
            },
            [](const MessageRemoved& c) {
                return Line("message-removed")
                    .add("login", c.login)
                    .add("folder", c.folder)
                    .add("id", c.id)
                    .add("uid", c.uid)
                    .add("reason", c.reason == RemoveReason::Expunged ? "expunged" : "pop3")
                    .finish();
            },
            [](const FlagsChanged& c) {
                return Line("flags-changed")
                    .add("login", c.login)
                    .add("folder", c.folder)
                    .add("id", c.id)
                    .add("uid", c.uid)
                    .add("before", c.before.to_string())
                    .add("after", c.after.to_string())
                    .finish();
            },
        },
        change);
}

namespace {

std::optional<Flags> parse_flags(std::string_view text) {
    Flags flags;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string_view::npos)
            end = text.size();
        if (end > start && !flags.add_by_name(text.substr(start, end - start)))
            return std::nullopt;
        start = end + 1;
    }
    return flags;
}

// The fields of one record line, and the checks that turn them into values.
class Fields {
public:
    static std::optional<Fields> parse(std::string_view line, std::string& kind) {
        Fields fields;
        std::size_t start = 0;
        bool first = true;
        while (start <= line.size()) {
            std::size_t end = line.find(' ', start);
            if (end == std::string_view::npos)
                end = line.size();
            const std::string_view word = line.substr(start, end - start);
            if (first) {
                kind = std::string(word);
                first = false;
            } else {
                const std::size_t equals = word.find('=');
                if (equals == std::string_view::npos)
                    return std::nullopt;
                auto value = unescape(word.substr(equals + 1));
                if (!value ||
                    !fields.m_values.emplace(std::string(word.substr(0, equals)), *value).second)
                    return std::nullopt;
            }
            start = end + 1;
        }
        return fields;
    }

    std::optional<std::string> text(const char* key) {
        auto it = m_values.find(key);
        if (it == m_values.end()) {
            m_missing = key;
            return std::nullopt;
        }
        return it->second;
    }
    std::optional<std::uint64_t> number(const char* key) {
        auto value = text(key);
        auto parsed = value ? parse_u64(*value) : std::nullopt;
        if (value && !parsed)
            m_missing = key;
        return parsed;
    }
    std::optional<std::uint32_t> number32(const char* key) {
        auto value = number(key);
        if (value && *value > UINT32_MAX) {
            m_missing = key;
            return std::nullopt;
        }
        return value ? std::optional<std::uint32_t>(static_cast<std::uint32_t>(*value))
                     : std::nullopt;
    }
    const std::string& problem() const { return m_missing; }

private:
    std::map<std::string, std::string> m_values;
    std::string m_missing;
};

// Decodes one record line (and, for message-added, takes the raw bytes that follow it).
std::optional<Change> decode_line(std::string_view line, Fields& fields, const std::string& kind,
                                  std::size_t& raw_size) {
    raw_size = 0;
    if (kind == "user-added") {
        UserAdded c;
        auto login = fields.text("login"), password = fields.text("password"),
             address = fields.text("address"), display = fields.text("display");
        auto bytes = fields.number("quota-bytes"), messages = fields.number("quota-messages");
        auto validity = fields.number32("inbox-uidvalidity");
        if (!login || !password || !address || !display || !bytes || !messages || !validity)
            return std::nullopt;
        c.account = {*login, *password, *address, *display, Quota{*bytes, *messages}};
        c.inbox_uid_validity = *validity;
        return c;
    }
    if (kind == "quota-changed") {
        auto login = fields.text("login");
        auto bytes = fields.number("bytes"), messages = fields.number("messages");
        if (!login || !bytes || !messages)
            return std::nullopt;
        return QuotaChanged{*login, Quota{*bytes, *messages}};
    }
    if (kind == "folder-created") {
        auto login = fields.text("login"), folder = fields.text("folder");
        auto validity = fields.number32("uidvalidity");
        if (!login || !folder || !validity)
            return std::nullopt;
        return FolderCreated{*login, *folder, *validity};
    }
    if (kind == "folder-deleted") {
        auto login = fields.text("login"), folder = fields.text("folder");
        if (!login || !folder)
            return std::nullopt;
        return FolderDeleted{*login, *folder};
    }
    if (kind == "folder-renamed") {
        auto login = fields.text("login"), from = fields.text("from"), to = fields.text("to");
        auto validity = fields.number32("uidvalidity");
        if (!login || !from || !to || !validity)
            return std::nullopt;
        return FolderRenamed{*login, *from, *to, *validity};
    }
    if (kind == "subscription") {
        auto login = fields.text("login"), folder = fields.text("folder"),
             state = fields.text("state");
        if (!login || !folder || !state || (*state != "subscribed" && *state != "unsubscribed"))
            return std::nullopt;
        return SubscriptionChanged{*login, *folder,
                                   *state == "subscribed" ? Subscription::Subscribed
                                                          : Subscription::Unsubscribed};
    }
    if (kind == "message-added") {
        MessageAdded c;
        auto login = fields.text("login"), folder = fields.text("folder"),
             flags_text = fields.text("flags"), reason = fields.text("reason"),
             date = fields.text("date");
        auto id = fields.number("id"), from = fields.number("copied-from"),
             size = fields.number("size");
        auto uid = fields.number32("uid");
        if (!login || !folder || !flags_text || !reason || !date || !id || !from || !size || !uid)
            return std::nullopt;
        auto flags = parse_flags(*flags_text);
        auto when = parse_i64(*date);
        if (!flags || !when)
            return std::nullopt;
        c.login = *login;
        c.folder = *folder;
        c.message.id = *id;
        c.message.uid = *uid;
        c.message.internal_date = *when;
        c.message.flags = *flags;
        c.copied_from = *from;
        bool known = false;
        for (int i = 0; i < 3; ++i)
            if (*reason == kAddReasons[i]) {
                c.reason = static_cast<AddReason>(i);
                known = true;
            }
        if (!known)
            return std::nullopt;
        raw_size = static_cast<std::size_t>(*size);
        return c;
    }
    if (kind == "message-removed") {
        auto login = fields.text("login"), folder = fields.text("folder"),
             reason = fields.text("reason");
        auto id = fields.number("id");
        auto uid = fields.number32("uid");
        if (!login || !folder || !reason || !id || !uid ||
            (*reason != "expunged" && *reason != "pop3"))
            return std::nullopt;
        return MessageRemoved{*login, *folder, *id, *uid,
                              *reason == "expunged" ? RemoveReason::Expunged
                                                    : RemoveReason::Pop3Deleted};
    }
    if (kind == "flags-changed") {
        auto login = fields.text("login"), folder = fields.text("folder"),
             before = fields.text("before"), after = fields.text("after");
        auto id = fields.number("id");
        auto uid = fields.number32("uid");
        if (!login || !folder || !before || !after || !id || !uid)
            return std::nullopt;
        auto before_flags = parse_flags(*before), after_flags = parse_flags(*after);
        if (!before_flags || !after_flags)
            return std::nullopt;
        return FlagsChanged{*login, *folder, *id, *uid, *before_flags, *after_flags};
    }
    (void)line;
    return std::nullopt;
}

} // namespace

namespace {

// One record (its text line, and for message-added the raw bytes and "\n" after it) at `pos`
// of `text`. On success `next` is where the record ends; otherwise `problem` says why.
std::optional<Change> decode_record(ByteView text, std::size_t pos, int& line_number,
                                    std::size_t& next, std::string& problem, std::string& kind) {
    const std::size_t end = text.find('\n', pos);
    if (end == ByteView::npos) {
        problem = "record without a line end (cut short?)";
        return std::nullopt;
    }
    const ByteView line = text.substr(pos, end - pos);
    auto fields = Fields::parse(line, kind);
    if (!fields) {
        problem = "malformed field in record";
        return std::nullopt;
    }
    std::size_t raw_size = 0;
    auto change = decode_line(line, *fields, kind, raw_size);
    if (!change) {
        problem = fields->problem().empty()
                      ? "unknown or malformed record '" + kind + "'"
                      : "record '" + kind + "': bad or missing '" + fields->problem() + "'";
        return std::nullopt;
    }
    next = end + 1;
    if (auto* added = std::get_if<MessageAdded>(&*change)) {
        if (raw_size > text.size() - next || text.size() - next - raw_size < 1 ||
            text[next + raw_size] != '\n') {
            problem = "message bytes cut short";
            return std::nullopt;
        }
        const ByteView raw = text.substr(next, raw_size);
        added->message.raw = std::make_shared<const Bytes>(raw);
        for (char c : raw)
            line_number += c == '\n' ? 1 : 0;
        next += raw_size + 1;
        ++line_number;
    }
    ++line_number;
    return change;
}

constexpr std::size_t kChecksumDigits = 16;
constexpr std::size_t kMaxFrameHeader = 1 + 20 + 1 + kChecksumDigits; // "#<length> <checksum>"

std::string checksum(ByteView record) {
    return sha256_hex(record).substr(0, kChecksumDigits);
}

enum class FrameStatus { Ok, CutShort, Damaged };

// The frame at `pos`: "#<length> <checksum>\n" and exactly <length> bytes of record whose
// checksum matches. CutShort: a header that is well-formed as far as the log goes, or a record
// that runs past the end (a crash while appending, or a damaged length: both are kept aside).
FrameStatus read_frame(ByteView log, std::size_t pos, ByteView& record, std::size_t& end) {
    const std::size_t eol = log.find('\n', pos);
    if (eol == ByteView::npos)
        return log.size() - pos <= kMaxFrameHeader ? FrameStatus::CutShort : FrameStatus::Damaged;
    const ByteView header = log.substr(pos + 1, eol - pos - 1);
    const std::size_t space = header.find(' ');
    if (space == ByteView::npos || header.size() - space - 1 != kChecksumDigits)
        return FrameStatus::Damaged;
    auto length = parse_u64(header.substr(0, space));
    if (!length)
        return FrameStatus::Damaged;
    if (*length > log.size() - eol - 1)
        return FrameStatus::CutShort;
    record = log.substr(eol + 1, static_cast<std::size_t>(*length));
    if (checksum(record) != header.substr(space + 1))
        return FrameStatus::Damaged;
    end = eol + 1 + static_cast<std::size_t>(*length);
    return FrameStatus::Ok;
}

// Where reading can go on after damage at `pos`: the next frame that reads whole with its
// checksum, or the end of the log. Any '#' may start one (the damage may have hit the line end
// before it); a '#' in message text passes only if its checksum matches too.
std::size_t next_intact_frame(ByteView log, std::size_t pos) {
    for (std::size_t at = log.find('#', pos + 1); at != ByteView::npos;
         at = log.find('#', at + 1)) {
        ByteView record;
        std::size_t end = 0;
        if (read_frame(log, at, record, end) == FrameStatus::Ok)
            return at;
    }
    return log.size();
}

} // namespace

Bytes frame_record(ByteView record) {
    Bytes out = "#" + std::to_string(record.size()) + " " + checksum(record) + "\n";
    out.append(record);
    return out;
}

DecodedLog decode_changes(ByteView log) {
    DecodedLog out;
    std::size_t pos = 0;
    int line_number = 1;
    while (pos < log.size()) {
        std::size_t next = pos;
        std::string problem, kind;
        std::optional<Change> change;
        const int record_line = line_number;
        bool cut_short = false;
        if (log[pos] == '#') {
            ByteView record;
            std::size_t end = 0;
            const FrameStatus status = read_frame(log, pos, record, end);
            if (status == FrameStatus::Ok) {
                ++line_number; // the frame's header line
                std::size_t inner = 0;
                change = decode_record(record, 0, line_number, inner, problem, kind);
                if (change && inner != record.size()) {
                    change.reset();
                    problem = "record '" + kind + "' does not fill its frame";
                }
                next = end;
            } else {
                cut_short = status == FrameStatus::CutShort;
                problem = cut_short ? "record cut short" : "checksum or frame header damaged";
            }
        } else {
            change = decode_record(log, pos, line_number, next, problem, kind);
            cut_short = !change && (problem == "message bytes cut short" ||
                                    problem.starts_with("record without a line end"));
        }
        if (change) {
            out.changes.push_back(std::move(*change));
            pos = next;
            if (out.damage.empty())
                out.valid_bytes = pos;
            continue;
        }
        if (!out.error)
            out.error = Error{problem, record_line, 0};
        const std::size_t resume = next_intact_frame(log, pos);
        LogDamage damage{pos, resume - pos, problem, kind};
        damage.cut_short = cut_short && resume == log.size();
        out.damage.push_back(std::move(damage));
        line_number = record_line;
        for (std::size_t i = pos; i < resume; ++i)
            line_number += log[i] == '\n' ? 1 : 0;
        pos = resume;
    }
    return out;
}

} // namespace mailsim::store
