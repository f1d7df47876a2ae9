"""Desktop-app speed, run by hand: launch to results, keystroke to results, memory.

    python benchmarks/bench_gui.py [--db benchmarks/out/bench.db] [--launches 10]

Launch: `glossary-app gui --query 五制一平台 --screenshot` in a new process, wall clock from start to
the PNG written (the window shown with its results and term page), p50 of --launches runs, with the
peak resident memory of those processes. Keystrokes: in one process, real key presses into the search
box, one character at a time, timed from the key press to the results list showing that query.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["五制一平台", "四上企业", "一单四制", "两不愁三保障", "wzypt", "发展六仗", "双减", "五制一平抬",
           "交办制", "规模以上工业企业", "三高四新", "sx", "5+N", "产业链", "安全隐患"]


def launches(db: Path, count: int) -> tuple[list[float], float]:
    """Wall seconds of each launch, and the peak RSS (MB) of the launched processes."""
    times = []
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GLOSSARY_APP_HOME": tempfile.mkdtemp()}
    for _ in range(count):
        png = Path(tempfile.mkdtemp()) / "w.png"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "glossary_app", "gui", "--db", str(db), "--query", "五制一平台",
                        "--screenshot", str(png)], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        assert png.exists()
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return times, peak_kb / 1024


def keystrokes(db: Path) -> tuple[list[float], float]:
    """Milliseconds from each key press to the results of the query typed so far; RSS (MB) at the end."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["GLOSSARY_APP_HOME"] = tempfile.mkdtemp()
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from glossary_app.core.userdata import UserData, default_path
    from glossary_app.ui.app import create_application, open_settings, open_window, settle

    app = create_application()
    window = open_window(db, UserData.open(default_path()), open_settings(), None)
    window.warm_up()  # as run() does for an interactive window
    settle(window)
    box = window.sidebar.search
    shown: list[str] = []
    window.sidebar.results_changed.connect(shown.append)
    latencies = []
    for query in QUERIES:
        box.clear()
        settle(window)
        for i, ch in enumerate(query):
            typed = query[: i + 1]
            shown.clear()
            start = time.perf_counter()
            # A key press carrying the character, as an input method delivers Chinese text.
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(box, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
            # Wait as the app does, blocked in Qt's event loop (a busy processEvents() loop here would
            # hold the GIL against the lookup thread and measure itself).
            while typed not in shown:
                loop = QEventLoop()
                window.sidebar.results_changed.connect(loop.quit)
                QTimer.singleShot(10000, loop.quit)
                loop.exec()
                window.sidebar.results_changed.disconnect(loop.quit)
                if time.perf_counter() - start > 10:
                    raise TimeoutError(typed)
            latencies.append((time.perf_counter() - start) * 1000)
        QTest.keyClick(box, Qt.Key.Key_Escape)
    rss = _rss_mb()
    window.runner.wait()
    return latencies, rss


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=ROOT / "benchmarks" / "out" / "bench.db")
    parser.add_argument("--launches", type=int, default=10)
    args = parser.parse_args()
    rows = []
    for name, db in (("seed (5 reports)", ROOT / "data" / "terms.db"), ("100 MB corpus", args.db)):
        if not db.exists():
            print(f"skipped {name}: {db} missing (run benchmarks/bench_search.py first)")
            continue
        times, launch_peak = launches(db, args.launches)
        keys, rss = (keystrokes(db) if name == "100 MB corpus" else ([], float("nan")))
        rows.append((name, statistics.median(times), max(times), launch_peak, keys, rss))
    print("| term base | launch p50 s | launch max s | launch peak RSS MB | keystrokes | key→results p50 ms | p99 ms | RSS after typing MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, p50, worst, peak, keys, rss in rows:
        typed = [f"{len(keys)}", f"{statistics.median(keys):.1f}", f"{statistics.quantiles(keys, n=100)[98]:.1f}",
                 f"{rss:.0f}"] if len(keys) > 2 else ["–"] * 4
        print(f"| {name} | {p50:.2f} | {worst:.2f} | {peak:.0f} | " + " | ".join(typed) + " |")
    print("targets: launch p50 ≤ 1 s; keystroke to results ≤ 50 ms; memory with the 100 MB corpus ≤ 300 MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
