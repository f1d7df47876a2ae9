"""ui.tasks: work runs off the GUI thread, a newer task on a channel makes older answers stale."""

from __future__ import annotations

import threading
from pathlib import Path

from glossary_app.ui.tasks import Databases, TaskContext, TaskRunner


def test_runs_off_the_gui_thread_and_answers_on_it(qtbot) -> None:
    runner = TaskRunner()
    threads: list[threading.Thread] = []
    answers: list[str] = []

    def work(ctx: TaskContext) -> str:
        threads.append(threading.current_thread())
        return "done"

    def done(answer: str) -> None:
        threads.append(threading.current_thread())
        answers.append(answer)

    with qtbot.waitSignal(runner.idle):
        runner.submit("x", work, done)
    assert answers == ["done"]
    assert threads[0] is not threading.main_thread() and threads[1] is threading.main_thread()


def test_a_newer_task_on_the_channel_makes_the_older_stale(qtbot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    answers: list[str] = []
    first = runner.submit("lookup", lambda ctx: release.wait(5) and "old", answers.append)
    runner.submit("lookup", lambda ctx: "new", answers.append)
    assert first.cancelled  # the replaced task is told to stop early
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert answers == ["new"]


def test_channels_do_not_cancel_each_other(qtbot) -> None:
    runner = TaskRunner()
    answers: list[str] = []
    runner.submit("a", lambda ctx: "a", answers.append)
    runner.submit("b", lambda ctx: "b", answers.append)
    qtbot.waitUntil(lambda: not runner.busy)
    assert sorted(answers) == ["a", "b"]


def test_errors_and_progress_reach_the_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    steps: list[tuple[int, int, str]] = []
    errors: list[str] = []

    def work(ctx: TaskContext) -> None:
        ctx.progress(1, 2, "一")
        raise ValueError("坏了")

    runner.submit("x", work, lambda _: None, errors.append, lambda *step: steps.append(step))
    qtbot.waitUntil(lambda: not runner.busy)
    assert steps == [(1, 2, "一")]
    assert "ValueError: 坏了" in errors[0]


def test_a_cancelled_task_still_answers(qtbot) -> None:
    runner = TaskRunner()
    go = threading.Event()
    answers: list[int] = []

    def work(ctx: TaskContext) -> int:
        go.wait(5)
        return sum(1 for _ in range(3) if ctx.progress(0, 3, ""))

    context = runner.submit("import", work, answers.append)
    context.cancel()
    go.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert answers == [0]


def test_each_thread_has_its_own_connection_renewed_after_a_change(termbase, tmp_path: Path) -> None:
    path = Path(termbase.db.conn.execute("PRAGMA database_list").fetchone()[2])
    databases = Databases(path)
    here = databases.browser()
    assert databases.browser() is here
    other: list = []
    thread = threading.Thread(target=lambda: other.append(databases.browser()))
    thread.start()
    thread.join()
    assert other[0] is not here
    databases.changed()
    assert databases.browser() is not here


def test_an_error_without_a_handler_is_reported_not_raised(qtbot) -> None:
    runner = TaskRunner()
    with qtbot.waitSignal(runner.failed) as blocker:
        runner.submit("x", lambda ctx: 1 / 0, lambda _: None)
    assert "ZeroDivisionError" in blocker.args[0]
