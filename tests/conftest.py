"""Shared fixtures: tiny reports written to a temporary folder, and a term base built from them."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from glossary_app.core import TermBase, build, store

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"
BAD_FILES = Path(__file__).resolve().parent / "fixtures" / "bad"

# A report with a 名词解释 section, in the shape real ones take.
SMALL_REPORT = """政府工作报告
——2023年3月27日在祁东县第十八届人民代表大会第三次会议上
祁东县人民政府县长  某某
各位代表：
开展“重点项目攻坚年”活动，实行“五制一平台”机制，72个重点项目完成投资。
新增“四上”企业22家。落实“双减”政策。
《政府工作报告》名词解释：
1.“五制一平台”：备案监督制、承诺兑现制、规模榜单制、清单管理制、现场观摩制，重大项目“云调度”平台。
2.“四上”企业：指规模以上工业企业、房地产企业和有资质的建筑业企业、限额以上批发零售住宿餐饮业企业、规模以上服务业企业。
"""

# Another county that uses a term without defining it.
OTHER_REPORT = """2022年常德市政府工作报告
2021年12月29日在常德市第八届人民代表大会第一次会议上
市场主体达38.4万户、“四上企业”达3772家。全面落实“五制一平台”。
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a Qt application as gui, so the core suite can run alone."""
    for item in items:
        if "qapp" in getattr(item, "fixturenames", ()) or "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def common_freq():
    """jieba's word frequencies, loaded once per test session."""
    return build.common_word_frequency()


@pytest.fixture
def reports_dir(tmp_path: Path) -> Path:
    """A folder with two small reports."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "qidong.txt").write_text(SMALL_REPORT, encoding="utf-8")
    (folder / "changde.txt").write_text(OTHER_REPORT, encoding="utf-8")
    return folder


@pytest.fixture
def termbase(tmp_path: Path, reports_dir: Path, common_freq) -> TermBase:
    """A term base on disk built from reports_dir."""
    db = store.open_database(tmp_path / "terms.db")
    build.build(db, [reports_dir], common_freq=common_freq)
    return TermBase(db)


@pytest.fixture(scope="session")
def seed_termbase(tmp_path_factory: pytest.TempPathFactory, common_freq) -> TermBase:
    """A term base built from the five bundled seed reports (built once per session)."""
    db = store.open_database(tmp_path_factory.mktemp("seed") / "terms.db")
    build.build(db, [REPORTS], common_freq=common_freq)
    return TermBase(db)


@pytest.fixture
def bad_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder as an office shares it: every file in fixtures/bad, links that loop or lead nowhere,
    a file without read permission, and one good report (good.txt)."""
    folder = tmp_path / "bad"
    shutil.copytree(BAD_FILES, folder, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    (folder / "good.txt").write_text(SMALL_REPORT, encoding="utf-8")
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "loop")  # a folder linked to its parent
    os.symlink("self.txt", folder / "self.txt")  # a link to itself
    os.symlink("moved-away.txt", folder / "gone.txt")  # a link whose target is gone
    locked = folder / "locked.txt"
    locked.write_text(OTHER_REPORT, encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:
        # root reads whatever the mode says; refuse this one file as the system refuses everyone else
        read_bytes = Path.read_bytes

        def refusing(path: Path) -> bytes:
            if path.name == locked.name:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return read_bytes(path)

        monkeypatch.setattr(Path, "read_bytes", refusing)
    return folder
