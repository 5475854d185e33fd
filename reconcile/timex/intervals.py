"""Map a TIMEX3 DATE/TIME value to the calendar interval it denotes.

Intervals are half-open `[start, end)` and carry the granularity of the value:

    "2"          millennium  2000-01-01 .. 3000-01-01
    "18"         century     1800-01-01 .. 1900-01-01   (TIMEX3 "18" = the 1800s = the 19th century)
    "197"        decade      1970-01-01 .. 1980-01-01
    "1973"       year
    "2024-H1"    half        Jan 1 .. Jul 1
    "2025-Q3"    quarter     Jul 1 .. Oct 1
    "2025-SU"    season      SP Mar 1..Jun 1, SU Jun 1..Sep 1, FA Sep 1..Dec 1, WI Dec 1..Mar 1 (next year)
    "2025-07"    month
    "2025-W27"   week        ISO week, Monday..Monday;  "2025-W27-WE" is Saturday..Monday (granularity week)
    "2025-07-11" day
    "2025-07-11T04:15" / "...T04" / "...TMO"  time: a minute, an hour, or a part of the day
                 (MO 06-12, AF 12-18, EV 18-24, NI 21-06 next day; "T24" is the following midnight)

`mod` narrows or flags it. START/EARLY keep the first third of the interval, MID the middle third,
END/LATE the last third (thirds measured in seconds, then floored to midnight when the interval is at
least four weeks long; so "the early 1990s" is 1990-01-01..1993-05-02); all three, and APPROX, AFTER,
BEFORE (ON_OR_...), mark the interval `approximate=True` without moving it. Values that are not
calendar positions (PRESENT_REF, durations, "XXXX-..." placeholders) give None.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from reconcile.records import Granularity, TimeInterval

_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_PART_HOURS = {"MO": (6, 12), "AF": (12, 18), "EV": (18, 24), "NI": (21, 30), "DT": (9, 17)}
_VALUE = re.compile(
    r"^(?P<y>\d{1,4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d))?|W(?P<w>\d\d?)(?P<we>-WE)?|Q(?P<q>[1-4])|H(?P<h>[12])"
    r"|(?P<s>SP|SU|FA|WI)))?"
    r"(?:T(?:(?P<hh>\d\d)(?::(?P<mm>\d\d)(?::(?P<ss>\d\d))?)?|(?P<pod>MO|AF|EV|NI|DT))(?:Z|[+-]\d\d(?::?\d\d)?)?)?$"
)
_NARROW = {"START": 0, "EARLY": 0, "MID": 1, "MIDDLE": 1, "END": 2, "LATE": 2}


def _add_months(year: int, month: int, n: int) -> datetime:
    index = year * 12 + (month - 1) + n
    return datetime(index // 12, index % 12 + 1, 1)


def _calendar(match: re.Match[str]) -> tuple[datetime, datetime, Granularity] | None:
    g = match.groupdict()
    digits = g["y"]
    if len(digits) < 4:
        if any(g[k] for k in ("m", "w", "q", "h", "s", "hh", "pod")):
            return None
        width = 10 ** (4 - len(digits))
        first = int(digits) * width
        if first < 1:
            return None
        size: Granularity = {1: "millennium", 2: "century", 3: "decade"}[len(digits)]  # type: ignore[assignment]
        return datetime(first, 1, 1), datetime(first + width, 1, 1) if first + width <= 9999 else datetime.max, size
    year = int(digits)
    if year < 1:
        return None
    if year >= 9999:
        return None
    if g["q"]:
        q = int(g["q"])
        return _add_months(year, 1, 3 * (q - 1)), _add_months(year, 1, 3 * q), "quarter"
    if g["h"]:
        h = int(g["h"])
        return _add_months(year, 1, 6 * (h - 1)), _add_months(year, 1, 6 * h), "half"
    if g["s"]:
        start = _add_months(year, _SEASON_START[g["s"]], 0)
        return start, _add_months(year, _SEASON_START[g["s"]], 3), "season"
    if g["w"]:
        week = int(g["w"])
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            return None
        start = datetime.combine(monday, datetime.min.time())
        if g["we"]:
            return start + timedelta(days=5), start + timedelta(days=7), "week"
        return start, start + timedelta(days=7), "week"
    if not g["m"]:
        return datetime(year, 1, 1), datetime(year + 1, 1, 1), "year"
    month = int(g["m"])
    if not 1 <= month <= 12:
        return None
    if not g["d"]:
        return datetime(year, month, 1), _add_months(year, month, 1), "month"
    try:
        day = datetime(year, month, int(g["d"]))
    except ValueError:
        return None
    if g["pod"]:
        lo, hi = _PART_HOURS[g["pod"]]
        return day + timedelta(hours=lo), day + timedelta(hours=hi), "time"
    if g["hh"] is not None:
        hour = int(g["hh"])
        if hour > 24:
            return None
        start = day + timedelta(hours=hour)
        if g["mm"] is None:
            return start, start + timedelta(hours=1), "time"
        minute = int(g["mm"])
        if minute > 59:
            return None
        start += timedelta(minutes=minute)
        return start, start + timedelta(minutes=1), "time"
    return day, day + timedelta(days=1), "day"


def interval_of(value: str, mod: str | None = None) -> TimeInterval | None:
    """The calendar interval of a TIMEX3 DATE/TIME value, or None when it is not a calendar position."""
    match = _VALUE.match(value or "")
    if not match:
        return None
    try:
        found = _calendar(match)
    except (ValueError, OverflowError):
        return None
    if found is None:
        return None
    start, end, granularity = found
    approximate = False
    if mod:
        key = mod.upper()
        if key in _NARROW:
            third = (end - start) / 3
            lo = start + third * _NARROW[key]
            hi = lo + third
            if end - start >= timedelta(days=28):
                lo = datetime.combine(lo.date(), datetime.min.time())
                hi = datetime.combine(hi.date(), datetime.min.time()) if key not in ("END", "LATE") else end
            start, end = lo, hi
            approximate = True
        elif key in ("APPROX", "AFTER", "BEFORE", "ON_OR_AFTER", "ON_OR_BEFORE"):
            approximate = True  # "about noon", "shortly after noon": the time is near, not inside
    return TimeInterval(start=start, end=end, granularity=granularity, approximate=approximate)


# A year that stands in for an unknown one: a leap year, so 29 February exists.
PLACEHOLDER_YEAR = 4
_PARTIAL = re.compile(r"XXXX-(\d\d)(?:-(\d\d))?")


def partial_interval(value: str, mod: str | None = None) -> TimeInterval | None:
    """The interval of a date whose year is unknown ("XXXX-12-06", "XXXX-02"), placed in a stand-in
    year so two such dates can still be compared month by month and day by day."""
    match = _PARTIAL.fullmatch(value or "")
    if not match:
        return None
    month, day = int(match.group(1)), match.group(2)
    try:
        known = interval_of(f"{PLACEHOLDER_YEAR:04d}-{month:02d}" + (f"-{int(day):02d}" if day else ""), mod)
    except ValueError:
        return None
    return known


_CLOCK = re.compile(r"T(\d\d):(\d\d)")
# How far "about 2 p.m." or "shortly after 2 p.m." may lie from the hour it names.
_NEAR_MINUTES = 30


def clock_interval(value: str, mod: str | None = None) -> TimeInterval | None:
    """The time of day a TIME value gives ("2026-08-04T14:00" -> 14:00), on a stand-in day, so
    two reports' clock times compare whatever day each tagger pinned them to. A time "about",
    "shortly after" or "shortly before" the hour spans the half hour on that side (both for "about")."""
    match = _CLOCK.search(value or "")
    if not match or value.endswith("Z"):
        return None
    minutes = int(match.group(1)) * 60 + int(match.group(2))
    base = datetime(PLACEHOLDER_YEAR, 1, 1) + timedelta(minutes=minutes)
    before = timedelta(minutes=_NEAR_MINUTES if mod and ("BEFORE" in mod or mod == "APPROX") else 0)
    after = timedelta(minutes=_NEAR_MINUTES if mod and ("AFTER" in mod or mod == "APPROX") else 1)
    return TimeInterval(start=base - before, end=base + after, granularity="time", approximate=bool(mod))
