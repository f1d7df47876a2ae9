"""One window per user-data folder: a second launch hands its query to the running window and exits."""

from __future__ import annotations

import enum
import getpass
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

ACK = b"ok\n"
MAX_MESSAGE = 64 * 1024  # a query is a few characters; anything longer is not ours
CONNECT_MS = 500  # a running instance accepts at once; a missing one fails at once
ANSWER_MS = 5000  # the running window answers between two events of its loop
WAIT_SLICE_MS = 20  # PySide holds the GIL while it waits: short waits, so no other Python thread stalls for seconds
IDLE_MS = 5000  # a client that connects and says nothing is dropped after this


class HandOff(enum.Enum):
    """What a second launch's attempt to reach the running window came to."""

    DONE = "done"  # the running window has the query: exit
    NOBODY = "nobody"  # no instance runs: become the one
    NO_ANSWER = "no-answer"  # an instance runs but did not answer (busy or hung)


def server_name(user_data: Path, db_path: Path | None = None) -> str:
    """The local server's name for a user-data folder (and an explicit --db term base): a hash, so
    portable copies, other users and other term bases never meet, and the name is a short safe word."""
    key = [getpass.getuser(), os.path.normcase(str(Path(user_data).resolve()))]
    if db_path is not None:
        key.append(os.path.normcase(str(Path(db_path).resolve())))
    return "glossary_app-" + hashlib.sha256("\n".join(key).encode("utf-8")).hexdigest()[:20]


class SingleInstance(QObject):
    """The first launch listens under a name; later launches connect, send their query and leave."""

    query_received = Signal(str)  # a later launch's query ("" when it only asks for the window)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.server: QLocalServer | None = None
        self.waiting: list[str] | None = []  # queries that came before there was a window; None once delivering

    # -- the second launch ---------------------------------------------------

    def hand_off(self, query: str, answer_ms: int = ANSWER_MS) -> HandOff:
        """Give query to the instance already running under this name, if there is one.
        Blocking calls only: it runs before any event loop (and needs no QApplication)."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_MS):
            return HandOff.NOBODY  # no socket, or one a crashed instance left behind
        socket.write(json.dumps({"query": query}, ensure_ascii=False).encode("utf-8") + b"\n")
        socket.flush()
        answer = bytearray()
        deadline = time.monotonic() + answer_ms / 1000
        while ACK not in answer and time.monotonic() < deadline:
            socket.waitForReadyRead(WAIT_SLICE_MS)
            answer += socket.readAll().data()
            if socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                break  # the running instance hung up without an answer
        socket.abort()
        return HandOff.DONE if ACK in answer else HandOff.NO_ANSWER

    # -- the first launch ----------------------------------------------------

    def listen(self) -> bool:
        """Become the running instance; False (the app runs on, alone) when the name cannot be taken."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # other users cannot connect
        server.newConnection.connect(self._accept)
        if not server.listen(self.name) and server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            # Nobody answered hand_off, so the socket is most likely a crashed instance's. Ask once more
            # (another launch may have started listening a moment ago) before taking the name over.
            probe = QLocalSocket()
            probe.connectToServer(self.name)
            if probe.waitForConnected(CONNECT_MS):
                probe.abort()
                log.warning("another instance took %s while this one started", self.name)
                return False
            QLocalServer.removeServer(self.name)
            server.listen(self.name)
        if not server.isListening():
            log.warning("cannot listen as %s: %s", self.name, server.errorString())
            return False
        self.server = server
        return True

    def close(self) -> None:
        """Stop listening (on Unix this removes the socket file)."""
        if self.server is not None:
            self.server.close()
            self.server = None

    def _accept(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            _Client(self.server.nextPendingConnection(), self)

    def deliver_to(self, receive: Callable[[str], None]) -> None:
        """From now on pass every later launch's query to receive, starting with those that came while the
        window was not there yet (a start-up dialog runs an event loop, and this one answers in it)."""
        self.query_received.connect(receive)
        waiting, self.waiting = self.waiting or [], None
        for query in waiting:
            receive(query)

    def _received(self, query: str) -> None:
        log.info("a second launch handed over the query %r", query)
        if self.waiting is not None:
            self.waiting.append(query)
        else:
            self.query_received.emit(query)


class _Client(QObject):
    """One later launch's connection: read its line, acknowledge it, go (with its socket) when it hangs up
    or stays silent."""

    def __init__(self, socket: QLocalSocket, instance: SingleInstance):
        super().__init__(instance)
        self.instance = instance
        self.socket = socket
        socket.setParent(self)
        self.buffer = bytearray()
        socket.readyRead.connect(self.read)
        socket.disconnected.connect(self.deleteLater)
        QTimer.singleShot(IDLE_MS, self, self.expire)  # cancelled if this goes first

    @Slot()
    def read(self) -> None:
        """Take what arrived; once the line is complete, acknowledge it and pass the query on."""
        self.buffer += self.socket.readAll().data()
        if b"\n" not in self.buffer:
            if len(self.buffer) > MAX_MESSAGE:
                self.socket.abort()
            return
        line = bytes(self.buffer.split(b"\n", 1)[0])
        try:
            message = json.loads(line.decode("utf-8"))
            query = message["query"]
            if not isinstance(query, str):
                raise TypeError("query is not a string")
        except (ValueError, KeyError, TypeError) as err:
            log.warning("ignored a malformed message from a second launch: %s", err)
            self.socket.abort()
            return
        self.buffer.clear()
        self.socket.write(ACK)
        self.socket.flush()
        self.instance._received(query)

    @Slot()
    def expire(self) -> None:
        """A connection that said nothing for IDLE_MS is dropped."""
        self.socket.abort()
