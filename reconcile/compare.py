"""Compare: align claims across the sources of a story and explain where they agree or differ."""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from reconcile.extract.measures import dimension
from reconcile.extract.text import normalise_name
from reconcile.records import Claim, Flag, NameValue, QuantityValue, Source, Story, TimeValue
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


def describe(value) -> str:
    """A value as the report shows it, normalised."""
    if isinstance(value, TimeValue):
        interval = value.interval
        last = interval.end - timedelta(days=1) if interval.granularity != "time" else interval.end
        span = (f"{interval.start:%Y-%m-%d}" if interval.granularity == "day"
                else f"{interval.start:%Y-%m-%d} to {last:%Y-%m-%d}")
        return f"{value.timex} ({interval.granularity}: {span}{', approximate' if interval.approximate else ''})"
    if isinstance(value, QuantityValue):
        unit = value.unit
        if unit == "magnitude":
            return f"magnitude {_bounds_text(value)}"
        if unit.isalpha() and unit.islower() and unit != "people" and not unit.endswith("s") \
                and (value.low, value.high) != (1, 1):
            unit += "s"
        return _bounds_text(value) + (f" {unit}" if unit else "")
    if isinstance(value, NameValue):
        return value.name
    return value.status


def _number(value: float) -> str:
    if value >= 1e9 and value % 1e7 == 0:
        return f"{value / 1e9:g} billion"
    if value >= 1e6 and value % 1e4 == 0:
        return f"{value / 1e6:g} million"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def _bounds_text(value: QuantityValue) -> str:
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
               "incoming", "vice-", "ex-"}


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
        documents = rules.synonyms("documents")
        self.document_group = {word.lower(): group for group, words in documents.groups.items() for word in words}
        self.family = {group: family for family, groups in documents.families.items() for group in groups}
        conventions = rules.files.get("spelling_conventions")
        self.conventions = {str(k): str(v) for k, v in getattr(conventions, "terms", {}).items()} \
            if isinstance(getattr(conventions, "terms", None), dict) else {}
        colours = rules.files.get("colours")
        groups = getattr(colours, "groups", {})
        self.colour_group = {word.lower(): group for group, words in groups.items() for word in words}
        self.colour_family = {group: family for family, members in getattr(colours, "families", {}).items()
                              for group in members}

    def value_key(self, claim: Claim) -> str:
        value = claim.value
        if claim.attribute == "colour" and isinstance(value, NameValue):
            return f"colour:{self.colour_group.get(value.name.lower(), value.name.lower())}"
        if isinstance(value, TimeValue):
            return f"time:{value.timex}"
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
        if abs((b - a) - years) <= 1:
            return Judgement("consistent", f"ages {a:g} and {b:g} fit the {abs(years):.1f} years between the "
                                           f"articles ({dates[0]} and {dates[1]})")
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
        words_a, words_b = key_a.split(), key_b.split()
        for short, long in ((words_a, words_b), (words_b, words_a)):
            extra = long[:len(long) - len(short)]
            if len(long) > len(short) and long[len(extra):] == short and set(extra) <= _RANK_WORDS:
                return Judgement("conflict", f"'{' '.join(long)}' and '{' '.join(short)}' differ in rank "
                                             f"({' '.join(extra)})")
        return Judgement("incomparable", "different descriptions of a role")

    def _judge_time(self, a: TimeValue, b: TimeValue) -> Judgement:
        if a.timex == b.timex:
            return Judgement("same", "the same time")
        if a.interval.overlaps(b.interval):
            return Judgement("consistent", f"{a.interval.granularity} {a.timex} and {b.interval.granularity} "
                                           f"{b.timex} overlap")
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
            b, slack = into, self.tolerances.unit_conversion_slack
        low_a, high_a = self._widen(a)
        low_b, high_b = self._widen(b)
        low_b, high_b = low_b * (1 - slack), high_b * (1 + slack)
        if (a.low, a.high, a.qualifier) == (b.low, b.high, b.qualifier):
            return Judgement("same", "the same number")
        if low_a <= high_b and low_b <= high_a:
            if "about" in (a.qualifier, b.qualifier) and a.low == a.high and b.low == b.high:
                return Judgement("consistent", f"{_bounds_text(a)} and {_bounds_text(b)} agree within the stated "
                                               f"approximation{converted}")
            if converted and (a.low, a.high) != (None, None) and a.qualifier == b.qualifier:
                return Judgement("same", f"{describe(a)} and the same amount in other units{converted}")
            return Judgement("consistent", f"{_bounds_text(a)} and {_bounds_text(b)} can both be true, "
                                           f"but they are not the same claim{converted}")
        return Judgement("conflict", f"{_bounds_text(a)} and {_bounds_text(b)} cannot both be true{converted}")

    def _widen(self, value: QuantityValue) -> tuple[float, float]:
        low = value.low if value.low is not None else float("-inf")
        high = value.high if value.high is not None else float("inf")
        if value.qualifier == "about":
            slack = self.tolerances.approximate_quantity_tolerance
            low, high = low * (1 - slack), high * (1 + slack)
        return low, high

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
    not a mere ending ("Pakistan"/"Pakistani", "Khan"/"Khans").
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
        return None  # "Pakistan"/"Pakistani", "Khan"/"Khans": one word inflected, not respelled
    stem = len(os.path.commonprefix([x, y]))
    if stem >= 4 and frozenset((x[stem:], y[stem:])) in _PLURAL_PAIRS:
        return None  # "Referendum"/"Referenda", "Analysis"/"Analyses": singular and plural
    edits = Levenshtein.distance(x, y)
    similarity = fuzz.ratio(x, y)
    if edits > max_edits or similarity < min_similarity or min(len(x), len(y)) < 4:
        return None
    return f"'{x}' and '{y}' differ by {edits} letter{'s' if edits > 1 else ''} (similarity {similarity:.0f}%)"


