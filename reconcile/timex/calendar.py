"""Calendar arithmetic and TIMEX3 value formatting, relative to a document creation time (DCT).

Every function that needs the DCT accepts None and then returns the TimeBank-style unresolved
placeholder ("XXXX", "XXXX-XX", "XXXX-WXX", "XXXX-XX-XX").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

YEAR_UNRESOLVED = "XXXX"
MONTH_UNRESOLVED = "XXXX-XX"
WEEK_UNRESOLVED = "XXXX-WXX"
DAY_UNRESOLVED = "XXXX-XX-XX"


def fmt_day(d: date | None) -> str:
    return d.isoformat() if d else DAY_UNRESOLVED


def fmt_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def fmt_week(d: date | None) -> str:
    if d is None:
        return WEEK_UNRESOLVED
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def add_months(d: date, n: int) -> date:
    index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):  # clamp the day to the month's length ("Jan 31" + 1 month = "Feb 28")
        try:
            return date(year, month, min(d.day, last))
        except ValueError:
            continue
    raise ValueError(f"year {year} is out of range")


def add_years(d: date, n: int) -> date:
    return add_months(d, 12 * n)


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def shift(dct: date, n: int, unit: str) -> str | None:
    """The value of the calendar unit `n` units away from `dct` (negative n = past), at that unit's
    granularity: "day" -> 2025-07-10, "week" -> 2025-W27, "month" -> 2025-06, "year" -> 2024, ..."""
    try:
        if unit in ("day", "night"):
            return fmt_day(dct + timedelta(days=n))
        if unit == "week" or unit == "fortnight":
            return fmt_week(dct + timedelta(weeks=n * (2 if unit == "fortnight" else 1)))
        if unit == "weekend":
            return fmt_week(dct + timedelta(weeks=n)) + "-WE"
        if unit == "month":
            d = add_months(dct, n)
            return fmt_month(d.year, d.month)
        if unit == "quarter":
            index = dct.year * 4 + quarter_of(dct) - 1 + n
            return f"{index // 4:04d}-Q{index % 4 + 1}"
        if unit == "season":
            return None
        if unit == "year":
            return f"{dct.year + n:04d}"
        if unit == "decade":
            return f"{(dct.year + 10 * n) // 10:03d}"
        if unit == "century":
            return f"{(dct.year + 100 * n) // 100:02d}"
    except (ValueError, OverflowError):
        return None
    return None


def unresolved(unit: str) -> str:
    return {
        "day": DAY_UNRESOLVED, "night": DAY_UNRESOLVED, "week": WEEK_UNRESOLVED,
        "fortnight": WEEK_UNRESOLVED, "weekend": WEEK_UNRESOLVED + "-WE", "month": MONTH_UNRESOLVED,
        "quarter": "XXXX-QX", "year": YEAR_UNRESOLVED, "decade": "XXX", "century": "XX",
    }.get(unit, DAY_UNRESOLVED)


def weekday_near(dct: date, iso_weekday: int, direction: int, strict: bool = False) -> date:
    """The date of `iso_weekday` nearest `dct` in `direction` (-1 past, +1 future); the DCT itself
    counts unless `strict`."""
    delta = (iso_weekday - dct.isoweekday()) % 7
    if direction > 0:
        if strict and delta == 0:
            delta = 7
        return dct + timedelta(days=delta)
    back = (dct.isoweekday() - iso_weekday) % 7
    if strict and back == 0:
        back = 7
    return dct - timedelta(days=back)


def year_for_month(dct: date, month: int, tense: int, rel: str | None = None) -> int:
    """Which year a month mentioned without one falls in, given the tense of its sentence."""
    if rel == "last" or rel == "this past":
        return dct.year if month < dct.month else dct.year - 1
    if rel == "next" or rel == "this coming":
        return dct.year if month > dct.month else dct.year + 1
    if tense < 0 and month > dct.month:
        return dct.year - 1
    if tense > 0 and month < dct.month:
        return dct.year + 1
    return dct.year


def year_for_day(dct: date, month: int, day: int, tense: int = 0) -> int:
    """Which year "March 3" (no year given) falls in: the one that puts it within half a year of the
    DCT (on TempEval-3 this beats both "the DCT's year" and the tense alone), unless it is more than
    four months away and the sentence's tense says otherwise."""
    try:
        diff = (date(dct.year, month, min(day, 28)) - dct).days
    except ValueError:
        return dct.year
    year = dct.year - 1 if diff > 183 else dct.year + 1 if diff < -183 else dct.year
    if abs(diff) > 120 and tense:
        wanted = dct.year if (diff < 0) == (tense < 0) else dct.year + (1 if tense > 0 else -1)
        return wanted
    return year


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def nth_weekday(year: int, month: int, iso_weekday: int, n: int) -> date:
    """The n-th given weekday of a month; n = -1 for the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(iso_weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = add_months(date(year, month, 1), 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - iso_weekday) % 7)


_FUTURE = re.compile(
    r"\b(?:will|won't|wo n't|'ll|shall|going\s+to|plans?\s+to|planned|plans|scheduled|expected|expects?|"
    r"due|set\s+to|upcoming|next|is\s+to|are\s+to|intends?|hopes?\s+to|planning\s+to|would|as\s+soon\s+as|as\s+early\s+as|begins?|starts?)\b",
    re.IGNORECASE,
)
_PAST = re.compile(r"\b(?:[Ww]as|[Ww]ere|[Hh]ad|[Dd]id|said|told|ago|last|earlier|met|held|left|took|came|went|"
                   r"won|lost|began|fell|rose|led|saw|gave|spent|[a-z]{2,}ed)\b")
_BOUNDARY = re.compile(r"(?:[.!?]\s|\n)")


def sentence_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The text of the sentence before and after a span (bounded to a couple of hundred chars)."""
    lo = max(0, start - 200)
    before = text[lo:start]
    cut = None
    for cut in _BOUNDARY.finditer(before):
        pass
    if cut is not None:
        before = before[cut.end():]
    after = text[end:end + 160]
    stop = _BOUNDARY.search(after)
    if stop:
        after = after[: stop.start()]
    return before, after


def tense(text: str, start: int, end: int) -> int:
    """+1 if the sentence around a span speaks of the future, -1 of the past, 0 if it cannot tell.

    The tense cue (a future auxiliary such as "will", or a past form such as "said") nearest the span
    wins, so "said Wednesday that she will" reads as past and "will meet on Friday" as future."""
    before, after = sentence_around(text, start, end)
    # "will close it in June, the company said": a cue past a comma is another clause's (often the
    # attribution), read only when the span's own clause has none.
    comma = min((after.find(mark) for mark in ",;" if mark in after), default=len(after))
    own, later = [], []  # (distance, rank, side, sign); on a tie the future, then the verb before, wins
    for rank, (regex, sign) in enumerate(((_FUTURE, 1), (_PAST, -1))):
        for cue in regex.finditer(before):
            if not (sign < 0 and _passive(before, cue)):
                own.append((len(before) - cue.end(), rank, 0, sign))
        for cue in regex.finditer(after):
            if not (sign < 0 and _passive(after, cue)):
                (own if cue.end() <= comma else later).append((cue.start() + 2, rank, 1, sign))
    return min(own or later or [(0, 0, 0, 0)])[3]


_PRESENT_AUX = re.compile(r"\b(?:be|being|is|are|am|get|gets)\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def _passive(text: str, cue: re.Match[str]) -> bool:
    """ "could be signed", "will be held": a participle after a present or bare auxiliary is no past."""
    return _PRESENT_AUX.search(text, 0, cue.start()) is not None
