"""Command line: build a term base, look terms up, export the glossary, open the app."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sqlite3
import sys
from pathlib import Path

from . import __version__
from .core.export import KIND_LABELS, markdown_text
from .core.plaintext import spreadsheet_text
from .core.recovery import DatabaseProblem

MATCH_LABELS = {
    "exact": "精确匹配", "prefix": "前缀匹配", "substring": "包含匹配", "pinyin": "拼音匹配",
    "fuzzy": "近似匹配", "definition": "释义中出现", "text": "正文出现",
}
EXPORT_COLUMNS = ["term", "definition", "kind", "file", "title", "region", "date"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="glossary-app",
        description="地方政府报告简称词典：从报告中整理名词解释、简称及其出处。",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--smoke-test", action="store_true",
                        help="check this installation (bundled term base, lookup, window drawn offscreen) and exit")
    sub = parser.add_subparsers(dest="command")

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", type=Path, help="term base file (default: the user's own, in the user-data folder)")
        return p

    b = with_db(sub.add_parser(
        "build", help="read report files and folders into the term base",
        epilog="每个未能导入的文件在标准错误输出中占一行：“未导入 路径：原因”，其余文件照常导入。"
               "退出状态：全部导入（或此前已导入）为 0；有文件未能导入为 1。"))
    b.add_argument("--fresh", action="store_true", help="start from an empty term base")
    b.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")

    lk = with_db(sub.add_parser("lookup", help="look a term up"))
    lk.add_argument("--json", action="store_true", help="print JSON")
    lk.add_argument("--limit", type=int, default=10, help="at most this many terms (default 10)")
    lk.add_argument("query", metavar="QUERY")

    ex = with_db(sub.add_parser("export", help="write every definition, a row each"))
    ex.add_argument("--format", choices=["tsv", "csv", "json", "md"], default="tsv")
    ex.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")

    g = with_db(sub.add_parser("gui", help="open the desktop app"))
    g.add_argument("--query", help="look this up on opening")
    g.add_argument("--screenshot", type=Path, help="save the window as PNG and exit")
    return parser


def _database(path: Path | None, check: bool = True) -> Path:
    """The term base to use; one named with --db that is damaged or locked stops the command (DatabaseProblem),
    the user's own is made again when damaged (core/install.py)."""
    from .core import recovery
    from .core.paths import user_database

    if path is None:
        return user_database()
    health = recovery.check_database(path, recovery.TERM_TABLES) if check else None
    if health is not None and (health.in_use or health.damaged and health.status != "empty"):
        raise DatabaseProblem(recovery.describe(health, "词库") + "。文件未作改动。")
    return path


def cmd_build(args: argparse.Namespace) -> int:
    """Build or extend a term base; exit 1 when some inputs were rejected."""
    from .core import build, store

    db_path = _database(args.db, check=not args.fresh)  # --fresh replaces it anyway
    if args.fresh and db_path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db = store.open_database(db_path)
    if args.db is None:  # the user's own term base: keep copies, so a later version can rebuild it
        from .core import install

        if args.fresh:
            install.mark_unbundled(db)
        report = install.import_into_user_base(db, args.inputs)
    else:
        report = build.build(db, args.inputs)
    for f in report.files:
        if f.status == "rejected":
            # One line per file, whatever its name holds: control characters would break the line
            name = "".join(ch if ch.isprintable() else "?" for ch in str(f.path))
            print(f"未导入 {name}：{f.reason}", file=sys.stderr)
        elif f.status == "unchanged":
            print(f"未变化 {f.path.name}（此前已导入）")
        else:
            verb = "已导入" if f.status == "added" else "已更新"
            print(f"{verb} {f.path.name}: 文档 {f.documents} 篇, 释义 {f.definitions} 条, 术语 {f.terms} 个")
    store.record_fingerprint(db)
    if args.fresh:
        # A term base made to be shipped: one compact file, no write-ahead log beside it.
        db.execute("PRAGMA journal_mode = DELETE")
        db.vacuum()
    stats = {name: db[name].count for name in ("documents", "terms", "definitions", "occurrences")}
    print(f"词库 {db_path}: 文档 {stats['documents']} 篇, 术语 {stats['terms']} 个, "
          f"释义 {stats['definitions']} 条, 使用 {stats['occurrences']} 处")
    db.conn.close()
    return 1 if report.rejected else 0


def _cite(source: dict) -> str:
    parts = [source.get("title") or source.get("file") or ""]
    parts += [p for p in (source.get("region"), source.get("date")) if p]
    where = source.get("file") or ""
    if source.get("line"):
        where += f" 第{source['line']}行"
    return " · ".join(p for p in parts if p) + (f"（{where}）" if where else "")


