"""Split a scraped page into the articles it holds.

A page often carries a second, unrelated article below the first ("read next", a live feed).
Each article starts with a header block: a headline followed within a few lines by page chrome
(an "Updated …" stamp, "Follow", "Share") or by the headline repeated. A header block that
follows body text starts a new article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from reconcile.ingest.metadata import DATE_PATTERN, parse_date, stamp_date

# A line that is only a date, as a byline block shows it: "Tuesday, March 9, 2024 10:32 am GMT".
_DATE_LINE = re.compile(
    rf"^[ \t]*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?[ \t]+)?{DATE_PATTERN}"
    r"(?:[ \t,|·•–-]+\d{1,2}[:.]\d{2}(?:[ \t]*[ap]\.?m\.?)?(?:[ \t]+[A-Z]{2,5})?)?[ \t\r]*$",
    re.IGNORECASE,
)
_CHROME = re.compile(
    r"^\s*(?:(?:last\s+)?updated\b.*|published\b.*|posted\b.*|follow(?:\s+us)?|share(?:\s+this)?|"
    r"short\s*url|comments?|print|e-?mail|save|listen(?:\s+to\s+this\s+article)?|advertisement|"
    r"by\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}|\d+\s+min(?:ute)?s?\s+read|"
    r"\d+\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week)s?\s+ago)\s*$",
    re.IGNORECASE,
)
_HEADER_WINDOW = 6  # lines after a headline in which chrome must appear
_MIN_BODY_CHARS = 300  # body text needed before a second header counts as a new article
_MIN_NEW_BODY_CHARS = 150  # and after it: a footer ("Share", "Updated …") heads no article
_CLOSERS = "\"'”’»)]"


@dataclass(frozen=True)
class ArticleSpan:
    start: int
    end: int
    title: str
    published: date | None


def _lines(text: str) -> list[tuple[int, str]]:
    offsets, position = [], 0
    for line in text.split("\n"):
        offsets.append((position, line))
        position += len(line) + 1
    return offsets


def _is_chrome(line: str) -> bool:
    """Page furniture around a headline: stamps, bylines, share buttons, a bare date."""
    return bool(_CHROME.match(line) or _DATE_LINE.match(line))


def _block_date(line: str) -> date | None:
    """The date an "Updated …" stamp or a bare date line in a header block gives."""
    found = stamp_date(line)
    if found is None and _DATE_LINE.match(line):
        found = parse_date(line)
    return found


def _is_headline(line: str) -> bool:
    stripped = line.strip()
    if not 8 <= len(stripped) <= 200 or _is_chrome(stripped) or not stripped[0].isupper():
        return False
    # A sentence that ends inside a quotation ("…,” she said." / "… for years.”) is body text.
    return not stripped.rstrip(_CLOSERS).endswith((".", ",", ";", ":", "!"))


def split_articles(text: str) -> list[ArticleSpan]:
    """Article boundaries within `text`; a page without header blocks is one article."""
    lines = _lines(text)
    headers: list[tuple[int, int]] = []  # (line index of headline, line index where the header ends)
    for index, (_, line) in enumerate(lines):
        if not _is_headline(line):
            continue
        window = [candidate for _, candidate in lines[index + 1:index + 1 + _HEADER_WINDOW]]
        chrome = [i for i, candidate in enumerate(window) if _is_chrome(candidate) and candidate.strip()]
        repeated = [i for i, candidate in enumerate(window) if candidate.strip() == line.strip()]
        if chrome or repeated:
            last = max(chrome + repeated)
            headers.append((index, index + 1 + last))
    starts: list[tuple[int, int]] = []
    body_chars = 0
    previous_end_line = -1
    for headline, header_end in headers:
        if headline <= previous_end_line:
            continue
        body_chars += sum(len(line.strip()) for _, line in lines[previous_end_line + 1:headline])
        if not starts or body_chars >= _MIN_BODY_CHARS and _body_after(lines, header_end, headers):
            starts.append((headline, header_end))
            body_chars = 0
        previous_end_line = header_end
    if not starts or starts[0][0] != 0 and _has_body(lines[:starts[0][0]]):
        starts.insert(0, (0, -1))
    spans = []
    for number, (headline, header_end) in enumerate(starts):
        start = 0 if number == 0 else lines[headline][0]
        end = lines[starts[number + 1][0]][0] if number + 1 < len(starts) else len(text)
        block = [line for _, line in lines[headline:header_end + 1]] if header_end >= 0 else []
        title = _first_line(text[start:end])
        published = next((found for found in map(_block_date, block) if found), None)
        spans.append(ArticleSpan(start, end, title, published))
    return spans


def _body_after(lines: list[tuple[int, str]], header_end: int, headers: list[tuple[int, int]]) -> bool:
    """Whether enough non-chrome text follows a header, up to the next header, to be an article."""
    index = bisect_right(headers, (header_end, len(lines)))
    stop = headers[index][0] if index < len(headers) else len(lines)
    total = 0
    for _, line in lines[header_end + 1:stop]:
        if not _is_chrome(line):
            total += len(line.strip())
            if total >= _MIN_NEW_BODY_CHARS:
                return True
    return False


def _has_body(lines: list[tuple[int, str]]) -> bool:
    return sum(len(line.strip()) for _, line in lines) >= _MIN_BODY_CHARS


# Site furniture above a story: "Skip to main content", "Home | World | Business", "News > Local",
# "THE HARBOUR TIMES · Vessby", "Sign in", a photo caption.
_NAVIGATION = re.compile(r"^(?:skip to\b.*|.*(?:\s[|·•]\s.*){2,}|.*\s[>»›]\s.*|"
                         r"(?:sign in|log in|subscribe|menu|search|home)\b.*|"
                         r"(?:photo|image|video|watch|picture|related|read more)\b\s*:.*)$", re.IGNORECASE)
_MASTHEAD = re.compile(r"^(?:[A-Z][A-Z'’&.-]+\s+){2,}")  # "THE HARBOUR TIMES · Vessby"


def _first_line(text: str) -> str:
    """The story's title: its first line that is not page furniture (navigation, a masthead in
    capitals or a short name in title case, a byline or stamp), whether a headline or the first
    sentence ("Quake kills 12" is a headline; "Northgate Herald" is a masthead)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    furniture = (lambda line: _NAVIGATION.match(line) or _is_chrome(line) or _MASTHEAD.match(line)
                 or line.isupper() or len(line.split()) < 4 and all(word[:1].isupper() for word in line.split()))
    return next((line for line in lines[:12] if not furniture(line)), lines[0] if lines else "")[:120]
