"""The tagger: run every rule, keep the longest non-overlapping matches, resolve them in text order.

    tag(text, dct) -> list[Timex]

1. Every rule regex in `patterns.RULES` proposes candidate spans; its handler resolves each against
   the DCT or rejects it (a guard failed).
2. Candidates are chosen greedily, longest first (earlier rules win ties), so "March 27, 2008" beats
   "March 27" and "2008", and "52 years ago" beats "52 years".
3. Chosen candidates are walked in text order; the ones that depend on the last mentioned date
   ("that day", "10:35 a.m.") are resolved again against it, and a clock time directly followed by a
   day ("10 p.m. Wednesday") is merged into one TIME.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from datetime import date

from reconcile.timex import absolute, durations, periods, relative, times
from reconcile.timex.base import Context, Handler, Hit, rx
from reconcile.timex.intervals import interval_of
from reconcile.timex.model import Timex
from reconcile.timex.patterns import HEAD_WORDS, RULES, Rule

__all__ = ["tag", "interval_of", "HANDLERS"]

HANDLERS: dict[str, Handler] = {
    "iso": absolute.iso, "numeric": absolute.numeric, "mdy": absolute.full_date, "dmy": absolute.full_date,
    "md": absolute.month_day, "dm": absolute.month_day, "my": absolute.month_year,
    "month": absolute.month_alone, "year": absolute.year, "yy": absolute.short_year,
    "decade": absolute.decade, "century": absolute.century, "hundreds": absolute.hundreds,
    "holiday": absolute.holiday, "season": relative.season, "quarter": relative.quarter,
    "qcode": relative.qcode, "relquarter": relative.relquarter, "ago": relative.ago,
    "relunit": relative.relunit, "deictic": relative.deictic, "weekday": relative.weekday,
    "anchored": times.anchored, "partofday": times.partofday, "clock": times.clock,
    "hhmm": times.hhmm, "theday": times.the_day, "podday": times.pod_day, "duration": durations.duration, "halfunit": durations.halfunit,
    "vague": durations.vague, "set": durations.set_every, "setword": durations.set_word,
    "count_set": durations.count_set, "ref": durations.ref, "yearago": periods.year_ago,
    "period": periods.period, "theyear": periods.the_year, "periodend": periods.period_end,
    "weekend": periods.weekend, "vaguerel": durations.vague_relative,
    "sameperiod": periods.same_period, "everyn": durations.set_every_n, "spelledyear": periods.spelled_year, "unitlong": periods.unit_long,
}
_RULE_RANK = {rule.name: i for i, rule in enumerate(RULES)}
# Leading words that introduce a timex but are not part of it in TimeML ("on Friday", "in the past").
_LEAD = re.compile(r"(?:on|in|during|since|until|till|by|of|for|within|after|before|at|from|over(?=\s+the))\s+",
                   re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?]\s|\n|;")
_TIME_THEN_DAY = re.compile(r"(?:\s*,\s*|\s+on\s+|\s+)$", re.IGNORECASE)


class _Candidate:
    __slots__ = ("rule", "match", "hit", "start", "end")

    def __init__(self, rule: str, match: re.Match[str], hit: Hit, start: int, end: int):
        self.rule, self.match, self.hit, self.start, self.end = rule, match, hit, start, end


def _span(text: str, match: re.Match[str], hit: Hit) -> tuple[int, int]:
    start = match.start() if hit.start is None else hit.start
    end = match.end() if hit.end is None else hit.end
    while True:
        lead = _LEAD.match(text, start, end)
        if not lead or lead.end() >= end:
            break
        start = lead.end()
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    return start, end


_WORD = re.compile(r"[a-z]+[0-9]*")  # lowercased words ("q3" is one); head words route rules
_NUMBER = re.compile(r"(?<![a-z0-9])[0-9]+")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_HEAD_KEYS = frozenset(HEAD_WORDS)
_BEFORE, _AFTER = 40, 48  # window around a head token: longest prefix / suffix a rule may match
_AMPM = re.compile(r"(?:[.:][0-5][0-9])?\s*[ap]\.?\s?m(?![a-z])")  # "4 pm", "6.30am"


def _digit_rules(text: str, start: int, end: int) -> tuple[str, ...]:
    width = end - start
    nxt = text[end:end + 1]
    if width == 4:
        rules = ("year", "iso", "hhmm", "decade", "hundreds")
        return rules + ("numeric",) if nxt in "/." and nxt else rules
    if width > 2:
        return ()
    rules: tuple[str, ...] = ()
    if nxt == ":" or _AMPM.match(text, end):
        rules += ("clock",)
    if nxt and nxt in "/.-":
        rules += ("numeric",)
    if start and text[start - 1] in "'’":
        rules += ("yy", "decade")
    return rules


def _windows(lower: str) -> dict[str, list[tuple[int, int]]]:
    """For each rule, the merged windows of the (lowercased) text around its head tokens."""
    n = len(lower)
    found: dict[str, list[tuple[int, int]]] = {}
    for word in _HEAD_KEYS.intersection(_WORD.findall(lower)):  # the set work happens in C
        rules, size = HEAD_WORDS[word], len(word)
        i = lower.find(word)
        while i >= 0:
            j = i + size
            if (i == 0 or lower[i - 1] not in _WORD_CHARS) and (j == n or lower[j] not in _WORD_CHARS):
                span = (max(0, i - _BEFORE), min(n, j + _AFTER))
                for rule in rules:
                    found.setdefault(rule, []).append(span)
            i = lower.find(word, j)
    for number in _NUMBER.finditer(lower):
        rules = _digit_rules(lower, number.start(), number.end())
        if rules:
            span = (max(0, number.start() - _BEFORE), min(n, number.end() + _AFTER))
            for rule in rules:
                found.setdefault(rule, []).append(span)
    merged: dict[str, list[tuple[int, int]]] = {}
    for rule, spans in found.items():
        spans.sort()
        out = [spans[0]]
        for lo, hi in spans:
            if lo <= out[-1][1]:
                if hi > out[-1][1]:
                    out[-1] = (out[-1][0], hi)
            else:
                out.append((lo, hi))
        merged[rule] = out
    return merged


def _matches(rule: Rule, text: str, lower: str | None, windows: list[tuple[int, int]] | None):
    """Matches of `rule` inside the windows (or the whole text), as matches on the original text."""
    if windows is None or lower is None:
        yield from rule.regex.finditer(text)
        return
    last_end = -1
    for lo, hi in windows:
        for found in rule.scan.finditer(lower, max(lo, last_end), hi):
            if found.start() < last_end:
                continue
            # redo on the original text: handlers need its spelling, and a match near the window's
            # end may have been cut short by it
            match = rule.regex.match(text, found.start())
            if match is None or match.end() == match.start():
                continue
            last_end = match.end()
            yield match


def _resolve(handler: Handler, match: re.Match[str], ctx: Context) -> Hit | None:
    """Run a handler; calendar arithmetic that leaves years 1..9999 (a DCT at the edge of time)
    drops the candidate instead of failing the whole text."""
    try:
        return handler(match, ctx)
    except (ValueError, OverflowError):
        return None


def _candidates(text: str, ctx: Context) -> list[_Candidate]:
    found: list[_Candidate] = []
    lower = text.lower()
    windows = _windows(lower) if len(lower) == len(text) else None
    for rule in RULES:
        if windows is not None and rule.name not in windows:
            continue
        handler = HANDLERS[rule.name]
        for match in _matches(rule, text, lower, None if windows is None else windows[rule.name]):
            if match.end() == match.start():
                continue
            hit = _resolve(handler, match, ctx)
            if hit is None:
                continue
            start, end = _span(text, match, hit)
            if end > start:
                found.append(_Candidate(rule.name, match, hit, start, end))
    return found


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest candidates first (earlier rules win ties); drop any that overlap one already taken."""
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), _RULE_RANK[c.rule], c.start))
    starts: list[int] = []  # taken spans, sorted and disjoint
    ends: list[int] = []
    taken: list[_Candidate] = []
    for cand in ordered:
        i = bisect.bisect_right(starts, cand.start)
        if i and ends[i - 1] > cand.start:
            continue
        if i < len(starts) and starts[i] < cand.end:
            continue
        starts.insert(i, cand.start)
        ends.insert(i, cand.end)
        taken.append(cand)
    taken.sort(key=lambda c: c.start)
    return taken


