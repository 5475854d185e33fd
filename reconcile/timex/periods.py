"""Handlers for reporting periods and other fixed phrases: "the year-ago quarter", "the latest period",
"the fiscal year", "year-end", "over the weekend", spelled-out years ("nineteen ninety-six") and
"day-long"."""

from __future__ import annotations

import re
from datetime import timedelta

from reconcile.timex import calendar as cal
from reconcile.timex.base import Context, Hit, rx
from reconcile.timex.durations import duration_value
from reconcile.timex.lexicon import ONES, TENS, number, unit_of


def _last_quarter(ctx: Context, years_back: int = 0) -> str:
    """The most recently completed quarter before the DCT (what earnings reports call "the quarter")."""
    assert ctx.dct is not None
    value = cal.shift(ctx.dct, -1 - 4 * years_back, "quarter")
    return value or "XXXX-QX"


def year_ago(m: re.Match[str], ctx: Context) -> Hit | None:
    unit = (m["u"] or "").lower()
    word = m["w"].lower()
    if " " in word and not unit:
        return None  # "a year ago" / "a year earlier" belong to the "ago" and "relunit" rules
    if ctx.dct is None:
        return Hit("DATE", "XXXX-QX" if unit in ("quarter", "period") else "XXXX")
    if unit in ("quarter", "period"):
        return Hit("DATE", ctx.year_before_quarter() or _last_quarter(ctx, 1), anchored=True)
    start = m.start("adj") if m["adj"] else m.start("w")  # "the year-ago results": the timex is "year-ago"
    if ctx.year_before_quarter():
        return Hit("DATE", ctx.year_before_quarter() or "", start=start, end=m.end("w"), anchored=True)
    return Hit("DATE", str(ctx.dct.year - 1), start=start, end=m.end("w"), anchored=True)


def period(m: re.Match[str], ctx: Context) -> Hit | None:
    word = rx(r"\s+").sub(" ", m["w"].lower())
    if ctx.dct is None:
        return Hit("DATE", "XXXX-QX")
    if word[0].isdigit():
        year = int(word)
        if not 1900 <= year <= ctx.dct.year:
            return None
        back = ctx.dct.year - year
        return Hit("DATE", _last_quarter(ctx, back) if back else _last_quarter(ctx))
    back = 1 if word in ("year-ago", "year-earlier") else 0
    if word in ("comparable", "same") and m["u"].lower() == "period":
        back = 1
    if ctx.last_quarter:
        return Hit("DATE", ctx.year_before_quarter() if back else ctx.last_quarter, anchored=True)  # type: ignore[arg-type]
    return Hit("DATE", _last_quarter(ctx, back), anchored=True)


_ENDED = re.compile(r"\s+(?:ended|ending|ends|that\s+ended|which\s+ended|to\s+date|to\s+(?:the\s+end\s+of\s+)?"
                    r"(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))", re.IGNORECASE)
_BEFORE_YEAR = re.compile(r"\b(?:for|of|in|during|through|throughout|over|this|the)\s+$", re.IGNORECASE)


def the_year(m: re.Match[str], ctx: Context) -> Hit | None:
    unit = m["u"].lower()
    q = (m["q"] or "").lower()
    if _ENDED.match(ctx.text, m.end()):
        return Hit("DURATION", duration_value(1, unit))
    if not q and not m["q2"]:
        if unit != "year" or not rx(r"\b(?:for|of|through|throughout)\s+$", re.IGNORECASE).search(ctx.text[max(0, m.start() - 12):m.start()]):
            return None
    if rx(r"\s+(?:before|after|earlier|later|ago|that|when|in\s+which|of)\b").match(ctx.text[m.end():m.end() + 12]):
        return None
    if ctx.dct is None:
        return Hit("DATE", cal.unresolved(unit))
    offset = -1 if q in ("latest", "past", "previous") else 0
    if q in ("past", "previous") and unit != "year":
        return None  # "the past week" belongs to the relative rules
    return Hit("DATE", cal.shift(ctx.dct, offset, unit) or cal.unresolved(unit))


