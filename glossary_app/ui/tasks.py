"""The one background-operation helper: run core work off the GUI thread, keep only the latest answer."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..core.browse import Browser
from ..core.segment import Segmenter

log = logging.getLogger(__name__)


class TaskContext:
    """What a background function may use: never widgets, only this and its own database handles."""

    def __init__(self, progress: Callable[[int, int, str], None]):
        self._cancel = threading.Event()
        self._progress = progress
        self.superseded = False

    def cancel(self) -> None:
        """Ask the task to stop at its next check."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Whether the task was asked to stop (it was cancelled or replaced by a newer one)."""
        return self._cancel.is_set()

    def progress(self, done: int, total: int, label: str) -> bool:
        """Report progress to the GUI thread; returns False once the task should stop."""
        self._progress(done, total, label)
        return not self.cancelled


class _Signals(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)
    progress = Signal(int, int, int, str)


class _Job(QRunnable):
    def __init__(self, ticket: int, fn: Callable[[TaskContext], Any], signals: _Signals):
        super().__init__()
        self.setAutoDelete(False)  # the runner holds it until its answer is handled
        self.ticket, self.fn, self.signals = ticket, fn, signals
        self.context = TaskContext(lambda d, t, label: signals.progress.emit(ticket, d, t, label))

    def run(self) -> None:
        if self.context.superseded:
            self.signals.done.emit(self.ticket, None)  # a newer task took its place while it queued: skip it
            return
        try:
            result = self.fn(self.context)
        except Exception:  # reported to the GUI thread, which decides what the user sees
            self.signals.failed.emit(self.ticket, traceback.format_exc())
        else:
            self.signals.done.emit(self.ticket, result)


@dataclass
class _Entry:
    channel: str
    job: _Job
    on_done: Callable[[Any], None]
    on_error: Callable[[str], None] | None
    on_progress: Callable[[int, int, str], None] | None


class TaskRunner(QObject):
    """Runs functions on a thread pool; per channel, a newer task makes older answers stale."""

    idle = Signal()  # no task is running any more, and the last answer has been handled
    failed = Signal(str)  # a task with no error handler of its own raised: the traceback

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        # One thread answers the user (lookups, pages, lists): its term index and caches are built once and
        # stay warm. Long work (an import) has a thread of its own so it never holds a lookup up.
        self.pool, self.long_pool = QThreadPool(self), QThreadPool(self)
        for pool in (self.pool, self.long_pool):
            pool.setMaxThreadCount(1)
            # Threads keep their SQLite connections (see Databases); letting them expire would strand those.
            pool.setExpiryTimeout(-1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._signals.progress.connect(self._on_progress)
        self._next = 0
        self._latest: dict[str, int] = {}
        self._pending: dict[int, _Entry] = {}

    def submit(self, channel: str, fn: Callable[[TaskContext], Any], on_done: Callable[[Any], None],
               on_error: Callable[[str], None] | None = None,
               on_progress: Callable[[int, int, str], None] | None = None, long: bool = False) -> TaskContext:
        """Run fn(context) in the background; on_done(result) runs on the GUI thread unless a newer task
        was submitted on the same channel since. Returns the context, whose cancel() stops the task."""
        previous = self._pending.get(self._latest.get(channel, 0))
        if previous is not None:
            previous.job.context.superseded = True
            previous.job.context.cancel()
        self._next += 1
        job = _Job(self._next, fn, self._signals)
        self._latest[channel] = self._next
        self._pending[self._next] = _Entry(channel, job, on_done, on_error, on_progress)
        (self.long_pool if long else self.pool).start(job)
        return job.context

    @property
    def busy(self) -> bool:
        """Whether any task is still running or its answer is not handled yet."""
        return bool(self._pending)

    def _is_current(self, ticket: int, entry: _Entry) -> bool:
        # A task the user cancelled still answers (an import reports what it did before it stopped);
        # one replaced by a newer task on its channel does not.
        return self._latest.get(entry.channel) == ticket

    def _settle(self, ticket: int, handle: Callable[[_Entry], None]) -> None:
        entry = self._pending.get(ticket)
        try:
            if entry is not None and self._is_current(ticket, entry):
                handle(entry)
        finally:
            self._pending.pop(ticket, None)
            if not self._pending:
                self.idle.emit()

    def _on_done(self, ticket: int, result: object) -> None:
        self._settle(ticket, lambda entry: entry.on_done(result))

    def _on_failed(self, ticket: int, message: str) -> None:
        pending = self._pending.get(ticket)
        # Logged whoever handles it (the import dialog says it in a line, the window in its status bar):
        # the log file keeps the traceback (ui/errors.py).
        log.error("后台任务出错（%s）：\n%s", pending.channel if pending else "?", message.rstrip())

        def handle(entry: _Entry) -> None:
            # Raising here would unwind through Qt's event loop; the window reports it instead.
            (entry.on_error or self.failed.emit)(message)
        self._settle(ticket, handle)

    def _on_progress(self, ticket: int, done: int, total: int, label: str) -> None:
        entry = self._pending.get(ticket)
        if entry is not None and entry.on_progress is not None and self._is_current(ticket, entry):
            entry.on_progress(done, total, label)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every task has run (at shutdown and in tests)."""
        return self.long_pool.waitForDone(msecs) and self.pool.waitForDone(msecs)


class Databases:
    """The term base as each worker thread sees it: one connection per thread, reopened after an import."""

    def __init__(self, path: Path):
        self.path = path
        self.generation = 0
        self._local = threading.local()
        self.segmenter = _segmenter(path)

    def browser(self) -> Browser:
        """This thread's Browser on the term base, fresh if the term base changed since it was opened."""
        local = self._local
        if getattr(local, "generation", None) != self.generation:
            if getattr(local, "browser", None) is not None:
                local.browser.close()
            local.browser = Browser.open(self.path, self.segmenter)
            local.generation = self.generation
        return local.browser

    def changed(self) -> None:
        """The term base was rebuilt or extended: caches (documents, term matcher) must be rebuilt."""
        self.generation += 1
        self.segmenter = _segmenter(self.path)  # new terms become words of their own


def _segmenter(path: Path) -> Segmenter:
    """One jieba segmenter for every thread: it takes a second to start, so it is started once, in the
    background, and its words (the term base's terms) are read over a connection of its own."""
    def words() -> list[str]:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            return [r[0] for r in conn.execute("SELECT term FROM terms")]
    return Segmenter(words)
