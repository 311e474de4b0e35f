"""A small WebSocket viewer of `mailsim serve --web`'s live stream, for tests and benchmarks
that need many viewers without a browser each (the browser test uses Chromium's own).

RFC 6455 client side only: the opening handshake, frames the server sends (unmasked, possibly
fragmented, pings answered), masked frames it sends. Counts what a viewer's fold would count:
the snapshot's `counters` plus every `delivered` event received after it.
"""
import base64
import json
import os
import socket
import struct

HOST = "127.0.0.1"


class Viewer:
    def __init__(self, port, token="", rcvbuf=None, timeout=10):
        self.sock = socket.socket()
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(timeout)
        self.sock.connect((HOST, port))
        key = base64.b64encode(os.urandom(16)).decode()
        path = "/live" + ("?token=" + token if token else "")
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n" % (path, HOST, port, key)).encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("closed during the handshake")
            self.buffer += chunk
        head, rest = self.buffer.split(b"\r\n\r\n", 1)
        self.buffer = bytearray(max(1 << 20, len(rest)))
        self.view = memoryview(self.buffer)
        self.view[:len(rest)] = rest
        self.start, self.end = 0, len(rest)
        if not head.startswith(b"HTTP/1.1 101"):
            raise RuntimeError("no upgrade: %r" % head[:80])
        self.delivered = 0
        self.snapshots = 0
        self.batches = 0
        self.closed = False
        self.fragments = b""

    def _fill(self, n):
        """At least n bytes from self.start on in the buffer. Read straight into it (recv_into):
        thirty viewers in one process copy hundreds of megabytes, on the machine the server
        runs on, and every copy here is CPU the benchmark takes from the server."""
        while self.end - self.start < n:
            if self.start + n > len(self.buffer):
                held = self.end - self.start
                if n > len(self.buffer):  # a big snapshot: a bigger buffer
                    self.view.release()
                    self.buffer.extend(bytes(n - len(self.buffer)))
                    self.view = memoryview(self.buffer)
                self.view[:held] = self.view[self.start:self.end]
                self.start, self.end = 0, held
            got = self.sock.recv_into(self.view[self.end:])
            if not got:
                raise EOFError
            self.end += got

    def _take(self, n):
        """The next n bytes as (start, end) offsets into self.buffer."""
        self._fill(n)
        begin = self.start
        self.start += n
        return begin, begin + n

    def send(self, text):
        payload = text.encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self._send_frame(header + mask + masked)

    def _send_frame(self, frame):
        self.sock.sendall(frame)

    def message(self, keep=True):
        """The next whole text message (pings answered on the way); None once closed. With
        keep=False it is only counted (True is returned): nothing is copied out."""
        try:
            while True:
                b, _ = self._take(2)
                b0, b1 = self.buffer[b], self.buffer[b + 1]
                n = b1 & 0x7F
                if n == 126:
                    b, e = self._take(2)
                    n = struct.unpack("!H", self.view[b:e])[0]
                elif n == 127:
                    b, e = self._take(8)
                    n = struct.unpack("!Q", self.view[b:e])[0]
                begin, end = self._take(n)
                opcode = b0 & 0x0F
                if opcode == 0x9:  # ping: pong with the same payload, masked
                    payload = bytes(self.view[begin:end])
                    mask = os.urandom(4)
                    self._send_frame(bytes([0x8A, 0x80 | len(payload)]) + mask +
                                     bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
                    continue
                if opcode == 0x8:
                    self.closed = True
                    return None
                if not b0 & 0x80 or self.fragments:  # fragmented (the server does not)
                    self.fragments += self.view[begin:end]
                    if not b0 & 0x80:
                        continue
                    whole, self.fragments = self.fragments, b""
                    self._count(whole, 0, len(whole))
                    return whole if keep else True
                self._count(self.buffer, begin, end)
                return bytes(self.view[begin:end]) if keep else True
        except (EOFError, OSError):
            self.closed = True
            return None

    def _count(self, data, begin, end):
        if data.startswith(b'{"type":"snapshot"', begin):
            snapshot = json.loads(bytes(data[begin:end]))
            self.snapshots += 1
            self.delivered = snapshot["view"]["counters"].get("delivered", 0)
            self.delivered += sum(1 for e in snapshot["events"] if e["kind"] == "delivered")
        elif data.startswith(b'{"type":"events"', begin):
            self.batches += 1
            self.delivered += data.count(b'"kind":"delivered"', begin, end)

    def close(self):
        try:
            self.view.release()
        except BufferError:
            pass
        try:
            self.sock.close()
        except OSError:
            pass
