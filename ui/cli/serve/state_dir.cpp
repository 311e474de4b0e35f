#include "state_dir.h"

#include "sim/agents/mta.h"
#include "sim/core/hex.h"
#include "sim/store/change_codec.h"
#include "sim/store/store.h"
#include "sim/world/world.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace mailsim::serve {

namespace {

std::string errno_text(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

// The whole file; nullopt when it does not exist. A file that exists but cannot be read sets
// `error` (then nothing may be rewritten or cut: the state would be lost for good).
std::optional<std::string> read_file(const std::string& path, std::string& error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno != ENOENT)
            error = errno_text(path);
        return std::nullopt;
    }
    std::string data;
    char buffer[65536];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            error = errno_text(path);
            ::close(fd);
            return std::nullopt;
        }
        if (got == 0)
            break;
        data.append(buffer, static_cast<std::size_t>(got));
    }
    ::close(fd);
    return data;
}

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t put = ::write(fd, data.data(), data.size());
        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            return false;
        data.remove_prefix(static_cast<std::size_t>(put));
    }
    return true;
}

bool fsync_dir(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// Written file: temp, fsync, rename over, fsync the folder (the rename itself must survive).
bool replace_file(const std::string& dir, const std::string& name, std::string_view data,
                  std::string& error) {
    const std::string path = dir + "/" + name;
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = errno_text(tmp);
        return false;
    }
    const bool ok = write_all(fd, data) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0 || !fsync_dir(dir)) {
        error = errno_text(path);
        return false;
    }
    return true;
}

std::string escape(std::string_view text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (c <= ' ' || c >= 0x7f || c == '%' || c == '=' || c == ',') {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::optional<std::string> unescape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        const int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
        const int low = high >= 0 ? hex_value(text[i + 2]) : -1;
        if (low < 0)
            return std::nullopt;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const auto at = text.find(separator, start);
        parts.emplace_back(text.substr(start, at - start));
        if (at == std::string_view::npos)
            return parts;
        start = at + 1;
    }
}

} // namespace

// One store's append-only log, written ahead: a change's record goes to the file before the
// change takes effect (ChangeJournal), so a full disk refuses the change itself and the client
// hears "no room" instead of an acknowledgement. sync() fdatasyncs what was written, before
// any reply leaves. An operation of several changes reserves room first (fallocate without
// changing the file size), so it cannot stop half way.
class StateDir::LogWriter : public store::ChangeJournal {
public:
    LogWriter(store::Store& store, std::string path, int fd, std::uint64_t end)
        : m_store(store), m_path(std::move(path)), m_fd(fd), m_end(end), m_reserved(end) {
        m_store.set_journal(this);
    }
    ~LogWriter() override {
        m_store.set_journal(nullptr);
        release_reserve();
        ::close(m_fd);
    }
    // Room reserved and not used is given back once the operation is over (punched out: a
    // truncate to the same size frees nothing on tmpfs), so what is free on the disk stays
    // true for the next decision.
    void release_reserve() {
        if (m_reserved > m_end)
            (void)::fallocate(m_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                              static_cast<off_t>(m_end), static_cast<off_t>(m_reserved - m_end));
        m_reserved = m_end;
    }
    bool reserve(std::uint64_t bytes) override {
        if (m_end + bytes <= m_reserved)
            return true;
        if (::fallocate(m_fd, FALLOC_FL_KEEP_SIZE, static_cast<off_t>(m_end),
                        static_cast<off_t>(bytes)) == 0) {
            m_reserved = m_end + bytes;
            return true;
        }
        if (errno != EOPNOTSUPP && errno != ENOSYS)
            return false;
        // A filesystem that cannot reserve: at least the free space must be there.
        struct statvfs fs {};
        return ::fstatvfs(m_fd, &fs) == 0 &&
               static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize > bytes + kSpareBytes;
    }
    bool write_ahead(const store::Change& change) override {
        const Bytes record = store::encode_change(change);
        if (!pwrite_all(record)) {
            // Nothing of a record cut short by the full disk may stay (the next record is
            // written over it anyway, and a start would take it for a crash's leftover).
            (void)::ftruncate(m_fd, static_cast<off_t>(m_end));
            ++m_refused;
            return false;
        }
        m_last = m_end;
        m_end += record.size();
        m_unsynced = true;
        return true;
    }
    void take_back() override {
        if (::ftruncate(m_fd, static_cast<off_t>(m_last)) == 0)
            m_end = m_last;
    }
    bool dirty() const { return m_unsynced; }
    std::uint64_t refused() const { return m_refused; }
    bool sync(std::string& error) {
        if (!m_unsynced)
            return true;
        if (::fdatasync(m_fd) != 0) {
            error = errno_text(m_path);
            return false;
        }
        m_unsynced = false;
        release_reserve();
        return true;
    }

private:
    static constexpr std::uint64_t kSpareBytes = 64 * 1024;

