"""Unit conversion before comparing: round trips, and judgements that do not depend on the unit."""

from __future__ import annotations

import math

from hypothesis import given, strategies as st

from reconcile.compare import TO_BASE, Comparer, convert, title_key
from reconcile.extract.measures import dimension
from reconcile.records import QuantityValue

UNITS = sorted(TO_BASE)
SAME_DIMENSION = [(a, b) for a in UNITS for b in UNITS if dimension(a) == dimension(b)]


@given(st.sampled_from(SAME_DIMENSION), st.floats(0.001, 1e9))
def test_conversion_round_trips(pair, amount):
    source, target = pair
    value = QuantityValue(low=amount, high=amount, unit=source)
    back = convert(convert(value, target), source)
    assert math.isclose(back.low, amount, rel_tol=1e-9) and back.unit == source


@given(st.sampled_from(SAME_DIMENSION), st.floats(0.001, 1e6), st.floats(0.001, 1e6))
def test_conversion_keeps_order(pair, a, b):
    source, target = pair
    ca = convert(QuantityValue(low=a, high=a, unit=source), target).low
    cb = convert(QuantityValue(low=b, high=b, unit=source), target).low
    assert (a < b) <= (ca <= cb)


def test_different_dimensions_do_not_convert():
    assert convert(QuantityValue(low=5, high=5, unit="km"), "mph") is None
    assert convert(QuantityValue(low=5, high=5, unit="USD"), "EUR") is None
    assert convert(QuantityValue(low=5, high=5, unit="USD"), "EUR", {("USD", "EUR"): 0.8}).low == 4


@given(st.sampled_from(SAME_DIMENSION), st.floats(0.1, 1e5))
def test_a_value_agrees_with_itself_in_other_units(shipped_rules, pair, amount):
    source, target = pair
    comparer = Comparer(shipped_rules)
    a = QuantityValue(low=amount, high=amount, unit=source)
    b = convert(a, target)
    assert comparer._judge_quantity(a, b).verdict in ("same", "consistent")


def test_five_miles_is_eight_km_but_not_ten(shipped_rules):
    comparer = Comparer(shipped_rules)
    km = QuantityValue(low=8, high=8, unit="km")
    assert comparer._judge_quantity(km, QuantityValue(low=5, high=5, unit="mile")).verdict == "same"
    assert comparer._judge_quantity(QuantityValue(low=10, high=10, unit="km"),
                                    QuantityValue(low=5, high=5, unit="mile")).verdict == "conflict"


@given(st.sampled_from(["chief of police", "police chief", "minister of health", "general director"]))
def test_title_key_is_idempotent(title):
    assert title_key(title_key(title)) == title_key(title)


from rapidfuzz.distance import Levenshtein  # noqa: E402

from reconcile.compare.names import _near_pairs  # noqa: E402


@given(st.lists(st.text("abcde", min_size=1, max_size=7), min_size=2, max_size=12, unique=True))
def test_near_pairs_finds_every_pair_within_two_edits(words):
    expected = {(a, b) for a in words for b in words if a < b and Levenshtein.distance(a, b) <= 2}
    assert expected <= set(_near_pairs(sorted(words), 2))  # candidates; the caller checks the distance
