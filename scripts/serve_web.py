#!/usr/bin/env python3
"""Serves the built web app on loopback, gzip-compressed when the browser accepts it.

Used by scripts/run.sh and the browser tests. Compressed copies are made once, in memory,
so the .wasm and .data downloads are as small as a production server would make them.
"""
import argparse
import gzip
import http.server
import os
import sys

TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
         ".wasm": "application/wasm", ".data": "application/octet-stream",
         ".png": "image/png", ".json": "application/json"}


def make_handler(root, quiet):
    cache = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path.endswith("/"):
                path += "index.html"
            full = os.path.realpath(os.path.join(root, path.lstrip("/")))
            if not full.startswith(os.path.realpath(root)) or not os.path.isfile(full):
                self.send_error(404)
                return
            with open(full, "rb") as f:
                body = f.read()
            gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
            self.send_response(200)
            self.send_header("Content-Type", TYPES.get(os.path.splitext(full)[1], "application/octet-stream"))
            self.send_header("Cache-Control", "no-cache")
            if gzip_ok:
                key = (full, os.path.getmtime(full))
                if key not in cache:
                    cache[key] = gzip.compress(body, 6)
                body = cache[key]
                self.send_header("Content-Encoding", "gzip")
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
    if not args.quiet:
        print(f"mailsim web app: http://{args.bind}:{args.port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
