"""Search benchmark (run by hand): build a 100 MB corpus, time lookups per tier, ask ripgrep and a Python scan too."""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # noqa: E402  (a script beside this one)

from glossary_app.core import TermBase, searchindex, store  # noqa: E402
from glossary_app.core.search import TIERS  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
TARGETS = {"exact": 5.0, "prefix": 5.0, "pinyin": 5.0, "fuzzy": 50.0, "definition": 50.0, "text": 50.0}
_CJK_RE = re.compile(r"[\u4e00-\u9fff]{4,}")


def corpus(megabytes: float) -> tuple[Path, int]:
    """The generated corpus (made again only when its size setting changed) and its size in bytes."""
    folder = OUT / "corpus"
    marker = folder / "made-with.json"
    wanted = {"mb": megabytes, "generator": make_corpus.__doc__}
    if not marker.exists() or json.loads(marker.read_text()) != wanted:
        make_corpus.generate(folder, megabytes)
        marker.write_text(json.dumps(wanted))
    return folder, sum(p.stat().st_size for p in folder.glob("*.txt"))


def build(folder: Path, db_path: Path) -> tuple[float, float]:
    """Seconds for `glossary-app build --fresh` over the corpus, a new process as a user runs it: wall
    clock, and CPU (which other work on the machine does not inflate)."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "glossary_app", "build", "--fresh", "--db", str(db_path), str(folder)],
                   check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - started, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime


def index_seconds(db_path: Path) -> float:
    """Seconds the search index alone takes to build over everything (on a copy of the term base)."""
    copy = db_path.with_name("index-timing.db")
    shutil.copy(db_path, copy)
    db = store.open_database(copy)
    with db.atomic():
        searchindex._queue_everything(db)
    started = time.perf_counter()
    searchindex.refresh(db)
    elapsed = time.perf_counter() - started
    db.conn.close()
    copy.unlink()
    return elapsed


def make_queries(tb: TermBase, per_tier: int, rng: random.Random) -> dict[str, list[str]]:
    """Queries meant for each tier, made from the term base: real terms, their parts, initials, typos,
    words of definitions and phrases of the text."""
    db = tb.db
    terms = [r[0] for r in db.execute("SELECT term FROM terms ORDER BY id")]
    long_terms = [t for t in terms if len(t) >= 4]
    stems = "".join(sorted({c for t in terms for c in t if "\u4e00" <= c <= "\u9fff"}))
    numerals = str.maketrans("一二三四五六七八九", "123456789")
    queries: dict[str, list[str]] = defaultdict(list)
    for term in rng.sample(terms, per_tier):
        form = rng.random()
        queries["exact"].append(f"“{term}”" if form < 0.25 else term.translate(numerals) if form < 0.5 else term)
    for term in rng.sample(long_terms, per_tier):
        queries["prefix"].append(term[: rng.randint(2, len(term) - 1)])
        queries["substring"].append(term[1:])
        i = rng.randrange(len(term))
        queries["fuzzy"].append(term[:i] + rng.choice(stems) + term[i + 1:])
    pinyin = [r[0] for r in db.execute("SELECT key FROM search_pinyin WHERE length(key) >= 3 ORDER BY key")]
    queries["pinyin"] = rng.sample(pinyin, per_tier)
    definitions = [r[0] for r in db.execute("SELECT text FROM definitions ORDER BY id LIMIT 20000")]
    paragraphs = [r[0] for r in db.execute(
        "SELECT text FROM paragraphs WHERE id % 97 = 0 AND length(text) > 40 ORDER BY id")]
    for pool, tier, size in ((definitions, "definition", (3, 5)), (paragraphs, "text", (4, 8))):
        while len(queries[tier]) < per_tier:
            runs = _CJK_RE.findall(rng.choice(pool))
            if runs:
                run = rng.choice(runs)
                n = min(len(run), rng.randint(*size))
                at = rng.randint(0, len(run) - n)
                queries[tier].append(run[at:at + n])
    return queries


def time_lookups(tb: TermBase, queries: dict[str, list[str]], repeats: int) -> list[tuple[str, str, str, float]]:
    """(meant tier, query, tier of the first result, best of `repeats` seconds) for every query."""
    out = []
    for meant, items in queries.items():
        for q in items:
            best, first = float("inf"), ""
            for _ in range(repeats):
                started = time.perf_counter()
                results = tb.lookup(q).results
                best = min(best, time.perf_counter() - started)
            first = results[0].match if results else "none"
            out.append((meant, q, first, best))
    return out


def fuzzy_pattern(query: str) -> str:
    """A regular expression for every text one wrong, missing or extra character from query."""
    q = [re.escape(c) for c in query]
    variants = {"".join(q[:i] + ["."] + q[i + 1:]) for i in range(len(q))}
    variants |= {"".join(q[:i] + q[i + 1:]) for i in range(len(q))}
    variants |= {"".join(q[:i] + ["."] + q[i:]) for i in range(len(q) + 1)}
    return "|".join(sorted(variants))


def ripgrep(folder: Path, query: str, regex: bool) -> float:
    """Seconds for rg to print every line that holds query (a fixed string, or a regex)."""
    started = time.perf_counter()
    subprocess.run(["rg", "--no-heading", "--line-number", "--color", "never",
                    *([] if regex else ["--fixed-strings"]), "-e", query, str(folder)],
                   stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def python_scan(files: list[Path] | list[str], query: str, regex: bool) -> float:
    """Seconds for plain Python to collect every line that holds query, reading the files (Paths) or
    searching texts already in memory (strs)."""
    started = time.perf_counter()
    matcher: Callable[[str], bool] = re.compile(query).search if regex else query.__contains__  # type: ignore[assignment]
    hits = []
    for f in files:
        text = f.read_text(encoding="utf-8") if isinstance(f, Path) else f
        if (re.search(query, text) if regex else query in text):
            hits += [line for line in text.splitlines() if matcher(line)]
    return time.perf_counter() - started


def cold_start(db_path: Path, query: str) -> float:
    """Seconds from starting a new Python process to its first lookup's result."""
    code = f"from glossary_app.core import TermBase; TermBase.open({str(db_path)!r}).lookup({query!r})"
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> None:
    """Run everything and print a Markdown report (also written to benchmarks/out/results.md)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=100.0, help="corpus size in MB (default 100)")
    parser.add_argument("--queries", type=int, default=200, help="queries per tier (default 200)")
    parser.add_argument("--baseline", type=int, default=10, help="queries per tier asked of rg and the scan")
    parser.add_argument("--repeats", type=int, default=3, help="runs per query; the best counts (default 3)")
    parser.add_argument("--reuse", action="store_true", help="keep the term base of the last run")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    folder, size = corpus(args.mb)
    db_path = OUT / "bench.db"
    build_s, build_cpu = build(folder, db_path) if not (args.reuse and db_path.exists()) else (float("nan"),) * 2
    index_s = index_seconds(db_path)
    db_size = db_path.stat().st_size
    tb = TermBase.open(db_path)
    stats = tb.stats()
    queries = make_queries(tb, args.queries, random.Random(4))
    exact_query = queries["exact"][0]
    tb.search.warm_up()
    timed = time_lookups(tb, queries, args.repeats)

    files = sorted(folder.glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    rows, lines = [], []
    by_tier: dict[str, list[float]] = defaultdict(list)
    for _, _, first, seconds in timed:
        by_tier[first].append(seconds * 1000)
    hit = {m: sum(1 for meant, _, first, _ in timed if meant == m and first == m) for m in queries}
    for tier in [*TIERS, "none"]:
        if not by_tier[tier]:
            continue
        ms = by_tier[tier]
        sample = [q for meant, q, first, _ in timed if first == tier][: args.baseline]
        regex = tier == "fuzzy"
        ask = [fuzzy_pattern(q) if regex else q for q in sample if q.strip()]
        rg = statistics.median(ripgrep(folder, q, regex) for q in ask) * 1000 if tier != "pinyin" else None
        disk = statistics.median(python_scan(files, q, regex) for q in ask[:3]) * 1000 if tier != "pinyin" else None
        memory = statistics.median(python_scan(texts, q, regex) for q in ask) * 1000 if tier != "pinyin" else None
        target = TARGETS.get(tier)
        rows.append((tier, len(ms), statistics.median(ms), pct(ms, 99), target, rg, disk, memory))
    lines.append(f"Corpus: {len(files)} files, {size / 1e6:.1f} MB; term base: {stats['documents']} documents, "
                 f"{stats['terms']} terms, {stats['definitions']} definitions, {stats['occurrences']} uses.\n")
    lines.append("| build | seconds | MB/s | CPU seconds | MB per CPU second | target |")
    lines.append("|---|---:|---:|---:|---:|---|")
    lines.append(f"| `glossary-app build --fresh` (new process, all steps) | {build_s:.1f} | {size / 1e6 / build_s:.2f} "
                 f"| {build_cpu:.1f} | {size / 1e6 / build_cpu:.2f} | ≥ 1 MB/s |")
    lines.append(f"| of which the search index (keys, pinyin, ranks, character indexes) | {index_s:.1f} | "
                 f"{size / 1e6 / index_s:.1f} | | | |")
    lines.append(f"\nDatabase: {db_size / 1e6:.1f} MB = {db_size / size:.2f} × the text (target ≤ 3 ×).\n")
    lines.append("| tier of first result | lookups | p50 ms | p99 ms | target p99 | rg p50 ms | scan from disk ms "
                 "| scan in memory ms | rg ÷ ours | disk scan ÷ ours | memory scan ÷ ours |")
    lines.append("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for tier, n, p50, p99, target, rg, disk, memory in rows:
        def ms(value: float | None, digits: int = 0) -> str:
            return "–" if value is None else f"{value:.{digits}f}"

        def ratio(base: float | None) -> str:
            return "–" if base is None else f"{base / p50:.0f}×"
        verdict = "" if target is None else (" ✓" if p99 <= target else " ✗")
        lines.append(f"| {tier} | {n} | {p50:.2f} | {p99:.2f} | {'–' if target is None else f'≤ {target:g} ms'}{verdict} "
                     f"| {ms(rg)} | {ms(disk)} | {ms(memory, 1)} | {ratio(rg)} | {ratio(disk)} | {ratio(memory)} |")
    lines.append("\nQueries meant for each tier whose first result came from it: "
                 + ", ".join(f"{m} {hit[m]}/{len(queries[m])}" for m in queries) + ".")
    lines.append(f"\nNew process to first result (median of 3): exact {cold_start(db_path, exact_query):.2f} s, "
                 f"typo {cold_start(db_path, queries['fuzzy'][0]):.2f} s, "
                 f"words of no phrase (jieba starts) {cold_start(db_path, '群众诉求交办') :.2f} s.")
    report = "\n".join(lines)
    (OUT / "results.md").write_text(report + "\n", encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