def fingerprint(*parts: object) -> str:
    """A content key: stable under layout and source changes, new when a compared value changes."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]


def compare(claims: list[Claim], stories: list[Story], sources: dict[str, Source], rules: RuleSet) -> list[Flag]:
    """Every agreement, discrepancy and variant among the claims of each story."""
    comparer = Comparer(rules, sources)
    groups: dict[tuple[str, str, str, str], list[Claim]] = defaultdict(list)
    counts: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    names: dict[str, list[Claim]] = defaultdict(list)
    flags: list[Flag] = []
    people = _person_keys(claims)
    article_start: dict[str, int] = {}
    for claim in claims:  # where each article's text begins, as near as its claims tell
        article_start[claim.article] = min(article_start.get(claim.article, claim.span.start), claim.span.start)
    for claim in claims:
        if claim.rule.startswith("counts.") and isinstance(claim.value, QuantityValue):
            counts[(claim.story or "", claim.attribute, claim.value.unit)].append(claim)
            continue
        if claim.rule.startswith("measures.") and isinstance(claim.value, QuantityValue):
            counts[(claim.story or "", claim.attribute, "")].append(claim)
            continue
        if claim.attribute == "name":
            names[claim.story or ""].append(claim)
            continue
        label = rules.events.labels.get(claim.attribute)
        align = "" if label is not None and label.subject == "agent" else claim.subject.key
        align = people.get((claim.story or "", align), align) if claim.subject.kind == "person" else align
        groups[(claim.story or "", claim.attribute, align, claim.value.type)].append(claim)
    for (story, attribute, group), members in sorted(counts.items()):
        comparer.rates = _stated_rates(members)
        flags.extend(_count_flags(comparer, story, attribute, group, members, sources, article_start))
    for (story, attribute, align, _), members in sorted(groups.items()):
        flags.extend(_group_flags(comparer, story, attribute, align, members, sources))
    for story, members in sorted(names.items()):
        flags.extend(_name_flags(comparer, story, members, sources, flags))
    flags.extend(_given_name_forms(comparer, claims, names, sources))
    flags.sort(key=lambda flag: (flag.story, {"discrepancy": 0, "variant": 1, "agreement": 2}[flag.kind],
                                 -_rank(flag.severity), flag.attribute, flag.subject, flag.id))
    return flags


def _person_keys(claims: list[Claim]) -> dict[tuple[str, str], str]:
    """A surname alone stands for the story's one full name that ends with it ("Ruiz" -> "ana ruiz")."""
    full: dict[tuple[str, str], set[str]] = defaultdict(set)
    for claim in claims:
        words = claim.subject.key.split()
        if claim.subject.kind == "person" and len(words) > 1:
            full[(claim.story or "", words[-1])].add(claim.subject.key)
    return {(story, surname): next(iter(keys)) for (story, surname), keys in full.items() if len(keys) == 1}


