#pragma once
// The built web app's files as `mailsim serve --web` sends them, the way scripts/serve_web.py
// (what scripts/run.sh serves) does: the build's .gz next to each file when the browser takes
// gzip and the .gz is not older, an ETag from size, time and encoding, 304 when it matches,
// `Cache-Control: no-cache` so a rebuild shows at once. Files are read once and kept while
// their size and time stay the same. No sockets here: web_server.cpp sends the replies.
#include "sim/core/result.h"

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mailsim::serve {

class WebFiles {
public:
    struct Reply {
        int status = 404;
        std::vector<std::pair<std::string, std::string>> headers;
        std::shared_ptr<const std::string> body; // nullptr: none (404, 304)
    };

    void set_root(std::string root) { m_root = std::move(root); }
    // The folder exists and holds index.html (a web build was made).
    Status check() const;
    // `path` is the request's path without the query ("/" = index.html). Only files inside
    // the root, never through "..", a symlink out or a folder.
    Reply get(const std::string& path, bool gzip_ok, const std::string& if_none_match);

private:
    struct Cached {
        long long mtime_ns = 0;
        long long size = 0;
        std::shared_ptr<const std::string> bytes;
    };
    std::shared_ptr<const std::string> read(const std::string& full, long long mtime_ns,
                                            long long size);

    std::string m_root;
    std::map<std::string, Cached> m_cache;
};

} // namespace mailsim::serve
