"""Compare: align claims across the sources of a story and explain where they agree or differ."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from reconcile.compare.counts import count_flags, stated_rates
from reconcile.compare.names import given_name_forms, name_flags, story_mentions
from reconcile.compare.values import (
    TO_BASE,
    Comparer,
    Judgement,
    certainty_differs,
    certainty_text,
    convert,
    describe,
    fingerprint,
    name_variant,
    title_key,
)
from reconcile.records import Claim, Flag, NameMentions, QuantityValue, Source, Story, TimeValue
from reconcile.rules import RuleSet

__all__ = ["TO_BASE", "Comparer", "compare", "convert", "describe", "fingerprint", "name_variant", "title_key"]


def compare(claims: list[Claim], stories: list[Story], sources: dict[str, Source], rules: RuleSet,
            names: Sequence[NameMentions] = ()) -> tuple[list[Flag], list[Claim]]:
    """Every agreement, discrepancy and variant among the claims and name mentions of each story,
    and the claims made for the name mentions those flags cite."""
    comparer = Comparer(rules, sources)
    groups: dict[tuple[str, str, str, str], list[Claim]] = defaultdict(list)
    counts: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    mentions = story_mentions(list(names), {article: story.id for story in stories for article in story.articles})
    flags: list[Flag] = []
    people = _person_keys(claims)
    persons = {(claim.story or "", claim.subject.key) for claim in claims if claim.subject.kind == "person"}
    article_start: dict[str, int] = {}
    # Where each article's text begins, as near as its claims and names tell.
    for article, start in [(c.article, c.span.start) for c in claims] + \
            [(m.article, m.start) for found in mentions.values() for m in found]:
        article_start[article] = min(article_start.get(article, start), start)
    for claim in _first_of_each_kind(claims, comparer.kind_rules):
        if claim.rule.startswith("counts.") and isinstance(claim.value, QuantityValue):
            counts[(claim.story or "", claim.attribute, claim.value.unit)].append(claim)
            continue
        if claim.rule.startswith("measures.") and isinstance(claim.value, QuantityValue):
            counts[(claim.story or "", claim.attribute, "")].append(claim)
            continue
        label = rules.events.labels.get(claim.attribute)
        # An actor's events are compared story-wide, but a contract is the signed person's own.
        story_wide = label is not None and label.subject == "agent" and not label.subject_kinds and not (
            label.person_object and (claim.story or "", claim.subject.key) in persons)
        align = "" if story_wide else claim.subject.key
        align = people.get((claim.story or "", align), align) if claim.subject.kind == "person" else align
        groups[(claim.story or "", claim.attribute, align, claim.value.type)].append(claim)
    for (story, attribute, group), members in sorted(counts.items()):
        comparer.rates = stated_rates(members)
        flags.extend(count_flags(comparer, story, attribute, group, members, sources, article_start, people))
    for (story, attribute, align, _), members in sorted(groups.items()):
        flags.extend(_group_flags(comparer, story, attribute, align, members, sources))
    evidence: dict[str, Claim] = {}
    variants: dict[str, list[Flag]] = defaultdict(list)
    for flag in flags:
        if flag.kind == "variant":
            variants[flag.story].append(flag)
    for story, members in sorted(mentions.items()):
        flags.extend(name_flags(comparer, story, members, sources, variants[story], evidence,
                                frozenset(key for (in_story, key) in persons if in_story == story)))
    flags.extend(given_name_forms(comparer, claims, mentions, sources))
    flags.sort(key=lambda flag: (flag.story, {"discrepancy": 0, "variant": 1, "agreement": 2}[flag.kind],
                                 -_rank(flag.severity), flag.attribute, flag.subject, flag.id))
    return flags, list(evidence.values())  # ordered by the pipeline, which merges them across stories


def _first_of_each_kind(claims: list[Claim], by_kind: frozenset[str]) -> list[Claim]:
    """The claims to compare: of events known by their kind (`by_kind`: their rule ids; "the quake
    struck on Monday"), only each source's first mention of each kind, which is its story's own; a
    later "fire broke out" may be another fire."""

    def key(claim: Claim) -> tuple[str, str, str, str]:
        return claim.story or "", claim.source, claim.attribute, claim.subject.key

    first: dict[tuple[str, str, str, str], Claim] = {}
    for claim in claims:
        if claim.rule in by_kind and (key(claim) not in first or (claim.article, claim.span.start) <
                                           (first[key(claim)].article, first[key(claim)].span.start)):
            first[key(claim)] = claim
    return [claim for claim in claims if claim.rule not in by_kind or first[key(claim)] is claim]


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
    agreed = [key for key in keys if len({claim.source for claim in by_value[key]}) >= 2]
    for index, left_key in enumerate(keys):
        for right_key in keys[index + 1:]:
            left, right = by_value[left_key], by_value[right_key]
            judgement = comparer.judge(left[0], right[0])
            if judgement.verdict == "conflict" and not align and isinstance(left[0].value, TimeValue):
                continue  # dates of an event aligned on its kind alone may be two events of that kind
            if judgement.verdict == "conflict" and _reported_apart(left, right, sources, comparer):
                continue  # a fire in reports a month apart from another fire's is another fire
            if not align and _other_people(left, right):
                continue  # "Ana Ruiz signed a five-year deal"; "her brother Tomas Ruiz signed for three years"
            one_source = all(a.source == b.source for a in left for b in right)
            if judgement.verdict == "incomparable" or one_source and judgement.verdict not in ("conflict", "variant"):
                continue
            flags.append(_flag(comparer, story, attribute, align, subject, [left_key, right_key], left + right,
                               judgement, sources))
    # A value some sources share and another source contradicts is shown in that discrepancy; an
    # agreement beside it would only repeat the same quotes. (When the other value comes from one of
    # the agreeing sources, as two stages of one story, the agreement is news of its own.)
    disputed: set[str] = set()
    for flag in flags:
        if flag.kind != "agreement":
            flagged = {comparer.value_key(claim) for claim in members if claim.id in flag.claims}
            for key in flagged:
                holders = {claim.source for claim in by_value[key]}
                if any(claim.source not in holders for other in flagged - {key} for claim in by_value[other]):
                    disputed.add(key)
    for key in agreed:
        if key not in disputed:
            flags.append(_flag(comparer, story, attribute, align, subject, [key], by_value[key],
                               Judgement("same", "the sources give the same value"), sources))
    return flags


def _reported_apart(left: list[Claim], right: list[Claim], sources: dict[str, Source], comparer: Comparer) -> bool:
    """Whether the claims are of an event known by its kind and every report of one value was
    published over a month from every report of the other."""
    if left[0].rule not in comparer.kind_rules:
        return False
    dates = [[sources[claim.source].published for claim in claims] for claims in (left, right)]
    if None in dates[0] + dates[1]:
        return False
    return all(abs((a - b).days) > 31 for a in dates[0] for b in dates[1])


def _other_people(left: list[Claim], right: list[Claim]) -> bool:
    """Whether two sets of claims are each about named people, and no person is in both."""
    people = [{claim.subject.key for claim in claims if claim.subject.kind == "person"} for claims in (left, right)]
    return all(len(found) == 1 and all(c.subject.kind == "person" for c in claims)
               for found, claims in zip(people, (left, right))) and not people[0] & people[1]


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
    elif judgement.verdict in ("same", "consistent") and certainty_differs(modalities):
        # Shades of one certainty ("is to close" against "will close") are wording; one source
        # calling unconfirmed what another states, or agreed what another expects, is worth a look.
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
    elif judgement.verdict == "consistent":
        summary = f"{about}: consistent values, different certainty: {shown} ({' vs '.join(modalities)})"
    else:
        summary = f"{about}: same fact, different certainty ({' vs '.join(modalities)})"
    if kind == "discrepancy" and certainty_differs(modalities) and judgement.verdict not in ("same", "consistent"):
        summary += f"; certainty also differs ({' vs '.join(modalities)})"
    explanation = _explain(comparer, judgement, claims, value_keys, modalities, sources, kind)
    flag_id = fingerprint(kind, attribute, align, sorted(value_keys), modalities if kind != "agreement" else [])
    return Flag(id=flag_id, kind=kind, severity=severity, story=story, attribute=attribute, subject=subject,
                claims=tuple(claim.id for claim in claims), summary=summary, explanation=explanation,
                rule=claims[0].rule)


def _explain(comparer: Comparer, judgement: Judgement, claims: list[Claim], value_keys: list[str],
             modalities: list[str], sources: dict[str, Source], kind: str) -> str:
    parts = [judgement.reason[0].upper() + judgement.reason[1:] + "."]
    if certainty_differs(modalities):
        parts.append(certainty_text(claims, sources))
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
    if kind == "discrepancy":
        parts.append(_later_value(comparer, claims, sources))
    return " ".join(part for part in parts if part)


def _later_value(comparer: Comparer, claims: list[Claim], sources: dict[str, Source]) -> str:
    """Which value only later reports give, if one does: a date or a role may have been corrected
    since (an age is judged against the dates already)."""
    dates: dict[str, set] = defaultdict(set)
    for claim in claims:
        dates[comparer.value_key(claim)].add(sources[claim.source].published)
    if len(dates) < 2 or None in set.union(*dates.values()):
        return ""
    latest = max(dates, key=lambda key: (min(dates[key]), key))
    others = max(min(found) for key, found in dates.items() if key != latest)
    if min(dates[latest]) <= others:
        return ""  # every value was first reported the same day as another: no order to tell
    first = min(dates[latest])
    value = next(c for c in claims if comparer.value_key(c) == latest)
    outlets = ", ".join(sorted({sources[c.source].outlet for c in claims
                                if comparer.value_key(c) == latest and sources[c.source].published == first}))
    newer = "" if claims[0].attribute == "age" else "; a later report may reflect newer information"
    return (f"'{describe(value.value)}' first appears in a later report ({outlets}, {first}) than the other "
            f"value{'s' if len(dates) > 2 else ''} ({others}){newer}.")
