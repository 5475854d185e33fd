"""Handlers for absolute expressions: calendar dates, months, years, decades, centuries, holidays."""

from __future__ import annotations

import re
from datetime import date, timedelta

from reconcile.timex import calendar as cal
from reconcile.timex.base import (
    QUANTITY_AFTER, Context, Hit, capitalised, day_num, dct_year, make_day, mod_of, month_num, rx,
)
from reconcile.timex.lexicon import DECADE_WORDS, HOLIDAYS, ordinal

_TEMPORAL_PREP = re.compile(
    r"(?:\b(?:in|since|from|until|till|to|by|of|before|after|around|circa|c\.|between|and|during|through|"
    r"year|early|mid|late|last|next|this|that|in\s+early|in\s+late|as\s+of|for|on|the|or|decade|summer|"
    r"winter|spring|autumn|fall)\s*|-|–|—)$",
    re.IGNORECASE,
)
_NUMBER_BEFORE = re.compile(
    r"(?:\b(?:No\.|no\.|number|num\.|#|page|pages|p\.|flight|Flight|route|Route|room|Room|model|Model|"
    r"Boeing|Airbus|code|Code|section|Section|Article|article|highway|Highway|Interstate|channel|"
    r"Channel|version|Version|ISO|Windows|Office|Euro|World\s+Cup|Olympics|Games|Expo|COP)\s*|[$£€¥#])$"
)


# absolute dates --------------------------------------------------------------------------------------


def iso(m: re.Match[str], ctx: Context) -> Hit | None:
    d = make_day(int(m["y"]), int(m["m"]), int(m["d"]))
    if d is None:
        return None
    if m["hh"]:
        return Hit("TIME", f"{d.isoformat()}T{m['hh']}:{m['mm']}{'Z' if m['z'] else ''}")
    return Hit("DATE", d.isoformat())


def numeric(m: re.Match[str], ctx: Context) -> Hit | None:
    a, b, y = int(m["a"]), int(m["b"]), m["y"]
    year = int(y)
    if len(y) == 2:
        pivot = (dct_year(ctx) or 2000) % 100 + 10
        year += 1900 if year > pivot else 2000
    month, day = (b, a) if a > 12 else (a, b)
    d = make_day(year, month, day)
    return Hit("DATE", d.isoformat()) if d else None


def full_date(m: re.Match[str], ctx: Context) -> Hit | None:
    if not capitalised(m["month"]):
        return None
    d = make_day(int(m["y"]), month_num(m["month"]), day_num(m["d"]))
    if d is None:
        return None
    return Hit("DATE", d.isoformat(), mod_of(m.groupdict().get("mod")))


def month_day(m: re.Match[str], ctx: Context) -> Hit | None:
    token = m["month"]
    if not capitalised(token):
        return None
    month, day = month_num(token), day_num(m["d"])
    if ctx.dct is None:
        return Hit("DATE", f"XXXX-{month:02d}-{day:02d}") if make_day(2000, month, day) else None
    year = cal.year_for_day(ctx.dct, month, day, cal.tense(ctx.text, m.start(), m.end()))
    if (month, day) > (ctx.dct.month, ctx.dct.day) and rx(r"\b(?:ended|since)\s+$", re.IGNORECASE).search(ctx.text[max(0, m.start() - 8):m.start()]):
        year = ctx.dct.year - 1  # "the year ended March 31" is behind us
    d = make_day(year, month, day)
    return Hit("DATE", d.isoformat()) if d else None


def month_year(m: re.Match[str], ctx: Context) -> Hit | None:
    if not capitalised(m["month"]):
        return None
    token = m["y"].lower()
    if token[0].isdigit():
        year = int(token)
    elif ctx.dct is None:
        return Hit("DATE", f"XXXX-{month_num(m['month']):02d}", mod_of(m["mod"]))
    else:
        year = ctx.dct.year + (-1 if token.startswith("last") else 1 if token.startswith("next") else 0)
    return Hit("DATE", cal.fmt_month(year, month_num(m["month"])), mod_of(m["mod"]))


_MONTH_CONTEXT = re.compile(
    r"(?:\b(?:in|since|from|until|till|to|by|of|before|after|between|and|through|during|early|mid|late|"
    r"last|next|this|that|or|on|for|each|every|around|throughout|beginning|end|start|middle|the|"
    r"as\s+early\s+as|as\s+late\s+as|as\s+soon\s+as)\s+|[-(,])$",
    re.IGNORECASE,
)


def month_alone(m: re.Match[str], ctx: Context) -> Hit | None:
    token = m["month"]
    if not capitalised(token):
        return None
    rel = (m["rel"] or "").lower() or None
    if not rel and not m["mod"] and token.lower() in ("may", "march"):
        if not _MONTH_CONTEXT.search(ctx.text[max(0, m.start() - 16):m.start()]):
            return None
        if rx(r"\b(?:the|a)\s+$", re.IGNORECASE).search(ctx.text[max(0, m.start() - 4):m.start()]) and rx(r"\s+(?:on|for|against|through)\s+(?:the\s+)?[A-Z]").match(ctx.text[m.end():m.end() + 20]):
            return None  # "the March on Washington", "a March for Our Lives"
    month = month_num(token)
    mod = mod_of(m["mod"])
    if rel in ("that", "the following", "the previous"):
        rel = None
    if ctx.dct is None:
        return Hit("DATE", f"XXXX-{month:02d}", mod)
    t = cal.tense(ctx.text, m.start(), m.end()) if rel is None else 0
    before = ctx.text[max(0, m.start() - 10):m.start()]
    if rel is None and rx(r"\bsince\s+$", re.IGNORECASE).search(before):
        t = -1
    elif rel is None and rx(r"\b(?:by|until|till|through)\s+$", re.IGNORECASE).search(before):
        t = 1  # a deadline: "by May", "through January"
    year = cal.year_for_month(ctx.dct, month, t, rel)
    return Hit("DATE", cal.fmt_month(year, month), mod)


