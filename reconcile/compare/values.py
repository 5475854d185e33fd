"""How two values compare: judgements by type, normalised descriptions, and content fingerprints."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from reconcile.extract.events import cue_matcher
from reconcile.extract.measures import dimension
from reconcile.extract.quantities import stated_figure
from reconcile.extract.text import normalise_name
from reconcile.records import Claim, NameValue, QuantityValue, Source, TimeValue
from reconcile.rules import RuleSet

Verdict = str  # "same" | "consistent" | "minor" | "variant" | "conflict" | "currency" | "incomparable"

# Metres, metres per second, square metres, kilograms: each unit's size in its dimension's base unit.
TO_BASE = {"km": 1000.0, "mile": 1609.344, "m": 1.0, "ft": 0.3048, "cm": 0.01, "in": 0.0254, "yd": 0.9144,
           "km/h": 1 / 3.6, "mph": 0.44704, "knot": 1852 / 3600, "km2": 1e6, "mi2": 2_589_988.110336,
           "hectare": 1e4, "acre": 4046.8564224, "tonne": 1000.0}


def convert(value: QuantityValue, unit: str, rates: dict[tuple[str, str], float] | None = None) -> QuantityValue | None:
    """The same quantity in another unit of its dimension (or currency at a stated rate), or None."""
    if value.unit == unit:
        return value
    if value.unit in TO_BASE and unit in TO_BASE and dimension(value.unit) == dimension(unit):
        factor = TO_BASE[value.unit] / TO_BASE[unit]
    elif rates and (value.unit, unit) in rates:
        factor = rates[(value.unit, unit)]
    else:
        return None
    scale = lambda bound: None if bound is None else bound * factor  # noqa: E731
    return value.model_copy(update={"low": scale(value.low), "high": scale(value.high), "unit": unit})


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    reason: str


# Certainties that doubt the claim rather than state, plan or expect it.
_DOUBTFUL = {"unconfirmed", "denied"}


def certainty_differs(modalities: list[str]) -> bool:
    """Whether sources' certainties differ in a way worth an editor's look, beyond wording: one
    doubts what another states, or one says the parties agreed what another only expects or plans.
    ("Announced its purchase" against "intends to acquire" is one deal in two phrasings.)"""
    found = set(modalities)
    return bool(found & _DOUBTFUL and found - _DOUBTFUL) or "agreed" in found and bool(found & {"expected", "planned"})


def certainty_text(claims: list[Claim], sources: dict[str, Source]) -> str:
    """ "Certainty differs: Alpha says it is agreed; Beta says it is expected." """
    by_modality: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        by_modality[claim.modality].add(sources[claim.source].outlet)
    return "Certainty differs: " + "; ".join(
        f"{', '.join(sorted(outlets))} {'say' if len(outlets) > 1 else 'says'} it is {m}" if m != "asserted"
        else f"{', '.join(sorted(outlets))} {'state' if len(outlets) > 1 else 'states'} it as {m}"
        for m, outlets in sorted(by_modality.items())) + "."


def plural(noun: str) -> str:
    if noun in ("people", "police", "women", "men", "children", "staff", "crew", "") or noun.endswith("s"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("ch", "sh", "x")):
        return noun + "es"
    return {"child": "children", "man": "men", "woman": "women", "person": "people"}.get(noun, noun + "s")


def _rounding(value: QuantityValue) -> float:
    """Half a unit of the last digit a figure states, relative to the figure ("6" -> 1/12). A round
    figure of 50 or more may be rounded to the ten: "100 km/h" is how 60 mph (96.6) is often put."""
    point = value.low if value.low is not None else value.high
    if not point:
        return 0.0
    if abs(point) >= 50 and float(point).is_integer() and int(point) % 10 == 0:
        return 5 / abs(point)
    return 0.5 * 10 ** -_decimals(point) / abs(point)


def _clock_only(value: TimeValue) -> bool:
    return value.timex.startswith("XXXX-XX-XXT")


def _year_unknown(value: TimeValue) -> bool:
    return value.timex.startswith("XXXX")


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n")


def _counted(value: QuantityValue) -> bool:
    """Whether the figure counts things (people, seats), as opposed to measuring in a unit."""
    return not (dimension(value.unit) or value.unit in TO_BASE or value.unit in ("magnitude", "category"))


def _last_digit_unit(figure: float) -> float:
    """The place value of a figure's last significant digit: 420 -> 10, 145,000 -> 1,000, 2.5 -> 0.1."""
    figure = round(abs(figure), 6)
    if figure == 0 or figure == float("inf"):
        return 0.0
    if not float(figure).is_integer():
        return 10.0 ** -_decimals(figure)
    whole, unit = int(figure), 1
    while whole % 10 == 0:
        whole, unit = whole // 10, unit * 10
    return float(unit)


