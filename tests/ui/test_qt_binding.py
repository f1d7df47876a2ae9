"""The Qt binding keeps reference counts right when signals carry Python objects.

PySide6 6.12.0 lost a reference to the payload on every emit of a Signal(object): after a few
minutes of typing, None or True was freed and the app aborted. The app's background helper and
several widgets emit such signals, so a binding with that fault must never be installed.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    carried = Signal(object)
    ticketed = Signal(int, object)


@pytest.mark.parametrize("payload", [None, True, (None, 1)])
def test_emitting_objects_keeps_reference_counts(qapp, payload: object) -> None:
    emitter = _Emitter()
    got: list[object] = []
    emitter.carried.connect(got.append)
    emitter.ticketed.connect(lambda ticket, value: got.append(value))
    before = sys.getrefcount(payload)
    for _ in range(200):
        emitter.carried.emit(payload)
        emitter.ticketed.emit(1, payload)
    assert len(got) == 400
    got.clear()
    # Nothing else holds the payload meanwhile; allow a little slack for interpreter caches.
    assert sys.getrefcount(payload) >= before - 5
