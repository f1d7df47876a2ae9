"""Export a deck as an Anki package (.apkg) with genanki: a note per term, cards both ways, the source on the back."""

from __future__ import annotations

import itertools
import os
import sqlite3
import tempfile
import time
import zipfile
import zlib
from html import escape
from pathlib import Path

import genanki  # type: ignore[import-untyped]

from ..export import KIND_LABELS
from ..plaintext import visible_text
from .decks import Deck, Entry

# Fixed ids: Anki recognises the note type across exports, so importing a newer export updates the notes.
MODEL_ID = 1_724_305_118
FIELDS = ["术语", "释义", "类别", "出处"]
_BACK = ('<div class="source">【{{类别}}】{{出处}}</div>')
MODEL = genanki.Model(
    MODEL_ID, "地方政府报告简称（glossary_app）",
    fields=[{"name": name} for name in FIELDS],
    templates=[
        {"name": "术语 → 释义", "qfmt": '<div class="term">{{术语}}</div>',
         "afmt": '{{FrontSide}}<hr id="answer"><div class="definition">{{释义}}</div>' + _BACK},
        {"name": "释义 → 术语", "qfmt": '<div class="definition">{{释义}}</div>',
         "afmt": '{{FrontSide}}<hr id="answer"><div class="term">{{术语}}</div>' + _BACK},
    ],
    css=(".card { font-family: 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', sans-serif; font-size: 20px; "
         "text-align: left; color: #1f2328; background: #ffffff; }\n"
         ".term { font-size: 28px; font-weight: 600; color: #a8201a; text-align: center; }\n"
         ".definition { line-height: 1.6; }\n"
         ".source { margin-top: 12px; font-size: 15px; color: #667085; }\n"),
)


def deck_id(name: str) -> int:
    """A stable Anki deck id for a deck name (Anki wants a 31-bit-plus positive integer)."""
    return (1 << 30) + zlib.crc32(name.encode("utf-8"))


def note_for(entry: Entry) -> genanki.Note:
    """One note: the term, its definition, kind and source; its guid is the term key, so re-exports update it."""
    # Anki fields are HTML: report text goes in escaped, and without the invisible characters that could
    # hide or reorder it.
    fields = [escape(visible_text(text)) for text in (
        entry.term, entry.definition.text, KIND_LABELS.get(entry.definition.kind, entry.definition.kind),
        entry.citation)]
    return genanki.Note(model=MODEL, fields=fields, guid=genanki.guid_for("glossary_app", entry.key),
                        tags=["glossary_app"] + [region.replace(" ", "_") for region in [entry.definition.source.region] if region])


def write_apkg(deck: Deck, path: Path, timestamp: float | None = None) -> int:
    """Write deck to path as an .apkg; returns how many notes it holds. An existing file is replaced only
    once the new one is complete."""
    anki_deck = genanki.Deck(deck_id(deck.name), f"地方政府报告简称::{deck.name}")
    for entry in deck.entries:
        anki_deck.add_note(note_for(entry))
    package = genanki.Package(anki_deck)
    timestamp = time.time() if timestamp is None else timestamp
    path.parent.mkdir(parents=True, exist_ok=True)
    # Package.write_to_file never deletes the temporary collection it makes with mkstemp (genanki 0.13):
    # write the collection through its write_to_db into a folder of our own, and zip it as that method does.
    with tempfile.TemporaryDirectory() as scratch:
        collection = Path(scratch) / "collection.anki2"
        conn = sqlite3.connect(collection)
        try:
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        partial = path.with_name(path.name + ".part")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as apkg:
            apkg.write(collection, "collection.anki2")
            apkg.writestr("media", "{}")
        os.replace(partial, path)
    return len(deck.entries)
