"""Claims extracted from the invented sentences in tests/cases/{events,counts,attributes,measures,roles}.yaml."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from conftest import CASES
from reconcile.extract import extract
from reconcile.ingest.articles import ArticleSpan
from reconcile.records import Article, NameValue, QuantityValue, Source, TimeValue


def _claims(text: str, published: date | None, rules):
    source = Source(id="case", path="case.txt", outlet="Case", published=published, text=text)
    article = Article(id="case", source="case", index=1, start=0, end=len(text), title="case", published=published)
    return list(extract(article, source, rules).claims)


def _value_text(value) -> str:
    if isinstance(value, TimeValue):
        return value.timex
    if isinstance(value, QuantityValue):
        low = "" if value.low is None else f"{value.low:.15g}"
        high = "" if value.high is None else f"{value.high:.15g}"
        return f"{low}..{high} {value.unit}"
    if isinstance(value, NameValue):
        return value.name
    return value.status


EVENT_CASES = [case for name in ("events.yaml", "counts.yaml", "attributes.yaml", "measures.yaml")
               for case in yaml.safe_load((CASES / name).read_text())]
ROLE_CASES = yaml.safe_load((CASES / "roles.yaml").read_text())


@pytest.mark.parametrize("case", EVENT_CASES, ids=[case["id"] for case in EVENT_CASES])
def test_event_case(case, shipped_rules):
    claims = _claims(case["text"], case.get("published"), shipped_rules)
    found = [(c.attribute, c.subject.key, _value_text(c.value), c.modality) for c in claims]
    for expected in case.get("expect", []):
        matches = [f for f in found if f[0] == expected["attribute"] and f[2] == str(expected["value"])
                   and ("subject" not in expected or f[1] == expected["subject"])
                   and ("modality" not in expected or f[3] == expected["modality"])]
        assert matches, f"False negative against {case['id']}: expected {expected}, got {found}"
    for subject in case.get("absent_subjects", []):
        assert not [f for f in found if f[1] == subject], f"False positive against {case['id']}: {found}"
    for attribute in case.get("absent", []):
        assert not [f for f in found if f[0] == attribute], f"False positive against {case['id']}: {found}"


@pytest.mark.parametrize("case", ROLE_CASES, ids=[case["id"] for case in ROLE_CASES])
def test_role_case(case, shipped_rules):
    claims = _claims(case["text"], None, shipped_rules)
    roles = {(c.subject.key, c.value.name) for c in claims if c.attribute == "role"}
    organisations = {(c.subject.key, c.value.name) for c in claims if c.attribute == "affiliation"}
    for person in case.get("absent_people", []):
        assert person not in {key for key, _ in roles}, f"False positive against {case['id']}: {roles}"
    for expected in case.get("expect", []):
        assert (expected["person"], expected["role"]) in roles, f"{case['id']}: roles found {roles}"
        if "organisation" in expected:
            assert (expected["person"], expected["organisation"]) in organisations, \
                f"{case['id']}: organisations found {organisations}"


def test_every_claim_quotes_its_source(shipped_rules):
    for case in EVENT_CASES:
        for claim in _claims(case["text"], case.get("published"), shipped_rules):
            assert case["text"][claim.span.start:claim.span.end] == claim.text
            assert claim.text and claim.rule


def test_article_span_type_is_plain():
    assert ArticleSpan(0, 1, "t", None).end == 1


def test_hard_wrapped_lines_do_not_split_names_or_sentences(shipped_rules):
    text = ("The deal was signed by general director of Corvane\nSystems LLC of Norway, Piet Halvorsen, in\n"
            "Oslo on Friday.")
    claims = _claims(text, None, shipped_rules)
    assert ("piet halvorsen", "Corvane Systems LLC") in {(c.subject.key, c.value.name) for c in claims
                                                           if c.attribute == "affiliation"}
