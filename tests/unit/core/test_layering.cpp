// The dependency rules of sim/ (docs/ARCHITECTURE.md, ../shared/DESIGN.md), read from every
// source's #include lines:
// - layers point one way: core -> trace -> mail, store, net -> proto -> agents -> world -> lesson
//   (a folder includes its own folder and the layers below it, never a peer or one above);
// - the protocol engines stand alone: proto/smtp, proto/pop3 and proto/imap never include one
//   another (what they share lives in proto/ itself);
// - sim/ uses the standard library only (plus header-only toml++ for data files): no system,
//   GUI, socket or file headers, no wall clock, no OS randomness, no exceptions.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

// The trace vocabulary (events, the event list, the trace) sits just above core: the network
// records TCP events in it, and everything above reads it.
const std::map<std::string, int> kLayer = {
    {"core", 0},  {"trace", 1},  {"mail", 2},  {"store", 2},  {"net", 2},
    {"proto", 3}, {"agents", 4}, {"world", 5}, {"lesson", 6},
};

// Wrong-way includes that are known and have an issue item that removes them. The test fails
// on any other wrong-way include, and on an entry here that is no longer needed (so the list
// can only shrink).
// (None left: the agents reach the world only through agents/agent_context.h.)
const std::set<std::pair<std::string, std::string>> kKnownExceptions = {};

// The standard library headers sim/ may include, and the one third-party header-only library.
const std::set<std::string> kAllowedAngle = {
    "algorithm",
    "array",
    "bit",
    "cassert",
    "cctype",
    "charconv",
    "climits",
    "cmath",
    "compare",
    "concepts",
    "cstddef",
    "cstdint",
    "cstdio",
    "cstdlib",
    "cstring",
    "deque",
    "functional",
    "initializer_list",
    "iterator",
    "limits",
    "map",
    "memory",
    "new",
    "numeric",
    "optional",
    "set",
    "span",
    "string",
    "string_view",
    "tuple",
    "type_traits",
    "unordered_map",
    "unordered_set",
    "utility",
    "variant",
    "vector",
    "toml++/toml.h",
    // Compiler intrinsics (SSE2 base64), behind #if defined(__SSE2__): part of the compiler,
    // not of an operating system.
    "immintrin.h",
};

// Words that break the promise even without an include.
const std::vector<std::string> kForbiddenWords = {
    "std::chrono::system_clock",
    "std::chrono::steady_clock",
    "random_device",
    "time(nullptr)",
    "getenv(",
};

struct Source {
    fs::path path;     // relative to sim/
    std::string layer; // the folder, as kLayer names it
    std::string text;
};

std::string layer_of(const fs::path& relative) {
    return relative.begin()->string();
}

std::vector<Source> read_sources(const fs::path& root) {
    std::vector<Source> out;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const auto ext = entry.path().extension();
        if (ext != ".h" && ext != ".cpp")
            continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const fs::path relative = fs::relative(entry.path(), root);
        if (relative.begin() == relative.end() || std::next(relative.begin()) == relative.end())
            continue; // sim/*.cpp directly: none today
        out.push_back(Source{relative, layer_of(relative), text.str()});
    }
    std::sort(out.begin(), out.end(),
              [](const Source& a, const Source& b) { return a.path < b.path; });
    return out;
}

struct Include {
    bool angle = false;
    std::string name;
};

std::vector<Include> includes_of(const std::string& text) {
    static const std::regex kInclude(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
    std::vector<Include> out;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::smatch match;
        if (std::regex_search(line, match, kInclude))
            out.push_back(Include{match[1] == "<", match[2]});
    }
    return out;
}

