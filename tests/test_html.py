"""HTML main text: what is kept, what is dropped, and that every kept character maps back into the file."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile.ingest import locate
from reconcile.ingest.html import extract_html, reference, unescape
from reconcile.records import Source


def source_for(raw: str) -> Source:
    page = extract_html(raw)
    return Source(id="page", path="page.html", outlet="page", text=page.text, raw=raw, anchors=page.anchors)


def file_offset(source: Source, offset: int) -> int:
    return locate(source, offset, offset).start


def maps_to(raw: str, position: int, char: str) -> bool:
    """Whether the file holds `char` at `position`, literally or as a character reference."""
    if raw.startswith(char, position) and char != "&":
        return True
    found = reference(raw, position) if raw.startswith("&", position) else None
    return (found is not None and char in found[0]) or raw.startswith(char, position)


def strip_markup(raw: str) -> str:
    """The text a fragment of the generated pages shows: no skipped elements, comments or tags."""
    raw = re.sub(r"<(script|style|title|noscript|nav)\b[^>]*>.*?</\1>|<!--.*?-->", "", raw, flags=re.S)
    return unescape(re.sub(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""", "", raw))


def check_mapping(raw: str) -> Source:
    """Every non-space analysed character maps, in order, onto itself in the file."""
    source = source_for(raw)
    previous = -1
    for index, char in enumerate(source.text):
        if char.isspace():
            continue
        position = file_offset(source, index)
        assert 0 <= position < len(raw)
        assert maps_to(raw, position, char), (index, char, raw[position:position + 10])
        assert position > previous
        previous = position
    return source


# --- what is kept --------------------------------------------------------------------------------

def test_article_element_wins_over_page_chrome():
    raw = ("<html><body><header><a href='/'>Home</a> Menu</header><nav><a>World</a></nav>"
           "<article><h1>Lock gates repaired</h1><p>The canal at Vessby reopened, the trust said.</p></article>"
           "<aside>Most read</aside><footer>Contact us</footer></body></html>")
    assert extract_html(raw).text == "Lock gates repaired\n\nThe canal at Vessby reopened, the trust said."


def test_without_an_article_element_the_body_is_kept_without_chrome():
    raw = ("<body><nav>Sections</nav><div><h2>Lock gates repaired</h2><p>The canal reopened.</p></div>"
           "<form><button>Subscribe</button></form><footer>About</footer></body>")
    assert extract_html(raw).text == "Lock gates repaired\n\nThe canal reopened."


def test_inline_markup_and_whitespace_fold_to_single_spaces():
    raw = "<p>The   <b>canal</b>\r\n at <a href='#'>Vessby</a>\treopened.</p><p>Second.</p>"
    assert extract_html(raw).text == "The canal at Vessby reopened.\n\nSecond."


def test_character_references_are_decoded():
    raw = "<p>Smith &amp; Sons&nbsp;paid &pound;40 &#8212; &#x2014; &quot;fair&quot; &ampx &notit; &#150;</p>"
    assert extract_html(raw).text == "Smith & Sons paid £40 — — \"fair\" &x ¬it; –"


def test_hidden_and_navigation_roles_are_dropped():
    raw = ("<p>Kept.</p><div hidden>Hidden.</div><div aria-hidden=\"true\">Also hidden.</div>"
           "<div role=\"navigation\">Menu.</div><div class=\"hidden-small\">Kept too.</div>")
    assert extract_html(raw).text == "Kept.\n\nKept too."


def test_an_unclosed_head_closes_at_the_first_body_content():
    raw = "<html><head><title>T</title><meta charset='utf-8'><p>Body text.</p>"
    page = extract_html(raw)
    assert page.text == "Body text." and page.meta["title"] == "T"


def test_comments_doctype_and_processing_instructions_are_dropped():
    raw = "<!DOCTYPE html><?xml version='1.0'?><p>One<!-- a comment <p>not text</p> -->two<!--> three</p>"
    assert extract_html(raw).text == "Onetwo three"


def test_unterminated_constructs_hide_the_rest_rather_than_show_markup():
    assert extract_html("<p>Shown.</p><!-- never closed <p>hidden</p>").text == "Shown."
    assert extract_html("<p>Shown.</p><style>p { color: red } <p>hidden</p>").text == "Shown."
    assert extract_html("<p>Shown.</p><a href=\"unterminated>hidden").text == "Shown."


def test_a_lone_less_than_sign_is_text():
    assert extract_html("<p>3 < 4 and 5 <= 6</p>").text == "3 < 4 and 5 <= 6"


@pytest.mark.parametrize("tag", ["script", "style", "noscript", "template", "textarea", "iframe", "title"])
def test_raw_text_elements_never_reach_the_text_even_holding_markup(tag):
    raw = f"<body><p>Before.</p><{tag}>SECRET </p><p>SECRET</{tag}x></{tag} ><p>After.</p></body>"
    assert extract_html(raw).text == "Before.\n\nAfter."


def test_a_self_closed_script_still_hides_its_content_but_not_inside_svg():
    assert extract_html("<p>A.</p><script src='x.js'/>SECRET</script><p>B.</p>").text == "A.\n\nB."
    assert extract_html("<svg><style/></svg><p>Shown.</p>").text == "Shown."


