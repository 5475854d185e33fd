"""What every rule handler shares: the resolution context, the `Hit` it returns, and mod words.

A handler (one per rule name in `patterns.RULES`) turns a regex match into a TIMEX3 type, value and
mod relative to the DCT, or returns None when the match is not a temporal expression after all (a
guard failed). Hits marked `anchored` depend on the previously mentioned date ("that day", "the next
morning", "10:35 a.m."); the tagger resolves them again in text order once it knows what came before.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from reconcile.timex.lexicon import MONTHS
from reconcile.timex.patterns import APPROX_MOD


@functools.lru_cache(maxsize=None)
def rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A compiled regex kept in our own cache: `re`'s shared cache holds 512 patterns and a library
    that compiles many (dateparser does) would otherwise make every handler recompile its guards."""
    return re.compile(pattern, flags)


@dataclass
class Context:
    """What a handler may consult: the text, the DCT and the most recently mentioned date."""

    text: str
    dct: date | None
    last_day: date | None = None
    last_year: int | None = None
    last_month: tuple[int, int] | None = None
    last_quarter: str | None = None  # set while the latest date mentioned was a quarter ("1989-Q3")

    def anchor_day(self) -> date | None:
        return self.last_day or self.dct

    def year_before_quarter(self) -> str | None:
        """In earnings reports "a year ago" means the same quarter one year earlier."""
        if not self.last_quarter:
            return None
        return f"{int(self.last_quarter[:4]) - 1:04d}{self.last_quarter[4:]}"


class Hit(NamedTuple):
    type: str
    value: str
    mod: str | None = None
    start: int | None = None  # span override (absolute offsets); None keeps the match span
    end: int | None = None
    anchored: bool = False


Handler = Callable[[re.Match[str], Context], Hit | None]

_MOD_WORDS = {
    "early": "START", "earlier": "START", "the beginning of": "START", "the start of": "START",
    "the early part of": "START", "the first half of": "START", "mid": "MID", "middle": "MID",
    "the middle of": "MID", "late": "END", "later": "END", "the end of": "END", "end of": "END",
    "end-of": "END", "the latter part of": "END", "the second half of": "END", "the turn of": None,
    "the last half of the": "END", "the first half of the": "START",
}
QUANTITY_AFTER = re.compile(
    r"\s*(?:-|–)?\s*(?:feet|foot|ft|metres|meters|m|km|kilometres|kilometers|miles|tonnes|tons|kg|pounds|lbs|"
    r"people|persons|residents|troops|soldiers|workers|employees|jobs|cars|vehicles|homes|houses|units|"
    r"shares|votes|points|yards|acres|hectares|barrels|calories|degrees|rpm|horsepower|hp|seats|beds|"
    r"passengers|students|members|copies|pages|words|dollars|euros|yen|cases|deaths|won|rupees|pesos|"
    r"in\s+damages|per\s+cent|percent|%|x\s*\d|by\s+\d)\b",
    re.IGNORECASE,
)

def dct_year(ctx: Context) -> int | None:
    return ctx.dct.year if ctx.dct else None


def capitalised(token: str) -> bool:
    return token[:1].isupper()


def mod_of(word: str | None) -> str | None:
    if not word:
        return None
    return _MOD_WORDS.get(rx(r"\s+").sub(" ", word.lower()))


def approx_of(word: str | None) -> str | None:
    if not word:
        return None
    return APPROX_MOD.get(rx(r"\s+").sub(" ", word.lower()), "APPROX")


def make_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_num(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def day_num(token: str) -> int:
    return int(rx(r"\d+").match(token).group())  # type: ignore[union-attr]