def _rank(severity: str) -> int:
    return {"info": 0, "warning": 1, "error": 2}[severity]


def _group_flags(comparer: Comparer, story: str, attribute: str, align: str, members: list[Claim],
                 sources: dict[str, Source]) -> list[Flag]:
    by_value: dict[str, list[Claim]] = defaultdict(list)
    for claim in members:
        by_value[comparer.value_key(claim)].append(claim)
    if len({claim.source for claim in members}) < 2:
        return _self_contradictions(comparer, story, attribute, align, by_value, sources)
    subject = _display_subject(members)
    flags: list[Flag] = []
    keys = sorted(by_value)
    for key in keys:
        holders = by_value[key]
        if len({claim.source for claim in holders}) >= 2:
            flags.append(_flag(comparer, story, attribute, align, subject, [key], holders,
                               Judgement("same", "the sources give the same value"), sources))
    for index, left_key in enumerate(keys):
        for right_key in keys[index + 1:]:
            left, right = by_value[left_key], by_value[right_key]
            judgement = comparer.judge(left[0], right[0])
            if judgement.verdict == "conflict" and not align and isinstance(left[0].value, TimeValue):
                continue  # dates of an event aligned on its kind alone may be two events of that kind
            one_source = all(a.source == b.source for a in left for b in right)
            if judgement.verdict == "incomparable" or one_source and judgement.verdict not in ("conflict", "variant"):
                continue
            flags.append(_flag(comparer, story, attribute, align, subject, [left_key, right_key], left + right,
                               judgement, sources))
    return flags


def _self_contradictions(comparer, story, attribute, align, by_value, sources) -> list[Flag]:
    flags = []
    keys = sorted(by_value)
    subject = _display_subject([claim for claims in by_value.values() for claim in claims])
    for index, left_key in enumerate(keys):
        for right_key in keys[index + 1:]:
            judgement = comparer.judge(by_value[left_key][0], by_value[right_key][0])
            if judgement.verdict == "conflict" and not align and isinstance(by_value[left_key][0].value, TimeValue):
                continue  # two dates of one kind of event in one source may be two events
            if judgement.verdict in ("conflict", "variant"):
                flags.append(_flag(comparer, story, attribute, align, subject, [left_key, right_key],
                                   by_value[left_key] + by_value[right_key], judgement, sources))
    return flags


def _display_subject(claims: list[Claim]) -> str:
    names = sorted((claim.subject.name for claim in claims), key=lambda name: (-len(name), name))
    return names[0] if names else ""


