"""One running UnionLedger per data folder: a second start raises the running window.

A QLockFile in the data folder decides who runs (stale locks of crashed processes are
detected by PID; PITFALLS §4.28); the first instance listens on a QLocalServer and a second
start connects to it, asks it to come to the front, and exits.

    guard = SingleInstance(data_dir)
    if not guard.acquire():
        return 0                       # the running instance was asked to show itself
    guard.activation_requested.connect(lambda: raise_window(main_window))

Keep `guard` alive as long as the program runs (the lock is released when it is deleted or
on `release()`). Needs a QCoreApplication for the socket to deliver messages.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

LOCK_NAME = "unionledger.lock"
ACTIVATE = b"activate\n"


def server_name(data_dir: Path) -> str:
    """Per user and per data folder (named pipes are machine-wide on Windows)."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in odd environments
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    key = f"{user}\0{os.path.normcase(str(Path(data_dir).resolve()))}"
    return "UnionLedger-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


class SingleInstance(QObject):
    """The single-instance guard of one data folder."""

    activation_requested = Signal()

    def __init__(self, data_dir: Path | str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.name = server_name(self.data_dir)
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None

    @property
    def lock_path(self) -> Path:
        return self.data_dir / LOCK_NAME

    def acquire(self, timeout_ms: int = 100) -> bool:
        """True: this process is the only instance. False: another one runs (and was asked
        to raise its window)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(self.lock_path))
        lock.setStaleLockTime(0)  # never time out a live lock; dead PIDs are still detected
        if lock.tryLock(timeout_ms):
            self._lock = lock
            self._listen()
            return True
        # getLockInfo(): (pid, hostname, appname) in PySide6; only logged.
        log.info("another instance holds %s: %s", self.lock_path, lock.getLockInfo())
        self.notify_running_instance()
        return False

    def _listen(self) -> None:
        QLocalServer.removeServer(self.name)  # a socket file left by a crash (Unix)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # Still the only instance (we hold the lock); only raising the window is lost.
            log.warning("single instance: cannot listen on %s: %s", self.name, server.errorString())
            return
        server.newConnection.connect(self._on_new_connection)
        self._server = server

    def _on_new_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()  # a child of the server
            if socket is None:
                break
            socket.readyRead.connect(self._on_ready_read)
            if socket.bytesAvailable():
                self._read(socket)

    def _on_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        data = bytes(socket.readAll().data())
        if ACTIVATE.strip() not in data:
            return
        # Done with this connection; no slot on `disconnected` (deleting a socket from its
        # own disconnected signal crashes when the server is torn down at the same time).
        socket.readyRead.disconnect(self._on_ready_read)
        socket.abort()
        socket.deleteLater()
        log.info("second start: raising the window")
        self.activation_requested.emit()

    def notify_running_instance(self, timeout_ms: int = 1000) -> bool:
        """Ask the running instance to show itself; True when the message was delivered."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            log.warning("single instance: running instance not reachable: %s", socket.errorString())
            return False
        socket.write(ACTIVATE)
        socket.flush()
        delivered = socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(timeout_ms)
        return delivered

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def is_primary(self) -> bool:
        return self._lock is not None


def raise_window(window: QWidget) -> None:
    """Bring a (possibly minimised or hidden) top-level window to the front."""
    from PySide6.QtCore import Qt

    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def _raise_main_windows() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)]
    active = QApplication.activeModalWidget()  # e.g. the first-run dialog, still open
    for w in windows or ([active] if active is not None else []):
        raise_window(w)


def acquire(data_dir: Path | str) -> "SingleInstance | bool":
    """Module-level convenience (what desktop_app/gui/main.py calls): the guard when this is
    the only instance — keep it referenced while the program runs; a second start raises
    every top-level QMainWindow — or False when another instance runs (it was asked to show
    itself; exit quietly)."""
    guard = SingleInstance(data_dir)
    if not guard.acquire():
        return False
    guard.activation_requested.connect(_raise_main_windows)
    return guard
