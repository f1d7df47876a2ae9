"""Build the release in one command: the one-folder program, its own smoke test, then the installer and the zip.

    python build_scripts/build_release.py            # everything; exit 1 saying what failed
    python build_scripts/build_release.py --no-installer --no-zip

After qutebrowser's scripts/dev/build_release.py. The steps, each only when the one before passed:
0. data/terms.db is current (built from data/reports by the present extraction code).
1. PyInstaller runs build_scripts/glossary_app.spec -> dist/glossary_app/ (a Linux folder on Linux).
2. The frozen program proves itself in an empty home, with no network where the system can take it away:
   `--smoke-test` (term base, lookup, window drawn offscreen), `lookup 五制一平台` shows its definition,
   `build` reads a .txt, a .docx (and a .pdf) report into a term base (jieba's dictionary, the readers).
3. dist/glossary_app-VERSION-portable-PLATFORM.zip, with portable.txt: data stays beside the program.
4. makensis build_scripts/installer.nsi -> dist/glossary_app-VERSION-setup.exe. The installer wraps
   whatever folder step 1 made: on Linux that only proves the script compiles; on Windows it ships.
5. Sizes against the budget (folder 150 MB, installer 60 MB) and the largest parts, measured.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build_scripts" / "glossary_app.spec"
NSIS_SCRIPT = ROOT / "build_scripts" / "installer.nsi"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
NAME = "glossary_app"
MB = 1024 * 1024
BUDGET = {"folder": 150 * MB, "installer": 60 * MB}
PORTABLE_NOTE = (
    "此文件存在时，本程序为便携模式：词库、导入的报告、收藏和笔记都保存在本文件夹的 userdata 目录中，"
    "可随U盘携带使用。\r\n删除此文件后，数据改存本机用户目录（%LOCALAPPDATA%\\glossary_app）。\r\n"
)
# A report to import with the frozen program: a 名词解释 entry, as real reports carry them.
REPORT_LINES = [
    "政府工作报告",
    "——2023年3月20日在衡南县第十八届人民代表大会第三次会议上",
    "全面推行“两个清单”制度，压实部门责任。",
    "《政府工作报告》名词解释：",
    "1.“两个清单”：指权力清单和责任清单。",
]


class ReleaseError(Exception):
    """A step failed; the message says which and why."""


def version() -> str:
    """The package version, read from glossary_app/__init__.py without importing it."""
    text = (ROOT / "glossary_app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if not match:
        raise ReleaseError("no __version__ in glossary_app/__init__.py")
    return match.group(1)


def platform_name() -> str:
    """windows, linux or macos: the bundle's platform, in file names."""
    return {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")


def step(title: str) -> None:
    print(f"\n==> {title}", flush=True)


def run(cmd: list[str], *, env: dict[str, str] | None = None, timeout: float = 900,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run cmd, its output captured; a failure raises ReleaseError with the output."""
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=timeout)
    if check and proc.returncode != 0:
        raise ReleaseError(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc


# -- 0. what goes in ------------------------------------------------------------------


def check_term_base() -> None:
    """data/terms.db must be built from data/reports by the present extraction code (as tests/test_bundled_data.py checks)."""
    import hashlib
    import sqlite3

    sys.path.insert(0, str(ROOT))
    from glossary_app.core import store

    conn = sqlite3.connect(f"file:{(ROOT / 'data' / 'terms.db').as_posix()}?mode=ro", uri=True)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('code', 'content')").fetchall())
    finally:
        conn.close()
    reports = sorted(hashlib.sha256(p.read_bytes()).hexdigest()
                     for p in (ROOT / "data" / "reports").rglob("*") if p.is_file())
    rebuild = "glossary-app build --fresh --db data/terms.db data/reports"
    if meta.get("content") != hashlib.sha256("\n".join(reports).encode()).hexdigest():
        raise ReleaseError(f"data/terms.db was not built from the present data/reports; run: {rebuild}")
    if meta.get("code") != store.code_fingerprint():
        raise ReleaseError(f"data/terms.db was built by older extraction code; run: {rebuild}")


# -- 1. the folder ------------------------------------------------------------------


def make_icon(path: Path) -> Path | None:
    """resources/icons/app.svg drawn as a .ico for the .exe and the installer (Qt writes ICO); None if Qt cannot."""
    code = (
        "import sys\n"
        "from PySide6.QtGui import QGuiApplication, QImage, QPainter\n"
        "from PySide6.QtSvg import QSvgRenderer\n"
        "app = QGuiApplication([])\n"
        "image = QImage(256, 256, QImage.Format.Format_ARGB32)\n"
        "image.fill(0)\n"
        "painter = QPainter(image)\n"
        "QSvgRenderer(sys.argv[1]).render(painter)\n"
        "painter.end()\n"
        "sys.exit(0 if image.save(sys.argv[2], 'ICO') else 1)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    path.parent.mkdir(parents=True, exist_ok=True)
    proc = run([sys.executable, "-c", code, str(ROOT / "resources" / "icons" / "app.svg"), str(path)],
               env=env, check=False, timeout=120)
    return path if proc.returncode == 0 and path.exists() else None


def build_folder(icon: Path | None) -> Path:
    """PyInstaller with the spec: dist/glossary_app/."""
    env = dict(os.environ)
    if icon:
        env["GLOSSARY_APP_ICON"] = str(icon)
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)], env=env, timeout=1800)
    folder = DIST / NAME
    if not (folder / "_internal" / "data" / "terms.db").exists():
        raise ReleaseError(f"{folder} has no bundled term base")
    return folder


def console_program(folder: Path) -> Path:
    """The program that prints: glossary-app.exe on Windows (glossary_app.exe has no console), else glossary_app."""
    return folder / "glossary-app.exe" if sys.platform == "win32" else folder / NAME


# -- 2. the frozen program proves itself --------------------------------------------


def clean_env(home: Path) -> dict[str, str]:
    """An empty home: no user data, no XDG folders, no proxy; Qt offscreen."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "GLOSSARY_APP_", "PYTHON", "QT_", "http_", "https_", "HTTP_", "HTTPS_"))
           and k not in ("VIRTUAL_ENV", "LD_LIBRARY_PATH")}
    env.update(HOME=str(home), USERPROFILE=str(home), APPDATA=str(home / "AppData" / "Roaming"),
               LOCALAPPDATA=str(home / "AppData" / "Local"), TEMP=str(home / "tmp"), TMP=str(home / "tmp"),
               TMPDIR=str(home / "tmp"), QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    if sys.platform == "win32":
        # platformdirs asks Windows for the Local AppData folder, not %LOCALAPPDATA%: without this the
        # checks would import their reports into the real term base of whoever runs the release.
        env["GLOSSARY_APP_HOME"] = str(home / "AppData" / "Local" / NAME)
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    return env


def offline_prefix() -> list[str]:
    """`unshare -rn` where it works (Linux): the program runs with no network interface but loopback."""
    unshare = shutil.which("unshare")
    if unshare and sys.platform.startswith("linux"):
        probe = subprocess.run([unshare, "-rn", "true"], capture_output=True)
        if probe.returncode == 0:
            return [unshare, "-rn"]
    return []


def write_reports(folder: Path) -> list[Path]:
    """A .txt and a .docx report (and a .pdf when reportlab is there) for the frozen program to import."""
    folder.mkdir(parents=True, exist_ok=True)
    txt = folder / "衡南县政府工作报告.txt"
    txt.write_text("\n".join(REPORT_LINES) + "\n", encoding="utf-8")
    made = [txt]
    import docx  # python-docx, a dependency of the app

    document = docx.Document()
    for line in REPORT_LINES:
        document.add_paragraph(line.replace("两个清单", "三张清单").replace("权力清单和责任清单", "权力、责任和负面清单"))
    document.save(str(folder / "清单.docx"))
    made.append(folder / "清单.docx")
    try:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas
    except ImportError:
        return made
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(folder / "报告.pdf"), pagesize=A4)
    pdf.setFont("STSong-Light", 12)
    for i, line in enumerate(REPORT_LINES):
        pdf.drawString(60, 780 - 20 * i, line.replace("两个清单", "四张清单").replace("权力清单和责任清单", "四类事项清单"))
    pdf.save()
    made.append(folder / "报告.pdf")
    return made


def prove(folder: Path) -> dict[str, float]:
    """Run the frozen program as a user with nothing set up would; raise ReleaseError on the first failure."""
    program = console_program(folder)
    offline = offline_prefix()
    print("    offline: " + (" ".join(offline) + " (no network interface)" if offline
                             else "the system cannot take the network away here; nothing is meant to use it"))
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="glossary-release-") as scratch:
        home = Path(scratch) / "home"
        env = clean_env(home)
        before = sorted(p.relative_to(folder) for p in folder.rglob("*"))

        started = time.monotonic()
        proc = run(offline + [str(program), "--version"], env=env)
        timings["--version"] = time.monotonic() - started
        print(f"    {proc.stdout.strip()}  ({timings['--version']:.2f} s)")

        started = time.monotonic()
        proc = run(offline + [str(program), "--smoke-test"], env=env, check=False, timeout=180)
        timings["--smoke-test"] = time.monotonic() - started
        if proc.returncode != 0 or "smoke test passed" not in proc.stdout:
            raise ReleaseError(f"smoke test failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        print(f"    smoke test passed ({timings['--smoke-test']:.2f} s)")

        started = time.monotonic()
        proc = run(offline + [str(program), "lookup", "五制一平台"], env=env)
        timings["lookup"] = time.monotonic() - started
        if "【名词解释】备案监督制" not in proc.stdout:
            raise ReleaseError(f"lookup 五制一平台 shows no definition:\n{proc.stdout}\n{proc.stderr}")
        print(f"    lookup 五制一平台: {proc.stdout.splitlines()[1].strip()[:60]}… ({timings['lookup']:.2f} s)")

        reports = write_reports(Path(scratch) / "reports")
        started = time.monotonic()
        proc = run(offline + [str(program), "build"] + [str(p) for p in reports], env=env, check=False)
        timings["build"] = time.monotonic() - started
        imported = [p.name for p in reports if f"已导入 {p.name}" in proc.stdout]
        if proc.returncode != 0 or len(imported) != len(reports):
            raise ReleaseError(f"build of {[p.name for p in reports]} imported {imported}:\n{proc.stdout}\n{proc.stderr}")
        proc = run(offline + [str(program), "lookup", "两个清单"], env=env)
        if "指权力清单和责任清单" not in proc.stdout:
            raise ReleaseError(f"the imported report's definition is not found:\n{proc.stdout}\n{proc.stderr}")
        print(f"    build {', '.join(imported)} into the user's term base, then lookup ({timings['build']:.2f} s)")

        after = sorted(p.relative_to(folder) for p in folder.rglob("*"))
        if after != before:
            raise ReleaseError(f"the program wrote beside itself: {sorted(set(after) - set(before))}")
        made = sorted(re.sub(r"[0-9a-f]{64}", "<sha256>", p.relative_to(home).as_posix())
                      for p in home.rglob("*") if p.is_file())
        print(f"    nothing written beside the program; in the empty home: {', '.join(made)}")
    return timings


# -- 3. and 4. what is handed out -------------------------------------------------


def make_zip(folder: Path, target: Path) -> Path:
    """The folder as a zip, glossary_app/ at its top, with portable.txt: unzip onto a USB stick and run."""
    target.unlink(missing_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_symlink() or path.is_file():
                info = zipfile.ZipInfo.from_file(path, Path(NAME) / path.relative_to(folder))
                info.compress_type = zipfile.ZIP_DEFLATED
                if path.is_symlink():  # PyInstaller links libraries on Linux; a zip keeps the link
                    info.external_attr = (0o120777 << 16)
                    archive.writestr(info, os.readlink(path))
                else:
                    with path.open("rb") as data:
                        archive.writestr(info, data.read(), compresslevel=9)
        archive.writestr(f"{NAME}/portable.txt", PORTABLE_NOTE.encode("utf-8"))
    return target


def find_makensis() -> str | None:
    """makensis on PATH, else where the Windows installer puts it."""
    found = shutil.which("makensis")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if base and (Path(base) / "NSIS" / "makensis.exe").exists():
            return str(Path(base) / "NSIS" / "makensis.exe")
    return None


def make_installer(folder: Path, target: Path, icon: Path | None) -> Path:
    """Compile installer.nsi over folder into target."""
    makensis = find_makensis()
    if not makensis:
        raise ReleaseError("makensis not found: apt-get install nsis, or choco install nsis")
    target.unlink(missing_ok=True)
    numeric = ".".join((re.findall(r"\d+", version()) + ["0"] * 4)[:4])
    cmd = [makensis, "-V2", "-INPUTCHARSET", "UTF8", f"-DVERSION={version()}", f"-DVERSION_NUMERIC={numeric}",
           f"-DDIST={folder}", f"-DOUTFILE={target}"]
    if icon:
        cmd.append(f"-DAPP_ICON={icon}")
    run(cmd + [str(NSIS_SCRIPT)], timeout=1800)
    if not target.exists():
        raise ReleaseError(f"makensis made no {target}")
    return target


# -- 5. sizes -----------------------------------------------------------------------


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def largest_parts(folder: Path, count: int = 8) -> list[tuple[str, int]]:
    """The largest files and folders two levels into the bundle, as du would list them."""
    parts = []
    internal = folder / "_internal"
    for path in list(folder.iterdir()) + (list(internal.iterdir()) if internal.is_dir() else []):
        if path == internal:
            continue
        size = folder_size(path) if path.is_dir() else (0 if path.is_symlink() else path.stat().st_size)
        parts.append((str(path.relative_to(folder)), size))
    qt = internal / "PySide6" / "Qt" / "lib"
    if qt.is_dir():  # the Qt libraries are most of the bundle: name them
        parts += [(str(p.relative_to(folder)), p.stat().st_size) for p in qt.iterdir() if p.is_file()]
    return sorted(parts, key=lambda part: -part[1])[:count]


def report_sizes(folder: Path, made: dict[str, Path]) -> list[str]:
    """Print the sizes; return what is over budget."""
    over = []
    total = folder_size(folder)
    print(f"    folder     {total / MB:7.1f} MB  {folder}  (budget {BUDGET['folder'] // MB} MB)")
    if total > BUDGET["folder"]:
        over.append(f"folder {total / MB:.1f} MB > {BUDGET['folder'] // MB} MB")
    for name, path in made.items():
        size = path.stat().st_size
        budget = BUDGET.get(name)
        print(f"    {name:<10} {size / MB:7.1f} MB  {path}" + (f"  (budget {budget // MB} MB)" if budget else ""))
        if budget and size > budget:
            over.append(f"{name} {size / MB:.1f} MB > {budget // MB} MB")
    print("    largest parts:")
    for name, size in largest_parts(folder):
        print(f"      {size / MB:6.1f} MB  {name}")
    return over


def main(argv: list[str] | None = None) -> int:
    """Build, prove, package; exit 0 only when every step passed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-installer", action="store_true", help="skip makensis")
    parser.add_argument("--no-zip", action="store_true", help="skip the portable zip")
    parser.add_argument("--skip-build", action="store_true", help="prove and package the existing dist/glossary_app")
    args = parser.parse_args(argv)
    started = time.monotonic()
    tag = f"{NAME}-{version()}"
    try:
        step("the bundled term base is current")
        check_term_base()
        print("    data/terms.db: built from data/reports by the present code")
        icon = None
        if args.skip_build:
            folder = DIST / NAME
            icon_path = WORK / "glossary_app.ico"
            icon = icon_path if icon_path.exists() else None
        else:
            step("icon: resources/icons/app.svg -> .ico")
            icon = make_icon(WORK / "glossary_app.ico")
            print(f"    {icon or 'not made (Qt could not draw it): default icons'}")
            step(f"PyInstaller {SPEC.relative_to(ROOT)} -> {(DIST / NAME).relative_to(ROOT)}")
            t = time.monotonic()
            folder = build_folder(icon)
            print(f"    built in {time.monotonic() - t:.0f} s")
        step("the frozen program proves itself (empty home, offline, offscreen)")
        timings = prove(folder)
        made: dict[str, Path] = {}
        if not args.no_zip:
            step("portable zip")
            made["zip"] = make_zip(folder, DIST / f"{tag}-portable-{platform_name()}.zip")
        if not args.no_installer:
            step(f"installer: makensis {NSIS_SCRIPT.relative_to(ROOT)}"
                 + ("" if sys.platform == "win32" else f" (wrapping the {platform_name()} folder: a compile check)"))
            made["installer"] = make_installer(folder, DIST / f"{tag}-setup.exe", icon)
        step("sizes")
        over = report_sizes(folder, made)
        if over:
            raise ReleaseError("over budget: " + "; ".join(over))
    except (ReleaseError, subprocess.TimeoutExpired) as err:
        print(f"\nRELEASE FAILED: {err}", file=sys.stderr, flush=True)
        return 1
    print(f"\nRELEASE OK: {folder} proved itself (smoke test {timings['--smoke-test']:.1f} s, "
          f"start {timings['--version']:.2f} s); {', '.join(p.name for p in made.values()) or 'nothing packaged'}"
          f" — {time.monotonic() - started:.0f} s in all", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