def _flag(comparer: Comparer, story: str, attribute: str, align: str, subject: str, value_keys: list[str],
          claims: list[Claim], judgement: Judgement, sources: dict[str, Source]) -> Flag:
    severities = comparer.rules.severities
    modalities = sorted({claim.modality for claim in claims})
    kind, severity = "agreement", severities.agreement
    if judgement.verdict == "conflict":
        kind, severity = "discrepancy", severities.attributes.get(attribute, severities.discrepancy)
    elif judgement.verdict == "minor":
        kind, severity = "discrepancy", severities.minor_discrepancy
    elif judgement.verdict == "variant":
        kind, severity = "variant", severities.variant
    elif len(modalities) > 1 and judgement.verdict == "same":
        # Certainty is compared on one value; two merely compatible values would flag it twice.
        kind, severity = "discrepancy", severities.modality
    claims = sorted(claims, key=lambda c: (sources[c.source].published or date.max, c.source, c.span.start))
    values = {comparer.value_key(c): describe(c.value) for c in claims}
    about = f"{attribute} of {subject}" if subject and align else attribute
    shown = " vs ".join(f"'{values[key]}'" for key in value_keys)
    if kind == "agreement":
        summary = f"{about}: sources agree on {shown}" if len(value_keys) == 1 else \
            f"{about}: consistent, not identical: {shown}"
    elif kind == "variant":
        summary = f"{about}: name spelled two ways: {shown}"
    elif judgement.verdict in ("conflict", "minor"):
        summary = f"{about}: {shown}" + (" (minor)" if judgement.verdict == "minor" else "")
    else:
        summary = f"{about}: same fact, different certainty ({' vs '.join(modalities)})"
    if kind == "discrepancy" and len(modalities) > 1 and judgement.verdict != "same":
        summary += f"; certainty also differs ({' vs '.join(modalities)})"
    explanation = _explain(comparer, judgement, claims, value_keys, modalities, sources, kind)
    flag_id = fingerprint(kind, attribute, align, sorted(value_keys), modalities if kind != "agreement" else [])
    return Flag(id=flag_id, kind=kind, severity=severity, story=story, attribute=attribute, subject=subject,
                claims=tuple(claim.id for claim in claims), summary=summary, explanation=explanation,
                rule=claims[0].rule)


def _explain(comparer: Comparer, judgement: Judgement, claims: list[Claim], value_keys: list[str],
             modalities: list[str], sources: dict[str, Source], kind: str) -> str:
    parts = [judgement.reason[0].upper() + judgement.reason[1:] + "."]
    if len(modalities) > 1:
        by_modality = defaultdict(set)
        for claim in claims:
            by_modality[claim.modality].add(sources[claim.source].outlet)
        parts.append("Certainty differs: " + "; ".join(
            f"{', '.join(sorted(outlets))} {'says it is' if m != 'asserted' else 'states it as'} {m}"
            for m, outlets in sorted(by_modality.items())) + ".")
    holders: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        holders[claim.source].add(comparer.value_key(claim))
    for source_id, keys in sorted(holders.items()):
        if len(keys) < 2:
            continue
        own = [c for c in claims if c.source == source_id]
        quotes = "; ".join(f"'{c.text}' ({describe(c.value)}, {sources[source_id].path}:{c.span.line})"
                           for c in own)
        parts.append(f"{sources[source_id].outlet} itself says both: {quotes}. The values may describe "
                     "different stages of one story (for example, operations stopping and a formal decision "
                     "later), or the source may be inconsistent.")
    dated = sorted({(sources[c.source].published, sources[c.source].outlet) for c in claims
                    if sources[c.source].published})
    if kind == "discrepancy" and len(dated) > 1 and dated[0][0] != dated[-1][0]:
        parts.append(f"{dated[-1][1]} published later ({dated[-1][0]}) than {dated[0][1]} ({dated[0][0]}); "
                     "a later report may reflect newer information.")
    return " ".join(parts)


# ---------------------------------------------------------------- counts of people

def _plural(noun: str) -> str:
    if noun in ("people", "police", "women", "men", "children", "staff", "crew", "") or noun.endswith("s"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("ch", "sh", "x")):
        return noun + "es"
    return {"child": "children", "man": "men", "woman": "women", "person": "people"}.get(noun, noun + "s")


def _count_text(value: QuantityValue) -> str:
    if value.unit == "magnitude" or value.unit in TO_BASE or dimension(value.unit) == "money":
        return describe(value)
    if (value.low, value.high) == (1, 1):
        return f"1 {'person' if value.unit == 'people' else value.unit}"
    return f"{_bounds_text(value)} {_plural(value.unit)}".strip()


