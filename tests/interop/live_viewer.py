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

    def _frame(self):
        """The next whole frame in the buffer as (first byte, payload begin, payload end),
        taken; or the number of bytes it needs from self.start on when it is not all here."""
        have = self.end - self.start
        if have < 2:
            return 2
        b = self.start
        b0, n = self.buffer[b], self.buffer[b + 1] & 0x7F
        head = 2
        if n == 126:
            head = 4
            if have < head:
                return head
            n = struct.unpack_from("!H", self.buffer, b + 2)[0]
        elif n == 127:
            head = 10
            if have < head:
                return head
            n = struct.unpack_from("!Q", self.buffer, b + 2)[0]
        if have < head + n:
            return head + n
        self.start = b + head + n
        return b0, b + head, b + head + n

    def _read_more(self, need):
        """One recv straight into the buffer (recv_into), making room for `need` bytes from
        self.start on first: thirty viewers in one process copy hundreds of megabytes, on the
        machine the server runs on, and every copy here is CPU the benchmark takes from the
        server. Raises EOFError once the server closed."""
        if self.start + need > len(self.buffer) or self.end == len(self.buffer):
            held = self.end - self.start
            if need > len(self.buffer):  # a big snapshot: a bigger buffer
                self.view.release()
                self.buffer.extend(bytes(need - len(self.buffer)))
                self.view = memoryview(self.buffer)
            self.view[:held] = self.view[self.start:self.end]
            self.start, self.end = 0, held
        got = self.sock.recv_into(self.view[self.end:])
        if not got:
            raise EOFError
        self.end += got

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

    def _take_message(self, frame, keep):
        """A frame taken: the whole text message it ends (counted; with keep=False only True,
        nothing copied out), False for a ping answered or a fragment kept, None for a close."""
        b0, begin, end = frame
        opcode = b0 & 0x0F
        if opcode == 0x9:  # ping: pong with the same payload, masked
            payload = bytes(self.view[begin:end])
            mask = os.urandom(4)
            self._send_frame(bytes([0x8A, 0x80 | len(payload)]) + mask +
                             bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
            return False
        if opcode == 0x8:
            self.closed = True
            return None
        if not b0 & 0x80 or self.fragments:  # fragmented (the server does not)
            self.fragments += self.view[begin:end]
            if not b0 & 0x80:
                return False
            whole, self.fragments = self.fragments, b""
            self._count(whole, 0, len(whole))
            return whole if keep else True
        self._count(self.buffer, begin, end)
        return bytes(self.view[begin:end]) if keep else True

    def message(self, keep=True):
        """The next whole text message (pings answered on the way); None once closed. With
        keep=False it is only counted (True is returned): nothing is copied out."""
        try:
            while True:
                frame = self._frame()
                if isinstance(frame, int):
                    self._read_more(frame)
                    continue
                got = self._take_message(frame, keep)
                if got is not False:
                    return got
        except (EOFError, OSError):
            self.closed = True
            return None

    def pump(self):
        """For a caller that waits on many viewers at once (selectors): one read of what the
        socket has, and every whole message in it counted. False once closed. One thread
        serving thirty viewers this way costs far less than thirty threads taking turns at
        Python's lock, on the machine the server runs on."""
        try:
            read = False
            while True:
                frame = self._frame()
                if isinstance(frame, int):
                    if read:
                        return True
                    # What came with the handshake's answer is counted before reading more.
                    self._read_more(frame)
                    read = True
                    continue
                if self._take_message(frame, False) is None:
                    return False
        except BlockingIOError:
            return True
        except (EOFError, OSError):
            self.closed = True
            return False

    def _count(self, data, begin, end):
        if data.startswith(b'{"type":"snapshot"', begin):
            # Read where it stands without parsing it all: after a run the view holds thousands
            # of messages, and thirty viewers resynchronised in a burst each parsed a megabyte
            # or two on the server's machine. The view's `counters` (a flat object of numbers)
            # and the events' kinds are found as the batches' are: in the JSON text, where a
            # string's quotes are escaped, a key's never are.
            self.snapshots += 1
            at = data.find(b'"counters":{', begin, end)
            close = data.find(b"}", at, end)
            if at < 0 or close < 0:
                raise RuntimeError("a snapshot without the view's counters")
            counters = json.loads(bytes(data[at + len(b'"counters":'):close + 1]))
            self.delivered = counters.get("delivered", 0)
            self.delivered += data.count(b'"kind":"delivered"', begin, end)
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