    bool pwrite_all(std::string_view data) {
        std::uint64_t at = m_end;
        while (!data.empty()) {
            const ssize_t put = ::pwrite(m_fd, data.data(), data.size(), static_cast<off_t>(at));
            if (put < 0 && errno == EINTR)
                continue;
            if (put <= 0) {
                if (put == 0)
                    errno = ENOSPC;
                return false;
            }
            data.remove_prefix(static_cast<std::size_t>(put));
            at += static_cast<std::uint64_t>(put);
        }
        return true;
    }

    store::Store& m_store;
    std::string m_path;
    int m_fd;
    std::uint64_t m_end;      // where the next record goes (the file's size)
    std::uint64_t m_reserved; // room allocated up to here (>= m_end)
    std::uint64_t m_last = 0; // where the last record began (for take_back)
    std::uint64_t m_refused = 0;
    bool m_unsynced = false;
};

StateDir::StateDir(std::string dir, world::World& world) : m_dir(std::move(dir)), m_world(world) {}
StateDir::~StateDir() = default;

namespace {

// A name next to `path` that is not taken yet: path.damaged, path.damaged.2, ...
std::string aside_name(const std::string& path) {
    std::string name = path + ".damaged";
    struct stat taken {};
    for (int n = 2; ::stat(name.c_str(), &taken) == 0; ++n)
        name = path + ".damaged." + std::to_string(n);
    return name;
}

// Replays DIR/NAME (a store's change log) into `store`; returns the log's size to append at.
// Damage (a flipped byte, garbage, a record cut short by a crash) never cuts the log: the
// file is moved aside as it was, a new one is written from the intact records, and every
// skipped stretch is reported with its offset. A log that cannot be read stops the start.
Result<std::uint64_t> restore_log(const std::string& dir, const std::string& name,
                                  store::Store& store, std::vector<std::string>& notes) {
    const std::string path = dir + "/" + name;
    std::string unreadable;
    auto log = read_file(path, unreadable);
    if (!log) {
        if (!unreadable.empty())
            return Error{unreadable + " (the mailbox log cannot be read; nothing was changed)"};
        return std::uint64_t{0};
    }
    const store::DecodedLog decoded = store::decode_changes(*log);
    Bytes intact;
    std::size_t replayed = 0, unfit = 0;
    for (const auto& change : decoded.changes) {
        if (store.replay(change)) {
            intact += store::encode_change(change);
            ++replayed;
            continue;
        }
        // A change that depended on a damaged one (a flag of a message that was lost) cannot
        // be replayed; without damage the log belongs to another world.
        if (decoded.damage.empty())
            return Error{path + ": the log does not fit this world (" + store::describe(change) +
                         ")"};
        ++unfit;
        notes.push_back(path + ": skipped " + store::describe(change) +
                        " (it depended on a damaged record)");
    }
    notes.push_back(name.substr(0, name.size() - 4) + ": " + std::to_string(replayed) +
                    " mailbox changes restored");
    if (decoded.damage.empty())
        return static_cast<std::uint64_t>(log->size());
    for (const auto& damage : decoded.damage)
        notes.push_back(path + ": offset " + std::to_string(damage.offset) + ": " +
                        std::to_string(damage.length) + " bytes skipped (" + damage.problem +
                        (damage.kind.empty() ? "" : ", a '" + damage.kind + "' record") +
                        (damage.cut_short ? "; cut short by a crash, never acknowledged" : "") +
                        ")");
    const std::string aside = aside_name(path);
    if (::rename(path.c_str(), aside.c_str()) != 0)
        return Error{errno_text(path) + " (cannot move the damaged log aside)"};
    std::string error;
    if (!replace_file(dir, name, intact, error))
        return Error{error + " (the damaged log is kept as " + aside + ")"};
    notes.push_back(
        path + ": the log as it was is kept as " + aside + "; " + std::to_string(replayed) +
        " intact records were written anew" +
        (unfit ? ", " + std::to_string(unfit) + " that no longer fit were left out" : ""));
    return static_cast<std::uint64_t>(intact.size());
}

} // namespace

