"""The CI gate: partition into new / reviewed / stale, and the four output formats of `check`."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.errors import ExitCode
from reconcile.gate import (FINGERPRINT_KEY, escape_data, escape_property, gates, lookups, partition, render,
                            render_value)
from reconcile.ledger import Entry, FlagSnapshot, Ledger, parse_ledger, dump_ledger
from reconcile.pipeline import Analysis
from reconcile.records import Claim, Entity, Flag, NameValue, QuantityValue, Source, Span, StatusValue

DAWN = "date 2025-07-12 ISLAMABAD: deal signed.\n\nBuilt 52 years ago in Karachi, the PSM.\n"
ARAB = "Islamabad, Moscow sign protocol\n\nThe PSM was built in the 1970s with Soviet help.\nIt closed in 2015.\n"


def source(source_id: str, path: str, text: str, outlet: str, **extra) -> Source:
    return Source(id=source_id, path=path, outlet=outlet, text=text, **extra)


def claim(claim_id: str, src: Source, quote: str, value) -> Claim:
    start = src.text.index(quote)
    return Claim(id=claim_id, source=src.id, article=src.id, story="psm", subject=Entity(name="PSM", key="psm"),
                 attribute="built", value=value, text=quote,
                 span=Span(start=start, end=start + len(quote), line=src.text.count("\n", 0, start) + 1),
                 sentence=quote, rule="events.built")


def flag(flag_id: str, claims: tuple[str, ...], kind="discrepancy", severity="warning",
         summary="PSM built: 1973 vs 1970s") -> Flag:
    return Flag(id=flag_id, kind=kind, severity=severity, story="psm", attribute="built", subject="PSM",
                claims=claims, summary=summary, explanation="Dawn says 52 years ago (1973); Arab News the 1970s.",
                rule="events.built")


def corpus(flags: list[Flag] | None = None) -> Analysis:
    dawn = source("dawn", "seeds/dawn.txt", DAWN, "Dawn")
    arab = source("arab", "seeds/arab news.txt", ARAB, "Arab News")
    claims = [claim("c1", dawn, "Built 52 years ago", QuantityValue(low=1973, high=1973, unit="year")),
              claim("c2", arab, "built in the 1970s", NameValue(name="1970s")),
              claim("c3", arab, "closed in 2015", StatusValue(status="closed"))]
    if flags is None:
        flags = [flag("aa11", ("c1", "c2")),
                 flag("bb22", ("c3", "c1"), kind="variant", severity="error", summary="PSM status: closed vs open"),
                 flag("cc33", ("c1", "c2"), kind="agreement", severity="info", summary="PSM in Karachi"),
                 flag("dd44", ("c2",), severity="info", summary="minor")]
    return Analysis(sources=[dawn, arab], articles=[], stories=[], claims=claims, flags=flags)


def reviewed(status="explained", note="both right") -> Entry:
    return Entry(status=status, note=note, reviewer="Ada", date="2026-11-23",
                 flag=FlagSnapshot(kind="discrepancy", summary="PSM built: 1973 vs 1970s"))


def ledger_with(*ids: str) -> Ledger:
    text = dump_ledger(Ledger(entries={flag_id: reviewed() for flag_id in ids}))
    return parse_ledger(text, "reviews.yaml")  # so entries carry their lines


# ---------------------------------------------------------------- partition


def test_only_discrepancies_and_variants_at_or_above_the_gate_are_gating():
    analysis = corpus()
    by_id = {item.id: item for item in analysis.flags}
    assert gates(by_id["aa11"], "warning") and gates(by_id["bb22"], "error")
    assert not gates(by_id["aa11"], "error")
    assert not gates(by_id["cc33"], "info")  # agreements never gate
    assert not gates(by_id["dd44"], "warning") and gates(by_id["dd44"], "info")


@pytest.mark.parametrize("fail_on, new", [("error", ["bb22"]), ("warning", ["bb22", "aa11"]),
                                          ("info", ["bb22", "aa11", "dd44"])])
def test_new_flags_depend_on_the_gate(fail_on, new):
    result = partition(corpus().flags, Ledger(), fail_on)
    assert [item.id for item in result.new] == new
    assert result.exit_code() == ExitCode.NEW_CONFLICTS


def test_reviewed_flags_do_not_fail():
    result = partition(corpus().flags, ledger_with("aa11", "bb22"))
    assert result.new == []
    assert [item.id for item, _ in result.reviewed] == ["bb22", "aa11"]
    assert result.stale == []
    assert result.exit_code() == result.exit_code(strict=True) == ExitCode.CLEAN


def test_stale_entries_warn_and_fail_only_when_strict():
    result = partition(corpus().flags, ledger_with("aa11", "bb22", "gone99"))
    assert [flag_id for flag_id, _ in result.stale] == ["gone99"]
    assert result.exit_code() == ExitCode.CLEAN
    assert result.exit_code(strict=True) == ExitCode.NEW_CONFLICTS


def test_entry_for_a_flag_below_the_gate_is_not_stale():
    result = partition(corpus().flags, ledger_with("aa11", "bb22", "dd44"), "error")
    assert result.stale == [] and "dd44" in [item.id for item, _ in result.reviewed]


def test_partition_is_deterministic_whatever_the_input_order():
    flags = corpus().flags
    first = partition(flags, ledger_with("cc33", "zz", "aa"))
    second = partition(list(reversed(flags)), ledger_with("aa", "zz", "cc33"))
    assert first == second


# ---------------------------------------------------------------- evidence


def test_quotes_locate_each_claim_in_its_file():
    analysis = corpus()
    quotes = lookups(analysis).quotes(analysis.flags[0])
    assert [(q.path, q.line, q.column, q.text, q.value) for q in quotes] == [
        ("seeds/dawn.txt", 3, 1, "Built 52 years ago", "1,973 years"),
        ("seeds/arab news.txt", 3, 13, "built in the 1970s", "1970s")]


def test_render_value():
    assert render_value(QuantityValue(low=30, high=None, unit="people", qualifier="at_least")) == \
        "30 or more people"
    assert render_value(QuantityValue(low=1.1e6, high=5.0e6, unit="tonne")) == "1.1 million to 5 million tonnes"
    assert render_value(QuantityValue(low=None, high=8, unit="km")) == "up to 8 km"


# ---------------------------------------------------------------- text and json


def test_text_lists_each_new_flag_with_id_summary_and_quotes():
    analysis = corpus()
    ledger = ledger_with("bb22", "gone99")
    out = render(partition(analysis.flags, ledger), analysis, "text", ledger)
    assert out.splitlines()[:4] == [
        "new discrepancy (warning) aa11: PSM built: 1973 vs 1970s",
        '    seeds/dawn.txt:3 (Dawn): "Built 52 years ago" [1,973 years]',
        '    seeds/arab news.txt:3 (Arab News): "built in the 1970s" [1970s]',
        ""]
    assert "reviews.yaml:" in out and "warning: stale review gone99 (explained about" in out
    assert "1 new, 1 reviewed, 1 stale" in out
    assert "reconcile review confirmed|dismissed|explained ID" in out


def test_text_when_clean():
    analysis = corpus()
    ledger = ledger_with("aa11", "bb22")
    out = render(partition(analysis.flags, ledger), analysis, "text", ledger)
    assert out.startswith("0 new, 2 reviewed, 0 stale")


def test_json_shape():
    analysis = corpus()
    ledger = ledger_with("bb22", "gone99")
    document = json.loads(render(partition(analysis.flags, ledger), analysis, "json", ledger))
    assert list(document) == ["new", "reviewed", "stale"]
    new = document["new"][0]
    assert new["id"] == "aa11" and new["review"] is None and new["kind"] == "discrepancy"
    assert new["quotes"][0] == {"claim": "c1", "source": "dawn", "path": "seeds/dawn.txt", "outlet": "Dawn",
                                "line": 3, "start": DAWN.index("Built"), "end": DAWN.index("Built") + 18,
                                "text": "Built 52 years ago", "value": "1,973 years"}
    assert document["reviewed"][0]["review"] == {"status": "explained", "note": "both right", "reviewer": "Ada",
                                                 "date": "2026-11-23"}
    stale = document["stale"][0]
    assert (stale["id"], stale["ledger"], stale["status"]) == ("gone99", "reviews.yaml", "explained")
    assert stale["line"] > 0


def test_outputs_are_deterministic():
    analysis = corpus()
    ledger = ledger_with("bb22", "gone99")
    for fmt in ("text", "json", "github", "sarif"):
        one = render(partition(analysis.flags, ledger), analysis, fmt, ledger)
        two = render(partition(list(reversed(analysis.flags)), ledger), analysis, fmt, ledger)
        assert one == two, fmt


# ---------------------------------------------------------------- github


def test_github_escaping_rules():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert escape_data("a:b,c") == "a:b,c"


def test_github_annotation_at_each_quoted_line():
    analysis = corpus()
    ledger = ledger_with("gone99")
    lines = render(partition(analysis.flags, ledger), analysis, "github", ledger).splitlines()
    aa11 = [line for line in lines if "aa11" in line]
    assert [line.split("::")[1] for line in aa11] == [
        "warning file=seeds/dawn.txt,line=3,col=1,title=New discrepancy%3A PSM built",
        "warning file=seeds/arab news.txt,line=3,col=13,title=New discrepancy%3A PSM built"]
    message = aa11[0].split("::", 2)[2]
    assert message.startswith("PSM built: 1973 vs 1970s%0ADawn (seeds/dawn.txt:3): \"Built 52 years ago\"%0A")
    assert "\n" not in message
    assert any(line.startswith("::error file=seeds/dawn.txt,line=3") and "bb22" in line for line in lines)
    stale = [line for line in lines if "gone99" in line]
    assert len(stale) == 1 and stale[0].startswith("::warning file=reviews.yaml,line=")
    assert "title=Stale review::" in stale[0]
    strict = render(partition(analysis.flags, ledger), analysis, "github", ledger, strict=True)
    assert "::error file=reviews.yaml" in strict


def test_github_info_flags_are_notices_and_hostile_text_is_escaped():
    hostile = flag("ee55", ("c1",), severity="info", summary="50%\n::error::injected, a:b")
    analysis = corpus([hostile])
    out = render(partition(analysis.flags, Ledger(), "info"), analysis, "github", Ledger())
    assert out.count("\n") == 1
    assert out.startswith("::notice file=seeds/dawn.txt,line=3,col=1,title=New discrepancy%3A PSM built::50%25%0A"
                          "::error::injected, a:b%0A")


# ---------------------------------------------------------------- sarif


def sarif(ledger=None, analysis=None, strict=False) -> dict:
    analysis = analysis or corpus()
    ledger = ledger if ledger is not None else ledger_with("bb22", "gone99")
    return json.loads(render(partition(analysis.flags, ledger), analysis, "sarif", ledger, strict))


def test_sarif_structure():
    document = sarif()
    assert document["version"] == "2.1.0"
    assert document["$schema"].endswith("sarif-2.1.0.json")
    run = document["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "reconcile" and driver["version"]
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        assert set(result["partialFingerprints"]) == {FINGERPRINT_KEY}
        for location in result["locations"]:
            physical = location["physicalLocation"]
            assert physical["artifactLocation"]["uri"]
            assert physical["region"]["startLine"] >= 1


def test_sarif_one_result_per_new_flag_and_reviewed_ones_suppressed():
    results = sarif()["runs"][0]["results"]
    assert [r["partialFingerprints"][FINGERPRINT_KEY] for r in results] == ["aa11", "bb22"]
    new, done = results
    assert "suppressions" not in new
    assert done["suppressions"][0]["kind"] == "external"
    assert done["suppressions"][0]["status"] == "accepted"
    assert done["suppressions"][0]["justification"] == "explained: both right"


def test_sarif_locations_point_at_each_quote():
    analysis = corpus()
    texts = {"seeds/dawn.txt": DAWN, "seeds/arab%20news.txt": ARAB}
    result = sarif(analysis=analysis)["runs"][0]["results"][0]
    assert len(result["locations"]) == 2
    for location in result["locations"]:
        physical = location["physicalLocation"]
        region = physical["region"]
        text = texts[physical["artifactLocation"]["uri"]]
        start, length = region["charOffset"], region["charLength"]
        assert text[start:start + length] == region["snippet"]["text"]
        assert text.count("\n", 0, start) + 1 == region["startLine"]


def test_sarif_related_locations_repeat_the_secondary_quotes():
    result = sarif()["runs"][0]["results"][0]
    assert [item["id"] for item in result["relatedLocations"]] == [1]
    assert result["relatedLocations"][0]["physicalLocation"] == result["locations"][1]["physicalLocation"]


def test_snapshot_for_the_ledger_quotes_each_distinct_evidence_once():
    analysis = corpus([flag("aa11", ("c1", "c2", "c1"))])
    snapshot = lookups(analysis).snapshot(analysis.flags[0])
    assert [(item.source, item.quote, item.value) for item in snapshot.evidence] == [
        ("seeds/dawn.txt", "Built 52 years ago", "1,973 years"), ("seeds/arab news.txt", "built in the 1970s", "1970s")]
    assert (snapshot.kind, snapshot.severity, snapshot.summary) == ("discrepancy", "warning", "PSM built: 1973 vs 1970s")


def test_sarif_omits_char_offsets_for_json_records():
    record = Source(id="wire#2", path="wire.jsonl", outlet="Wire", text="Built 52 years ago.", record_line=2)
    item = claim("c9", record, "Built 52 years ago", NameValue(name="1973"))
    item = item.model_copy(update={"span": Span(start=0, end=18, line=2)})
    analysis = Analysis(sources=[record], articles=[], stories=[], claims=[item], flags=[flag("ff66", ("c9",))])
    region = sarif(Ledger(), analysis)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 2 and "charOffset" not in region


def test_sarif_stale_entries_are_notifications():
    notes = sarif(strict=True)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and notes[0]["level"] == "error" and "gone99" in notes[0]["message"]["text"]
    assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "reviews.yaml"


@settings(max_examples=100, deadline=None)
@given(summary=st.text(), explanation=st.text(), note=st.text())
def test_json_and_sarif_are_valid_for_any_text(summary, explanation, note):
    item = flag("gg77", ("c1", "c2"), summary=summary).model_copy(update={"explanation": explanation})
    analysis = corpus([item, flag("hh88", ("c1",))])
    ledger = Ledger(entries={"hh88": reviewed(note=note)}, path="reviews.yaml")
    for fmt in ("json", "sarif"):
        json.loads(render(partition(analysis.flags, ledger), analysis, fmt, ledger))
    github = render(partition(analysis.flags, ledger), analysis, "github", ledger)
    # The runner splits its input on \r and \n only (StreamReader.ReadLine), so those must be escaped.
    lines = github.split("\n")
    assert lines[-1] == "" and all(line.startswith("::") for line in lines[:-1])
    assert "\r" not in github
