"""TermBase.lookup: definitions with their sources, passages with the use marked."""

from __future__ import annotations

import json

from glossary_app.core import TermBase


def test_lookup_gives_definition_with_document_source(termbase: TermBase) -> None:
    result = termbase.lookup("五制一平台")
    top = result.results[0]
    assert (top.term, top.match) == ("五制一平台", "exact")
    assert [(d.kind, d.text) for d in top.definitions] == [
        ("glossary", "备案监督制、承诺兑现制、规模榜单制、清单管理制、现场观摩制，重大项目“云调度”平台。")]
    source = top.definitions[0].source
    assert (source.file, source.title, source.region, source.date) == (
        "qidong.txt", "祁东县政府工作报告", "祁东县", "2023-03-27")
    assert source.line == 8


def test_passages_mark_the_use_and_skip_the_glossary_entry(termbase: TermBase) -> None:
    top = termbase.lookup("五制一平台").results[0]
    assert top.occurrences == 2
    for p in top.passages:
        assert p.text[p.start:p.end].strip("“”") == "五制一平台"
    assert sorted(p.source.title for p in top.passages) == ["2022年常德市政府工作报告", "祁东县政府工作报告"]


def test_quotes_falling_differently_are_the_same_term(termbase: TermBase) -> None:
    top = termbase.lookup("四上企业").results[0]
    uses = sorted(p.text[p.start:p.end] for p in top.passages)
    assert uses == ["“四上”企业", "四上企业"]
    assert termbase.lookup("“四上”企业").results[0].term == "四上企业"
    assert termbase.lookup("四上").results[0].term == "四上企业"


def test_undefined_query_falls_back_to_running_text(termbase: TermBase) -> None:
    result = termbase.lookup("项目完成投资")
    assert [(r.term, r.match, r.definitions) for r in result.results] == [("项目完成投资", "text", [])]
    p = result.results[0].passages[0]
    assert p.text[p.start:p.end] == "项目完成投资"


def test_nothing_found_is_empty_not_an_error(termbase: TermBase) -> None:
    assert termbase.lookup("完全不存在的词语").results == []
    assert termbase.lookup("").results == []
    assert termbase.lookup("“”  ").results == []


def test_json_has_the_documented_fields(termbase: TermBase) -> None:
    data = json.loads(termbase.lookup("五制一平台").to_json())
    assert set(data) == {"query", "results"}
    r = data["results"][0]
    assert {"term", "match", "occurrences", "definitions", "passages"} <= set(r)
    assert set(r["definitions"][0]["source"]) == {"file", "title", "region", "date", "line"}
    p = r["passages"][0]
    assert p["text"][p["start"]:p["end"]].strip("“”") == "五制一平台"
