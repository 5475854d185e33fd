"""Flags between two invented articles, from tests/cases/comparisons.yaml."""

from __future__ import annotations

import pytest
import yaml

from conftest import CASES, write_articles
from reconcile.pipeline import analyse

CASES_LIST = yaml.safe_load((CASES / "comparisons.yaml").read_text())


def _date(published) -> str | None:
    return None if published is None else str(published)


@pytest.mark.parametrize("case", CASES_LIST, ids=[case["id"] for case in CASES_LIST])
def test_comparison_case(case, tmp_path):
    # Sources a and b, and optionally c: one file each.
    folder = write_articles(tmp_path / "corpus", {
        f"{name}.txt": (case[key]["text"], _date(case[key]["published"]))
        for key, name in (("a", "alpha"), ("b", "beta"), ("c", "gamma")) if key in case})
    flags = analyse([str(folder)]).flags
    found = [(f.kind, f.attribute, f.severity, f.summary, f.explanation) for f in flags]
    for expected in case.get("expect", []):
        matches = [f for f in found if f[0] == expected["kind"] and f[1] == expected["attribute"]
                   and ("severity" not in expected or f[2] == expected["severity"])
                   and expected.get("summary_contains", "") in f[3]
                   and expected.get("explanation_contains", "") in f[4]]
        assert matches, f"False negative against {case['id']}: expected {expected}, got {found}"
    for kind in case.get("absent", []):
        assert not [f for f in found if f[0] == kind], f"False positive against {case['id']}: {found}"