def cmd_lookup(args: argparse.Namespace) -> int:
    """Print the terms matching a query with definitions and passages."""
    from .core import TermBase

    tb = TermBase.open(_database(args.db))
    result = tb.lookup(args.query, limit=max(1, args.limit))
    tb.close()
    if args.json:
        print(result.to_json())
        return 0
    data = json.loads(result.to_json())
    if not data["results"]:
        print(f"未找到“{args.query}”：词库中没有这个术语，报告正文中也没有出现。")
        return 0
    for r in data["results"]:
        label = MATCH_LABELS.get(r["match"], r["match"])
        print(f"{r['term']}  〔{label} · 释义 {len(r['definitions'])} 条 · 使用 {r['occurrences']} 处〕")
        if not r["definitions"]:
            print("  释义：暂无。各报告都没有解释这个词，下面是它出现的段落。")
        variants = {d["variant"] for d in r["definitions"] if d["kind"] != "reference"}
        if len(variants) > 1:
            print(f"  注意：各报告对此词的解释不一致（{len(variants)} 种说法），请按出处区分。")
        for d in r["definitions"]:
            kind = KIND_LABELS.get(d["kind"], d["kind"])
            which = f"说法{d['variant'] + 1}·" if len(variants) > 1 and d["kind"] != "reference" else ""
            print(f"  【{which}{kind}】{d['text']}")
            print(f"      —— {_cite(d['source'])}")
        if r["passages"]:
            shown = len(r["passages"])
            more = f"，列出前 {shown} 处" if shown < r["occurrences"] else ""
            print(f"  使用（共 {r['occurrences']} 处{more}）：")
        for p in r["passages"]:
            text = p["text"]
            print(f"  · {text[:p['start']]}【{text[p['start']:p['end']]}】{text[p['end']:]}")
            print(f"      —— {_cite(p['source'])}")
        print()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write every definition as TSV, CSV, JSON or Markdown."""
    from .core import TermBase

    tb = TermBase.open(_database(args.db))
    rows = tb.export_rows()
    tb.close()
    out = io.StringIO()
    if args.format in ("tsv", "csv"):
        writer = csv.DictWriter(out, EXPORT_COLUMNS, delimiter="\t" if args.format == "tsv" else ",",
                                lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        # A CSV is opened in Excel, which runs a cell starting with = + - @ as a formula: mark those as text.
        # TSV is for scripts and keeps the text as it is.
        guard = spreadsheet_text if args.format == "csv" else str
        writer.writerows({k: guard(str(v).replace("\n", " ")) for k, v in row.items()} for row in rows)
    elif args.format == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write("| 术语 | 释义 | 类别 | 文件 | 出处 | 地区 | 日期 |\n|---|---|---|---|---|---|---|\n")
        for row in rows:
            cells = [str(row[c]).replace("\n", " ") for c in EXPORT_COLUMNS]
            cells[2] = KIND_LABELS.get(row["kind"], row["kind"])
            cells = [markdown_text(c) for c in cells]  # report text never becomes markup, links or HTML
            out.write("| " + " | ".join(cells) + " |\n")
    if args.output:
        args.output.write_text(out.getvalue(), encoding="utf-8")
    else:
        sys.stdout.write(out.getvalue())
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    """Open the desktop app."""
    try:
        from .ui.app import launch, run
    except ImportError:
        print("桌面界面尚未包含在此版本中。", file=sys.stderr)
        return 2
    open_passage = getattr(args, "open_passage", None)
    if args.screenshot is None and open_passage is None:
        # One window per user: a second launch hands its query over before it opens any database.
        return launch(args.db, args.query)
    # Scripted runs (screenshots) neither hand over to a running window nor take the name from it.
    return run(_database(args.db), query=args.query, screenshot=args.screenshot, open_passage=open_passage)


def cmd_smoke_test(args: argparse.Namespace) -> int:
    """Check the installed program end to end, leaving the user's files alone; exit 1 saying what failed."""
    import tempfile

    from .core import install
    from .core.segment import Segmenter

    try:
        from .ui.app import smoke_test
    except ImportError as err:
        print(f"smoke test: the desktop app cannot start: {err}")
        return 1
    failures = []
    # Start-up stays quick: what only an import or an export needs is loaded when it is needed.
    heavy = sorted({name.split(".")[0] for name in sys.modules} & {"jieba", "pypdf", "docx", "openpyxl", "lxml"})
    if heavy:
        failures.append(f"the window's modules load {', '.join(heavy)} at start-up")
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as scratch:
        # The first-run path on a scratch folder: the bundled term base copied, its schema brought up to date.
        outcome = install.prepare_user_database(Path(scratch) / "terms.db")
        if outcome.status != "created":
            print(f"smoke test: no term base made from {outcome.path} ({outcome.status})")
            return 1
        if len(Segmenter().cut("开展重点项目攻坚年活动")) < 3:
            failures.append("jieba cut nothing (its dictionary is missing?)")
        code = smoke_test(outcome.path)
        from PySide6.QtCore import QCoreApplication

        if QCoreApplication.translate("QPlatformTheme", "Cancel") != "取消":
            failures.append("Qt's Chinese translation (qtbase_zh_CN.qm) is not loaded")
    for failure in failures:
        print(f"smoke test: {failure}")
    if code or failures:
        return 1
    print("smoke test passed")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the glossary-app command; with no command at all, the desktop app opens."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # a GBK console must not crash on a rare character
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "gui":
        # gui --open-passage N: open the Nth use of the first result in the document viewer (for screenshots).
        gui_extra = argparse.ArgumentParser(prog="glossary-app gui")
        gui_extra.add_argument("--open-passage", type=int, metavar="N")
        args.open_passage = gui_extra.parse_args(extra).open_passage
    elif extra:
        parser.error("unrecognized arguments: " + " ".join(extra))
    commands = {"build": cmd_build, "lookup": cmd_lookup, "export": cmd_export, "gui": cmd_gui}
    if args.smoke_test:
        return cmd_smoke_test(args)
    if args.command is None:
        if argv is None:  # the installed command run bare, as a desktop shortcut does: open the window
            return cmd_gui(argparse.Namespace(db=None, query=None, screenshot=None))
        parser.print_help()
        return 0
    try:
        return commands[args.command](args)
    except BrokenPipeError:  # `glossary-app lookup … | head` closed the pipe; not an error
        sys.stderr.close()
        return 0
    except DatabaseProblem as problem:  # a damaged or locked database: one line, no traceback
        print(problem, file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as err:  # damage found only midway (past the start-up check's time limit)
        print(f"数据库读写出错，操作未完成：{err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
