"""Ingest of well-formed corpora: formats, the sources.toml manifest, stated metadata and spans.

Every text here is invented; no outlet, place or person comes from the seed articles.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile.errors import InputError
from reconcile.ingest import display_path, line_number, locate, read_corpus
from reconcile.ingest.metadata import parse_date, stamp_date, stated_publication

BODY = ("The harbour board of Lindqvist Bay voted on Tuesday to close the north pier for repairs, "
        "a spokesperson said.\n\nWork is expected to take eleven weeks.\n")


def only_source(folder: Path):
    corpus = read_corpus([str(folder)])
    assert len(corpus.sources) == 1, corpus.warnings
    return corpus.sources[0], corpus


# --- formats -------------------------------------------------------------------------------------

def test_text_and_markdown_are_read_as_decoded(tmp_path):
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "b.md", "# Pier closes\n\n" + BODY)
    corpus = read_corpus([str(tmp_path)])
    assert [source.id for source in corpus.sources] == ["a", "b"]
    assert corpus.sources[0].text == BODY
    assert corpus.sources[1].text.startswith("# Pier closes")
    assert corpus.warnings == [] and corpus.unreadable == []


def test_files_are_read_in_name_order_depth_first_and_hidden_files_are_skipped(tmp_path):
    write(tmp_path, "b.txt", BODY)
    write(tmp_path, "a/z.txt", BODY)
    write(tmp_path, "a/y.txt", BODY)
    write(tmp_path, ".hidden.txt", BODY)
    write(tmp_path, "c.pdf", "not read")
    corpus = read_corpus([str(tmp_path)])
    assert [source.id for source in corpus.sources] == ["y", "z", "b"]


def test_repeated_stems_get_distinct_ids(tmp_path):
    write(tmp_path, "one/story.txt", BODY)
    write(tmp_path, "two/story.txt", BODY)
    write(tmp_path, "three/story.md", BODY)
    corpus = read_corpus([str(tmp_path)])
    assert sorted(source.id for source in corpus.sources) == ["story", "story~2", "story~3"]


def test_the_same_file_given_twice_is_read_once(tmp_path):
    path = write(tmp_path, "a.txt", BODY)
    corpus = read_corpus([str(path), str(path), str(tmp_path)])
    assert len(corpus.sources) == 1


def test_a_path_that_does_not_exist_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_corpus([str(tmp_path / "nowhere")])


def test_json_records_keep_their_fields_and_lines(tmp_path):
    records = [{"text": "The ferry to Osterholm resumed on Monday.", "outlet": "Fjord Daily",
                "published": "2024-05-06", "url": "https://example.org/a", "title": "Ferry resumes"},
               {"text": "A second record.", "extra": "ignored"}]
    write(tmp_path, "feed.json", json.dumps(records, indent=2))
    corpus = read_corpus([str(tmp_path)])
    first, second = corpus.sources
    assert (first.id, first.outlet, first.published, first.published_basis, first.title) == \
        ("feed#1", "Fjord Daily", date(2024, 5, 6), "record", "Ferry resumes")
    assert first.record_line == 2 and second.record_line == 9
    assert second.outlet == "feed"
    assert locate(first, 4, 9).line == 2
    assert corpus.warnings == []


def test_a_single_json_object_is_one_record(tmp_path):
    write(tmp_path, "one.json", json.dumps({"text": "Only one.", "published": "2023-01-31T08:15:00Z"}))
    source, corpus = only_source(tmp_path)
    assert source.id == "one" and source.published == date(2023, 1, 31)


def test_jsonl_reads_one_record_per_line_and_keeps_line_separators_inside_strings(tmp_path):
    lines = [json.dumps({"text": "First\u2028still the first record."}, ensure_ascii=False),
             "", json.dumps({"text": "Third line.", "published": "March 4, 2022"})]
    write(tmp_path, "wire.jsonl", "\r\n".join(lines) + "\r\n")
    corpus = read_corpus([str(tmp_path)])
    assert [(source.record_line, source.published) for source in corpus.sources] == \
        [(1, None), (3, date(2022, 3, 4))]
    assert corpus.warnings == []


# --- sources.toml --------------------------------------------------------------------------------

def test_manifest_supplies_outlet_url_date_and_title(tmp_path):
    write(tmp_path, "a.txt", BODY + "\nPublished in Other Name, 1 June 2020\n")
    write(tmp_path, "sources.toml", '[[source]]\nfile = "a.txt"\noutlet = "Bay Gazette"\n'
                                    'url = "https://example.org/pier"\npublished = 2024-02-29\ntitle = "Pier"\n')
    source, corpus = only_source(tmp_path)
    assert (source.outlet, source.url, source.published, source.published_basis, source.title) == \
        ("Bay Gazette", "https://example.org/pier", date(2024, 2, 29), "manifest", "Pier")
    assert corpus.warnings == []


@pytest.mark.parametrize("value", ['2024-02-29T09:30:00Z', '"2024-02-29T09:30:00+01:00"', '"2024-02-29 23:59"'])
def test_manifest_timestamps_stand_for_their_day(tmp_path, value):
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "sources.toml", f'[[source]]\nfile = "a.txt"\npublished = {value}\n')
    source, _ = only_source(tmp_path)
    assert source.published == date(2024, 2, 29)


def test_manifest_can_name_a_file_in_a_subfolder(tmp_path):
    write(tmp_path, "2024/a.txt", BODY)
    write(tmp_path, "sources.toml", '[[source]]\nfile = "2024/a.txt"\noutlet = "Bay Gazette"\n')
    source, corpus = only_source(tmp_path)
    assert source.outlet == "Bay Gazette" and corpus.warnings == []


def test_manifest_applies_when_a_file_is_given_directly(tmp_path):
    path = write(tmp_path, "a.txt", BODY)
    write(tmp_path, "sources.toml", '[[source]]\nfile = "a.txt"\npublished = "2021-11-02"\n')
    corpus = read_corpus([str(path)])
    assert corpus.sources[0].published == date(2021, 11, 2)


@pytest.mark.parametrize("manifest, line, words", [
    ('[[source]]\nfile = "a.txt"\noutlet = "X"\ncolour = "red"\n', 4, ["unknown key 'colour'", "allowed"]),
    ('[[source]]\nfile = "a.txt"\n\n[[source]]\noutlet = "Y"\n', 4, ["missing key 'file'"]),
    ('[[source]]\nfile = "a.txt"\npublished = "last Tuesday"\n', 3, ["published", "YYYY-MM-DD"]),
    ('[[source]]\nfile = "a.txt"\noutlet = 7\n', 3, ["outlet"]),
    ('[[source]]\nfile = "a.txt"\noutlet = "X\n', 3, ["malformed TOML"]),
    ('[[source]]\nfile = "a.txt"\n[extra]\nkey = 1\n', 3, ["unknown key 'extra'"]),
    ('title = "all"\n[[source]]\nfile = "a.txt"\n', 1, ["unknown key 'title'"]),
    ('[[source]]\nfile = "a.txt"\n[[source]]\nfile = "a.txt"\n', 4, ["described twice"]),
    ('source = "a.txt"\n', 1, ["[[source]] tables"]),
])
def test_a_broken_manifest_is_an_input_error_naming_file_and_line(tmp_path, manifest, line, words):
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "sources.toml", manifest)
    with pytest.raises(InputError) as caught:
        read_corpus([str(tmp_path)])
    error = caught.value
    assert error.path.endswith("sources.toml") and error.line == line
    assert str(error).startswith(f"{error.path}:{line}: ")
    for word in words:
        assert word in str(error)
    assert "\n" not in str(error)


def test_a_manifest_naming_a_missing_file_warns_and_the_run_goes_on(tmp_path):
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "sources.toml", '[[source]]\nfile = "a.txt"\n\n[[source]]\nfile = "gone.txt"\n')
    corpus = read_corpus([str(tmp_path)])
    assert len(corpus.sources) == 1 and corpus.unreadable == []
    assert len(corpus.warnings) == 1
    assert "sources.toml:5: " in corpus.warnings[0] and "gone.txt" in corpus.warnings[0]


# --- publication metadata the text states ---------------------------------------------------------

@pytest.mark.parametrize("text, published, outlet", [
    (BODY + "\nPublished in The Morrow Courier, March 3rd, 2024", date(2024, 3, 3), "The Morrow Courier"),
    (BODY + "\nPublished in Kestrel Times, 9 October 2019\n", date(2019, 10, 9), "Kestrel Times"),
    ("Bridge tolls rise\nUpdated 11 July 2025\nFollow\n\n" + BODY, date(2025, 7, 11), None),
    ("Bridge tolls rise\nLast updated: Aug. 2, 2023 10:32 am\n\n" + BODY, date(2023, 8, 2), None),
    (" date 2025-07-12 SELDOVIA: " + BODY, date(2025, 7, 12), None),
    ("Posted on 2022/12/01\n" + BODY, date(2022, 12, 1), None),
    ("Bridge tolls rise\nPublished: Thursday, November 6, 2025\n\n" + BODY, date(2025, 11, 6), None),
    ("Bridge tolls rise\nUpdated Thu 6 Nov 2025 10.42 GMT\n\n" + BODY, date(2025, 11, 6), None),
    ("SELDOVIA (Meridian Wire) - " + BODY, None, "Meridian Wire"),
    ("PORT ALDER, May 3 (Coastline News) — " + BODY, None, "Coastline News"),
    (BODY + "\n© 2024 Northwind Courier. All rights reserved.\n", None, "Northwind Courier"),
    (BODY + "\nThe dispute is about copyright, lawyers said.\n", None, None),
    (BODY, None, None),
])
def test_stated_publication(text, published, outlet):
    assert stated_publication(text) == (published, outlet)


def test_without_any_metadata_the_outlet_is_the_file_name_and_there_is_no_date(tmp_path):
    write(tmp_path, "harbour-notes.txt", BODY)
    source, _ = only_source(tmp_path)
    assert (source.outlet, source.published, source.published_basis) == ("harbour-notes", None, "none")


def test_stated_metadata_reaches_the_source(tmp_path):
    write(tmp_path, "a.txt", BODY + "\nPublished in The Morrow Courier, July 4th, 2021")
    source, _ = only_source(tmp_path)
    assert (source.outlet, source.published, source.published_basis) == \
        ("The Morrow Courier", date(2021, 7, 4), "text")


@pytest.mark.parametrize("text, expected", [
    ("2024-02-29", date(2024, 2, 29)), ("2024-02-29T23:10:00+02:00", date(2024, 2, 29)),
    ("Tue, 05 Mar 2024 10:00:00 GMT", date(2024, 3, 5)), ("September 1st, 2020", date(2020, 9, 1)),
    ("1 Sept 2020", date(2020, 9, 1)), ("2023-02-30", None), ("next week", None), ("", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_stamp_date_reads_only_stamp_lines():
    assert stamp_date("Updated 3 May 2021") == date(2021, 5, 3)
    assert stamp_date("The vote was updated 3 May 2021") is None


def test_html_meta_tags_give_outlet_date_and_title(tmp_path):
    page = ('<html><head><title>Ferry fares | Fjord Daily</title>'
            '<meta property="og:site_name" content="Fjord Daily">'
            '<meta property="article:published_time" content="2024-05-06T07:00:00Z">'
            '<link rel="canonical" href="https://example.org/fares"></head>'
            '<body><article><p>Ferry fares to Osterholm rise by a tenth from June.</p></article></body></html>')
    write(tmp_path, "fares.html", page)
    source, _ = only_source(tmp_path)
    assert (source.outlet, source.published, source.url, source.title) == \
        ("Fjord Daily", date(2024, 5, 6), "https://example.org/fares", "Ferry fares | Fjord Daily")
    assert source.text == "Ferry fares to Osterholm rise by a tenth from June."


def test_html_json_ld_gives_outlet_and_date(tmp_path):
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2022-08-09",
            "publisher": {"@type": "Organization", "name": "Valley Record"}}
    write(tmp_path, "p.html", f'<script type="application/ld+json">{json.dumps(data)}</script>'
                              '<p>The reservoir is at a third of capacity.</p>')
    source, _ = only_source(tmp_path)
    assert (source.outlet, source.published) == ("Valley Record", date(2022, 8, 9))


# --- spans --------------------------------------------------------------------------------------------

def test_locate_gives_offsets_and_lines_in_a_crlf_file(tmp_path):
    text = "First line\r\nSecond line here\r\n\r\nFourth line\r\n"
    write(tmp_path, "crlf.txt", text)
    source, _ = only_source(tmp_path)
    assert source.text == text
    start = text.index("Fourth")
    span = locate(source, start, start + 6)
    assert (span.start, span.end, span.line) == (start, start + 6, 4)
    assert locate(source, 0, 5).line == 1
    assert locate(source, text.index("\r\n"), text.index("\r\n") + 1).line == 1


def test_locate_clamps_offsets_into_the_text(tmp_path):
    write(tmp_path, "a.txt", "short")
    source, _ = only_source(tmp_path)
    span = locate(source, -3, 99)
    assert (span.start, span.end, span.line) == (0, 5, 1)


def test_line_number_on_long_texts_matches_counting():
    text = ("x" * 70 + "\n") * 2000
    for offset in (0, 70, 71, 72, 5000, len(text) - 1, len(text)):
        assert line_number(text, offset) == text.count("\n", 0, offset) + 1


def test_display_path_is_relative_below_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "corpus/a.txt", BODY)
    assert display_path(tmp_path / "corpus" / "a.txt") == "corpus/a.txt"
    corpus = read_corpus(["corpus"])
    assert corpus.sources[0].path == "corpus/a.txt"


_LINE_TEXT = st.lists(st.sampled_from(["Harbour", " ", "\n", "\r\n", "é", "—", "\t", "40", "\u2028", "\x0c"]),
                      min_size=1, max_size=80).map("".join).filter(str.strip)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_LINE_TEXT, data=st.data(), suffix=st.sampled_from([".txt", ".md"]))
def test_plain_text_spans_index_the_decoded_file_with_newline_counted_lines(tmp_path, text, data, suffix):
    path = tmp_path / ("prop" + suffix)
    path.write_bytes(text.encode("utf-8"))
    source = read_corpus([str(path)]).sources[0]
    decoded = path.read_bytes().decode("utf-8")
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    span = locate(source, start, end)
    assert decoded[span.start:span.end] == source.text[start:end]
    assert span.line == decoded[:span.start].count("\n") + 1
    assert 1 <= span.line <= decoded.count("\n") + 1


@pytest.mark.parametrize("head, expected", [
    ("Ferry sinks off the northern coast\nMay 03, 2013\nRescuers searched the water on Friday.", "2013-05-03"),
    ("Ferry sinks off the northern coast\n11 November 2011\nRescuers searched.", "2011-11-11"),
    ("Ferry sinks\nTuesday, March 4, 2025, 10:30 a.m. EST\nRescuers searched.", "2025-03-04"),
    ("Ferry sinks\nIn May 2013 a ferry sank.\nRescuers searched.", None),
])
def test_a_date_alone_on_a_line_under_the_headline_dates_the_article(head, expected):
    from reconcile.ingest.metadata import stated_publication

    published, _ = stated_publication(head)
    assert (published.isoformat() if published else None) == expected