def _year_guard(m: re.Match[str], ctx: Context, group: str = "y") -> bool:
    """Is this four-digit number a year? Not after "No."/"$"/"Flight", not before "feet"/"people",
    not far in the future, and before 1900 only after a temporal preposition ("in 1848")."""
    text, s, e = ctx.text, m.start(group), m.end(group)
    year = int(m[group])
    prev = text[max(0, s - 24):s]
    if s > 0 and text[s - 1] in "-–" and m.start() >= s - 1:
        # "2024-2029" and "mid-1990" are fine; "ISBN-1999" or "A-1999" are not
        glued = text[max(0, s - 6):s - 1]
        if not rx(r"\d{4}\s*$").search(glued) and not rx(r"(?:mid|early|late)$", re.IGNORECASE).search(glued):
            return False
    if _NUMBER_BEFORE.search(prev) or QUANTITY_AFTER.match(text, e):
        return False
    if ctx.dct and year > ctx.dct.year + 60:
        return False
    if year < 1900 and m.start() >= s and not _TEMPORAL_PREP.search(prev):
        return False
    return True


def year(m: re.Match[str], ctx: Context) -> Hit | None:
    if not _year_guard(m, ctx):
        return None
    fy = (m["fy"] or "").lower()
    start = m.start() if (m["mod"] or fy and not fy.startswith("the")) else m.start("y")
    if fy.startswith("the") and not m["mod"]:
        start = m.start()
    return Hit("DATE", m["y"], mod_of(m["mod"]), start=start)


def short_year(m: re.Match[str], ctx: Context) -> Hit | None:
    yy = int(m["yy"])
    pivot = (dct_year(ctx) or 2000) % 100 + 5
    full = (1900 if yy > pivot else 2000) + yy
    return Hit("DATE", str(full), mod_of(m["mod"]))


def decade(m: re.Match[str], ctx: Context) -> Hit | None:
    text = ctx.text
    if m["w"]:
        if not (m.group().lower().startswith("the") or m["mod"]):
            return None
        d = DECADE_WORDS[m["w"].lower()]
        century = 19
    else:
        bare = m["d3"] or m["d4"]
        d = int(m["d"] if m["d"] is not None else m["d2"] or bare)
        if bare and rx(r"\b(?:degrees?|temperatures?|highs?|lows?|°|mph|percent|scores?|age[ds]?)\b", re.IGNORECASE).search(text[max(0, m.start() - 40):m.end() + 30]):
            return None
        if m["c"]:
            century = int(m["c"])
        else:
            if m["d"] is not None:  # "1970s" needs its century; bare "70s" only after "the" (see d3)
                return None
            now = dct_year(ctx) or 2000
            century = 20 if 2000 + 10 * d <= now else 19
    if rx(r"\b(?:his|her|their|its|my|our|your|in\s+the\s+low|in\s+the\s+high|in\s+the\s+mid)\s*$", re.IGNORECASE).search(text[max(0, m.start() - 20):m.start()]) and not m["c"]:
        return None
    if m["d"] is not None and m["c"] and QUANTITY_AFTER.match(text, m.end()):
        return None
    return Hit("DATE", f"{century}{d}", mod_of(m["mod"]))


def century(m: re.Match[str], ctx: Context) -> Hit | None:
    n = ordinal(m["n"].replace(" ", "-"))
    if not n or n > 30:
        return None
    return Hit("DATE", f"{n - 1:02d}", mod_of(m["mod"]))


def hundreds(m: re.Match[str], ctx: Context) -> Hit | None:
    return Hit("DATE", m["c"], mod_of(m["mod"]))


def holiday(m: re.Match[str], ctx: Context) -> Hit | None:
    name = rx(r"\s+").sub(" ", m["h"].lower())
    if not m["h"][:1].isupper():
        return None
    if ctx.dct is None:
        return Hit("DATE", cal.DAY_UNRESOLVED)

    def on(year: int) -> date:
        if name in HOLIDAYS:
            month, day = HOLIDAYS[name]
            return date(year, month, day)
        if name.startswith("thanksgiving"):
            return cal.nth_weekday(year, 11, 4, 4)
        if name.startswith("easter"):
            return cal.easter(year)
        if name == "good friday":
            return cal.easter(year) - timedelta(days=2)
        if name == "memorial day":
            return cal.nth_weekday(year, 5, 1, -1)
        if name.startswith("labo"):
            return cal.nth_weekday(year, 9, 1, 1)
        if name == "election day":
            return cal.nth_weekday(year, 11, 1, 1) + timedelta(days=1)
        raise KeyError(name)

    rel = (m["rel"] or "").lower()
    this = on(ctx.dct.year)
    direction = {"last": -1, "next": 1}.get(rel) or cal.tense(ctx.text, m.start(), m.end())
    if direction < 0:
        d = this if this <= ctx.dct else on(ctx.dct.year - 1)
    elif direction > 0 and not rel:
        d = this if this >= ctx.dct else on(ctx.dct.year + 1)
    elif direction > 0:
        d = this if this > ctx.dct else on(ctx.dct.year + 1)
    else:
        d = this
    return Hit("DATE", d.isoformat())
