#include "web_files.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sys/stat.h>

namespace mailsim::serve {

namespace {

// The same table as scripts/serve_web.py.
std::string content_type(const std::string& path) {
    const auto dot = path.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : path.substr(dot);
    if (ext == ".html")
        return "text/html; charset=utf-8";
    if (ext == ".js")
        return "text/javascript";
    if (ext == ".css")
        return "text/css";
    if (ext == ".wasm")
        return "application/wasm";
    if (ext == ".png")
        return "image/png";
    if (ext == ".svg")
        return "image/svg+xml";
    if (ext == ".json")
        return "application/json";
    return "application/octet-stream";
}

std::string real_path(const std::string& path) {
    char* resolved = ::realpath(path.c_str(), nullptr);
    if (!resolved)
        return {};
    std::string out(resolved);
    std::free(resolved);
    return out;
}

std::string hex(long long value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%llx", value);
    return buffer;
}

} // namespace

Status WebFiles::check() const {
    struct stat st {};
    if (m_root.empty() || ::stat((m_root + "/index.html").c_str(), &st) != 0)
        return make_error("--web: no web app in '" + m_root +
                          "' (build it: cmake --preset web && cmake --build --preset web, or "
                          "give --web-dir)");
    return Ok{};
}

std::shared_ptr<const std::string> WebFiles::read(const std::string& full, long long mtime_ns,
                                                  long long size) {
    Cached& cached = m_cache[full];
    if (cached.bytes && cached.mtime_ns == mtime_ns && cached.size == size)
        return cached.bytes;
    std::ifstream in(full, std::ios::binary);
    if (!in)
        return nullptr;
    auto bytes = std::make_shared<const std::string>(std::istreambuf_iterator<char>(in),
                                                     std::istreambuf_iterator<char>());
    cached = Cached{mtime_ns, size, bytes};
    return bytes;
}

WebFiles::Reply WebFiles::get(const std::string& path, bool gzip_ok,
                              const std::string& if_none_match) {
    Reply reply;
    std::string relative = path.empty() ? "/" : path;
    if (relative.back() == '/')
        relative += "index.html";
    const std::string root = real_path(m_root);
    const std::string full = real_path(m_root + relative);
    struct stat st {};
    if (root.empty() || full.empty() || full.rfind(root + "/", 0) != 0 ||
        ::stat(full.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        reply.headers.emplace_back("Content-Type", "text/plain");
        reply.body = std::make_shared<const std::string>("not found\n");
        return reply;
    }
    const long long mtime_ns =
        static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
    // The build's .gz, when it is not older than the file (serve_web.py's rule).
    std::shared_ptr<const std::string> body;
    bool gzipped = false;
    struct stat packed {};
    if (gzip_ok && ::stat((full + ".gz").c_str(), &packed) == 0) {
        const long long packed_ns =
            static_cast<long long>(packed.st_mtim.tv_sec) * 1000000000LL + packed.st_mtim.tv_nsec;
        if (packed_ns >= mtime_ns) {
            gzipped = true;
            body = read(full + ".gz", packed_ns, packed.st_size);
        }
    }
    const std::string etag =
        "\"" + hex(st.st_size) + "-" + hex(mtime_ns) + (gzipped ? "-gz" : "") + "\"";
    reply.headers.emplace_back("ETag", etag);
    reply.headers.emplace_back("Cache-Control", "no-cache");
    if (if_none_match.find(etag) != std::string::npos) {
        reply.status = 304;
        return reply;
    }
    if (!gzipped)
        body = read(full, mtime_ns, st.st_size);
    if (!body) {
        reply.status = 500;
        reply.body = std::make_shared<const std::string>("cannot read the file\n");
        return reply;
    }
    reply.status = 200;
    reply.headers.emplace_back("Content-Type", content_type(full));
    reply.headers.emplace_back("Vary", "Accept-Encoding");
    if (gzipped)
        reply.headers.emplace_back("Content-Encoding", "gzip");
    reply.body = std::move(body);
    return reply;
}

} // namespace mailsim::serve