def _decimals(figure: float) -> int:
    return len(f"{round(figure, 6):.6f}".rstrip("0").split(".")[1])


def _rounds_to(precise: QuantityValue, rounded: QuantityValue) -> bool:
    """Whether `rounded` is `precise` given to fewer decimals: "54%" for 54.2%, "$1.2 billion" for
    $1.24 billion. Only shares and sums: 100 against 104 killed is a discrepancy, and "magnitude
    7.0" is read as 7 but states its decimal."""
    if precise.low is None or precise.low != precise.high or rounded.low is None or rounded.low != rounded.high \
            or precise.qualifier or rounded.qualifier or dimension(precise.unit) not in ("share", "money"):
        return False
    scale = next((s for s in (1e9, 1e6) if abs(precise.low) >= s and abs(rounded.low) >= s), 1.0)
    fine, coarse = precise.low / scale, rounded.low / scale
    places = _decimals(coarse)
    # Half a unit of the coarse figure's last decimal either way: 54.25 may be given as 54.2 or 54.3.
    return _decimals(fine) > places and abs(fine - coarse) <= 0.5 * 10.0 ** -places + 1e-9


def describe(value) -> str:
    """A value as the report shows it, normalised."""
    if isinstance(value, TimeValue) and _clock_only(value):
        return f"{value.timex[11:]} (time of day{', approximate' if value.interval.approximate else ''})"
    if isinstance(value, TimeValue) and _year_unknown(value):
        return f"{value.timex} ({value.interval.granularity}, year not stated)"
    if isinstance(value, TimeValue):
        interval = value.interval
        last = interval.end - timedelta(days=1) if interval.granularity != "time" else interval.end
        span = (f"{interval.start:%Y-%m-%d}" if interval.granularity == "day"
                else f"{interval.start:%Y-%m-%d} to {last:%Y-%m-%d}")
        return f"{value.timex} ({interval.granularity}: {span}{', approximate' if interval.approximate else ''})"
    if isinstance(value, QuantityValue):
        unit = value.unit
        if unit in ("magnitude", "category"):
            return f"{unit} {bounds_text(value)}"
        if unit.isalpha() and unit.islower() and len(unit) > 3 and (value.low, value.high) != (1, 1):
            unit = plural(unit)  # "2 or more mills", but "10 km", "40 mph"
        return bounds_text(value) + (f" {unit}" if unit and unit != "%" else unit)
    if isinstance(value, NameValue):
        return value.name
    return value.status


def _number(value: float) -> str:
    value = round(value, 6)  # a converted or scaled figure carries binary noise
    if value >= 1e9 and value % 1e7 == 0:
        return f"{value / 1e9:g} billion"
    if value >= 1e6 and value % 1e4 == 0:
        return f"{value / 1e6:g} million"
    if float(value).is_integer():
        return f"{value:,.0f}"
    # A converted figure (1.4 billion USD in GBP at a stated rate) is shown to a sensible precision.
    for size, word in ((1e9, " billion"), (1e6, " million"), (1, "")):
        if abs(value) >= size:
            return f"{value / size:,.3f}".rstrip("0").rstrip(".") + word
    return f"{value:g}"


def bounds_text(value: QuantityValue) -> str:
    low, high = value.low, value.high
    if low is not None and high is not None:
        text = _number(low) if low == high else f"{_number(low)} to {_number(high)}"
    elif low is not None:
        text = f"{_number(low)} or more"
    elif high is not None:
        text = f"up to {_number(high)}"
    else:
        text = "unknown"
    return f"about {text}" if value.qualifier == "about" else text


_RANK_WORDS = {"deputy", "vice", "assistant", "acting", "former", "ex", "interim", "associate", "outgoing",
               "incoming", "vice-", "ex-", "senior"}  # not "chief": "Navy Chief Admiral X" is the navy's chief


