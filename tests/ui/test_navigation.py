"""ui.navigation: back and forward as in a browser."""

from __future__ import annotations

from glossary_app.ui.navigation import Navigation, Place


def test_back_forward_and_a_new_visit_drops_what_was_ahead() -> None:
    nav = Navigation()
    assert (nav.current, nav.back(), nav.forward()) == (None, None, None)
    for term in ("甲", "乙", "丙"):
        nav.visit(Place(term))
    assert nav.back() == Place("乙")
    assert nav.back() == Place("甲")
    assert nav.back() is None and not nav.can_go_back()
    assert nav.forward() == Place("乙")
    nav.visit(Place("丁"))
    assert not nav.can_go_forward()
    assert nav.back() == Place("乙")


def test_repeats_are_not_steps_and_replace_moves_in_place() -> None:
    nav = Navigation()
    nav.visit(Place("甲"))
    nav.visit(Place("甲"))
    nav.visit(Place("甲", document_id=3, use=0))
    nav.replace(Place("甲", document_id=3, use=4))
    assert nav.current == Place("甲", 3, 4)
    assert nav.back() == Place("甲") and nav.back() is None


def test_the_trail_is_bounded() -> None:
    nav = Navigation(limit=3)
    for i in range(5):
        nav.visit(Place(str(i)))
    assert [nav.current, nav.back(), nav.back(), nav.back()] == [Place("4"), Place("3"), Place("2"), None]
