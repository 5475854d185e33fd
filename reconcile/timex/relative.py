"""Handlers for expressions resolved against the DCT or the previous date: seasons, quarters, "ago",
"last week", "yesterday" and weekdays."""

from __future__ import annotations

import re
from datetime import date, timedelta

from reconcile.timex import calendar as cal
from reconcile.timex.base import Context, Hit, approx_of, capitalised, mod_of, rx
from reconcile.timex.durations import duration_value
from reconcile.timex.lexicon import PARTS_OF_DAY, SEASONS, WEEKDAYS, number, ordinal, unit_of


def norm(word: str | None) -> str:
    return rx(r"\s+").sub(" ", word.lower()) if word else ""


# seasons, quarters, halves ------------------------------------------------------------------------


def season(m: re.Match[str], ctx: Context) -> Hit | None:
    rel = norm(m["rel"])
    code = SEASONS[m["s"].lower()]
    after = ctx.text[m.end():m.end() + 12].lower()
    if not m["y"]:
        if rel in ("", "in", "during", "since", "until", "by", "of"):
            return None
        if rel == "the" and (m["s"].lower() == "fall" or rx(r"\s+(?:of|in|for|to)\b").match(after)):
            if not ctx.text[max(0, m.start() - 4):m.start()].lower().endswith("in "):
                return None
    mod = mod_of(m["mod"]) or (mod_of(rel) if rel in ("early", "late", "mid") else None)
    start = m.start("rel") if rel and rel not in ("in", "during", "since", "until", "by", "of") else m.start(
        "mod") if m["mod"] else m.start("s")
    year_token = norm(m["y"])
    if year_token and year_token[0].isdigit():
        return Hit("DATE", f"{year_token}-{code}", mod, start=start)
    if ctx.dct is None:
        return Hit("DATE", f"XXXX-{code}", mod, start=start)
    year = ctx.dct.year
    if year_token.startswith("last"):
        year -= 1
    elif year_token.startswith("next"):
        year += 1
    elif rel in ("this past", "the past"):
        season_end = {"SP": 6, "SU": 9, "FA": 12, "WI": 15}[code]
        if season_end > ctx.dct.month:
            year -= 1  # the most recent one that is over
    elif rel == "last":
        year -= 1
    elif rel in ("next", "this coming", "the coming"):
        season_start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
        if season_start <= ctx.dct.month:
            year += 1
    return Hit("DATE", f"{year:04d}-{code}", mod, start=start)


def _year_phrase(token: str, ctx: Context) -> int | None | str:
    t = norm(token)
    if not t:
        return None
    if t[0].isdigit():
        return int(t)
    if t.startswith("'") or t.startswith("’"):
        return 2000 + int(t[1:]) if int(t[1:]) <= (ctx.dct.year % 100 + 5 if ctx.dct else 30) else 1900 + int(t[1:])
    if ctx.dct is None:
        return "XXXX"
    if t.startswith("last") or t.startswith("year-"):
        return ctx.dct.year - 1
    if t.startswith("next"):
        return ctx.dct.year + 1
    return ctx.dct.year


def quarter(m: re.Match[str], ctx: Context) -> Hit | None:
    n = ordinal(m["o"])
    unit = m["u"].lower()
    if n is None or (unit == "half" and n > 2 and m["o"].lower() not in ("final", "last")):
        return None
    if unit == "half" and m["o"].lower() in ("final", "last"):
        n = 2
    tail = ctx.text[m.end():m.end() + 10].lower()
    if not m["y"] and rx(r"\s+of\s+the\b").match(tail):
        return None
    code = "Q" if unit == "quarter" else "H"
    year = _year_phrase(m["y"] or m["yr"] or "", ctx)
    if year is None and _in_a_game(ctx.text, m.start(), m.end()):
        return None  # "scored twice in the second half": a period of play, not of the calendar
    if year is None:
        if ctx.dct is None:
            return Hit("DATE", f"XXXX-{code}{n}")
        year = ctx.dct.year
        current = cal.quarter_of(ctx.dct) if code == "Q" else (1 if ctx.dct.month <= 6 else 2)
        ahead = n - current if code == "Q" else 2 * (n - current)
        t = cal.tense(ctx.text, m.start(), m.end())
        if ahead >= 3 or (ahead == 2 and t < 0):
            year -= 1  # "the fourth quarter" in January is last year's
        elif ahead <= -3 and t > 0:
            year += 1
    start = m.start() if (m["det"] or "").lower() in ("the", "its", "this") or m["yr"] else m.start("o")
    if m["yr"] and not m["det"]:
        start = m.start("yr")
    return Hit("DATE", f"{year}-{code}{n}", start=start)


