#include "command_registry.h"

namespace mailsim::cli {

std::vector<Command>& command_registry() {
    // Function-local so registrations from any translation unit's static init are safe.
    static std::vector<Command> commands;
    return commands;
}

} // namespace mailsim::cli
