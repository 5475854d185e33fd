"""What a text says about itself: who published it and when."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {name: index for index, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for name in names}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
# The absolute date forms a dateline or byline uses.
DATE_PATTERN = (
    rf"(?:(?P<iso>\d{{4}}(?P<sep>[-/.])\d{{1,2}}(?P=sep)\d{{1,2}})(?![\d/.-]\d)(?:[T ][\d:.+\-Z]*)?"
    rf"|(?P<dmy>{_DAY}\s+{_MONTH},?\s+\d{{4}})"
    rf"|(?P<mdy>{_MONTH}\s+{_DAY},?\s+\d{{4}}))"
)
_DATE = re.compile(DATE_PATTERN, re.IGNORECASE)
# An optional weekday before a date: "Thursday, November 6, 2025", "Thu 6 Nov 2025".
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?,?[ \t]+)?"

# "Published in The Harbour Ledger, July 12th, 2025" / "Updated 11 July 2025" / "date 2025-07-12".
# Each is anchored at the start of a line by `^[ \t]*`, never `^\s*`: a `\s*` there would run
# across blank lines from every line start and make a file of blank lines quadratic.
_PUBLISHED_IN = re.compile(
    rf"^[ \t]*(?:first\s+)?published\s+(?:in|by)\s+(?P<outlet>(?-i:[A-Z0-9])[\w&.'’ -]{{0,60}}?)\s*[,;:]\s*"
    rf"(?:on\s+)?(?P<date>{DATE_PATTERN})",
    re.IGNORECASE | re.MULTILINE,
)
_STAMP = re.compile(
    rf"^[ \t]*(?:last\s+)?(?:updated|published|posted|date[d]?|first published)\b[ \t]*(?:on|at)?[ \t]*:?\s*"
    rf"{_WEEKDAY}(?P<date>{DATE_PATTERN})",
    re.IGNORECASE | re.MULTILINE,
)
# Wire datelines: "WASHINGTON (Reuters) -", "PARIS, May 3 (AFP) —".
_WIRE = re.compile(r"^[A-Z][A-Z .'’-]{2,40}(?:,[^()\n]{0,30})?\s*\((?P<outlet>[A-Z][A-Za-z .&]{1,30})\)\s*[-–—:]",
                   re.MULTILINE)
# "© 2025 The Harbour Ledger. All rights reserved." on a line of its own.
_COPYRIGHT = re.compile(r"^[ \t]*(?:copyright\b[ \t]*)?(?:©|\(c\))[ \t]*(?:\d{4}(?:[ \t]*[-–][ \t]*\d{4})?[ \t]+)?"
                        r"(?P<outlet>(?-i:[A-Z])[\w&'’ -]{0,40}?)[ \t]*(?:[.,|]|$|all rights)",
                        re.IGNORECASE | re.MULTILINE)


def parse_date(text: str) -> date | None:
    """An absolute calendar date in any of the byline forms, or None."""
    match = _DATE.search(text)
    if not match:
        return None
    try:
        if match.group("iso"):
            year, month, day = (int(part) for part in re.split(r"[-/.]", match.group("iso")))
            return date(year, month, day)
        words = re.findall(r"[A-Za-z]+|\d+", match.group(0))
        numbers = [int(word) for word in words if word.isdigit()]
        month_word = next(word.lower() for word in words if word.lower() in _MONTHS)
        day, year = (numbers[0], numbers[1]) if len(numbers) >= 2 else (1, numbers[0])
        return date(year, _MONTHS[month_word], day)
    except (ValueError, StopIteration, IndexError):
        return None


def stated_publication(text: str, head_chars: int = 600) -> tuple[date | None, str | None]:
    """The publication date and outlet a text states, looking at its head and its tail."""
    published: date | None = None
    outlet: str | None = None
    for match in _PUBLISHED_IN.finditer(text):
        outlet = outlet or match.group("outlet").strip()
        published = published or parse_date(match.group("date"))
    head = text[:head_chars]
    if published is None:
        match = _STAMP.search(head) or _STAMP.search(text[-head_chars:])
        if match:
            published = parse_date(match.group("date"))
    if published is None:
        published = _dateline_under_headline(head)
    if outlet is None:
        match = _WIRE.search(head)
        if match:
            outlet = match.group("outlet").strip()
    if outlet is None:
        match = _COPYRIGHT.search(text[-head_chars:])
        if match:
            outlet = match.group("outlet").strip()
    return published, outlet


_TIME_OF_DAY = r"(?:,?[ \t]+(?:at[ \t]+)?\d{1,2}[:.]\d{2}(?:[ \t]*[ap]\.?m\.?)?(?:[ \t]+[A-Z]{2,4})?)?"
_DATE_LINE = re.compile(rf"[ \t]*{_WEEKDAY}(?:{DATE_PATTERN}){_TIME_OF_DAY}[ \t]*", re.IGNORECASE)


def _dateline_under_headline(head: str) -> date | None:
    """A line holding only a date, among the first lines: the layout of a headline over its date."""
    lines = [line for line in head.split("\n")[:4] if line.strip()]
    for line in lines[:3]:
        if _DATE_LINE.fullmatch(line):
            return parse_date(line)
    return None


def stamp_date(line: str) -> date | None:
    """The date on an "Updated …"/"Published …" line, if the line is one."""
    match = _STAMP.match(line)
    return parse_date(match.group("date")) if match else None