_GAME = re.compile(
    r"\b(?:scor(?:ed|es|ing)|touchdowns?|innings?|halftime|half-time|overtime|"
    r"field goals?|rebounds?|assists?|yards?|penalt(?:y|ies)|whistle|kick-?off|trailed|quarterback|"
    r"basket|three-pointer|free throws?|possession)\b",
    re.IGNORECASE,
)


def _in_a_game(text: str, start: int, end: int) -> bool:
    before, after = cal.sentence_around(text, start, end)
    return _GAME.search(before) is not None or _GAME.search(after) is not None


def qcode(m: re.Match[str], ctx: Context) -> Hit | None:
    if not m["u"].isupper():
        return None
    code, n = m["u"], int(m["o"])
    if code == "H" and n > 2:
        return None
    year = _year_phrase(m["y"] or "", ctx)
    if year is None:
        year = ctx.dct.year if ctx.dct else "XXXX"
    return Hit("DATE", f"{year}-{code}{n}")


def relquarter(m: re.Match[str], ctx: Context) -> Hit | None:
    rel = norm(m["rel"])
    if m["u"].lower() == "half" and rel in ("the", "the same", "the latest", "the past"):
        return None
    if rx(r"\s+(?:of|century|hour|mile|point|percent|inch)\b", re.I).match(ctx.text[m.end():m.end() + 12]):
        return None
    if ctx.dct is None:
        return Hit("DATE", "XXXX-QX" if m["u"].lower() == "quarter" else "XXXX-HX")
    if m["u"].lower() == "half":
        half = 1 if ctx.dct.month <= 6 else 2
        index = ctx.dct.year * 2 + half - 1 + {"last": -1, "next": 1, "the previous": -1, "the last": -1}.get(rel, 0)
        return Hit("DATE", f"{index // 2}-H{index % 2 + 1}")
    if rel in ("the", "the latest", "the same") and ctx.last_quarter:
        return Hit("DATE", ctx.last_quarter, anchored=True)
    offset = {"the current": 0, "this": 0, "next": 1, "last": -1, "the previous": -1, "the past": -1,
              "the last": -1, "the latest": -1, "the": -1, "the same": -1, "the year-ago": -5,
              "the year-earlier": -5}[rel]
    return Hit("DATE", cal.shift(ctx.dct, offset, "quarter") or "XXXX-QX")


def _one_unit(unit: str) -> str:
    return {"week": "P1W", "month": "P1M", "year": "P1Y", "decade": "P10Y", "century": "P100Y",
            "quarter": "P1Q", "day": "P1D", "weekend": "P1WE", "fortnight": "P2W"}.get(unit, "P1Y")


# "N units ago", "last week", "yesterday" --------------------------------------------------------------


_DCT_DIRECTIONS = {"ago": -1, "back": -1, "from now": 1, "hence": 1}
_SHORT_UNITS = {"second", "minute", "hour", "day", "night", "week", "fortnight"}
_ANCHOR_DIRECTIONS = {"earlier": -1, "before": -1, "previously": -1, "prior": -1, "later": 1, "after": 1}


def _unit_shift(anchor: date | None, n: float, unit: str) -> str | None:
    if anchor is None:
        return cal.unresolved(unit if unit in ("day", "week", "month", "year") else "year")
    if unit in ("hour", "minute", "second"):
        return cal.fmt_day(anchor)
    whole = int(n)
    if whole != n:
        if unit == "year":
            return cal.shift(anchor, round(n * 12), "month")
        if unit == "month":
            return cal.shift(anchor, round(n * 30), "day")
        if unit == "week":
            return cal.shift(anchor, round(n * 7), "day")
        return cal.shift(anchor, round(n), unit if unit != "day" else "day")
    if unit == "week":
        return cal.shift(anchor, 7 * whole, "day")  # "two weeks ago" names a day, as annotators read it
    if unit == "decade":
        return cal.shift(anchor, 10 * whole, "year")
    if unit == "century":
        return cal.shift(anchor, 100 * whole, "year")
    return cal.shift(anchor, whole, unit)


