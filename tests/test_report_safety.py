"""Article text cannot break the report's tables or inject markup; JSON stays valid for any input."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write_articles
from reconcile.pipeline import analyse
from reconcile.report import md, to_json, to_markdown

HOSTILE = ("The <script>alert(1)</script> plant | with `code` and [a link](http://x.example) "
           "# heading *bold* _it_ was built in the 1960s.\n")


def test_markdown_escaping_neutralises_markup():
    escaped = md("a | b `c` <script>x</script> [l](u) # h *s* _u_\nnext")
    assert "|" not in escaped.replace("\\|", "")
    assert "<script>" not in escaped and "&lt;script&gt;" in escaped
    assert "\n" not in escaped
    assert "\\[l\\](u)" in escaped and "\\`c\\`" in escaped


def test_hostile_article_text_is_escaped_in_the_report(tmp_path):
    folder = write_articles(tmp_path / "c", {
        "one.txt": ("Northgate Plant " + HOSTILE + "The Northgate Plant was built in the 1960s.", "2024-01-02"),
        "two.txt": ("Built 40 years ago, the Northgate Plant | <b>still</b> runs.", "2024-01-03"),
    })
    analysis = analyse([str(folder)])
    report = to_markdown(analysis)
    assert "<script>" not in report and "<b>" not in report
    assert "&lt;script&gt;" in report
    assert _table_widths(report) <= {0}
    json.loads(to_json(analysis))


def _table_widths(report: str) -> set[int]:
    widths = set()
    header = None
    for line in report.splitlines():
        if line.startswith("|---"):
            header = line.count("|")
        elif line.startswith("| ") and header:
            widths.add(line.replace("\\|", "").count("|") - header)
        elif not line.startswith("|"):
            header = None
    return widths


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_any_text_gives_valid_json_and_intact_tables(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "a.txt").write_text("The Eastgate Mill was built in the 1960s. " + text, encoding="utf-8")
    (folder / "b.txt").write_text("Built 40 years ago, the Eastgate Mill closed. " + text, encoding="utf-8")
    analysis = analyse([str(folder)])
    data = json.loads(to_json(analysis))
    assert data["version"] == 1
    assert _table_widths(to_markdown(analysis)) <= {0}
