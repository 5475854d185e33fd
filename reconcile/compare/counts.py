"""Counts and measurements: each outlet's lead figure, compared across a story with units and time order."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date

from reconcile.compare.values import (
    TO_BASE,
    Comparer,
    certainty_differs,
    certainty_text,
    bounds_text,
    describe,
    fingerprint,
    plural,
)
from reconcile.extract.measures import dimension
from reconcile.extract.text import CALENDAR_WORDS, normalise_name
from reconcile.records import Claim, Flag, QuantityValue, Source


def count_text(value: QuantityValue) -> str:
    if value.unit in ("magnitude", "category") or value.unit in TO_BASE or dimension(value.unit):
        return describe(value)
    if (value.low, value.high) == (1, 1):
        return f"1 {'person' if value.unit == 'people' else value.unit}"
    return f"{bounds_text(value)} {plural(value.unit)}".strip()


def _headline_like(sentence: str) -> bool:
    """A line without closing punctuation, as headlines are written."""
    return not sentence.rstrip().endswith((".", "!", "?", '"', "”", "'", "’", ")"))


_STATED_COUNT = ("asserted", "reported", "agreed")
_FORECAST = ("planned", "expected")
_STATED_MEASURE = _STATED_COUNT + ("expected", "planned")


def _headlines(members: list[Claim], article_start: dict[str, int], lead_characters: int,
               forecasts: bool = False) -> list[Claim]:
    """Each source's first count of a group in its opening paragraphs: the figure its report leads with.

    A count of one ("one person was arrested") is usually about an individual, not the tally,
    and a count of people that is expected, planned or denied is not a report of what happened;
    neither is compared. A measurement or a sum stated as agreed, planned or expected ("agreed to
    buy it for $2bn", "will go on sale and costs $999") still states the figure, so it is. The
    other counts stay claims. A vague lead ("hundreds") gives way to a figure the same source
    then states within it. With `forecasts`, only counts said to be planned or expected are taken
    ("will cut 60 jobs" against "would cut 85 jobs"): forecasts are set against each other, never
    against what happened.
    """
    first: dict[str, Claim] = {}
    # A headline's figure is compressed and often older than the body's: the body's first count
    # leads when the opening paragraphs give one.
    for claim in sorted(members, key=lambda c: (c.source, _headline_like(c.sentence), c.span.start)):
        value = claim.value
        stated = _FORECAST if forecasts else _STATED_MEASURE if claim.rule.startswith("measures.") else _STATED_COUNT
        if claim.modality not in stated or (value.low, value.high) == (1, 1):
            continue
        if claim.span.start - article_start.get(claim.article, 0) > lead_characters:
            continue
        lead = first.setdefault(claim.source, claim)
        if lead.value.qualifier == "vague" and value.qualifier != "vague" and _within(value, lead.value):
            first[claim.source] = claim  # "hundreds were sheltering ... 350 people": the figure it then gives
    return list(first.values())


def _within(inner: QuantityValue, outer: QuantityValue) -> bool:
    low = outer.low if outer.low is not None else float("-inf")
    high = outer.high if outer.high is not None else float("inf")
    return inner.low is not None and inner.high is not None and low <= inner.low and inner.high <= high


def count_flags(comparer: Comparer, story: str, attribute: str, group: str, members: list[Claim],
                 sources: dict[str, Source], article_start: dict[str, int],
                 people: dict[tuple[str, str], str] | None = None) -> list[Flag]:
    """One flag per story, category and group: whether the sources' lead figures can all be true.
    Measurements are compared per named owner ("Orvik won 54%", "Ravnik won 41%"); `people` maps a
    surname alone to the story's full name that ends with it."""
    if members[0].rule.startswith("counts."):  # else a measurement or a sum: one group is all one kind
        return _lead_flags(comparer, story, attribute, group, members, sources, article_start)
    return [flag for owner, owned in _owners(members, people or {})
            for flag in _lead_flags(comparer, story, attribute, group, owned, sources, article_start, owner)]


def _lead_flags(comparer: Comparer, story: str, attribute: str, group: str, members: list[Claim],
                sources: dict[str, Source], article_start: dict[str, int], owner: str = "") -> list[Flag]:
    is_count = members[0].rule.startswith("counts.")
    leads = _headlines(members, article_start, comparer.tolerances.lead_characters)
    if len(leads) < 2 and is_count:
        leads = _headlines(members, article_start, comparer.tolerances.lead_characters, forecasts=True)
    # A figure set in a place no other report names is another incident ("two killed in Orle"
    # while every other report is about Varna): it is left out of this story's comparison.
    # A measurement belongs to the event wherever the sentence places it ("10 km deep, near Orle").
    within = _containers([sources[source] for source in sorted({claim.source for claim in leads})]) if is_count else {}
    placed = {claim.id: _widened(_places(claim, comparer.incident_nouns), within) if is_count else set()
              for claim in leads}
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
    conflicts, currencies, reasons, differing = [], [], [], []
    compared = 0
    for index, left in enumerate(keys):
        for right in keys[index + 1:]:
            if is_count and _elsewhere(by_value[left], by_value[right], placed):
                continue
            compared += 1
            judgement = comparer.judge(by_value[left][0], by_value[right][0])
            if judgement.verdict == "conflict":
                conflicts.append((left, right))
                reasons.append(judgement.reason)
            elif judgement.verdict == "currency":
                currencies.append(judgement.reason)
            elif judgement.verdict == "consistent" and comparer.figures_differ(by_value[left][0].value,
                                                                                by_value[right][0].value):
                differing.append((left, right))
    if len(keys) > 1 and not compared:
        return []  # every pair counts something else: no agreement to report either
    what = f"{attribute} ({plural(group) or owner})" if group or owner else attribute
    shown = " vs ".join(f"'{count_text(by_value[key][0].value)}'" for key in keys)
    severities = comparer.rules.severities
    said = "; ".join(f"{sources[key_claims[0].source].outlet if len(key_claims) == 1 else ', '.join(sorted(sources[c.source].outlet for c in key_claims))} "
                     f"{'says' if len(key_claims) == 1 else 'say'} {count_text(key_claims[0].value)}"
                     for key_claims in (by_value[key] for key in keys))
    if conflicts:
        kind = "discrepancy"
        a, b = max(conflicts, key=lambda pair: _point(by_value[pair[1]][0].value) - _point(by_value[pair[0]][0].value))
        pairs = f"{count_text(by_value[a][0].value)} against {count_text(by_value[b][0].value)}"
        if len(conflicts) > 1:
            pairs += f", and {len(conflicts) - 1} other pair{'s' if len(conflicts) > 2 else ''}"
        counted = f"{plural(group)} {attribute}" if group else attribute.replace("_", " ")
        counted += f" of {owner}" if owner else ""
        label = getattr(comparer.rules.files.get("counts" if is_count else "measures"), "labels", {}).get(attribute)
        # A toll is revised as reports come in, and so is an area burned (`may_rise`); a sum paid
        # or a quake's depth is not.
        revisable = is_count or bool(label and label.may_rise)
        revised = _stated_revisions(comparer, by_value, conflicts, sources, bool(label and label.may_fall)) \
            if revisable else None
        explanation = (f"The sources' lead figures for {counted} "
                       f"{'differ, as later reports revised them' if revised else 'cannot all be true'} ({pairs}): {said}.")
        order, rising = _time_order(by_value, keys, conflicts, sources, revisable, bool(label and label.may_fall))
        explanation += " " + order
        if any("other units" in reason or " is " in reason for reason in reasons):
            explanation += " Units were converted before comparing: " + "; ".join(reasons) + "."
        unit = by_value[a][0].value.unit
        apart = [count_text(by_value[key][0].value) for key in keys
                 if by_value[key][0].value.unit != unit] if currencies else []
        if apart:
            explanation += (f" {', '.join(apart)} {'is' if len(apart) == 1 else 'are'} in another currency and "
                            "the text states no rate, so not compared.")
        severity = severities.attributes.get(attribute, severities.discrepancy)
        if rising and severity == "error":
            severity = "warning"
        summary = f"{what}: {shown}" + (" (other currencies not compared)" if apart else "")
        if revised:
            severity = severities.minor_discrepancy
            summary += " (revised in a later report)"
            explanation += (" The later report says its figure revises the earlier one ("
                            + "; ".join(f"'{cue}'" for cue in revised) + "): an update, not an error.")
    elif currencies:
        kind, severity = "discrepancy", severities.minor_discrepancy
        summary = f"{what}: {shown} (different currencies, not compared)"
        explanation = (f"{currencies[0][0].upper() + currencies[0][1:]}. {said}. Convert at the rate of the "
                       "day before judging whether the sources agree.")
    elif not is_count and certainty_differs(certainties := sorted({c.modality for c in leads})):
        # "agreed to buy it for $2bn" against "expected to buy it for $2bn": the sum agrees, the deal's status does not.
        kind, severity = "discrepancy", severities.modality
        summary = f"{what}: {shown}, different certainty ({' vs '.join(certainties)})"
        explanation = f"The figures can all be true: {said}. {certainty_text(leads, sources)}"
    elif differing:
        # "more than 6,000" against "roughly 6,300": no contradiction, but not one figure either;
        # an editor harmonising the copy wants to see it, the CI gate (at warning) does not.
        kind, severity = "discrepancy", severities.minor_discrepancy
        summary = f"{what}: figures differ, though they can all be true: {shown}"
        explanation = f"The figures can all be true, but the sources state different numbers: {said}."
        if is_count:
            explanation += " " + _time_order(by_value, keys, differing, sources, False)[0]
    else:
        kind, severity = "agreement", severities.agreement
        if len(keys) == 1:
            summary = f"{what}: sources agree on {shown}"
            if is_count:
                explanation = f"Every source that counts {plural(group) or 'people'} {attribute} gives {shown}."
            else:
                explanation = f"Every source that gives the {attribute.replace('_', ' ')} gives {shown}."
        else:
            summary = f"{what}: consistent, not identical: {shown}"
            explanation = f"The figures can all be true, but they are not the same claim: {said}."
    flag_id = fingerprint(kind, attribute, group, keys, owner) if owner else fingerprint(kind, attribute, group, keys)
    claims = sorted(leads, key=lambda c: (sources[c.source].published or date.max, c.source, c.span.start))
    return [Flag(id=flag_id, kind=kind, severity=severity, story=story, attribute=attribute,
                 subject=owner or plural(group), claims=tuple(c.id for c in claims), summary=summary,
                 explanation=explanation, rule=claims[0].rule)]


# "in northern Varna", "in south-west Varna": a region of a place is still that place.
_REGION = r"(?:(?:far|north|south)?[-\s]?(?:north|south|east|west)(?:ern)?\s+|central\s+)?"
_PLACE = re.compile(r"\b(?:in|near|outside)\s+(?:the\s+)?(?:(?:[A-Z][\w-]*\s+)?(?:[a-z]+\s+){0,2}of\s+)?" + _REGION +
                    r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)")


_WHO_IN = re.compile(r"\b(?:police|officials|authorities|prosecutors|officers|spokesman|spokeswoman|spokesperson|"
                     r"sources|witnesses)\s+$", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+([a-z]+)")
_POSSESSIVE_SPLIT = re.compile(r"['’]s\s+")
_NATIONWIDE = re.compile(r"\b(?:nationwide|countrywide|across the (?:country|nation)|around the country|"
                         r"throughout the country|all over the country)\b", re.IGNORECASE)
_STREETS_OF = re.compile(r"\bstreets of\s+[A-Z]")


def _places(claim: Claim, incident_nouns: frozenset[str] = frozenset()) -> set[str]:
    """Places the claim's sentence puts its event in: "in Varna", "in the town of Orle", "in the
    Lusenian city of Orle" (not "at the Acme plant": a workplace is no town; nor "in the Orle
    Market shooting", the name of the incident)."""
    places = set()
    for match in _PLACE.finditer(claim.sentence):
        after = _NEXT_WORD.match(claim.sentence, match.end())
        if after and after.group(1) in incident_nouns or _WHO_IN.search(claim.sentence, 0, match.start()):
            continue  # "Police in Orle said": where the speakers are, not the event
        # "in Lusenia's Halvard Valley" is in both.
        places.update(normalise_name(part) for part in _POSSESSIVE_SPLIT.split(match.group(1)) if part)
    # "killed in Monday's sinking": a day or month is when, not where.
    return {place for place in places if place.split()[0].removesuffix("'s").removesuffix("’s") not in CALENDAR_WORDS}


_CONTAINED = re.compile(r"\b([A-Z][\w-]+(?:[ \t]+[A-Z][\w-]+)?)['’]s[ \t]+([A-Z][\w-]+(?:[ \t]+[A-Z][\w-]+)*)")


def _containers(sources: list[Source]) -> dict[str, set[str]]:
    """Places the story's own texts put inside others: "Lusenia's Halvard Valley"."""
    found: dict[str, set[str]] = defaultdict(set)
    for source in sources:
        for match in _CONTAINED.finditer(source.text):
            found[normalise_name(match.group(2))].add(normalise_name(match.group(1)))
    return found


def _widened(places: set[str], within: dict[str, set[str]]) -> set[str]:
    return places.union(*(within.get(place, set()) for place in places))


def _owners(members: list[Claim], people: dict[tuple[str, str], str]) -> list[tuple[str, list[Claim]]]:
    """The figures of each named owner: first the thing most sources name first, with the figures
    naming no owner ("the phone costs $799" is most likely the story's own phone), then each other
    named thing ("The Nova 3 Pro costs $1,099") under its name."""
    def owner(claim: Claim) -> str:
        key = claim.subject.key
        return people.get((claim.story or "", key), key) if claim.subject.kind == "person" else key

    first: dict[str, Claim] = {}
    for claim in sorted(members, key=lambda c: (c.source, c.span.start)):
        if _named(claim):
            first.setdefault(claim.source, claim)
    named = Counter(owner(claim) for claim in first.values())  # the thing each source names first
    main = min(named, key=lambda key: (-named[key], key)) if named else ""
    owned: dict[str, list[Claim]] = defaultdict(list)
    names: dict[str, str] = {}
    for claim in members:
        key = owner(claim) if _named(claim) else main
        owned[key].append(claim)
        if key != main:
            names.setdefault(key, claim.subject.name)
    lead = [("", owned.pop(main))] if main in owned else []
    return lead + [(names[key], owned[key]) for key in sorted(owned)]


def _named(claim: Claim) -> bool:
    """Whether the claim's owner is a named thing ("the Vela 5"), not "the phone" or the event."""
    return bool(claim.subject.key) and claim.subject.name[:1].isupper()


def _elsewhere(left: list[Claim], right: list[Claim], placed: dict[str, set[str]]) -> bool:
    """Whether two figures are set in different places ("7 killed in Orle", "dozens in Varna"),
    or one in a named place and the other across the whole country ("20,000 on the streets of
    Orle", "100,000 in nationwide strikes"): then they count different things and are not compared.
    `placed` holds each claim's places, with the places the story puts them in."""
    places_left = set().union(*(placed[c.id] for c in left))
    places_right = set().union(*(placed[c.id] for c in right))
    if places_left and places_right and not places_left & places_right:
        return True
    def local(claim: Claim) -> bool:
        return bool(placed[claim.id]) or bool(_STREETS_OF.search(claim.sentence))

    def wide(claim: Claim) -> bool:  # "20,000 in Orle as rallies all around the country began" is local
        return bool(_NATIONWIDE.search(claim.sentence)) and not local(claim)

    return (any(map(wide, left)) and all(map(local, right))) or (any(map(wide, right)) and all(map(local, left)))


def stated_rates(claims: list[Claim]) -> dict[tuple[str, str], float]:
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
    """The figure's middle, in its dimension's base unit: 209 km/h is less than 145 mph."""
    if value.low is not None and value.high is not None:
        point = (value.low + value.high) / 2
    else:
        point = value.low if value.low is not None else (value.high or 0.0)
    return point * TO_BASE.get(value.unit, 1.0)


def _stated_revisions(comparer: Comparer, by_value: dict[str, list[Claim]], conflicts: list[tuple[str, str]],
                      sources: dict[str, Source], may_fall: bool) -> list[str] | None:
    """The words with which later reports say they revise the figure ("the toll has risen to 11"),
    if every conflicting pair is such a revision; else None. A rise is read in the higher
    figure's sentence and, for counts that may fall, a fall in the lower one's; the revising
    report must not be older than the one it revises."""
    cues: list[str] = []
    for low_key, high_key in conflicts:
        for revising, earlier, direction in ((high_key, low_key, "rise"), (low_key, high_key, "fall")):
            if direction == "fall" and not may_fall:
                continue
            earliest = [sources[c.source].published for c in by_value[earlier]]
            cue = next((found for claim in by_value[revising]
                        if None not in earliest and sources[claim.source].published is not None
                        and sources[claim.source].published >= max(earliest)
                        and (found := comparer.revision(claim, direction))), None)
            if cue:
                cues.append(cue)
                break
        else:
            return None
    return sorted(set(cues))


def _time_order(by_value: dict[str, list[Claim]], keys: list[str], conflicts: list[tuple[str, str]],
                sources: dict[str, Source], revisable: bool, may_fall: bool = False) -> tuple[str, bool]:
    """Which source published later, and whether every later report revises the figure in a way
    such counts are revised (`revisable`: upwards, or with `may_fall` either way)."""
    undated = sorted({sources[c.source].outlet for key in keys for c in by_value[key] if not sources[c.source].published})
    if undated:
        return (f"Publication dates are unknown for {', '.join(undated)}, so which report came later cannot be "
                "told; figures are often revised as reports come in."), False
    rising = falling = True
    notes = []
    for low_key, high_key in conflicts:
        low_dates = [sources[c.source].published for c in by_value[low_key]]
        high_dates = [sources[c.source].published for c in by_value[high_key]]
        low, high = count_text(by_value[low_key][0].value), count_text(by_value[high_key][0].value)
        if max(low_dates) < min(high_dates):
            falling = False
            note = f"the higher figure ({high}) was published later ({min(high_dates)}) than {low} ({max(low_dates)})"
        else:
            rising = False
            falling = falling and min(low_dates) > max(high_dates)
            if min(low_dates) > max(high_dates):
                note = (f"the lower figure ({low}) was published later ({min(low_dates)}) than {high} "
                        f"({max(high_dates)})")
            elif len(set(low_dates + high_dates)) == 1:
                note = f"{low} and {high} were published the same day ({low_dates[0]})"
            else:
                note = (f"{low} and {high} were both reported between {min(low_dates + high_dates)} and "
                        f"{max(low_dates + high_dates)}")
        if note not in notes:
            notes.append(note)
    text = "Time order: " + "; ".join(notes) + "."
    if not revisable:
        return text, False
    if rising:
        text += " Later reports giving higher figures may be an update rather than an error."
    elif falling and may_fall:
        text += " Such counts fall as well as rise as reports come in: the later, lower figure may be an update."
    return text, rising or falling and may_fall
