"""`glossary-app build` over bad files: a line per rejected file with its Chinese reason, no traceback,
the rest imported, exit status 1; and a 50 MB one-line file refused quickly, in little memory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glossary_app import cli
from glossary_app.core.read import ReadError, find_reports, read_report

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "reports" / "003_d421a1b22910a200.txt"


def test_build_names_each_bad_file_once_with_its_reason(tmp_path: Path, bad_folder: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    reasons = {}
    for path in find_reports([bad_folder]):
        try:
            read_report(path)
        except ReadError as err:
            reasons[path] = err.reason
    assert len(reasons) == 13
    assert cli.main(["build", "--db", str(tmp_path / "b.db"), str(bad_folder)]) == 1
    out, err = capsys.readouterr()
    assert sorted(err.splitlines()) == sorted(f"未导入 {path}：{reason}" for path, reason in reasons.items())
    for name in ("good.txt", "gbk_unmarked.txt", "utf16le_nobom.txt", "utf16be_nobom.txt", "renamed_pdf.txt"):
        assert f"已导入 {name}: 文档 " in out
    assert "Traceback" not in out + err


def test_build_exits_0_when_nothing_is_rejected_and_again_when_unchanged(
        tmp_path: Path, bad_folder: Path, capsys: pytest.CaptureFixture) -> None:
    good = [str(bad_folder / n) for n in ("good.txt", "gbk_unmarked.txt")]
    assert cli.main(["build", "--db", str(tmp_path / "c.db"), *good]) == 0
    assert cli.main(["build", "--db", str(tmp_path / "c.db"), *good]) == 0
    assert capsys.readouterr().err == ""


def test_a_control_character_in_a_name_keeps_the_line_whole(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "两行\n名字.txt").write_bytes(b"")
    assert cli.main(["build", "--db", str(tmp_path / "d.db"), str(tmp_path / "in")]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.endswith("两行?名字.txt：文件为空，没有可导入的文字")


def test_a_50mb_one_line_file_is_refused_in_seconds_and_little_memory(tmp_path: Path) -> None:
    # One line of real report text, repeated to 50 MB: not hung on, not held in memory many times over
    line = SEED.read_text(encoding="utf-8").replace("\n", "").encode("utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "oneline.txt").write_bytes(line * -(-50 * 2**20 // len(line)))
    (folder / "good.txt").write_bytes(SEED.read_bytes())
    measure = (
        "import json, resource, sys, time\n"
        "from glossary_app import cli\n"
        "start = time.perf_counter()\n"
        "code = cli.main(sys.argv[1:])\n"
        "print(json.dumps({'code': code, 'seconds': time.perf_counter() - start,\n"
        "                  'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    done = subprocess.run([sys.executable, "-c", measure, "build", "--db", str(tmp_path / "e.db"), str(folder)],
                          check=False, capture_output=True, text=True, encoding="utf-8", timeout=300, cwd=ROOT)
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["code"] == 1
    [refused] = done.stderr.splitlines()
    chars = len(line.decode("utf-8")) * -(-50 * 2**20 // len(line))
    assert refused.endswith(f"oneline.txt：有一行长达 {chars // 10000} 万字、没有换行，不像报告正文：请先分段后再导入")
    assert "已导入 good.txt" in done.stdout
    # Measured on the project's 2-core machine: 3.0 s and 233 MB peak, against 2.2 s and 174 MB for the
    # good report alone; before the file was refused, building it as one paragraph took 32 s and 1.6 GB.
    # The bounds leave room for a slow runner.
    assert result["seconds"] < 60
    assert result["peak_mb"] < 800