def _headlines(members: list[Claim], article_start: dict[str, int], lead_characters: int) -> list[Claim]:
    """Each source's first count of a group in its opening paragraphs: the figure its report leads with.

    A count of one ("one person was arrested") is usually about an individual, not the tally,
    and a count that is expected, planned or denied is not a report of what happened; neither
    is compared. The other counts stay claims.
    """
    first: dict[str, Claim] = {}
    for claim in sorted(members, key=lambda c: (c.source, c.span.start)):
        value = claim.value
        if claim.modality not in ("asserted", "reported") or (value.low, value.high) == (1, 1):
            continue
        if claim.span.start - article_start.get(claim.article, 0) > lead_characters:
            continue
        first.setdefault(claim.source, claim)
    return list(first.values())


def _count_flags(comparer: Comparer, story: str, attribute: str, group: str, members: list[Claim],
                 sources: dict[str, Source], article_start: dict[str, int]) -> list[Flag]:
    """One flag per story, category and group: whether the sources' lead figures can all be true."""
    leads = _headlines(members, article_start, comparer.tolerances.lead_characters)
    # A figure set in a place no other report names is another incident ("two killed in Orle"
    # while every other report is about Varna): it is left out of this story's comparison.
    placed = {claim.id: _places(claim) for claim in leads}
    def isolated(claim: Claim) -> bool:
        others = [other for other in leads if other is not claim]
        settled = any(placed[a.id] & placed[b.id] for a in others for b in others if a is not b)
        return bool(placed[claim.id]) and settled and not any(placed[claim.id] & placed[o.id] for o in others)

    leads = [claim for claim in leads if not isolated(claim)]
    if len(leads) < 2:
        return []
    by_value: dict[str, list[Claim]] = defaultdict(list)
    for claim in leads:
        by_value[comparer.value_key(claim)].append(claim)
    keys = sorted(by_value, key=lambda key: (_point(by_value[key][0].value), key))
    conflicts, currencies, reasons = [], [], []
    for index, left in enumerate(keys):
        for right in keys[index + 1:]:
            if _elsewhere(by_value[left], by_value[right]):
                continue
            judgement = comparer.judge(by_value[left][0], by_value[right][0])
            if judgement.verdict == "conflict":
                conflicts.append((left, right))
                reasons.append(judgement.reason)
            elif judgement.verdict == "currency":
                currencies.append(judgement.reason)
    what = f"{attribute} ({_plural(group)})" if group else attribute
    shown = " vs ".join(f"'{_count_text(by_value[key][0].value)}'" for key in keys)
    severities = comparer.rules.severities
    said = "; ".join(f"{sources[key_claims[0].source].outlet if len(key_claims) == 1 else ', '.join(sorted(sources[c.source].outlet for c in key_claims))} "
                     f"{'says' if len(key_claims) == 1 else 'say'} {_count_text(key_claims[0].value)}"
                     for key_claims in (by_value[key] for key in keys))
    if conflicts:
        kind = "discrepancy"
        a, b = max(conflicts, key=lambda pair: _point(by_value[pair[1]][0].value) - _point(by_value[pair[0]][0].value))
        pairs = f"{_count_text(by_value[a][0].value)} against {_count_text(by_value[b][0].value)}"
        if len(conflicts) > 1:
            pairs += f", and {len(conflicts) - 1} other pair{'s' if len(conflicts) > 2 else ''}"
        counted = f"{_plural(group)} {attribute}" if group else attribute.replace("_", " ")
        explanation = f"The sources' lead figures for {counted} cannot all be true ({pairs}): {said}."
        order, rising = _time_order(by_value, keys, conflicts, sources)
        explanation += " " + order
        if any("other units" in reason or " is " in reason for reason in reasons):
            explanation += " Units were converted before comparing: " + "; ".join(reasons) + "."
        severity = severities.attributes.get(attribute, severities.discrepancy)
        if rising and severity == "error":
            severity = "warning"
        summary = f"{what}: {shown}"
    elif currencies:
        kind, severity = "discrepancy", severities.minor_discrepancy
        summary = f"{what}: {shown} (different currencies, not compared)"
        explanation = (f"{currencies[0][0].upper() + currencies[0][1:]}. {said}. Convert at the rate of the "
                       "day before judging whether the sources agree.")
    else:
        kind, severity = "agreement", severities.agreement
        if len(keys) == 1:
            summary = f"{what}: sources agree on {shown}"
            explanation = f"Every source that counts {_plural(group) or 'people'} {attribute} gives {shown}."
        else:
            summary = f"{what}: consistent, not identical: {shown}"
            explanation = f"The figures can all be true, but they are not the same claim: {said}."
    flag_id = fingerprint(kind, attribute, group, keys)
    claims = sorted(leads, key=lambda c: (sources[c.source].published or date.max, c.source, c.span.start))
    return [Flag(id=flag_id, kind=kind, severity=severity, story=story, attribute=attribute,
                 subject=_plural(group), claims=tuple(c.id for c in claims), summary=summary,
                 explanation=explanation, rule=claims[0].rule)]


