"""Golden-file test of the seed report.

After an intended change to the report, refresh the golden file with:

    RECONCILE_REFRESH_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os

from conftest import ROOT
from reconcile.pipeline import analyse
from reconcile.report import to_json, to_markdown

GOLDEN = ROOT / "tests" / "golden" / "seeds_report.md"


def test_seed_report_matches_golden(monkeypatch):
    monkeypatch.chdir(ROOT)
    report = to_markdown(analyse(["seeds"]))
    if os.environ.get("RECONCILE_REFRESH_GOLDEN"):
        GOLDEN.write_text(report, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    if report != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), report.splitlines(True), "golden", "now"))
        raise AssertionError("seed report differs from the golden file (refresh with "
                             "RECONCILE_REFRESH_GOLDEN=1 if intended):\n" + diff)


def test_reports_are_byte_identical_across_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    first, second = analyse(["seeds"]), analyse(["seeds"])
    assert to_markdown(first) == to_markdown(second)
    assert to_json(first) == to_json(second)
