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
        self.offset = 0
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("closed during the handshake")
            self.buffer += chunk
        head, rest = self.buffer.split(b"\r\n\r\n", 1)
        self.buffer = bytearray(rest)
        if not head.startswith(b"HTTP/1.1 101"):
            raise RuntimeError("no upgrade: %r" % head[:80])
        self.delivered = 0
        self.snapshots = 0
        self.batches = 0
        self.closed = False
        self.fragments = b""

    def _take(self, n):
        # A bytearray read from an offset: no copy of the rest per frame (big batches).
        while len(self.buffer) - self.offset < n:
            if self.offset:
                del self.buffer[:self.offset]
                self.offset = 0
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise EOFError
            self.buffer += chunk
        out = bytes(self.buffer[self.offset:self.offset + n])
        self.offset += n
        return out

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

    def message(self):
        """The next whole text message (pings answered on the way); None once closed."""
        try:
            while True:
                b0, b1 = self._take(2)
                n = b1 & 0x7F
                if n == 126:
                    n = struct.unpack("!H", self._take(2))[0]
                elif n == 127:
                    n = struct.unpack("!Q", self._take(8))[0]
                payload = self._take(n)
                opcode = b0 & 0x0F
                if opcode == 0x9:  # ping: pong with the same payload, masked
                    mask = os.urandom(4)
                    self._send_frame(bytes([0x8A, 0x80 | len(payload)]) + mask +
                                     bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
                    continue
                if opcode == 0x8:
                    self.closed = True
                    return None
                self.fragments += payload
                if b0 & 0x80:
                    whole, self.fragments = self.fragments, b""
                    self._count(whole)
                    return whole
        except (EOFError, OSError):
            self.closed = True
            return None

    def _count(self, whole):
        if whole.startswith(b'{"type":"snapshot"'):
            snapshot = json.loads(whole)
            self.snapshots += 1
            self.delivered = snapshot["view"]["counters"].get("delivered", 0)
            self.delivered += sum(1 for e in snapshot["events"] if e["kind"] == "delivered")
        elif whole.startswith(b'{"type":"events"'):
            self.batches += 1
            self.delivered += whole.count(b'"kind":"delivered"')

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