_PLACE = re.compile(r"\b(?:in|at|near|outside)\s+(?:the\s+)?(?:(?:[a-z]+\s+){0,2}of\s+)?"
                    r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)")


def _places(claim: Claim) -> set[str]:
    """Places the claim's sentence puts its event in: "in Varna", "in the town of Orle"."""
    return {normalise_name(match.group(1)) for match in _PLACE.finditer(claim.sentence)}


def _elsewhere(left: list[Claim], right: list[Claim]) -> bool:
    """Whether two figures are set in different places ("7 killed in Guffa", "dozens in Taludi"):
    then they are about different incidents and are not compared."""
    places_left = set().union(*(_places(c) for c in left))
    places_right = set().union(*(_places(c) for c in right))
    return bool(places_left and places_right and not places_left & places_right)


def _stated_rates(claims: list[Claim]) -> dict[tuple[str, str], float]:
    """Exchange rates a story's text states: two sums in different currencies side by side in one
    sentence ("two million euros ($2.6 million)")."""
    rates: dict[tuple[str, str], float] = {}
    by_sentence: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        if dimension(claim.value.unit) == "money" and claim.value.low:
            by_sentence[(claim.source, claim.sentence)].append(claim)
    for members in by_sentence.values():
        for a in members:
            for b in members:
                if a.value.unit != b.value.unit and a.value.low and b.value.low:
                    rates.setdefault((a.value.unit, b.value.unit), b.value.low / a.value.low)
    return rates


def _point(value: QuantityValue) -> float:
    if value.low is not None and value.high is not None:
        return (value.low + value.high) / 2
    return value.low if value.low is not None else (value.high or 0.0)


def _time_order(by_value: dict[str, list[Claim]], keys: list[str], conflicts: list[tuple[str, str]],
                sources: dict[str, Source]) -> tuple[str, bool]:
    """Which source published later, and whether every later report gives the higher figure."""
    undated = sorted({sources[c.source].outlet for key in keys for c in by_value[key] if not sources[c.source].published})
    if undated:
        return (f"Publication dates are unknown for {', '.join(undated)}, so which report came later cannot be "
                "told; counts often rise as reports come in."), False
    rising = True
    notes = []
    for low_key, high_key in conflicts:
        low_dates = [sources[c.source].published for c in by_value[low_key]]
        high_dates = [sources[c.source].published for c in by_value[high_key]]
        if max(low_dates) < min(high_dates):
            notes.append(f"the higher figure ({_count_text(by_value[high_key][0].value)}) was published later "
                         f"({min(high_dates)}) than {_count_text(by_value[low_key][0].value)} ({max(low_dates)})")
        else:
            rising = False
            later = max(high_dates + low_dates)
            latest = [key for key in (low_key, high_key)
                      if later in [sources[c.source].published for c in by_value[key]]]
            notes.append(f"the latest report ({later}) gives {_count_text(by_value[latest[0]][0].value)}")
    text = "Time order: " + "; ".join(notes) + "."
    if rising:
        text += " Later reports giving higher figures may be an updated count rather than an error."
    return text, rising


# ---------------------------------------------------------------- name spellings across a story

