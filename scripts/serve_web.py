#!/usr/bin/env python3
"""Serves the built web app on loopback, gzip-compressed when the browser accepts it.

Used by scripts/run.sh, the browser tests and tests/bench/bench_web.mjs (one server, so the
bench measures what a user of run.sh gets). The web build writes a .gz next to each file
(ui/CMakeLists.txt); those are sent as they are, like a production server's gzip_static, so
no request waits for compression. A file without an up-to-date .gz (the shell files copied
after the build, say) is compressed once, in memory. Where the build also wrote a .br (Brotli,
about 0.75x the gzip size for the wasm, the data and the font atlases) and the browser accepts
br (Chromium offers it to localhost and HTTPS origins), that is sent instead, like
brotli_static. Every response carries an ETag, so a
reload revalidates with a 304 instead of downloading the wasm and the data again.
"""
import argparse
import gzip
import http.server
import os
import sys

TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
         ".wasm": "application/wasm", ".data": "application/octet-stream",
         ".png": "image/png", ".svg": "image/svg+xml", ".json": "application/json"}


def fresh_copy(full, suffix, stat):
    """Whether `full` + suffix exists and is not older than `full`."""
    try:
        return os.stat(full + suffix).st_mtime_ns >= stat.st_mtime_ns
    except OSError:
        return False


def compressed_copy(full, stat, cache):
    """The gzip bytes of `full`: its build-time .gz if that is not older, else made once."""
    try:
        packed = os.stat(full + ".gz")
        if packed.st_mtime_ns >= stat.st_mtime_ns:
            with open(full + ".gz", "rb") as f:
                return f.read()
    except OSError:
        pass
    key = (full, stat.st_mtime_ns, stat.st_size)
    if key not in cache:
        with open(full, "rb") as f:
            cache[key] = gzip.compress(f.read(), 6, mtime=0)
    return cache[key]


def make_handler(root, quiet):
    cache = {}
    real_root = os.path.realpath(root)

    class Handler(http.server.BaseHTTPRequestHandler):
        # Keep-alive: the page's six requests share connections.
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path.endswith("/"):
                path += "index.html"
            full = os.path.realpath(os.path.join(root, path.lstrip("/")))
            if not full.startswith(real_root + os.sep) or not os.path.isfile(full):
                self.send_error(404)
                return
            stat = os.stat(full)
            accepted = self.headers.get("Accept-Encoding", "")
            gzip_ok = "gzip" in accepted
            encoding = "br" if "br" in accepted and fresh_copy(full, ".br", stat) else (
                "gzip" if gzip_ok else None)
            # The representation's version: the file's size and time, and its encoding.
            suffix = {"br": "-br", "gzip": "-gz", None: ""}[encoding]
            etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}{suffix}"'
            if etag in self.headers.get("If-None-Match", ""):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if encoding == "br":
                with open(full + ".br", "rb") as f:
                    body = f.read()
            elif encoding == "gzip":
                body = compressed_copy(full, stat, cache)
            else:
                with open(full, "rb") as f:
                    body = f.read()
            self.send_response(200)
            self.send_header("Content-Type", TYPES.get(os.path.splitext(full)[1], "application/octet-stream"))
            # Revalidate on every load (a rebuild must show at once), with the ETag above.
            self.send_header("Cache-Control", "no-cache")
            self.send_header("ETag", etag)
            self.send_header("Vary", "Accept-Encoding")
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt, *args):
            if not quiet:
                sys.stderr.write("serve_web: " + fmt % args + "\n")

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer((args.bind, args.port), make_handler(args.dir, args.quiet))
    server.daemon_threads = True  # keep-alive connections must not hold up Ctrl+C
    if not args.quiet:
        print(f"mailsim web app: http://{args.bind}:{args.port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