// The source without comments and string or character literals (raw strings too), so that
// "try again later" in a reply text is not mistaken for code. A scanner, not a regex:
// libstdc++'s regex recurses per character and a long literal would exhaust the stack.
std::string code_only(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    const auto skip_to = [&](std::string_view end) {
        const std::size_t at = text.find(end, i);
        i = at == std::string::npos ? text.size() : at + end.size();
        out += ' ';
    };
    while (i < text.size()) {
        const char c = text[i];
        if (text.compare(i, 2, "//") == 0) {
            skip_to("\n");
        } else if (text.compare(i, 2, "/*") == 0) {
            skip_to("*/");
        } else if (c == 'R' && i + 1 < text.size() && text[i + 1] == '"' &&
                   (i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) ||
                                text[i - 1] == '_'))) {
            const std::size_t open = text.find('(', i + 2);
            if (open == std::string::npos)
                break;
            const std::string delimiter = text.substr(i + 2, open - i - 2);
            i = open + 1;
            skip_to(")" + delimiter + "\"");
        } else if (c == '"' || c == '\'') {
            ++i;
            while (i < text.size() && text[i] != c && text[i] != '\n')
                i += text[i] == '\\' ? 2 : 1;
            ++i;
            out += ' ';
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

// The proto engine a file belongs to ("smtp", "pop3", "imap"), or "" for proto/ itself.
std::string engine_of(const fs::path& relative) {
    auto it = relative.begin();
    if (it == relative.end() || *it != "proto" || ++it == relative.end())
        return "";
    const fs::path next = *it;
    return ++it == relative.end() ? "" : next.string();
}

// Every rule broken by the sources, one line each ("path: what"). Exceptions used are added to
// `used`.
std::vector<std::string> broken_rules(const std::vector<Source>& sources,
                                      std::set<std::pair<std::string, std::string>>& used) {
    std::vector<std::string> problems;
    for (const auto& source : sources) {
        const std::string where = "sim/" + source.path.generic_string();
        if (!kLayer.count(source.layer)) {
            problems.push_back(where + ": folder '" + source.layer + "' has no layer");
            continue;
        }
        for (const auto& include : includes_of(source.text)) {
            if (include.angle) {
                if (!kAllowedAngle.count(include.name))
                    problems.push_back(where + ": <" + include.name +
                                       "> is not the standard library");
                continue;
            }
            if (include.name.rfind("sim/", 0) != 0) {
                // "own_header.h": the same folder. Any other path ("ui/app/app.h",
                // "../world/world.h") reaches outside the layers or around the check.
                if (include.name.find('/') != std::string::npos)
                    problems.push_back(where + ": includes \"" + include.name +
                                       "\" (a sim/ path or a file of its own folder only)");
                continue;
            }
            const fs::path target = fs::path(include.name.substr(4));
            const std::string to = layer_of(target);
            if (!kLayer.count(to)) {
                problems.push_back(where + ": includes " + include.name + " (no such layer)");
                continue;
            }
            const std::string from_engine = engine_of(source.path);
            const std::string to_engine = engine_of(target);
            if (!from_engine.empty() && !to_engine.empty() && from_engine != to_engine)
                problems.push_back(where + ": the " + from_engine + " engine includes " +
                                   include.name);
            if (to == source.layer)
                continue;
            if (kLayer.at(to) < kLayer.at(source.layer))
                continue;
            if (kKnownExceptions.count({source.layer, to})) {
                used.insert({source.layer, to});
                continue;
            }
            problems.push_back(
                where + ": " + source.layer + " includes " + include.name + " (" + to +
                (kLayer.at(to) == kLayer.at(source.layer) ? " is a peer)" : " is above)"));
        }
        for (const auto& word : kForbiddenWords)
            if (source.text.find(word) != std::string::npos)
                problems.push_back(where + ": uses " + word);
        static const std::regex kThrow(R"((^|[^A-Za-z0-9_])(throw\b|try\s*\{|catch\s*\())");
        if (std::regex_search(code_only(source.text), kThrow))
            problems.push_back(where + ": uses exceptions (throw, try or catch)");
    }
    return problems;
}

fs::path sim_root() {
    return fs::path(MAILSIM_SOURCE_DIR) / "sim";
}

} // namespace

TEST_CASE("sim/ layers point one way and use the standard library only") {
    const auto sources = read_sources(sim_root());
    REQUIRE(sources.size() > 100);
    std::set<std::pair<std::string, std::string>> used;
    const auto problems = broken_rules(sources, used);
    std::string all;
    for (const auto& problem : problems)
        all += problem + "\n";
    CHECK_MESSAGE(problems.empty(), all);
    for (const auto& [from, to] : kKnownExceptions) {
        const std::string note =
            from + " -> " + to + " is listed as a known exception but no longer happens: remove it";
        CHECK_MESSAGE(used.count({from, to}), note);
    }
}

TEST_CASE("the layering check catches a wrong-way include, a peer include and a system header") {
    // The same check over sources made up for the test, so it is known to fail when it should.
    auto source = [](std::string path, std::string text) {
        const fs::path relative(path);
        return Source{relative, layer_of(relative), std::move(text)};
    };
    std::set<std::pair<std::string, std::string>> used;
    CHECK(
        broken_rules({source("net/network.h", "#include \"sim/world/world.h\"\n")}, used).size() ==
        1);
    CHECK(
        broken_rules({source("mail/message.h", "#include \"sim/store/store.h\"\n")}, used).size() ==
        1);
    CHECK(broken_rules({source("proto/imap/x.h", "#include \"sim/proto/smtp/smtp_server.h\"\n")},
                       used)
              .size() == 1);
    CHECK(
        broken_rules({source("trace/trace.h", "#include \"sim/net/network.h\"\n")}, used).size() ==
        1); // the trace is below the network
    CHECK(broken_rules({source("trace/event_list.cpp", "#include <sys/mman.h>\n")}, used).size() ==
          1);
    CHECK(broken_rules({source("core/x.cpp", "void f() { throw 1; }\n")}, used).size() == 1);
    CHECK(
        broken_rules({source("agents/mta.cpp", "#include \"sim/world/world.h\"\n")}, used).size() ==
        1); // agents see their context, not the world
    CHECK(broken_rules({source("world/x.cpp", "#include \"ui/app/app.h\"\n")}, used).size() ==
          1); // ui/ is above every layer of sim/
    CHECK(broken_rules({source("net/x.cpp", "#include \"../world/world.h\"\n")}, used).size() ==
          1); // a relative path around the check
    CHECK(broken_rules({source("lesson/x.cpp", "#include \"sim/proto/imap/imap_state.h\"\n"
                                               "#include <vector>\n// never throw here\n")},
                       used)
              .empty());
}
