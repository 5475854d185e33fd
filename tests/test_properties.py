"""Hypothesis properties of the normalisers and matchers."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.compare import name_variant
from reconcile.extract.text import normalise_name, sentences
from reconcile.records import TimeInterval
from reconcile.resolve import same_entity

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)
names = st.lists(words, min_size=1, max_size=4).map(" ".join)
kinds = st.sampled_from(["person", "organisation", "thing"])


@given(st.text(max_size=60))
def test_normalising_a_name_is_idempotent(text):
    once = normalise_name(text)
    assert normalise_name(once) == once


@given(names, st.sampled_from(["", "The ", "the "]), st.sampled_from(["", "'s", "’s"]))
def test_case_articles_and_possessives_do_not_change_a_name(name, article, possessive):
    assert normalise_name(f"{article}{name.upper()}{possessive}") == normalise_name(name)


@given(names, names)
def test_name_variant_is_symmetric(left, right):
    assert bool(name_variant(left, right, 75, 2)) == bool(name_variant(right, left, 75, 2))


@given(names)
def test_a_name_is_not_a_variant_of_itself(name):
    assert name_variant(name, name, 75, 2) is None


@given(names, names, kinds, kinds)
def test_same_entity_is_symmetric(left, right, left_kind, right_kind):
    assert same_entity(left, right, left_kind, right_kind, 90) == same_entity(right, left, right_kind, left_kind, 90)


@given(words, words)
def test_a_surname_alone_is_not_the_same_person_as_a_full_name(first, surname):
    full = f"{first} {surname}"
    assert not same_entity(surname, full, "person", "person", 90) or len(surname) == 1


intervals = st.tuples(st.integers(1900, 2100), st.integers(1, 12), st.integers(1, 400)).map(
    lambda t: TimeInterval(start=datetime(t[0], t[1], 1), end=datetime(t[0], t[1], 1).replace(year=t[0] + 1 + t[2] // 100),
                           granularity="year"))


@given(intervals, intervals)
def test_interval_overlap_is_symmetric_and_reflexive(a, b):
    assert a.overlaps(b) == b.overlaps(a)
    assert a.overlaps(a) and a.contains(a.start)


@settings(max_examples=200)
@given(st.text(max_size=300))
def test_sentences_stay_inside_the_text(text):
    for sentence in sentences(text):
        assert 0 <= sentence.start <= sentence.end <= len(text)
        assert text[sentence.start:sentence.end] == sentence.text
