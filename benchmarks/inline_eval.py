"""Precision and recall of inline definitions on the seed reports, against hand judgements.

Run by hand: python benchmarks/inline_eval.py [terms.db]
The judgements are in tests/fixtures/inline_gold.tsv: every inline definition the
extractor gives on the seeds, judged correct or wrong, plus the definitions the
text gives that the extractor misses.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "inline_gold.tsv"


@dataclass
class Evaluation:
    """Counts of the comparison between extracted and judged inline definitions."""

    correct: list[tuple[str, str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str, str]] = field(default_factory=list)
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    unjudged: list[tuple[str, str, str]] = field(default_factory=list)
    by_pattern: Counter[str] = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        shown = len(self.correct) + len(self.wrong)
        return len(self.correct) / shown if shown else 1.0

    @property
    def recall(self) -> float:
        real = len(self.correct) + len(self.missed)
        return len(self.correct) / real if real else 1.0


def extracted(db) -> list[tuple[str, str, str, str]]:
    """(file prefix, term, definition, pattern) of every inline definition in a term base."""
    return [(r["name"][:3], r["term"], r["text"], r["pattern"]) for r in db.query(
        "SELECT f.name, t.term, d.text, d.pattern FROM definitions d JOIN terms t ON t.id = d.term_id "
        "JOIN documents doc ON doc.id = d.document_id JOIN files f ON f.id = doc.file_id WHERE d.kind = 'inline'")]


def evaluate(db) -> Evaluation:
    """Compare a seed term base's inline definitions with the judgements."""
    with GOLD.open(encoding="utf-8") as fh:
        gold = list(csv.DictReader(fh, delimiter="\t"))
    verdicts = {(g["file"], g["term"], g["definition"]): g["verdict"] for g in gold}
    result = Evaluation()
    for file, term, text, pattern in extracted(db):
        verdict = verdicts.get((file, term, text))
        key = (file, term, text)
        if verdict == "correct":
            result.correct.append(key)
            result.by_pattern[pattern] += 1
        elif verdict == "wrong":
            result.wrong.append(key)
        else:
            result.unjudged.append(key)
    found = set(result.correct) | set(result.wrong)
    result.missed = [(g["file"], g["term"], g["definition"]) for g in gold
                     if g["verdict"] in ("correct", "missed") and (g["file"], g["term"], g["definition"]) not in found]
    return result


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from glossary_app.core import store

    db = store.open_database(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "terms.db")
    e = evaluate(db)
    print(f"{'shown correct':<16}{len(e.correct):>5}\n{'shown wrong':<16}{len(e.wrong):>5}\n"
          f"{'missed':<16}{len(e.missed):>5}\n{'unjudged':<16}{len(e.unjudged):>5}\n"
          f"{'precision':<16}{e.precision:>8.1%}\n{'recall':<16}{e.recall:>8.1%}")
    print("by pattern:", dict(e.by_pattern))
    for row in e.missed:
        print("missed:", *row)
    for row in e.unjudged:
        print("unjudged:", *row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