def title_key(title: str) -> str:
    """A comparison key for a title: "chief of police" and "police chief" are one title."""
    words = title.lower().replace("-", " ").split()
    if "of" in words:
        at = words.index("of")
        head, rest = words[:at], [w for w in words[at + 1:] if w not in ("the", "a")]
        return " ".join((rest + head) if len(rest) == 1 else head)
    return " ".join(words)


class Comparer:
    def __init__(self, rules: RuleSet, sources: dict[str, Source] | None = None):
        self.rules = rules
        self.sources = sources or {}
        self.rates: dict[tuple[str, str], float] = {}  # currency pairs at a rate the story's text states
        self.tolerances = rules.tolerances
        self._updates = None  # compiled on first use: most stories revise no count
        # Events known by their subject's kind ("the quake struck"), by rule id, and the nouns of those
        # kinds ("shooting", "fire"): "in the Orle Market shooting" names no place.
        self.kind_rules = frozenset(f"events.{name}" for name, label in rules.events.labels.items()
                                    if label.subject_kinds)
        self.incident_nouns = frozenset(noun for label in rules.events.labels.values()
                                        for nouns in label.subject_kinds.values() for noun in nouns)
        documents = rules.synonyms("documents")
        self.document_group = {word.lower(): group for group, words in documents.groups.items() for word in words}
        self.family = {group: family for family, groups in documents.families.items() for group in groups}
        conventions = rules.files.get("spelling_conventions")
        self.conventions = {str(k): str(v) for k, v in getattr(conventions, "terms", {}).items()} \
            if isinstance(getattr(conventions, "terms", None), dict) else {}
        titles = rules.files.get("title_synonyms")
        self.title_group = {title_key(word): group for group, words in getattr(titles, "groups", {}).items()
                            for word in words}
        # Words that end a title ("Foreign Minister", "police chief"): a name shown alone starts after them.
        self.title_words = {str(title).split()[-1].lower() for title in rules.lexicon("titles").terms} \
            if "titles" in rules.files else set()
        colours = rules.files.get("colours")
        groups = getattr(colours, "groups", {})
        self.colour_group = {word.lower(): group for group, words in groups.items() for word in words}
        self.colour_family = {group: family for family, members in getattr(colours, "families", {}).items()
                              for group in members}

    def revision(self, claim: Claim, direction: str) -> str | None:
        """The words in the claim's sentence, or the sentence before it, that say its figure
        revises an earlier one ("has risen to", for `direction` "rise"), if the rules have them:
        "Two more bodies were recovered on Thursday. Six people remain missing." """
        if self._updates is None:
            updates = self.rules.files.get("updates")
            self._updates = cue_matcher(updates) if updates is not None else False
        if not self._updates:
            return None
        source = self.sources.get(claim.source)
        text = source.text if source is not None else ""
        begins = text.find(claim.sentence, max(0, claim.span.end - len(claim.sentence)))
        passage = claim.sentence
        if 0 < begins <= claim.span.start:
            passage = _SENTENCE_BREAK.split(text[max(0, begins - 300):begins].rstrip())[-1] + " " + passage
        return next((passage[start:end] for label, start, end in self._updates.find(passage, 0, len(passage))
                     if label in (direction, "bodies_found")), None)

    def value_key(self, claim: Claim) -> str:
        value = claim.value
        if claim.attribute == "colour" and isinstance(value, NameValue):
            return f"colour:{self.colour_group.get(value.name.lower(), value.name.lower())}"
        if isinstance(value, TimeValue):
            # "early Saturday morning" is a report of "early Saturday", not another value.
            return f"time:{_PART_OF_DAY.sub('', value.timex)}"
        if isinstance(value, QuantityValue):
            return f"quantity:{value.low}:{value.high}:{value.unit}:{value.qualifier == 'about'}"
        if isinstance(value, NameValue):
            group = self.document_group.get(value.name.lower())
            return f"document:{group}" if group else f"name:{normalise_name(value.name)}"
        return f"status:{value.status}"

    def judge(self, left: Claim, right: Claim) -> Judgement:
        a, b = left.value, right.value
        if type(a) is not type(b):
            return Judgement("incomparable", "different kinds of value")
        if left.attribute == "age" and isinstance(a, QuantityValue):
            return self._judge_age(left, right)
        if left.attribute == "colour" and isinstance(a, NameValue):
            return self._judge_colour(a, b)
        if left.attribute == "role" and isinstance(a, NameValue):
            return self._judge_role(a, b)
        if isinstance(a, TimeValue):
            return self._judge_time(a, b)
        if isinstance(a, QuantityValue):
            return self._judge_quantity(a, b)
        if isinstance(a, NameValue):
            return self._judge_name(a, b)
        same = a.status == b.status
        return Judgement("same" if same else "conflict", "same status" if same else "different status")

    def _judge_age(self, left: Claim, right: Claim) -> Judgement:
        """Ages grow: two ages agree when they differ by the years between the two publications."""
        a, b = left.value.low, right.value.low
        if a == b:
            return Judgement("same", "the same age")
        dates = [self.sources[c.source].published if c.source in self.sources else None for c in (left, right)]
        if None in dates:
            return Judgement("conflict", f"ages {a:g} and {b:g} differ by {abs(a - b):g} year"
                             f"{'s' if abs(a - b) != 1 else ''}, and the publication dates are not known, so the "
                             "difference may only reflect when each article was written")
        years = (dates[1] - dates[0]).days / 365.25
        # Ages are whole years: a birthday between the articles allows one more, never one more on the same day.
        days = abs((dates[1] - dates[0]).days)
        if abs(b - a) == 1 and 0 < days <= 31 and (b - a) * years > 0:
            # Not impossible, but only if a birthday fell in the few days between the articles.
            return Judgement("minor", f"ages {a:g} and {b:g} fit only if a birthday fell in the {days} "
                                      f"day{'s' if days > 1 else ''} between the articles ({dates[0]} and {dates[1]})")
        if abs((b - a) - years) < 1:
            return Judgement("consistent", f"ages {a:g} and {b:g} fit the {abs(years):.1f} years between the "
                                           f"articles ({dates[0]} and {dates[1]})")
        if dates[0] == dates[1]:
            return Judgement("conflict", f"ages {a:g} and {b:g} are given on the same day ({dates[0]})")
        return Judgement("conflict", f"ages {a:g} and {b:g} do not fit the {abs(years):.1f} years between the "
                                     f"articles ({dates[0]} and {dates[1]})")

    def _judge_colour(self, a: NameValue, b: NameValue) -> Judgement:
        group_a = self.colour_group.get(a.name.lower(), a.name.lower())
        group_b = self.colour_group.get(b.name.lower(), b.name.lower())
        if group_a == group_b:
            return Judgement("same", f"'{a.name}' and '{b.name}' are the same colour")
        if self.colour_family.get(group_a) and self.colour_family.get(group_a) == self.colour_family.get(group_b):
            return Judgement("minor", f"'{a.name}' and '{b.name}' are different colours, though close shades")
        return Judgement("conflict", f"'{a.name}' and '{b.name}' are different colours")

    def _judge_role(self, a: NameValue, b: NameValue) -> Judgement:
        """Titles differ only in rank ("deputy minister" against "minister") or not at all.

        Other differences ("chief" and "head", "judge" and "justice") usually describe one
        role in other words, so they are not compared.
        """
        key_a, key_b = title_key(a.name), title_key(b.name)
        if key_a == key_b:
            return Judgement("same", f"'{a.name}' and '{b.name}' are the same title")
        if self.title_group.get(key_a, key_a) == self.title_group.get(key_b, key_b):
            return Judgement("same", f"'{a.name}' and '{b.name}' name the same role")
        words_a, words_b = key_a.split(), key_b.split()
        for short, long in ((words_a, words_b), (words_b, words_a)):
            extra = long[:len(long) - len(short)]
            # "deputy transport minister" against "minister": a portfolio may be left out, a rank may not.
            # "vice president and assistant general manager": two roles held at once, not a rank.
            rank = [word for word in extra if word in _RANK_WORDS] if "and" not in extra else []
            if len(long) > len(short) and long[len(extra):] == short and rank:
                return Judgement("conflict", f"'{' '.join(long)}' and '{' '.join(short)}' differ in rank "
                                             f"({' '.join(rank)})")
        return Judgement("incomparable", "different descriptions of a role")

    def _judge_time(self, a: TimeValue, b: TimeValue) -> Judgement:
        if a.timex == b.timex:
            return Judgement("same", "the same time")
        if _year_unknown(a) != _year_unknown(b):
            return Judgement("incomparable", "one date states its year and the other does not")
        if a.interval.overlaps(b.interval):
            if _clock_only(a) and _clock_only(b):
                return Judgement("consistent", f"{describe(a)} and {describe(b)} may be the same time")
            return Judgement("consistent", f"{a.interval.granularity} {a.timex} and {b.interval.granularity} "
                                           f"{b.timex} overlap")
        if _clock_only(a) and _clock_only(b):
            return Judgement("conflict", f"{describe(a)} and {describe(b)} are different times of day")
        return Judgement("conflict", f"{a.timex} and {b.timex} do not overlap")

    def _judge_quantity(self, a: QuantityValue, b: QuantityValue) -> Judgement:
        slack = 0.0
        converted = ""
        if a.unit != b.unit:
            into = convert(b, a.unit, self.rates)
            if into is None:
                if dimension(a.unit) == dimension(b.unit) == "money":
                    return Judgement("currency", f"{describe(a)} and {describe(b)} are in different currencies "
                                                 "and the text states no rate, so they are not compared")
                return Judgement("incomparable", f"different units ({a.unit or 'none'} and {b.unit or 'none'})")
            converted = f" ({describe(b)} is {describe(into)})"
            # Either figure may be the other converted and rounded: "6 miles" is 5.5 to 6.5 miles.
            slack = max(self.tolerances.unit_conversion_slack, _rounding(b), _rounding(a))
            b = into
        low_a, high_a = self._widen(a)
        low_b, high_b = self._widen(b)
        low_b, high_b = low_b * (1 - slack), high_b * (1 + slack)
        if (a.low, a.high, a.qualifier) == (b.low, b.high, b.qualifier):
            return Judgement("same", "the same number")
        if not converted and (_rounds_to(a, b) or _rounds_to(b, a)):
            return Judgement("consistent", f"{bounds_text(a)} and {bounds_text(b)} may be one figure "
                                           "rounded to fewer decimals")
        if low_a <= high_b and low_b <= high_a:
            if "about" in (a.qualifier, b.qualifier) and a.low == a.high and b.low == b.high:
                return Judgement("consistent", f"{bounds_text(a)} and {bounds_text(b)} agree within the stated "
                                               f"approximation{converted}")
            if converted and (a.low, a.high) != (None, None) and a.qualifier == b.qualifier:
                return Judgement("same", f"{describe(a)} and the same amount in other units{converted}")
            return Judgement("consistent", f"{bounds_text(a)} and {bounds_text(b)} can both be true, "
                                           f"but they are not the same claim{converted}")
        return Judgement("conflict", f"{bounds_text(a)} and {bounds_text(b)} cannot both be true{converted}")

    def figures_differ(self, a: QuantityValue, b: QuantityValue) -> bool:
        """Whether two figures that can both be true still state different numbers ("more than
        6,000" against "roughly 6,300"), beyond the rounding of a figure converted between units.
        Ranges and vague words ("dozens") state no one number, so never differ this way, and "about
        300" is how one rounds an exact 310."""
        if {a.qualifier, b.qualifier} == {"about", None}:
            return False
        stated_a = stated_figure(a.low, a.high, a.qualifier, _counted(a))
        stated_b = stated_figure(b.low, b.high, b.qualifier, _counted(b))
        if stated_a is None or stated_b is None:
            return False
        slack = 1e-9
        if a.unit != b.unit:
            into = convert(QuantityValue(low=stated_b, high=stated_b, unit=b.unit), a.unit, self.rates)
            if into is None:
                return False
            slack = max(self.tolerances.unit_conversion_slack, _rounding(a), _rounding(b))
            stated_b = into.low
        return abs(stated_a - stated_b) > slack * max(abs(stated_a), abs(stated_b))

    def _widen(self, value: QuantityValue) -> tuple[float, float]:
        low = value.low if value.low is not None else float("-inf")
        high = value.high if value.high is not None else float("inf")
        if value.qualifier == "about":
            low, high = low - self._about(low), high + self._about(high)
        return low, high

    def _about(self, figure: float) -> float:
        """How far "about N" may lie from N: half the tolerance, widened to half a unit of N's last
        significant digit (a round figure is rounded more: "about 40" may be 43), at most the
        tolerance. "About 420 m" is not 480 m; "about 145,000" is not 154,000."""
        most = self.tolerances.approximate_quantity_tolerance * abs(figure)
        return min(max(most / 2, _last_digit_unit(figure) / 2), most)

    def _judge_name(self, a: NameValue, b: NameValue) -> Judgement:
        group_a, group_b = self.document_group.get(a.name.lower()), self.document_group.get(b.name.lower())
        if group_a and group_b:
            if group_a == group_b:
                return Judgement("same", f"'{a.name}' and '{b.name}' name the same kind of document")
            if self.family.get(group_a) and self.family.get(group_a) == self.family.get(group_b):
                return Judgement("minor", f"'{a.name}' and '{b.name}' are different kinds of document, "
                                          "though both are written commitments")
            return Judgement("conflict", f"'{a.name}' and '{b.name}' are different kinds of document")
        key_a, key_b = normalise_name(a.name), normalise_name(b.name)
        if key_a == key_b:
            return Judgement("same", "the same name")
        variant = name_variant(key_a, key_b, self.tolerances.name_variant_min_similarity,
                               self.tolerances.name_variant_max_edits)
        if variant:
            return Judgement("variant", variant)
        return Judgement("conflict", f"'{a.name}' and '{b.name}' are different names")


