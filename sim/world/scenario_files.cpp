#include "scenario_files.h"

namespace mailsim::world {

std::string format_error(const std::string& file, const Error& error) {
    return file + ":" + std::to_string(error.line > 0 ? error.line : 1) + ":" +
           std::to_string(error.column > 0 ? error.column : 1) + ": " + error.message;
}

Result<Scenario> load_scenario(const std::string& name_or_path, const std::string& data_dir,
                               const FileReader& read) {
    std::string path = name_or_path;
    std::optional<std::string> text = read(path);
    if (!text && name_or_path.find('/') == std::string::npos) {
        std::string name = name_or_path;
        if (name.size() < 5 || name.substr(name.size() - 5) != ".toml")
            name += ".toml";
        path = data_dir + "/lessons/scenarios/" + name;
        text = read(path);
    }
    if (!text)
        return make_error("cannot read scenario '" + name_or_path +
                          "' (not a file, not a built-in scenario)");
    auto scenario = parse_scenario(*text, path);
    if (!scenario.ok())
        return make_error(format_error(path, scenario.error()));
    return scenario;
}

} // namespace mailsim::world