def _plain(word: str, conventions: dict[str, str]) -> str:
    """A spelling with accents removed and house-style differences (-our/-or, -ise/-ize) evened out."""
    text = "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
    for old, new in conventions.items():
        text = text.replace(old, new)
    return text


def _name_tokens(name: str) -> list[str]:
    words = normalise_name(name).split()
    return [word.split("-", 1)[1] if word.startswith(("al-", "el-")) and len(word) > 3 else word for word in words]


def _name_flags(comparer: Comparer, story: str, claims: list[Claim], sources: dict[str, Source],
                earlier: list[Flag]) -> list[Flag]:
    """Names spelled two ways across the sources of a story: one word differing by a small edit.

    A pair is flagged only when no article uses both spellings (an article that does means two
    different names), the spellings come from different sources, and either they stand next to
    the same other word ("Gurbanguly"/"Kurbanguly" before one surname) or the word is long
    enough that one letter is unlikely to make another name.
    """
    mentions: dict[str, list[Claim]] = defaultdict(list)
    neighbours: dict[str, set[str]] = defaultdict(set)
    articles: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        words = _name_tokens(claim.value.name)
        for index, word in enumerate(words):
            if len(word) < 4 or not word.replace("-", "").isalpha():
                continue
            mentions[word].append(claim)
            articles[word].add(claim.article)
            neighbours[word].update(words[max(0, index - 1):index] + words[index + 1:index + 2])
    tolerances = comparer.tolerances
    flagged = " ".join(flag.summary.lower() for flag in earlier if flag.kind == "variant" and flag.story == story)
    conventions = comparer.conventions
    # Words the story's sources also write in lower case are ordinary words ("escape", "charges"),
    # even where a headline capitalises them.
    common = {word for source_id in sorted({c.source for c in claims})
              for word in re.findall(r"(?<![\w'’-])[a-z][a-z'’-]+", sources[source_id].text)}
    found: list[Flag] = []
    for left, right in _near_pairs(sorted(mentions), tolerances.name_variant_max_edits):
        if abs(len(left) - len(right)) > tolerances.name_variant_max_edits or articles[left] & articles[right]:
            continue
        if {c.source for c in mentions[left]} == {c.source for c in mentions[right]} == \
                {mentions[left][0].source}:
            continue
        if left in common or right in common or _plain(left, conventions) == _plain(right, conventions):
            continue
        short, long = sorted((left, right), key=len)
        if long.startswith(short):
            continue  # a short form ("Phil"/"Philip") or an added ending, not a respelling
        reason = name_variant(left, right, tolerances.name_variant_min_similarity,
                              tolerances.name_variant_max_edits)
        if reason is None:
            continue
        shared = sorted(neighbours[left] & neighbours[right])
        if not shared and neighbours[left] and neighbours[right]:
            continue  # "Jane Colman" and "Rita Coleman": other words differ too, so other people
        edits = Levenshtein.distance(left, right)
        if not shared and not (min(len(left), len(right)) >= 6 and edits == 1):
            continue
        if left in flagged and right in flagged:
            continue
        found.append(_name_flag(comparer, story, left, right, mentions, shared, reason, sources))
    return found


def _deletions(word: str, depth: int) -> set[str]:
    found, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def _near_pairs(words: list[str], max_edits: int) -> list[tuple[str, str]]:
    """Pairs of words within `max_edits` edits, found through shared deletions (no all-pairs loop),
    so a story with thousands of names stays fast."""
    buckets: dict[str, set[str]] = defaultdict(set)
    for word in words:
        for key in _deletions(word, max_edits):
            buckets[key].add(word)
    pairs = {(a, b) for bucket in buckets.values() if len(bucket) > 1
             for a in bucket for b in bucket if a < b}
    return sorted(pairs)