_PLURAL_PAIRS = {frozenset(pair) for pair in (("um", "a"), ("us", "i"), ("is", "es"), ("on", "a"), ("y", "ies"),
                                              ("ex", "ices"), ("ix", "ices"), ("", "s"), ("", "es"))}
_INFLECTIONS = {"s", "es", "i", "n", "an", "ian", "ese", "ish", "ic", "er", "ers", "ern", "ite", "ites"}


def name_variant(left: str, right: str, min_similarity: float, max_edits: int) -> str | None:
    """Why two normalised names are spellings of one name, or None.

    They must have the same words but one, and that one must differ by a small edit that is
    not a mere ending ("Korea"/"Korean", "Smith"/"Smiths").
    """
    left_words, right_words = left.split(), right.split()
    if len(left_words) != len(right_words) or left == right:
        return None
    differing = [(x, y) for x, y in zip(left_words, right_words) if x != y]
    if len(differing) != 1:
        return None
    x, y = differing[0]
    short, long = sorted((x, y), key=len)
    if long.startswith(short) and long[len(short):] in _INFLECTIONS:
        return None  # "Korea"/"Korean", "Smith"/"Smiths": one word inflected, not respelled
    stem = len(os.path.commonprefix([x, y]))
    if stem >= 4 and frozenset((x[stem:], y[stem:])) in _PLURAL_PAIRS:
        return None  # "Referendum"/"Referenda", "Analysis"/"Analyses": singular and plural
    edits = Levenshtein.distance(x, y)
    similarity = fuzz.ratio(x, y)
    if min(len(x), len(y)) < 4:
        return None
    if edits <= max_edits and similarity >= min_similarity:
        return f"'{x}' and '{y}' differ by {edits} letter{'s' if edits > 1 else ''} (similarity {similarity:.0f}%)"
    if edits <= max_edits + 1 and transliteration_key(x) == transliteration_key(y):
        return (f"'{x}' and '{y}' have the same consonants in the same order and differ only in how the "
                "vowels are written, as transliterations do")
    return None


_PART_OF_DAY = re.compile(r"T(?:MO|AF|EV|NI|DT)$")
_VOWEL_RUN = re.compile(r"[aeiouy]+")


def transliteration_key(word: str) -> str:
    """A word's consonants in order, each inner vowel run one mark and doubled letters once:
    "Yusuf" and "Yousef", "Khayr" and "Kheir", "Mohamed" and "Muhammad" share a key."""
    key = _VOWEL_RUN.sub("*", word.lower())
    return re.sub(r"(.)\1+", r"\1", key).rstrip("*")  # a final vowel is often silent: "Ostervale"/"Ostervail"


def fingerprint(*parts: object) -> str:
    """A content key: stable under layout and source changes, new when a compared value changes."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]