def _remember(ctx: Context, value: str) -> None:
    m = rx(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?").match(value)
    if not m:
        return
    year = int(m[1])
    ctx.last_year = year
    if not rx(r"\d{4}-Q[1-4]").fullmatch(value):
        ctx.last_quarter = None
    elif not ctx.last_quarter or value > ctx.last_quarter:
        ctx.last_quarter = value  # the report's own (latest) quarter, not the one it is compared with
    if m[2]:
        ctx.last_month = (year, int(m[2]))
    if m[3]:
        try:
            ctx.last_day = date(year, int(m[2]), int(m[3]))
        except ValueError:
            pass


def tag(text: str, dct: date | None) -> list[Timex]:
    """Every temporal expression in `text`, in text order and non-overlapping, normalised against
    `dct` (the publication date); with dct None relative expressions stay unresolved ("XXXX-XX-XX")."""
    if not text:
        return []
    ctx = Context(text=text, dct=dct)
    chosen = _select(_candidates(text, ctx))
    out: list[Timex] = []
    for index, cand in enumerate(chosen):
        hit = cand.hit
        if hit.anchored:
            day = _day_later_in_sentence(text, chosen, index) if cand.rule in ("clock", "hhmm") else None
            again = _resolve(HANDLERS[cand.rule], cand.match, replace(ctx, last_day=day) if day else ctx)
            if again is not None:
                hit = again
        if hit.type in ("DATE", "TIME") and hit.value != ctx.year_before_quarter():
            _remember(ctx, hit.value)
        start, end = cand.start, cand.end
        if out and hit.type == "DATE" and rx(r"\d{4}-\d\d-\d\d").fullmatch(hit.value):
            prev = out[-1]
            if prev.type == "TIME" and rx(r"T\d\d:\d\d").search(prev.value) and _TIME_THEN_DAY.fullmatch(
                    text, prev.end, start) and prev.end < start:
                clock = prev.value[prev.value.index("T"):]
                value = hit.value + clock
                out[-1] = _make(text, prev.start, end, "TIME", value, prev.mod)
                continue
        out.append(_make(text, start, end, hit.type, hit.value, hit.mod))
    return out


def _day_later_in_sentence(text: str, chosen: list[_Candidate], index: int) -> date | None:
    """The day a clock time belongs to when the sentence names it after the time ("at 2:30 p.m. local
    time (1130 GMT) on Thursday")."""
    start = chosen[index].end
    for later in chosen[index + 1:index + 4]:
        if _SENTENCE_BREAK.search(text, start, later.start):
            return None
        if later.hit.type == "DATE" and not later.hit.anchored and rx(r"\d{4}-\d\d-\d\d").fullmatch(later.hit.value):
            return date.fromisoformat(later.hit.value)
    return None


def _make(text: str, start: int, end: int, type_: str, value: str, mod: str | None) -> Timex:
    interval = interval_of(value, mod) if type_ in ("DATE", "TIME") else None
    return Timex(start=start, end=end, text=text[start:end], type=type_, value=value, mod=mod,
                 interval=interval)
