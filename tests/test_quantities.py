"""Numbers in news copy: digits, words, scales, qualifiers and units (invented sentences)."""

from __future__ import annotations

from reconcile.extract.quantities import find_quantities
from reconcile.rules import load_rules
from conftest import ROOT


def _quantities(text: str, rules):
    return find_quantities(text, 0, len(text), rules.qualifiers, rules.lexicon("units"))


def test_patterns_survive_rules_reloaded_many_times():
    # Rule objects are garbage-collected between runs; a cache keyed on id() alone once
    # handed the qualifier patterns to the unit reader.
    for _ in range(20):
        rules = load_rules(ROOT / "rules")
        found = _quantities("At least 12 people were hurt and 40 km of road closed.", rules)
        assert [(q.low, q.high, q.unit) for q in found] == [(12, None, "people"), (40, 40, "km")]