def ago(m: re.Match[str], ctx: Context) -> Hit | None:
    direction_word = norm(m["dir"])
    unit = unit_of(m["u"])
    if unit in ("season", "weekend"):
        return None
    n = number(m["n"])
    mod = approx_of(m["approx"])
    if direction_word in ("before", "after") and not rx(r"\s*[,.;:)]").match(ctx.text[m.end():m.end() + 2]):
        return None
    anchored = direction_word in _ANCHOR_DIRECTIONS
    sign = _DCT_DIRECTIONS.get(direction_word) or _ANCHOR_DIRECTIONS[direction_word]
    if m.group("n").lower() in ("half a", "half an", "a half"):
        n = 0.5
    if n is not None and rx(r"\band\s+a\s+half\b", re.IGNORECASE).search(m.group()):
        n += 0.5
    if anchored and unit in _SHORT_UNITS:
        # "three days later": TimeML marks the stretch of time; "later" only signals the relation
        return Hit("DURATION", duration_value(n, unit), mod, end=m.end("u"))
    if n is None:
        return Hit("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod)
    if n == 1 and unit == "year" and sign < 0 and ctx.year_before_quarter():
        return Hit("DATE", ctx.year_before_quarter() or "", mod, anchored=True)
    anchor = ctx.anchor_day() if anchored else ctx.dct
    value = _unit_shift(anchor, sign * n, unit)
    if value is None:
        return None
    return Hit("DATE", value, mod, anchored=anchored or (n == 1 and unit == "year"))


_REL_OFFSET = {
    "last": -1, "the past": -1, "the last": -1, "past": -1, "previous": -1, "the prior": -1,
    "this past": -1, "this": 0, "the current": 0, "the present": 0, "next": 1, "the coming": 1,
    "coming": 1, "this coming": 1,
}
_REL_ANCHORED = {"the previous": -1, "the preceding": -1, "the following": 1, "the next": 1, "the same": 0,
                 "that": 0, "same": 0}


def relunit(m: re.Match[str], ctx: Context) -> Hit | None:
    rel = norm(m["rel"])
    unit = unit_of(m["u"])
    pre = norm(m["pre"])
    mod = mod_of(pre) if pre not in ("by", "the rest of") else None
    direction = norm(m["dir"])
    start = m.start() if pre not in ("by",) else m.start("rel")
    end = m.end()
    if rel in ("a", "one"):
        if not direction:
            return None
        sign = _DCT_DIRECTIONS.get(direction) or _ANCHOR_DIRECTIONS.get(direction, 0)
        if direction in ("before", "after") and not rx(r"\s*[,.;:)]").match(ctx.text[end:end + 2]):
            return None
        anchored = direction in _ANCHOR_DIRECTIONS
        if anchored and unit in _SHORT_UNITS:
            return Hit("DURATION", duration_value(1, unit), mod, start=start, end=m.end("u"))
        if unit == "year" and sign < 0 and ctx.year_before_quarter():
            return Hit("DATE", ctx.year_before_quarter() or "", mod, start=start, anchored=True)
        anchored = anchored or unit == "year"
        anchor = ctx.anchor_day() if direction in _ANCHOR_DIRECTIONS else ctx.dct
        value = _unit_shift(anchor, sign, unit) if unit not in ("season", "hour", "minute") else None
        if value is None:
            return None
        return Hit("DATE", value, mod, start=start, anchored=anchored)
    if direction:
        end = m.start("dir")
        end = len(ctx.text[:end].rstrip())
    if unit in ("hour", "minute"):
        if rel in ("the past", "the last", "the next", "the coming", "the previous", "past", "last", "next"):
            letter = "H" if unit == "hour" else "M"
            return Hit("DURATION", f"PT1{letter}", start=start, end=end)
        return None
    if unit in ("season",):
        return None
    if rel in _REL_ANCHORED:
        if unit == "day" and rel in ("that", "same") and not ctx.last_day:
            pass
        offset = _REL_ANCHORED[rel]
        if rel in ("the next", "the following") and unit in ("week", "month", "year", "decade", "quarter"):
            # "over the next year" is a stretch of time ahead of the DCT
            if rx(r"\b(?:over|during|in|within|for)\s+$", re.I).search(ctx.text[max(0, m.start() - 8):m.start()]):
                return Hit("DURATION", _one_unit(unit), start=start, end=end)
        anchor = ctx.anchor_day()
        if anchor is None:
            return Hit("DATE", cal.unresolved(unit), mod, start=start, end=end)
        if unit == "year" and ctx.last_year and not ctx.last_day:
            anchor = date(ctx.last_year, 7, 1)
        value = cal.shift(anchor, offset, unit)
        if value is None:
            return None
        return Hit("DATE", value, mod, start=start, end=end, anchored=True)
    offset = _REL_OFFSET.get(rel)
    if offset is None:
        return None
    if rel in ("the past", "the last") and unit in ("decade", "century"):
        # "over the past decade" is a stretch of time; "the past year" on its own a calendar year
        if rx(r"\b(?:over|during|for|throughout)\s+$", re.I).search(ctx.text[max(0, m.start() - 12):m.start()]):
            return Hit("DURATION", _one_unit(unit), start=start, end=end)
    if ctx.dct is None:
        return Hit("DATE", cal.unresolved(unit), mod, start=start, end=end)
    if rel == "last" and unit == "year" and not mod:
        # "up from $3 million last year" in a quarterly report compares the same quarter
        if rx(r"\b(?:from|with|than|versus|vs\.?|over)\s+[^.;]{0,40}$").search(ctx.text[max(0, m.start() - 45):m.start()]):
            if ctx.year_before_quarter():
                return Hit("DATE", ctx.year_before_quarter() or "", start=start, end=end, anchored=True)
            return Hit("DATE", str(ctx.dct.year - 1), start=start, end=end, anchored=True)
    value = cal.shift(ctx.dct, offset, unit)
    if value is None:
        return None
    return Hit("DATE", value, mod, start=start, end=end)


DEICTIC = {"today": (0, None), "tonight": (0, "NI"), "yesterday": (-1, None), "tomorrow": (1, None),
            "the day before yesterday": (-2, None), "the day after tomorrow": (2, None),
            "last night": (-1, "NI"), "this morning": (0, "MO"), "this afternoon": (0, "AF"),
            "this evening": (0, "EV"), "overnight": (0, "NI")}


def deictic(m: re.Match[str], ctx: Context) -> Hit | None:
    word = norm(m["w"])
    offset, part = DEICTIC[word]
    if m["pod"]:
        part = PARTS_OF_DAY[m["pod"].lower()]
    mod = mod_of(m["pre"])
    if word == "overnight" and not m["pre"]:
        # "overnight" is also an adjective ("an overnight stay"); keep it only as an adverb
        if rx(r"\s+[a-z]").match(ctx.text[m.end():m.end() + 3]):
            return None
    day = ctx.dct + timedelta(days=offset) if ctx.dct else None
    value = cal.fmt_day(day)
    if part:
        return Hit("TIME", f"{value}T{part}", mod)
    return Hit("DATE", value, mod)


def weekday(m: re.Match[str], ctx: Context) -> Hit | None:
    token = m["wd"]
    if not capitalised(token):
        return None
    if token.endswith(".") and not rx(r"\s*,?\s*(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))", re.IGNORECASE).match(ctx.text[m.end("wd"):m.end("wd") + 7]):
        return None  # "the Sun." or "sat." ending a sentence; abbreviations only head a date
    wd = WEEKDAYS[token.lower().rstrip(".")]
    rel = norm(m["rel"])
    part = PARTS_OF_DAY[m["pod"].lower()] if m["pod"] else None
    start = m.start("wd") if rel in ("on", "") else m.start()
    plural = bool(m["pl"])
    if rel in ("every", "each") or plural:
        if plural and not rel and rx(r"\s*(?:[A-Z]|')").match(ctx.text[m.end():m.end() + 2]):
            return None
        value = f"XXXX-WXX-{wd}" + (f"T{part}" if part else "")
        return Hit("SET", value, start=start)
    mod = mod_of(rel) if rel in ("early", "late") else None
    if ctx.dct is None:
        value = cal.DAY_UNRESOLVED
    else:
        if rel in ("last", "this past", "the previous"):
            d = cal.weekday_near(ctx.dct, wd, -1, strict=True)
        elif rel in ("next", "the following"):
            d = cal.weekday_near(ctx.dct, wd, +1, strict=True)
        elif rel in ("this", "this coming"):
            d = cal.weekday_near(ctx.dct, wd, +1)
        else:
            t = cal.tense(ctx.text, m.start(), m.end())
            if rx(r"\b(?:by|until|till)\s+$", re.I).search(ctx.text[max(0, m.start() - 8):m.start()]):
                t = 1  # a deadline: "by Friday", "until Monday"
            d = cal.weekday_near(ctx.dct, wd, 1 if t > 0 else -1)
        value = d.isoformat()
    if part:
        return Hit("TIME", f"{value}T{part}", mod, start=start)
    return Hit("DATE", value, mod, start=start)
