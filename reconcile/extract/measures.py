"""Measurements and money tied to an event: magnitude, depth, wind speed, the value of a deal.

The number read is the one nearest the trigger in its clause whose unit is of the kind the
label takes: a magnitude is a bare number under 10 ("a 6.8-magnitude quake", "measuring 7.0
on the Richter scale"), a depth a length, a deal's value a sum with a currency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reconcile.extract.events import Trigger, clause_bounds, token_span
from reconcile.extract.quantities import Quantity
from reconcile.extract.text import Sentence

# The kind of quantity each canonical unit measures. Currencies are three capital letters.
DIMENSIONS = {
    "km": "length", "mile": "length", "m": "length", "ft": "length", "cm": "length", "in": "length",
    "yd": "length", "mph": "speed", "km/h": "speed", "knot": "speed", "km2": "area", "mi2": "area",
    "hectare": "area", "acre": "area", "tonne": "mass", "mAh": "charge", "Wh": "energy", "kWh": "energy", "%": "share",
}


def dimension(unit: str) -> str:
    if len(unit) == 3 and unit.isalpha() and unit.isupper():
        return "money"
    return DIMENSIONS.get(unit, "")


# "a magnitude 5.9 aftershock": not the quake's own magnitude.
_AFTERSHOCK = re.compile(r"[-\s]*(?:magnitude\s+|-magnitude\s+)?aftershocks?\b", re.IGNORECASE)
_PART = re.compile(r"\b(?:of which|including|includ\w+ about|plus)\s+(?:an?\s+)?(?:\w+\s+){0,2}$")
_PER_SHARE = re.compile(r"\s+(?:for\s+)?(?:per|a|each)\s+(?:[A-Z][\w-]*\s+)?share\b")
_TOTAL = re.compile(r"\d\s+of\s+(?:the\s+|its\s+|their\s+)?$")
_FOR = re.compile(r"\bfor\s+(?:about|approximately|around|roughly|some|nearly|almost|over|more than|up to|"
                  r"at least|an estimated|a reported)?\s*$")


@dataclass(frozen=True)
class Measure:
    label: str
    quantity: Quantity
    unit: str
    start: int
    end: int


def find_measures(sentence: Sentence, triggers: list[Trigger], quantities: list[Quantity],
                  dimensions: dict[str, str]) -> list[Measure]:
    found: list[Measure] = []
    for trigger in triggers:
        wanted = dimensions.get(trigger.label)
        if not wanted:
            continue
        first, last = clause_bounds(sentence, trigger.token_index)
        tokens = sentence.tokens
        if first >= 2 and tokens[first - 1].text == ")":
            # "10 km (6 miles) below the surface": the figure and its conversion come before the aside.
            opening = next((i for i in range(first - 2, -1, -1) if tokens[i].text == "("), None)
            if opening is not None:
                first = clause_bounds(sentence, opening - 1)[0] if opening > 0 else 0
        start, end = token_span(sentence, first, last)
        fitting = []
        for quantity in quantities:
            before = sentence.text[max(0, quantity.start - sentence.start - 30):quantity.start - sentence.start].lower()
            if _PART.search(before):
                continue  # "of which $281 million will be paid in cash": a part of the sum
            per_share = _PER_SHARE.match(sentence.text, quantity.end - sentence.start) if wanted == "money" else None
            if per_share and not per_share.start() <= trigger.start - sentence.start < per_share.end():
                continue  # "pays €48.50 for each share": a share's price, for a trigger on "each share" only
            inside = start <= quantity.start and quantity.end <= end
            # "to acquire X, a maker of Y, for $334 million": the price after an appositive.
            priced = wanted == "money" and quantity.start > trigger.end and _FOR.search(before)
            if not (inside or priced):
                continue
            if wanted in ("magnitude", "category"):  # a bare number under 10: "magnitude 6.1", "Category 4"
                if quantity.unit == "" and quantity.low is not None and 0 < quantity.low < 10 \
                        and quantity.qualifier != "vague" and not _AFTERSHOCK.match(sentence.text, quantity.end - sentence.start):
                    fitting.append((quantity, wanted))
            elif wanted == "number":  # a bare whole number: "won 112 of the 200 seats" is 112
                if quantity.unit == "" and quantity.low is not None and quantity.low == quantity.high \
                        and float(quantity.low).is_integer() and quantity.qualifier != "vague" \
                        and not _TOTAL.search(before):
                    fitting.append((quantity, ""))
            elif dimension(quantity.unit) == wanted:
                fitting.append((quantity, quantity.unit))
        if not fitting:
            continue
        quantity, unit = min(fitting, key=lambda item: min(abs(item[0].start - trigger.end),
                                                             abs(trigger.start - item[0].end)))
        if wanted == "money":
            # "worth €3.2 million ($3.5 million) were stolen": the sum is the one the aside converts.
            quantity, unit = next(((q, u) for q, u in fitting if _restates(sentence, q, quantity, ("(",))),
                                  (quantity, unit))
        if any(m.quantity == quantity for m in found):
            continue
        found.append(Measure(trigger.label, quantity, unit, min(trigger.start, quantity.start),
                             max(trigger.end, quantity.end)))
        if wanted == "money":
            # "two million euros ($2.6 million)": the same sum in another currency states a rate.
            for other in quantities:
                if _restates(sentence, quantity, other, ("(", "or", ", or", "- or")):
                    found.append(Measure(trigger.label, other, other.unit, other.start, other.end))
                    break
    return found


def _restates(sentence: Sentence, first: Quantity, second: Quantity, joins: tuple[str, ...]) -> bool:
    """Whether `second` follows `first`, joined by one of `joins`, as a sum in another currency:
    "€3.2 million ($3.5 million)", "two million euros or $2.6 million"."""
    between = sentence.text[first.end - sentence.start:second.start - sentence.start]
    return second.start >= first.end and between.strip() in joins and first.unit != second.unit \
        and dimension(first.unit) == dimension(second.unit) == "money"
