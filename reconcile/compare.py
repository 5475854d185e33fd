"""Compare: align claims across the sources of a story and explain where they agree or differ."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from reconcile.extract.text import normalise_name
from reconcile.records import Claim, Flag, NameValue, QuantityValue, Source, Story, TimeValue
from reconcile.rules import RuleSet

Verdict = str  # "same" | "consistent" | "minor" | "variant" | "conflict" | "incomparable"


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
        if unit.isalpha() and unit != "people" and not unit.endswith("s") and (value.low, value.high) != (1, 1):
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


class Comparer:
    def __init__(self, rules: RuleSet):
        self.rules = rules
        self.tolerances = rules.tolerances
        documents = rules.synonyms("documents")
        self.document_group = {word.lower(): group for group, words in documents.groups.items() for word in words}
        self.family = {group: family for family, groups in documents.families.items() for group in groups}

    def value_key(self, claim: Claim) -> str:
        value = claim.value
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
        if isinstance(a, TimeValue):
            return self._judge_time(a, b)
        if isinstance(a, QuantityValue):
            return self._judge_quantity(a, b)
        if isinstance(a, NameValue):
            return self._judge_name(a, b)
        same = a.status == b.status
        return Judgement("same" if same else "conflict", "same status" if same else "different status")

    def _judge_time(self, a: TimeValue, b: TimeValue) -> Judgement:
        if a.timex == b.timex:
            return Judgement("same", "the same time")
        if a.interval.overlaps(b.interval):
            return Judgement("consistent", f"{a.interval.granularity} {a.timex} and {b.interval.granularity} "
                                           f"{b.timex} overlap")
        return Judgement("conflict", f"{a.timex} and {b.timex} do not overlap")

    def _judge_quantity(self, a: QuantityValue, b: QuantityValue) -> Judgement:
        if a.unit != b.unit:
            return Judgement("incomparable", f"different units ({a.unit or 'none'} and {b.unit or 'none'})")
        low_a, high_a = self._widen(a)
        low_b, high_b = self._widen(b)
        if (a.low, a.high, a.qualifier) == (b.low, b.high, b.qualifier):
            return Judgement("same", "the same number")
        if low_a <= high_b and low_b <= high_a:
            return Judgement("consistent", f"{_bounds_text(a)} and {_bounds_text(b)} can both be true, "
                                           "but they are not the same claim")
        return Judgement("conflict", f"{_bounds_text(a)} and {_bounds_text(b)} cannot both be true")

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
    comparer = Comparer(rules)
    groups: dict[tuple[str, str, str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        label = rules.events.labels.get(claim.attribute)
        align = "" if label is not None and label.subject == "agent" else claim.subject.key
        groups[(claim.story or "", claim.attribute, align, claim.value.type)].append(claim)
    flags: list[Flag] = []
    for (story, attribute, align, _), members in sorted(groups.items()):
        flags.extend(_group_flags(comparer, story, attribute, align, members, sources))
    flags.sort(key=lambda flag: (flag.story, {"discrepancy": 0, "variant": 1, "agreement": 2}[flag.kind],
                                 -_rank(flag.severity), flag.attribute, flag.subject, flag.id))
    return flags


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
    elif len(modalities) > 1:
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
