"""The Socket Mode side of LocalSlack: a minimal WebSocket server (RFC 6455, text frames)."""

from __future__ import annotations

import base64
import hashlib
import socket
import struct
import threading
from collections.abc import Callable
from io import BufferedIOBase

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA
PATH = "/socket-mode"


def accept_key(key: str) -> str:
    """The ``Sec-WebSocket-Accept`` answer to a client's ``Sec-WebSocket-Key``."""
    return base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()


class WebSocket:
    """The server side of one WebSocket connection (RFC 6455, text frames only)."""

    def __init__(self, sock: socket.socket, rfile: BufferedIOBase) -> None:
        self._sock = sock
        self._rfile = rfile
        self._lock = threading.Lock()

    def send(self, opcode: int, data: bytes) -> None:
        size = len(data)
        if size < 126:
            header = struct.pack("!BB", 0x80 | opcode, size)
        elif size < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 126, size)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 127, size)
        with self._lock:
            self._sock.sendall(header + data)

    def send_text(self, text: str) -> None:
        self.send(TEXT, text.encode())

    def read_message(self) -> tuple[int, bytes] | None:
        """The next whole message (continuation frames joined); None at end of stream."""
        opcode, chunks = 0, []
        while True:
            head = self._rfile.read(2)
            if len(head) < 2:
                return None
            fin, frame_opcode = head[0] & 0x80, head[0] & 0x0F
            masked, size = head[1] & 0x80, head[1] & 0x7F
            if size == 126:
                size = struct.unpack("!H", self._rfile.read(2))[0]
            elif size == 127:
                size = struct.unpack("!Q", self._rfile.read(8))[0]
            mask = self._rfile.read(4) if masked else b"\0\0\0\0"
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(self._rfile.read(size)))
            if frame_opcode >= 0x8:  # control frames may come between fragments
                return frame_opcode, data
            opcode = opcode or frame_opcode
            chunks.append(data)
            if fin:
                return opcode, b"".join(chunks)

    def serve(self, on_text: Callable[[bytes], None]) -> None:
        """Answer pings and hand each text message to ``on_text`` until the client closes."""
        try:
            while (message := self.read_message()) is not None:
                opcode, data = message
                if opcode == CLOSE:
                    break
                if opcode == PING:
                    self.send(PONG, data)
                elif opcode == TEXT:
                    on_text(data)
        except OSError:
            pass

    def close(self) -> None:
        try:
            self.send(CLOSE, b"")
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
