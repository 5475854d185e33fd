"""Hypothesis fuzzing of ingest: arbitrary bytes and text under every supported suffix.

Whatever the file holds, ingest raises nothing, every warning is one line naming the file, and
every span it can produce lies inside the text it indexes, on a line the file has.
"""

from __future__ import annotations

import codecs
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile.ingest import decode, locate, read_corpus

SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl"]

_FRAGMENTS = st.sampled_from([
    "Updated 3 May 2024\n", "Follow\n", "Published in The Solvik Post, March 4th, 2024\n", " date 2024-01-02 ",
    "SOLVIK (Meridian Wire) - ", "<p>", "</p>", "<script>", "</script>", "<!--", "-->", "&amp;", "&#", "&#x",
    "<article>", "<head>", "<title>", "\r\n", "\n", "\r", "\t", " ", "\ufeff", "\u2028", "é", "—", "\x00", "\x1b",
    '{"text": "', '"}', '{"text": 5}', "[", "]", ",", '"published": "2024-02-30"', '"outlet": null', "\\", '"',
    "A headline about the port\n", "The council said 40 boats would sail.\n"])
_TEXT = st.one_of(st.text(max_size=400), st.lists(_FRAGMENTS, max_size=40).map("".join))


def _encode(text: str, how: str) -> bytes:
    if how == "utf-8":
        return text.encode("utf-8", errors="surrogatepass")
    if how == "utf-8-bom":
        return codecs.BOM_UTF8 + text.encode("utf-8", errors="surrogatepass")
    if how == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le", errors="surrogatepass")
    if how == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be", errors="surrogatepass")
    return text.encode("utf-16-le", errors="surrogatepass")


_ENCODED = st.builds(_encode, _TEXT, st.sampled_from(["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom",
                                                      "utf-16-le"]))
_RECORDS = st.lists(st.one_of(
    st.fixed_dictionaries({"text": _TEXT}, optional={"published": st.one_of(st.text(max_size=20), st.integers()),
                                                     "outlet": st.one_of(st.none(), st.text(max_size=10),
                                                                         st.integers())}),
    st.integers(), st.text(max_size=10), st.none()), max_size=5)
_JSON = st.builds(lambda records, cut: json.dumps(records, indent=1)[:cut].encode(), _RECORDS,
                  st.integers(min_value=0, max_value=4000))
_JSONL = st.builds(lambda records, cut: "\n".join(json.dumps(r) for r in records)[:cut].encode(), _RECORDS,
                   st.integers(min_value=0, max_value=4000))
_BYTES = st.one_of(st.binary(max_size=1500), _ENCODED, _JSON, _JSONL,
                   st.builds(lambda data, junk, at: data[:at] + junk + data[at:], _ENCODED,
                             st.binary(min_size=1, max_size=4), st.integers(min_value=0, max_value=400)))


def check_corpus(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.write_bytes(data)
    corpus = read_corpus([str(path)])
    shown = str(path)
    for warning in corpus.warnings:
        assert "\n" not in warning, warning
        assert warning.startswith(shown + ":"), warning
        assert "bug in reconcile" not in warning, warning
    assert set(corpus.unreadable) <= {shown}
    decoded = decode(data)[0]
    file_lines = decoded.count("\n") + 1
    by_id = {source.id: source for source in corpus.sources}
    for source in corpus.sources:
        size = len(source.text)
        assert source.text.strip()
        indexed = source.raw if source.raw is not None else source.text
        if path.suffix in (".txt", ".md"):
            assert source.text == decoded
        if path.suffix == ".html":
            assert source.raw == decoded
        points = sorted({0, size, size // 3, size // 2, max(size - 1, 0)})
        for start in points:
            for end in points:
                if end < start:
                    continue
                span = locate(source, start, end)
                if source.record_line is not None:
                    assert (span.start, span.end) == (start, end)
                    assert 1 <= span.line <= file_lines
                    continue
                assert 0 <= span.start <= span.end <= len(indexed)
                assert 1 <= span.line <= file_lines
                assert span.line == indexed.count("\n", 0, span.start) + 1
                if source.raw is None:
                    assert decoded[span.start:span.end] == source.text[start:end]
    for article in corpus.articles:
        source = by_id[article.source]
        assert 0 <= article.start <= article.end <= len(source.text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_BYTES, st.sampled_from(SUFFIXES))
def test_fuzz_ingest_arbitrary_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        check_corpus(Path(folder), "fuzz" + suffix, data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.sampled_from([".txt", ".md"]))
def test_fuzz_plain_text_is_kept_exactly(text, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("fuzz" + suffix)
        data = text.encode("utf-8", errors="surrogatepass")
        path.write_bytes(data)
        corpus = read_corpus([str(path)])
        if corpus.sources and not any("read as UTF-16" in warning for warning in corpus.warnings):
            assert corpus.sources[0].text == data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        else:
            assert corpus.warnings
