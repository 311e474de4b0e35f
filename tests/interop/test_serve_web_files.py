"""`mailsim serve --web`'s files, as scripts/serve_web.py sends them (#18): the plain address
redirects to the page attached to the live world (/?live=1); a file goes out as the build's
.gz when the browser takes gzip (Content-Encoding, Vary), with an ETag and Cache-Control
no-cache; a reload with that ETag gets 304 and no body; a path outside the folder, a missing
file and a POST are refused. Python's http.client, over a real socket.
"""
import gzip
import http.client
import os

from serve_helper import HOST, Checks, Server, tiny_web_app, web_port

c = Checks()
web = tiny_web_app()
page = open(os.path.join(web, "index.html"), "rb").read()
with open(os.path.join(web, "index.html.gz"), "wb") as f:
    f.write(gzip.compress(page))
with open(os.path.join(os.path.dirname(web), "secret.txt"), "w") as f:
    f.write("outside the web folder\n")


def get(port, path, method="GET", **headers):
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request(method, path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


with Server("--web", "0", "--web-dir", web, protos=("smtp",)) as server:
    port = web_port(server)
    response, _ = get(port, "/")
    c.equal((response.status, response.getheader("Location")), (302, "/?live=1"),
            "the plain address opens the live page")
    response, body = get(port, "/index.html", **{"Accept-Encoding": "gzip, deflate"})
    c.equal(response.status, 200, "the page")
    c.equal(response.getheader("Content-Encoding"), "gzip", "sent as the build's .gz")
    c.equal(gzip.decompress(body), page, "which unpacks to the page")
    c.equal(response.getheader("Cache-Control"), "no-cache", "Cache-Control")
    c.check("Accept-Encoding" in (response.getheader("Vary") or ""), "Vary: Accept-Encoding")
    etag = response.getheader("ETag")
    c.check(etag, "an ETag")
    response, body = get(port, "/index.html", **{"Accept-Encoding": "gzip", "If-None-Match": etag})
    c.equal((response.status, body), (304, b""), "a reload with the ETag: 304, no body")
    response, body = get(port, "/index.html")
    c.equal((response.status, body, response.getheader("Content-Encoding")), (200, page, None),
            "a browser without gzip gets the file itself")
    response, body = get(port, "/../secret.txt")
    c.check(response.status == 404 and b"outside" not in body, "nothing outside the folder")
    response, _ = get(port, "/missing.js")
    c.equal(response.status, 404, "a missing file")
    response, _ = get(port, "/index.html", method="POST")
    c.equal(response.status, 405, "POST is not allowed")
c.finish()
