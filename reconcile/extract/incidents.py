"""Incidents known by their kind: when a quake struck, a fire broke out or a train derailed.

An event label with `subject_kinds` claims only for subjects whose head noun names a kind
("the earthquake struck" is a quake; "shares hit a record" is nothing), and its claims align on
the kind. Its time of day ("struck at 3:42 a.m.") is a claim of its own, and a day before the
incident's noun ("Sunday's earthquake") dates it too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from reconcile.extract.events import Phrase, Trigger, clause_bounds, token_span
from reconcile.extract.text import Sentence, singular
from reconcile.records import TimeValue
from reconcile.rules import EventLabel
from reconcile.timex import Timex, interval_of
from reconcile.timex.intervals import clock_interval

POSSESSIVE_AFTER = re.compile(r"['’]s\b")  # "Thursday's robbery": the date is the robbery's
_WORD = re.compile(r"[\w-]+")
_DAY_AND_CLOCK = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\dZ?")
_ZONE = re.compile(r"\W{0,3}(?:\b(?:[ECMPA][SD]?T|GMT|UTC|BST|CES?T|IST|JST|AES?T|AEDT|ET|PT|CT|MT|Z)\b|"
                   r"\b(?:Pacific|Eastern|Central|Mountain|Atlantic|Greenwich)\s+(?:(?:Standard|Daylight)\s+)?[Tt]ime\b)")
# Words before a head noun that make it an earlier one of its kind ("its first phone").
EARLIER = frozenset({"first", "previous", "earlier", "original", "former", "older", "predecessor", "prior"})
# And those that make an incident another than the story's own ("a second quake").
_OTHER = EARLIER | {"second", "third", "another", "separate", "new", "last", "latest", "similar", "smaller",
                    "subsequent"}


def kind_of(kinds: dict[str, list[str]], noun: str) -> str | None:
    return next((kind for kind, nouns in kinds.items() if noun in nouns), None)


def incident_kind(rule: EventLabel, subject: Phrase | None, sentence: Sentence, trigger: Trigger) -> str | None:
    """The kind of incident the trigger's subject names, or None: the head noun's kind, else the
    subject's first noun of a kind, else the clause's, else the sentence's ("An express train
    carrying 231 passengers derailed", "The blast at the plant, which occurred ...").
    "A second quake struck" is not the story's quake."""
    if subject is not None and any(token.lower in _OTHER for token in subject.tokens[:-1]):
        return None
    head = singular(subject.tokens[-1].lower) if subject is not None else ""
    found = kind_of(rule.subject_kinds, head)
    if found is None:
        first, _ = clause_bounds(sentence, trigger.token_index)
        tokens = sentence.tokens
        own = subject.tokens if subject is not None else ()
        found = next((kind for token in own + tokens[first:trigger.token_index] + tokens[:first]
                      if (kind := kind_of(rule.subject_kinds, singular(token.lower)))), None)
    return found


def day_of(value: TimeValue) -> TimeValue:
    """The day of a date with a time ("2 p.m. on Monday" is Monday): the time of day is its own claim."""
    if not _DAY_AND_CLOCK.fullmatch(value.timex):
        return value
    return TimeValue(timex=value.timex[:10], interval=interval_of(value.timex[:10]))


def clock_for(text: str, sentence: Sentence, trigger: Trigger,
              timexes: Sequence[Timex]) -> tuple[Timex, TimeValue] | None:
    """The time of day in the trigger's clause, nearest after it, else nearest before: "struck at
    3:42 a.m.", as a value with no day. A time given in a named zone ("0712 GMT", "6:20 a.m. EST",
    "3:20 a.m. Pacific time") is left out: reports in other zones would seem to disagree, and a
    local time, stated or not, is what they compare."""
    start, end = token_span(sentence, *clause_bounds(sentence, trigger.token_index))
    clocks = [(t, interval) for t in timexes if start <= t.start < end and t.type == "TIME"
              and (interval := clock_interval(t.value, t.mod)) is not None
              and not _ZONE.search(t.text) and not _ZONE.match(text, t.end)]
    after = [clock for clock in clocks if clock[0].start >= trigger.end]
    chosen = min(after, key=lambda clock: clock[0].start) if after else \
        max(clocks, key=lambda clock: clock[0].end) if clocks else None
    if chosen is None:
        return None
    timex, interval = chosen
    return timex, TimeValue(timex=f"XXXX-XX-XX{timex.value[timex.value.index('T'):]}", interval=interval)


def dated_incidents(text: str, sentence: Sentence, timexes: Sequence[Timex], labels: dict[str, EventLabel],
                    published: date | None) -> list[tuple[str, str, TimeValue, int, int]]:
    """ "Sunday's earthquake", "Tuesday's derailment": (label, kind, day, start, end) for each day
    before an incident's noun, as the day already past."""
    found = []
    for timex in timexes:
        if not (sentence.start <= timex.start < sentence.end and timex.type == "DATE" and timex.interval is not None
                and timex.interval.granularity == "day" and POSSESSIVE_AFTER.match(text, timex.end)):
            continue
        following = list(_WORD.finditer(text, timex.end + 2, min(sentence.end, timex.end + 60)))[:4]
        incident = next(((label, word, kind) for label, rule in labels.items()
                         if rule.subject_kinds and "time" in rule.values for word in following
                         if (kind := kind_of(rule.subject_kinds, singular(word.group().lower())))), None)
        if incident is not None:
            label, noun, kind = incident
            found.append((label, kind, _past_day(timex, published), timex.start, noun.end()))
    return found


def _past_day(timex: Timex, published: date | None) -> TimeValue:
    """ "Monday's quake" in a report of a Tuesday is the day before, even where the tagger took the
    weekday for the coming one."""
    start = timex.interval.start.date()
    if published is None or start <= published or (start - published).days > 7:
        return TimeValue(timex=timex.value, interval=timex.interval)
    day = (start - timedelta(days=7)).isoformat()
    return TimeValue(timex=day, interval=interval_of(day))

