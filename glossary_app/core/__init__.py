"""The headless core: reading, extraction, storage and lookup. Never imports Qt."""

from .termbase import Definition, Lookup, Passage, Result, Source, TermBase

__all__ = ["Definition", "Lookup", "Passage", "Result", "Source", "TermBase"]
