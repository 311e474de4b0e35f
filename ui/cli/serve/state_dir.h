#pragma once
// `mailsim serve --state DIR`: the mailbox stores and the MTAs' queues on disk.
//
// - DIR/<host>.log: each store's change log (sim/store/change_codec.h), appended. The world
//   builds the same initial store from the same scenario every time, so replaying the log on
//   top of it rebuilds exactly the mailboxes of the last run (ids, UIDs, flags).
// - DIR/queue: a snapshot of every MTA's spool (messages waiting to be relayed), replaced
//   atomically (write, fsync, rename, fsync the folder) whenever it changes.
// - DIR/world: the scenario name, so a state folder is never replayed into another world.
//
// Store changes are written ahead (the store's ChangeJournal): a change the disk refuses does
// not happen, and the engine answers 452 / -ERR / NO. sync() fdatasyncs what was written and
// rewrites the queue file if it changed. The serve loop calls it after every world step and
// before any byte reaches a real socket, so a 250 (or a POP3 +OK after QUIT) is never sent for
// something that is not on disk yet.
#include "sim/core/result.h"
#include "sim/store/change.h"

#include <memory>
#include <string>
#include <vector>

namespace mailsim::world {
class World;
}

namespace mailsim::serve {

class StateDir {
public:
    // Opens (creating it if needed) DIR, replays what it holds into `world` (built from the
    // same scenario, nothing run yet), then starts recording. `notes` gets what was restored.
    static Result<std::unique_ptr<StateDir>> open(const std::string& dir, world::World& world,
                                                  std::vector<std::string>& notes);
    ~StateDir();
    StateDir(const StateDir&) = delete;
    StateDir& operator=(const StateDir&) = delete;

    // Writes and fsyncs pending changes; false (with `error`) when the disk refused.
    bool sync(std::string& error);
    bool dirty() const;
    std::uint64_t syncs() const { return m_syncs; }
    // Changes the disk refused (each answered "no room" by the engine that asked).
    std::uint64_t refused() const;
    // Room for `bytes` more in the queue file (free space for the old and the new file).
    bool spool_room(std::uint64_t bytes) const;

private:
    class LogWriter;
    StateDir(std::string dir, world::World& world);
    Status restore_queue(std::vector<std::string>& notes);
    bool sync_queue(std::string& error);
    std::string queue_signature() const;

    static constexpr std::uint64_t kQueueSpare = 64 * 1024;

    std::string m_dir;
    world::World& m_world;
    std::vector<std::unique_ptr<LogWriter>> m_logs;
    std::string m_queue_signature;
    std::uint64_t m_syncs = 0;
};

} // namespace mailsim::serve