Result<std::unique_ptr<StateDir>> StateDir::open(const std::string& dir, world::World& world,
                                                 std::vector<std::string>& notes) {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        return Error{errno_text(dir)};
    std::unique_ptr<StateDir> state(new StateDir(dir, world));
    const std::string name = world.scenario().name + "\n";
    std::string unreadable;
    if (auto existing = read_file(dir + "/world", unreadable)) {
        if (*existing != name)
            return Error{dir + " holds the state of world '" +
                         existing->substr(0, existing->find('\n')) + "', not '" +
                         world.scenario().name + "'"};
    } else if (!unreadable.empty()) {
        return Error{unreadable};
    } else {
        std::string error;
        if (!replace_file(dir, "world", name, error))
            return Error{error};
    }
    for (const auto& host : world.scenario().hosts) {
        store::Store* store = world.store_of(host.name);
        if (!store)
            continue;
        const std::string path = dir + "/" + host.name + ".log";
        auto restored = restore_log(dir, host.name + ".log", *store, notes);
        if (!restored)
            return restored.error();
        const std::uint64_t keep = *restored;
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
            return Error{errno_text(path)};
        state->m_logs.push_back(std::make_unique<LogWriter>(*store, path, fd, keep));
    }
    world.record_store_contents(); // the view (a fold over the trace) shows what was restored
    // The log files may be new: their folder entries must survive a power cut too.
    if (!fsync_dir(dir))
        return Error{errno_text(dir)};
    if (auto status = state->restore_queue(notes); !status)
        return status.error();
    // The queue file is rewritten whole (a new file, then rename): a message for the spool
    // needs room for the old and the new file at once.
    StateDir* self = state.get();
    for (const auto& host : world.scenario().hosts)
        if (agents::Mta* mta = world.mta(host.name))
            mta->set_spool_room([self](std::uint64_t bytes) { return self->spool_room(bytes); });
    return state;
}