def test_script_end_tag_is_case_insensitive_and_needs_a_delimiter():
    raw = "<p>A.</p><SCRIPT>var a = '</scripts>'; SECRET</ScRiPt\n><p>B.</p>"
    assert extract_html(raw).text == "A.\n\nB."


def test_meta_takes_the_first_of_each_kind_and_ignores_url_outlets():
    raw = ('<meta name="publisher" content="https://example.org"><meta property="og:site_name" content="Dale Post">'
           '<meta name="date" content="2021-04-05"><meta name="date" content="1999-01-01">'
           '<meta property="og:title" content="Fares &amp; fees"><p>x</p>')
    meta = extract_html(raw).meta
    assert (meta["outlet"], meta["published"], meta["title"]) == ("Dale Post", "2021-04-05", "Fares & fees")


def test_time_element_gives_a_date_when_no_meta_does():
    assert extract_html('<p>x <time datetime="2020-02-02T10:00">Feb 2</time></p>').meta["time"] == "2020-02-02T10:00"


def test_reference_handles_huge_numbers_and_invalid_code_points():
    assert reference("&#" + "9" * 5000 + ";", 0) == ("\ufffd", 5003)
    assert reference("&#0;", 0) == ("\ufffd", 4)
    assert reference("&#xD800;", 0) == ("\ufffd", 8)
    assert reference("&nosuchname;", 0) is None
    assert reference("& ", 0) is None
    assert unescape("a &lt; b &#" + "1" * 9000) == "a < b \ufffd"


# --- spans map back into the file -------------------------------------------------------------------

def test_a_word_span_maps_onto_the_word_in_the_file_and_its_line():
    raw = "<html>\r\n<body>\r\n<p>First paragraph.</p>\r\n<p>Second <b>bold</b> &amp; more.</p>\r\n</body>"
    source = check_mapping(raw)
    start = source.text.index("bold")
    span = locate(source, start, start + 4)
    assert raw[span.start:span.end] == "bold" and span.line == 4
    start = source.text.index("& more")
    span = locate(source, start, start + 6)
    assert raw[span.start:span.end] == "&amp; more" and span.line == 4


def test_a_span_ending_at_an_element_end_stops_before_the_end_tag():
    raw = "<p>Alpha beta.</p>\n<p>Gamma.</p>"
    source = source_for(raw)
    span = locate(source, 0, len("Alpha beta."))
    assert raw[span.start:span.end] == "Alpha beta."
    span = locate(source, 0, len(source.text))
    assert raw[span.start:span.end] == "Alpha beta.</p>\n<p>Gamma."


def test_a_span_ending_in_a_reference_covers_the_whole_reference():
    raw = "<p>Tom &amp;</p>"
    source = source_for(raw)
    span = locate(source, 0, len(source.text))
    assert raw[span.start:span.end] == "Tom &amp;"


_WORDS = st.sampled_from(["river", "Vessby", "40%", "&amp;", "&nbsp;", "&#8212;", "&lt;b&gt;", "&eacute;t&eacute;",
                          "café", "—", "x", "&ampx", "2024"])
_SPACES = st.sampled_from([" ", "\n", "\r\n", "\t", "  ", ""])
_OPEN = st.sampled_from(["<p>", "<div class='a'>", "<b>", "<span>", "<article>", "<h1>", "<li>", "<br>",
                         "<a href=\"x>y\">", "<td>", "<section\n id=s>"])
_CLOSE = st.sampled_from(["</p>", "</div>", "</b>", "</span>", "</article>", "</h1>", "</li>", "</td>", "</i>"])
_JUNK = st.sampled_from(["<script>var s='<p>no</p>';</script>", "<style>p{}</style>", "<!-- note -->",
                         "<nav>menu</nav>", "<!doctype html>", "<title>T</title>", "<noscript>n</noscript>"])
_PIECES = st.one_of(_WORDS, _SPACES, _OPEN, _CLOSE, _JUNK)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60))
def test_every_kept_character_maps_back_in_order(pieces):
    check_mapping("".join(pieces))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60))
def test_every_word_span_covers_that_word_in_the_file(pieces):
    raw = "".join(pieces)
    source = source_for(raw)
    assert "no</p>" not in source.text and "menu" not in source.text
    for match in re.finditer(r"\S+", source.text):
        span = locate(source, match.start(), match.end())
        assert 0 <= span.start <= span.end <= len(raw)
        covered = strip_markup(raw[span.start:span.end])
        assert re.sub(r"\s+", "", covered) == re.sub(r"\s+", "", match.group()), \
            (match.group(), raw[span.start:span.end])
        assert span.line == raw.count("\n", 0, span.start) + 1


_MARKUP_ALPHABET = st.sampled_from(list("<>/!-?&#;=\"' \n\rabdipstxyl0123456789[]") +
                                   ["script", "style", "<!--", "-->", "&amp;", "<p>", "</p>", "<article>", "title",
                                    "head", "body", "\x00", "\ufffd", "é"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_MARKUP_ALPHABET, max_size=80).map("".join))
def test_fuzz_markup_like_strings(raw):
    check_mapping(raw)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_arbitrary_text(raw):
    check_mapping(raw)
