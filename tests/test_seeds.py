"""Issue 2's acceptance on the two seed articles, copied to a folder with no manifest."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from reconcile.pipeline import analyse


@pytest.fixture(scope="module")
def seeds_analysis(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    return analyse([str(folder)])


def _flag(analysis, kind, attribute, *quotes):
    for flag in analysis.flags:
        texts = [analysis.claim(claim_id).text for claim_id in flag.claims]
        if flag.kind == kind and flag.attribute == attribute and all(any(q in t for t in texts) for q in quotes):
            return flag
    raise AssertionError(f"no {kind} on {attribute} quoting {quotes}: "
                         f"{[(f.kind, f.attribute, f.summary) for f in analysis.flags]}")


def test_sources_dates_and_outlet_come_from_the_text(seeds_analysis):
    published = {source.id[:3]: source.published.isoformat() for source in seeds_analysis.sources}
    assert published == {"000": "2025-07-11", "001": "2025-07-12"}
    assert {source.outlet for source in seeds_analysis.sources if source.id.startswith("001")} == {"Dawn"}


def test_closure_discrepancy_notes_the_source_also_says_2015(seeds_analysis):
    flag = _flag(seeds_analysis, "discrepancy", "closure", "non-operational since 2015", "closure of the PSM in 2024")
    assert "ceased operations in 2015" in flag.explanation


def test_organisation_name_variant_for_the_same_person(seeds_analysis):
    flag = _flag(seeds_analysis, "variant", "affiliation", "Industrial Engineering LLC", "Industries Engineering LLC")
    assert "Velichko" in flag.subject


def test_new_mill_differs_in_modality_and_number(seeds_analysis):
    flag = _flag(seeds_analysis, "discrepancy", "construction", "expected to finalize", "agreed to establish new steel mills")
    modalities = {seeds_analysis.claim(c).modality for c in flag.claims}
    assert {"expected", "agreed"} <= modalities
    assert "1 mill" in flag.summary and "2 or more" in flag.summary


def test_what_was_signed_is_a_minor_discrepancy(seeds_analysis):
    flag = _flag(seeds_analysis, "discrepancy", "signing", "protocol", "agreement")
    assert flag.severity == "info" and "minor" in flag.summary


def test_operations_stopped_in_2015_agree(seeds_analysis):
    _flag(seeds_analysis, "agreement", "closure", "non-operational since 2015", "ceased operations in 2015")


def test_built_in_the_1970s_agrees_with_52_years_ago(seeds_analysis):
    _flag(seeds_analysis, "agreement", "construction", "built in the 1970s", "Built 52 years ago")


def test_politics_article_is_a_separate_story_and_never_mixed(seeds_analysis):
    assert len(seeds_analysis.stories) == 2
    politics = next(s for s in seeds_analysis.stories if "Imran" in s.title)
    assert len(politics.sources) == 1
    assert [a.title for a in seeds_analysis.set_aside] == [politics.title]
    for flag in seeds_analysis.flags:
        stories = {seeds_analysis.claim(c).story for c in flag.claims}
        assert stories == {flag.story}
        assert flag.story != politics.id or len({seeds_analysis.claim(c).source for c in flag.claims}) == 1


def test_every_span_indexes_its_file(seeds_analysis):
    for claim in seeds_analysis.claims:
        source = seeds_analysis.source(claim.source)
        assert source.text[claim.span.start:claim.span.end] == claim.text
        assert source.text.count("\n", 0, claim.span.start) + 1 == claim.span.line