Status StateDir::restore_queue(std::vector<std::string>& notes) {
    const std::string path = m_dir + "/queue";
    std::string unreadable;
    auto text = read_file(path, unreadable);
    if (!text)
        return unreadable.empty() ? Status{Ok{}} : Status{Error{unreadable}};
    struct Entry {
        agents::Mta* mta;
        std::string from;
        std::vector<std::string> rcpts;
        Bytes data;
    };
    // Everything is checked before anything is queued: a bad file changes nothing.
    std::vector<Entry> entries;
    std::size_t at = 0;
    int line = 1;
    const auto bad = [&](const std::string& message) {
        return Error{path + ":" + std::to_string(line) + ": " + message};
    };
    while (at < text->size()) {
        const auto eol = text->find('\n', at);
        if (eol == std::string::npos)
            return bad("entry line cut short");
        std::map<std::string, std::string> fields;
        for (const auto& part : split(std::string_view(*text).substr(at, eol - at), ' ')) {
            const auto eq = part.find('=');
            if (eq != std::string::npos)
                fields[part.substr(0, eq)] = part.substr(eq + 1);
        }
        const std::string& size_text = fields["size"];
        if (size_text.empty() || size_text.size() > 19 ||
            size_text.find_first_not_of("0123456789") != std::string::npos)
            return bad("size=" + size_text.substr(0, 40) + " is not a byte count");
        const std::uint64_t size = std::stoull(size_text); // digits only, at most 19
        // Compared without adding to `eol`: a huge size must not wrap around.
        if (size > text->size() - eol - 1 || text->size() - eol - 1 - size < 1 ||
            (*text)[eol + 1 + size] != '\n')
            return bad("the message of " + size_text + " bytes is cut short");
        Entry entry;
        auto host = unescape(fields["host"]);
        auto from = unescape(fields["from"]);
        if (!host || !from)
            return bad("bad %-escape in host= or from=");
        entry.mta = m_world.mta(*host);
        if (!entry.mta)
            return bad("no MTA " + *host + " in this world");
        entry.from = *from;
        for (const auto& r : split(fields["rcpts"], ',')) {
            auto rcpt = unescape(r);
            if (!rcpt || rcpt->empty())
                return bad("bad recipient '" + r.substr(0, 80) + "' in rcpts=");
            entry.rcpts.push_back(*rcpt);
        }
        entry.data = text->substr(eol + 1, size);
        line += 1 + static_cast<int>(std::count(entry.data.begin(), entry.data.end(), '\n')) + 1;
        at = eol + 1 + size + 1;
        entries.push_back(std::move(entry));
    }
    for (auto& entry : entries)
        entry.mta->submit(entry.from, entry.rcpts, std::move(entry.data), "restored from --state");
    if (!entries.empty())
        notes.push_back(std::to_string(entries.size()) + " queued messages restored");
    return Ok{};
}

std::string StateDir::queue_signature() const {
    std::string signature;
    for (const auto& host : m_world.scenario().hosts) {
        agents::Mta* mta = const_cast<world::World&>(m_world).mta(host.name);
        if (!mta)
            continue;
        for (const auto& entry : mta->spool())
            signature += entry.queue_id + ":" + std::to_string(entry.rcpts.size()) + " ";
    }
    return signature;
}

bool StateDir::sync_queue(std::string& error) {
    std::string signature = queue_signature();
    if (signature == m_queue_signature)
        return true;
    std::string text;
    for (const auto& host : m_world.scenario().hosts) {
        agents::Mta* mta = m_world.mta(host.name);
        if (!mta)
            continue;
        for (const auto& entry : mta->spool()) {
            if (entry.rcpts.empty())
                continue;
            std::string rcpts;
            for (const auto& r : entry.rcpts)
                rcpts += (rcpts.empty() ? "" : ",") + escape(r);
            text += "entry host=" + escape(host.name) + " from=" + escape(entry.from) +
                    " rcpts=" + rcpts + " size=" + std::to_string(entry.data.size()) + "\n";
            text += entry.data + "\n";
        }
    }
    if (!replace_file(m_dir, "queue", text, error))
        return false;
    m_queue_signature = std::move(signature);
    return true;
}

bool StateDir::spool_room(std::uint64_t bytes) const {
    struct stat queue {};
    const std::uint64_t now = ::stat((m_dir + "/queue").c_str(), &queue) == 0
                                  ? static_cast<std::uint64_t>(queue.st_size)
                                  : 0;
    struct statvfs fs {};
    if (::statvfs(m_dir.c_str(), &fs) != 0)
        return false;
    const std::uint64_t free = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
    return free > now + bytes + kQueueSpare;
}

std::uint64_t StateDir::refused() const {
    std::uint64_t total = 0;
    for (const auto& log : m_logs)
        total += log->refused();
    return total;
}

bool StateDir::dirty() const {
    for (const auto& log : m_logs)
        if (log->dirty())
            return true;
    return queue_signature() != m_queue_signature;
}

bool StateDir::sync(std::string& error) {
    bool wrote = false;
    for (auto& log : m_logs) {
        wrote = wrote || log->dirty();
        if (!log->sync(error))
            return false;
    }
    if (queue_signature() != m_queue_signature) {
        wrote = true;
        if (!sync_queue(error))
            return false;
    }
    if (wrote)
        ++m_syncs;
    return true;
}

} // namespace mailsim::serve
