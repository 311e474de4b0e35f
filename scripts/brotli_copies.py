#!/usr/bin/env python3
"""Writes FILE.br (Brotli, best quality) next to each FILE given, for scripts/serve_web.py.

The web build runs this after writing its .gz copies (ui/CMakeLists.txt): Brotli sends the
wasm, the data and the font atlases in about 0.75x the gzip bytes to a browser that accepts
br. Without Debian's python3-brotli it only says so: serve_web.py then sends gzip, and a .br
left from an older build is removed (it is never served once older than its file anyway).
"""
import os
import sys

try:
    import brotli
except ImportError:
    brotli = None

if brotli is None:
    print("brotli_copies: python3-brotli is not installed; the web app is served with gzip only")
for name in sys.argv[1:]:
    if brotli is None:
        if os.path.exists(name + ".br"):
            os.remove(name + ".br")
        continue
    with open(name, "rb") as f:
        data = f.read()
    # Text for the shell files, generic for the wasm and binary data; a 16 MiB window.
    mode = brotli.MODE_TEXT if name.endswith((".js", ".html", ".css")) else brotli.MODE_GENERIC
    packed = brotli.compress(data, mode=mode, quality=11, lgwin=24)
    with open(name + ".br.tmp", "wb") as f:
        f.write(packed)
    os.replace(name + ".br.tmp", name + ".br")
