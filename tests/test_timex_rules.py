"""Structure of the rule set: every rule has a handler, head words and passing examples."""

from __future__ import annotations

import pytest

from reconcile.timex import tag
from reconcile.timex.examples import DCT, EXAMPLES
from reconcile.timex.patterns import HEAD_WORDS, RULES
from reconcile.timex.tagger import HANDLERS

RULE_NAMES = [rule.name for rule in RULES]


def test_rule_names_are_unique() -> None:
    assert len(RULE_NAMES) == len(set(RULE_NAMES))


@pytest.mark.parametrize("name", RULE_NAMES)
def test_every_rule_has_a_handler_and_examples(name: str) -> None:
    assert name in HANDLERS, f"rule {name} has no handler"
    assert EXAMPLES.get(name), f"rule {name} has no example sentences in reconcile/timex/examples.py"


def test_every_rule_is_reachable_from_a_head() -> None:
    reachable = set().union(*HEAD_WORDS.values()) | {"year", "iso", "hhmm", "decade", "hundreds", "numeric",
                                                     "clock", "yy"}
    assert set(RULE_NAMES) <= reachable, set(RULE_NAMES) - reachable


def test_examples_only_name_known_rules() -> None:
    assert set(EXAMPLES) <= set(RULE_NAMES)


@pytest.mark.parametrize(
    "sentence,span,value",
    [pytest.param(*case, id=f"{name}-{i}") for name, cases in EXAMPLES.items() for i, case in enumerate(cases)],
)
def test_rule_example(sentence: str, span: str, value: str) -> None:
    found = tag(sentence, DCT)
    hits = [t for t in found if t.text == span]
    assert hits, f"False negative: {span!r} not tagged in {sentence!r}; got {[(t.text, t.value) for t in found]}"
    assert hits[0].value == value, f"{span!r} in {sentence!r}: got {hits[0].value}, expected {value}"