def period_end(m: re.Match[str], ctx: Context) -> Hit | None:
    unit = (m["u"] or m["u2"] or m["u3"]).lower()
    pre = (m["pre"] or m["pre2"] or m["pre3"]).lower()
    mod = {"end": "END", "close": "END", "start": "START", "beginning": "START", "middle": "MID"}[pre]
    if ctx.dct is None:
        return Hit("DATE", cal.unresolved(unit), mod)
    return Hit("DATE", cal.shift(ctx.dct, 0, unit) or cal.unresolved(unit), mod)


def weekend(m: re.Match[str], ctx: Context) -> Hit | None:
    the = rx(r"\s+").sub(" ", m["the"].lower())
    if ctx.dct is None:
        return Hit("DATE", "XXXX-WXX-WE")
    if the == "the":
        direction = cal.tense(ctx.text, m.start(), m.end())
        if rx(r"\b(?:over|during|on)\s+$", re.IGNORECASE).search(ctx.text[max(0, m.start() - 8):m.start()]):
            direction = direction or -1
    else:
        direction = {"this": 1, "last": -1, "next": 1, "this past": -1, "this coming": 1}[the]
    saturday = cal.weekday_near(ctx.dct, 6, -1 if direction <= 0 else 1)
    if direction <= 0 and ctx.dct.isoweekday() == 7:
        saturday = ctx.dct - timedelta(days=1)
    if the == "next":
        saturday = cal.weekday_near(ctx.dct, 6, 1, strict=True)
    return Hit("DATE", cal.fmt_week(saturday) + "-WE")


def spelled_year(m: re.Match[str], ctx: Context) -> Hit | None:
    if m["c"]:
        tail = m["t"].lower()
        if tail == "hundred":
            return Hit("DATE", "1900")
        value = 0
        for part in rx(r"[\s-]+").split(tail):
            value += TENS.get(part, 0) + ONES.get(part, 0)
        if not 10 <= value <= 99:
            return None
        if not rx(r"\b(?:in|of|since|until|by|from|to|year|and|early|late|mid)\s+$|^|[.,]\s*$", re.IGNORECASE).search(ctx.text[max(0, m.start() - 8):m.start()]) and not m.group().lower().startswith("the"):
            return None
        return Hit("DATE", f"19{value:02d}")
    extra = ONES.get((m["t2"] or "").lower(), 0) or (20 if (m["t2"] or "").lower() == "twenty" else 0)
    if not m.group().lower().startswith("the year") and not rx(r"\b(?:in|of|since|until|by|from|to|year)\s+$", re.IGNORECASE).search(ctx.text[max(0, m.start() - 8):m.start()]):
        return None
    return Hit("DATE", f"{2000 + extra}")


def unit_long(m: re.Match[str], ctx: Context) -> Hit | None:
    unit = unit_of(m["u"])
    if not m["n"] and not m.group().lower().endswith("-long") and m["u"].lower().endswith("s"):
        return None  # "weekslong" is not a word
    n = number(m["n"]) if m["n"] else (None if m["u"].lower().endswith("s") else 1)
    return Hit("DURATION", duration_value(n, unit))


def same_period(m: re.Match[str], ctx: Context) -> Hit | None:
    """"the same period last year", "the quarter a year ago": the period just discussed, a year back."""
    text = m.group().lower()
    if not text.startswith(("the", "last")) and not rx(r"\b(?:same|corresponding|comparable|year-)").search(text):
        return None
    if ctx.year_before_quarter():
        return Hit("DATE", ctx.year_before_quarter() or "", anchored=True)
    if ctx.dct is None:
        return Hit("DATE", "XXXX", anchored=True)
    if "month" in text or (ctx.last_month and "quarter" not in text):
        year, month = ctx.last_month or (ctx.dct.year, ctx.dct.month)
        return Hit("DATE", f"{year - 1:04d}-{month:02d}", anchored=True)
    if "quarter" in text:
        return Hit("DATE", _last_quarter(ctx, 1), anchored=True)
    return Hit("DATE", str((ctx.last_year or ctx.dct.year) - 1), anchored=True)

