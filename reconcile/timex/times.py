"""Handlers for parts of days and clock times: "the next morning", "in the evening", "the day",
"mid-afternoon yesterday", "4:15 a.m.", "shortly after noon", "0800 GMT"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from reconcile.timex import calendar as cal
from reconcile.timex.base import Context, Hit, capitalised, mod_of, rx
from reconcile.timex.lexicon import PARTS_OF_DAY, WEEKDAYS
from reconcile.timex.relative import DEICTIC, norm


def anchored(m: re.Match[str], ctx: Context) -> Hit | None:
    anchor = ctx.anchor_day()
    if m["rel2"]:
        offset = -1 if m["dir"].lower() == "before" else 1
        unit = m["rel2"].split()[-1].lower()
        if unit in ("week", "month", "year"):
            base = date(ctx.last_year, 7, 1) if unit == "year" and ctx.last_year and not ctx.last_day else anchor
            value = cal.shift(base, offset, unit) if base else cal.unresolved(unit)
            return Hit("DATE", value or cal.unresolved(unit), anchored=True)
        part = "NI" if unit == "night" else None
        value = cal.fmt_day(anchor + timedelta(days=offset) if anchor else None)
        return Hit("TIME" if part else "DATE", value + (f"T{part}" if part else ""), anchored=True)
    rel = norm(m["rel"])
    unit = m["u"].lower()
    offset = {"that": 0, "the same": 0, "the previous": -1, "the preceding": -1, "the prior": -1,
              "the following": 1, "the next": 1}[rel]
    if unit in PARTS_OF_DAY:
        value = cal.fmt_day(anchor + timedelta(days=offset) if anchor else None)
        if rel in ("the following", "the next") and unit == "morning":
            return Hit("DATE", value, anchored=True)
        return Hit("TIME", f"{value}T{PARTS_OF_DAY[unit]}", anchored=True)
    return None


def partofday(m: re.Match[str], ctx: Context) -> Hit | None:
    the = norm(m["the"])
    pre = norm(m["pre"])
    if not the and not pre:
        return None
    if the == "the" and rx(r"\s+(?:of|after|before|when|that|in)\b", re.I).match(ctx.text[m.end():m.end() + 8]):
        return None
    if the == "the" and not pre and not rx(r"\b(?:in|during|by|until|on|through|overnight)\s+$", re.I).search(ctx.text[max(0, m.start() - 10):m.start()]):
        return None
    anchor = ctx.anchor_day() if the != "this" else ctx.dct
    part = PARTS_OF_DAY[m["pod"].lower()]
    start = m.start() if not the.startswith("in ") else m.start("the") + 3
    return Hit("TIME", f"{cal.fmt_day(anchor)}T{part}", mod_of(pre), start=start, anchored=the != "this")


# clock times ---------------------------------------------------------------------------------------------


_CLOCK = re.compile(r"(?P<h>\d{1,2})(?:[:.](?P<mi>\d\d))?(?::\d\d)?\s*(?P<ap>[ap])?", re.IGNORECASE)
_CLOCK_MODS = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX", "shortly after": "AFTER",
               "just after": "AFTER", "soon after": "AFTER", "shortly before": "BEFORE",
               "just before": "BEFORE"}


def clock(m: re.Match[str], ctx: Context) -> Hit | None:
    t = m["t"].lower()
    approx = norm(m["approx"])
    if t in ("noon", "midnight") and (m["t"][0].isupper() and not _sentence_start(ctx.text, m.start("t"))
                                      or rx(r"\bhigh\s+$", re.I).search(ctx.text[max(0, m.start("t") - 6):m.start("t")])):
        return None  # "High Noon", "high noon": not a clock time
    if t in ("noon", "midday", "mid-day"):
        hh, mi = 12, 0
    elif t == "midnight":
        hh, mi = 24, 0
    else:
        c = _CLOCK.match(t)
        if not c:
            return None
        hh, mi = int(c["h"]), int(c["mi"] or 0)
        ap = c["ap"] or ("a" if m["pod"] and m["pod"].lower() == "morning" else "p" if m["pod"] else None)
        if ap is None and not c["mi"]:
            return None
        if ap is None and not m["tz"] and rx(r"[\d.,]\s*$|\b(?:score|scored|won|beat|lost|ratio|verse|chapter)\s+$").search(ctx.text[max(0, m.start() - 12):m.start()]):
            return None
        if ap:
            if hh > 12 or hh == 0:
                return None
            hh = hh % 12 + (12 if ap == "p" else 0)
    tz = (m["tz"] or "").upper()
    suffix = "Z" if tz in ("UTC", "GMT", "Z") else ""
    value_time = f"T{hh:02d}:{mi:02d}{suffix}"
    start = m.start() if approx in _CLOCK_MODS else m.start("t")
    anchor = ctx.anchor_day()
    return Hit("TIME", f"{cal.fmt_day(anchor)}{value_time}", _CLOCK_MODS.get(approx), start=start, anchored=True)


def _sentence_start(text: str, start: int) -> bool:
    return rx(r"(?:^|[.!?:]\s*|\n\s*|[\"'“‘(]\s*)$").search(text[max(0, start - 4):start]) is not None


def hhmm(m: re.Match[str], ctx: Context) -> Hit | None:
    anchor = ctx.anchor_day()
    return Hit("TIME", f"{cal.fmt_day(anchor)}T{m['hh']}:{m['mm']}Z", anchored=True)


_DAY_VERBS = re.compile(
    r"\b(?:end|ended|ending|ends|finish|finished|finishing|close|closed|closing|start|started|for|during|in|"
    r"of|throughout|through|all|over)\s+$", re.IGNORECASE)


def the_day(m: re.Match[str], ctx: Context) -> Hit | None:
    """"ended the day", "later in the day": the day last mentioned (or the DCT)."""
    if not m["pre"] and not _DAY_VERBS.search(ctx.text[max(0, m.start() - 12):m.start()]):
        return None
    if rx(r"\s+(?:before|after|of|when|that|which|in\s+question|they|he|she|it)\b", re.IGNORECASE).match(ctx.text[m.end():m.end() + 14]):
        return None
    unit = m["u"].lower()
    if unit in ("session", "year", "month", "week") and not m["pre"]:
        return None
    start = m.start() if m["pre"] else m.start("the")
    if unit in ("year", "month", "week"):  # "earlier in the year": this year, by the DCT
        value = cal.shift(ctx.dct, 0, unit) if ctx.dct else cal.unresolved(unit)
        return Hit("DATE", value or cal.unresolved(unit), mod_of(m["pre"]), start=start)
    return Hit("DATE", cal.fmt_day(ctx.anchor_day()), mod_of(m["pre"]), start=start, anchored=True)


def pod_day(m: re.Match[str], ctx: Context) -> Hit | None:
    """"mid-afternoon yesterday", "late night Friday": a part of a named day."""
    part = PARTS_OF_DAY[m["pod"].lower()]
    if m["w"]:
        offset = DEICTIC[m["w"].lower()][0]
        day = ctx.dct + timedelta(days=offset) if ctx.dct else None
    else:
        if not capitalised(m["wd"]):
            return None
        wd = WEEKDAYS[m["wd"].lower().rstrip(".")]
        t = cal.tense(ctx.text, m.start(), m.end())
        day = cal.weekday_near(ctx.dct, wd, 1 if t > 0 else -1) if ctx.dct else None
    return Hit("TIME", f"{cal.fmt_day(day)}T{part}", mod_of(m["pre"]))
