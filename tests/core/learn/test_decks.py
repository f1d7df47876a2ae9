"""core.learn.decks: decks by region, document, imported file and favourites; which definition a card shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary_app.core import TermBase, build, store
from glossary_app.core.learn.decks import DeckSpec, build_deck, choose_definition, imported_files
from glossary_app.core.termbase import Definition, Source
from glossary_app.core.userdata import UserData

# A second 常德 report that defines 五制一平台 its own way, and 一单四制, which nobody else defines.
CHANGDE_2023 = """2023年常德市政府工作报告
——2023年1月5日在常德市第八届人民代表大会第二次会议上
全面落实“五制一平台”，推行“一单四制”，新增“四上”企业。
名词解释：
1.“五制一平台”：项目调度制、要素保障制、督查考核制、领导联系制、问题交办制，项目管理平台。
2.“一单四制”：问题清单，交办制、督办制、销号制、问责制。
"""
QIDONG_5_1 = "备案监督制、承诺兑现制、规模榜单制、清单管理制、现场观摩制，重大项目“云调度”平台。"
CHANGDE_5_1 = "项目调度制、要素保障制、督查考核制、领导联系制、问题交办制，项目管理平台。"
# Terms whose only definition is a reference text, used in the 祁东 report (双减) or in its glossary.
QIDONG_REFERENCE = ["双减", "规模以上工业企业", "规模以上服务业企业", "资质等级建筑业企业", "限额以上批零住餐企业"]


@pytest.fixture
def three_reports(tmp_path: Path, reports_dir: Path, common_freq) -> TermBase:
    """The two small reports, and a 2023 常德 report that defines 五制一平台 differently."""
    (reports_dir / "changde2023.txt").write_text(CHANGDE_2023, encoding="utf-8")
    db = store.open_database(tmp_path / "three.db")
    build.build(db, [reports_dir], common_freq=common_freq)
    return TermBase(db)


def _rows(deck) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    return [(e.term, e.definition.kind, e.definition.source.region) for e in deck.entries]


def test_a_region_deck_shows_its_own_definitions(three_reports: TermBase) -> None:
    qidong = build_deck(three_reports, DeckSpec("region", "祁东县"))
    changde = build_deck(three_reports, DeckSpec("region", "常德市"))
    assert qidong.name == "祁东县术语"
    assert _rows(qidong) == [("五制一平台", "glossary", "祁东县"), ("四上企业", "glossary", "祁东县")] + [
        (term, "reference", None) for term in QIDONG_REFERENCE]
    # 常德 defines 五制一平台 itself; 四上企业 it only uses, so a report's definition (祁东's) beats the reference text.
    assert _rows(changde) == [("五制一平台", "glossary", "常德市"), ("四上企业", "glossary", "祁东县"),
                              ("一单四制", "glossary", "常德市")]
    assert qidong.entries[0].definition.text == QIDONG_5_1
    assert changde.entries[0].definition.text == CHANGDE_5_1
    assert changde.entries[0].citation == "《2023年常德市政府工作报告》（2023-01-05）"


def test_a_document_deck_and_the_file_it_came_from(three_reports: TermBase) -> None:
    files = imported_files(three_reports)
    assert sorted(f.name for f in files) == ["changde.txt", "changde2023.txt", "qidong.txt"]
    new = next(f for f in files if f.name == "changde2023.txt")
    assert new.title == "2023年常德市政府工作报告"
    by_file = build_deck(three_reports, DeckSpec("file", new.id))
    document = next(d for d in three_reports.search.documents().by_id.values() if d.title == new.title)
    by_document = build_deck(three_reports, DeckSpec("document", document.id))
    assert by_file.entries == by_document.entries
    assert by_file.name == by_document.name == "《2023年常德市政府工作报告》（2023-01-05）"
    assert [(e.term, e.definition.text) for e in by_file.entries] == [
        ("五制一平台", CHANGDE_5_1), ("四上企业", three_reports.definitions(by_file.entries[1].term_id)[0].text),
        ("一单四制", "问题清单，交办制、督办制、销号制、问责制。")]


def test_only_terms_with_a_definition(three_reports: TermBase) -> None:
    deck = build_deck(three_reports, DeckSpec("all"))
    defined = {r["term"] for r in three_reports.db.query(
        "SELECT DISTINCT t.term FROM terms t JOIN definitions d ON d.term_id = t.id")}
    undefined = {r["term"] for r in three_reports.db.query(
        "SELECT term FROM terms WHERE id NOT IN (SELECT term_id FROM definitions)")}
    assert undefined, "the fixture should have terms without a definition"
    assert {e.term for e in deck.entries} == defined
    assert len(deck) == len(defined) and all(e.key for e in deck.entries)
    uses = [e.uses for e in deck.entries]
    assert uses == sorted(uses, reverse=True)  # the most used first


def test_favourites_keep_their_order_and_fall_back_on_own_definitions(three_reports: TermBase, tmp_path: Path) -> None:
    user = UserData.open(tmp_path / "user.db")
    for term in ("一单四制", "揭榜挂帅", "四上", "无人定义的词"):
        user.set_favourite(term, True)
    user.add_definition("揭榜挂帅", "公开张榜、能者揭榜", "科室口径")
    deck = build_deck(three_reports, DeckSpec("favourites", tuple(user.favourites())), user.all_definitions())
    # Most recently added first; 四上 is found as 四上企业; a term nobody defines is left out.
    assert [(e.term, e.definition.kind, e.citation) for e in deck.entries] == [
        ("四上企业", "glossary", "《祁东县政府工作报告》（2023-03-27）"),
        ("揭榜挂帅", "user", "科室口径"),
        ("一单四制", "glossary", "《2023年常德市政府工作报告》（2023-01-05）")]
    assert deck.entries[1].term_id is None
    user.close()


def test_unknown_decks_are_refused_in_chinese(three_reports: TermBase) -> None:
    with pytest.raises(ValueError, match="文档不存在"):
        build_deck(three_reports, DeckSpec("document", 999))
    with pytest.raises(ValueError, match="文件不存在"):
        build_deck(three_reports, DeckSpec("file", 999))
    with pytest.raises(ValueError, match="未知的卡组类型"):
        build_deck(three_reports, DeckSpec("chapter", 1))


def _d(text: str, kind: str, document_id: int | None) -> Definition:
    return Definition(text=text, kind=kind, source=Source("", "", None, None, None, document_id))


GLOSSARY_1, INLINE_2, GLOSSARY_3, REFERENCE = (_d("甲", "glossary", 1), _d("乙", "inline", 2), _d("丙", "glossary", 3),
                                               _d("丁", "reference", None))


@pytest.mark.parametrize(("definitions", "documents", "chosen"), [
    ([GLOSSARY_1, INLINE_2, REFERENCE], (), GLOSSARY_1),  # TermBase's order: the first report definition
    ([GLOSSARY_1, INLINE_2, REFERENCE], (2,), INLINE_2),  # the deck's own document before a better kind elsewhere
    ([GLOSSARY_1, GLOSSARY_3], (3, 4), GLOSSARY_3),
    ([REFERENCE, GLOSSARY_3], (), GLOSSARY_3),  # a report's wording before a reference text
    ([REFERENCE], (1,), REFERENCE),  # a reference text only when no report defines the term
    ([], (), None),
])
def test_choose_definition(definitions: list[Definition], documents: tuple[int, ...], chosen: Definition | None) -> None:
    assert choose_definition(definitions, documents) == chosen
