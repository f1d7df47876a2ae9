"""Back and forward through what was looked at, as a browser does (no Qt: a plain list and a cursor)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A page the user looked at: a term's page, or a document opened at one of the term's uses."""

    term: str
    document_id: int | None = None
    use: int = 0  # which of the term's uses in that document


class Navigation:
    """The trail of places; visiting a new one drops whatever was ahead, as in a browser."""

    def __init__(self, limit: int = 200):
        self._trail: list[Place] = []
        self._at = -1
        self._limit = limit

    @property
    def current(self) -> Place | None:
        """Where the user is, or None before the first visit."""
        return self._trail[self._at] if self._at >= 0 else None

    def visit(self, place: Place) -> None:
        """Go to place (a repeat of the current place is not a new step)."""
        if place == self.current:
            return
        del self._trail[self._at + 1:]
        self._trail.append(place)
        if len(self._trail) > self._limit:
            del self._trail[0]
        self._at = len(self._trail) - 1

    def replace(self, place: Place) -> None:
        """Update the current place in passing (moving to the next use is not a step back can undo)."""
        if self._at >= 0:
            self._trail[self._at] = place
        else:
            self.visit(place)

    def can_go_back(self) -> bool:
        """Whether there is a place before this one."""
        return self._at > 0

    def can_go_forward(self) -> bool:
        """Whether back was used and there is a place ahead."""
        return self._at < len(self._trail) - 1

    def back(self) -> Place | None:
        """Step back; the place stepped to, or None at the start."""
        if not self.can_go_back():
            return None
        self._at -= 1
        return self.current

    def forward(self) -> Place | None:
        """Step forward; the place stepped to, or None at the end."""
        if not self.can_go_forward():
            return None
        self._at += 1
        return self.current
