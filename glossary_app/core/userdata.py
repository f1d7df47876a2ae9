"""The personal layer: favourites, notes, own definitions and history, kept apart from the term base."""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from sqlite_utils import Database

from .paths import user_data_dir
from .termkey import term_key

migrations = sqlite_utils.Migrations("userdata")
HISTORY_KEEP = 500  # visits kept; older ones are dropped as new ones come


@migrations()
def m001_initial(db: Database) -> None:
    """Favourites, notes, own definitions and history, keyed by term key so rebuilds never orphan them."""
    db.table("favourites").create({"key": str, "term": str, "added": str}, pk="key")
    db.table("notes").create({"key": str, "term": str, "text": str, "updated": str}, pk="key")
    db.table("own_definitions").create(
        {"id": int, "key": str, "term": str, "text": str, "source": str, "created": str}, pk="id")
    db.table("own_definitions").create_index(["key"])
    db.table("history").create({"id": int, "key": str, "term": str, "at": str}, pk="id")
    db.table("history").create_index(["key"])


@dataclass(frozen=True)
class OwnDefinition:
    """A definition the user wrote, with where they took it from."""

    id: int
    term: str
    text: str
    source: str
    created: str


def default_path() -> Path:
    """user_data_dir()/user.db, beside (never inside) the user's term base."""
    return user_data_dir() / "user.db"


def _inserted(pk: object) -> int:
    """The integer key of a row just inserted."""
    assert isinstance(pk, int)
    return pk


def _now() -> str:
    return datetime.datetime.now().isoformat(timespec="seconds")


class UserData:
    """The user's own database; every change is committed before the call returns."""

    def __init__(self, db: Database):
        self.db = db

    @classmethod
    def open(cls, path: Path | str | None = None) -> UserData:
        """Open or create the user database (None: an in-memory one, for tests)."""
        if path is None:
            db = Database(memory=True)
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            db = Database(sqlite3.connect(str(path), check_same_thread=False))
            db.execute("PRAGMA journal_mode = WAL")
            # FULL: a commit is on disk when the call returns, even if the machine then loses power.
            db.execute("PRAGMA synchronous = FULL")
        migrations.apply(db)
        return cls(db)

    def close(self) -> None:
        """Close the database connection."""
        self.db.conn.close()

    # -- favourites ----------------------------------------------------------

    def is_favourite(self, term: str) -> bool:
        """Whether term is among the favourites."""
        return bool(self.db.table("favourites").count_where("key = ?", [term_key(term)]))

    def set_favourite(self, term: str, on: bool) -> None:
        """Add term to the favourites, or take it out."""
        with self.db.atomic():
            if on:
                self.db.table("favourites").upsert({"key": term_key(term), "term": term, "added": _now()}, pk="key")
            else:
                self.db.table("favourites").delete_where("key = ?", [term_key(term)])

    def favourites(self) -> list[str]:
        """Favourite terms, most recently added first."""
        return [r["term"] for r in self.db.table("favourites").rows_where(order_by="added DESC, rowid DESC")]

    # -- notes ---------------------------------------------------------------

    def note(self, term: str) -> str:
        """The user's note on term ('' when there is none)."""
        row = next(self.db.table("notes").rows_where("key = ?", [term_key(term)]), None)
        return row["text"] if row else ""

    def set_note(self, term: str, text: str) -> None:
        """Save the note on term; an empty text deletes it."""
        with self.db.atomic():
            if text.strip():
                self.db.table("notes").upsert({"key": term_key(term), "term": term, "text": text, "updated": _now()},
                                        pk="key")
            else:
                self.db.table("notes").delete_where("key = ?", [term_key(term)])

    # -- own definitions -----------------------------------------------------

    def add_definition(self, term: str, text: str, source: str = "") -> int:
        """Record the user's own definition of term; returns its id."""
        with self.db.atomic():
            return _inserted(self.db.table("own_definitions").insert(
                {"key": term_key(term), "term": term, "text": text, "source": source, "created": _now()}).last_pk)

    def remove_definition(self, definition_id: int) -> None:
        """Delete one of the user's own definitions."""
        with self.db.atomic():
            self.db.table("own_definitions").delete_where("id = ?", [definition_id])

    def definitions(self, term: str) -> list[OwnDefinition]:
        """The user's own definitions of term, oldest first."""
        return [OwnDefinition(r["id"], r["term"], r["text"], r["source"] or "", r["created"])
                for r in self.db.table("own_definitions").rows_where("key = ?", [term_key(term)], order_by="id")]

    def all_definitions(self) -> list[OwnDefinition]:
        """Every own definition, in term order."""
        return [OwnDefinition(r["id"], r["term"], r["text"], r["source"] or "", r["created"])
                for r in self.db.table("own_definitions").rows_where(order_by="key, id")]

    # -- history -------------------------------------------------------------

    def record_visit(self, term: str) -> None:
        """Note that term was looked at now."""
        with self.db.atomic():
            last = _inserted(self.db.table("history").insert({"key": term_key(term), "term": term, "at": _now()}).last_pk)
            self.db.table("history").delete_where("id <= ?", [last - HISTORY_KEEP])

    def history(self, limit: int = 100) -> list[str]:
        """Terms looked at, most recent first, each once."""
        return [r["term"] for r in self.db.query(
            "SELECT term FROM history h WHERE id = (SELECT max(id) FROM history WHERE key = h.key) "
            "ORDER BY id DESC LIMIT ?", [limit])]

    def clear_history(self) -> None:
        """Forget every visit."""
        with self.db.atomic():
            self.db.table("history").delete_where()