def _name_flag(comparer: Comparer, story: str, left: str, right: str, mentions: dict[str, list[Claim]],
               shared: list[str], reason: str, sources: dict[str, Source]) -> Flag:
    def pick(word: str) -> list[Claim]:
        seen: set[str] = set()
        chosen = []
        # Mentions standing next to the shared word first: "Andre Iguodala", not "Andre Miller".
        context = [c for c in mentions[word] if set(_name_tokens(c.value.name)) & set(shared)] or mentions[word]
        for claim in sorted(context, key=lambda c: (c.source, c.span.start)):
            if claim.source not in seen:
                seen.add(claim.source)
                chosen.append(claim)
        return chosen[:3]

    a, b = pick(left), pick(right)
    common, rare = (a, b) if len({c.source for c in mentions[left]}) >= len({c.source for c in mentions[right]}) \
        else (b, a)
    outlets = lambda chosen, word: ", ".join(sorted({sources[c.source].outlet for c in mentions[word]}))  # noqa: E731
    context = f"; both stand next to '{shared[0]}'" if shared else ""
    explanation = (f"{reason[0].upper() + reason[1:]}. '{left}' is used by {outlets(a, left)}; '{right}' by "
                   f"{outlets(b, right)}. No article uses both spellings{context}, so they are probably one name "
                   "spelled two ways (a typo or another transliteration).")
    claims = common + rare
    summary = (f"name spelled two ways: '{_around(common[0].value.name, left if common is a else right)}' vs "
               f"'{_around(rare[0].value.name, right if common is a else left)}'")
    severities = comparer.rules.severities
    return Flag(id=fingerprint("variant", "name", sorted([left, right])), kind="variant",
                severity=severities.variant, story=story, attribute="name",
                subject=_around(common[0].value.name, left if common is a else right),
                claims=tuple(c.id for c in claims), summary=summary, explanation=explanation,
                rule="names.mention")


def _around(name: str, word: str) -> str:
    """The words of a name mention around one of its words: a long headline run is cut down."""
    words = name.split()
    for index, token in enumerate(words):
        if word in _name_tokens(token):
            return " ".join(words[max(0, index - 2):index + 3])
    return name


def _given_name_forms(comparer: Comparer, claims: list[Claim], names: dict[str, list[Claim]],
                      sources: dict[str, Source]) -> list[Flag]:
    """One person named with two forms of a given name ("Alex"/"Alexander" style), found through
    what the story says about them: the same surname and the same stated age, in different sources,
    and no article using both names."""
    by_person: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.attribute == "age" and len(claim.subject.key.split()) >= 2:
            by_person[(claim.story or "", claim.subject.key)].append(claim)
    found = []
    keys = sorted(by_person)
    for index, (story, left) in enumerate(keys):
        for other_story, right in keys[index + 1:]:
            if other_story != story:
                continue
            first_a, *rest_a = left.split()
            first_b, *rest_b = right.split()
            if rest_a != rest_b or first_a == first_b or min(len(first_a), len(first_b)) < 4 \
                    or first_a[:4] != first_b[:4] or first_a.startswith(first_b) or first_b.startswith(first_a):
                continue
            a, b = by_person[(story, left)], by_person[(story, right)]
            ages = {c.value.low for c in a} & {c.value.low for c in b}
            together = {c.article for c in names.get(story, []) if normalise_name(c.value.name).endswith(left)} & \
                {c.article for c in names.get(story, []) if normalise_name(c.value.name).endswith(right)}
            if not ages or together or {c.source for c in a} == {c.source for c in b}:
                continue
            age = min(ages)
            chosen = a[:2] + b[:2]
            explanation = (f"'{a[0].subject.name}' and '{b[0].subject.name}' share the surname and the age "
                           f"({age:g}), and no article uses both names: probably one person, named with two forms "
                           f"of the given name ('{first_a}' and '{first_b}'). "
                           + "; ".join(f"{sources[c.source].outlet}: '{c.text}'" for c in chosen) + ".")
            found.append(Flag(id=fingerprint("variant", "name", sorted([left, right])), kind="variant",
                              severity=comparer.rules.severities.variant, story=story, attribute="name",
                              subject=a[0].subject.name, claims=tuple(c.id for c in chosen),
                              summary=f"name spelled two ways: '{a[0].subject.name}' vs '{b[0].subject.name}'",
                              explanation=explanation, rule="ages.apposition"))
    return found
