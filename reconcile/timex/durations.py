"""Handlers for durations ("17 years", "half an hour"), sets ("every year", "annually") and document
references ("now" -> PRESENT_REF, "the past" -> PAST_REF, "soon" -> FUTURE_REF)."""

from __future__ import annotations

import re

from reconcile.timex.base import Context, Hit, approx_of, rx
from reconcile.timex.lexicon import MONTHS, PARTS_OF_DAY, SEASONS, UNIT_SCALE, UNITS, WEEKDAYS, number, unit_of


def _fmt_number(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def duration_value(n: float | None, unit: str) -> str:
    """The ISO-8601 duration of `n` units ("P17Y", "PT4H", "PXM" when n is vague)."""
    letter, is_time = UNITS[unit]
    scale = UNIT_SCALE.get(unit, 1)
    prefix = "PT" if is_time else "P"
    if n is None:
        return f"{prefix}X{letter}" if unit not in ("decade", "century") else ("PXDE" if unit == "decade" else "PXCE")
    n = n * scale
    if n != int(n):
        # express fractions in the next smaller unit: 1.5 years -> P18M, 5.5 hours -> PT5H30M
        if letter == "Y" and not is_time:
            whole, months = int(n), round((n - int(n)) * 12)
            return f"P{whole}Y{months}M" if whole else f"P{months}M"
        if letter == "H":
            whole = int(n)
            minutes = round((n - whole) * 60)
            return f"PT{whole}H{minutes}M" if whole else f"PT{minutes}M"
        if letter == "M" and is_time:
            whole = int(n)
            return f"PT{whole}M{round((n - whole) * 60)}S" if whole else f"PT{round(n * 60)}S"
        if letter == "D":
            return f"PT{_fmt_number(round(n * 24, 2))}H"
        if letter == "W":
            return f"P{_fmt_number(round(n * 7, 2))}D"
        if letter == "M":
            return f"P{_fmt_number(round(n * 30, 2))}D"
    return f"{prefix}{_fmt_number(n)}{letter}"


_RATE_BEFORE = re.compile(
    r"(?:[\d%]|\bpercent|\bper\s*cent|\btimes|\bonce|\btwice|\bmillion|\bbillion|\btrillion|\bthousand|"
    r"\bhundred|\bdollars|\bcents|\beuros|\bpounds|\bhours|\bminutes|\bdays|\bmiles|\bmeals|\bvisits|"
    r"\bshifts|\bcigarettes|\bbarrels|\btons|\btonnes|\bpeople|\bpatients|\bcases)\s*$",
    re.IGNORECASE,
)
_ORSO = {"or so": "APPROX", "or more": "EQUAL_OR_MORE", "or less": "EQUAL_OR_LESS"}


def duration(m: re.Match[str], ctx: Context) -> Hit | None:
    """ "17 years", "a decade", "the past three years", "a five-year plan"; "a year" after a rate
    ("$5 million a year") is a SET."""
    unit = unit_of(m["u"])
    n_word = rx(r"\s+").sub(" ", m["n"].lower())
    n = number(n_word)
    plural = m["u"].lower().endswith("s") or m["u"].lower() == "centuries"
    if m["old"] or rx(r"-old\b").match(ctx.text[m.end():m.end() + 5]):
        return None  # ages ("a 52-year-old engineer") describe people, not times
    if n_word in ("a", "an", "a single", "half a", "half an") and plural:
        return None
    if n_word == "some" and not plural:
        return None
    if unit == "second" and not plural and n_word in ("a", "an", "one", "the"):
        return None  # "a second term"
    if n is not None and n > 1 and not plural and "-" not in m.group() and unit != "night":
        if not rx(r"\s+[a-z]").match(ctx.text[m.end():m.end() + 2]):
            return None  # "a five year low" modifies a noun; a bare "2 year" is noise
    if n_word in ("half a", "half an", "a half"):
        n = 0.5
    if m["half"] and n is not None:
        n += 0.5
    mod = approx_of(m["approx"]) or (_ORSO.get(rx(r"\s+").sub(" ", m["orso"].lower())) if m["orso"] else None)
    start, end = m.start(), m.end()
    rel = (m["rel"] or "").lower()
    if rel.startswith("over the"):
        start = m.start("rel") + 5
    if n_word in ("a", "an") and not m["approx"] and not m["rel"]:
        before = ctx.text[max(0, start - 24):start]
        if _RATE_BEFORE.search(before) or rx(r"\bper\s*$", re.IGNORECASE).search(before):
            letter, is_time = UNITS[unit]
            return Hit("SET", f"{'PT' if is_time else 'P'}1{letter}", start=start, end=end)
    if unit == "quarter" and n is not None and not plural and n_word in ("a", "an", "one"):
        return None  # "a quarter of the vote"
    if unit == "quarter" and rx(r"\s+of\b").match(ctx.text[end:end + 4]):
        return None
    return Hit("DURATION", duration_value(n, unit), mod, start=start, end=end)


def halfunit(m: re.Match[str], ctx: Context) -> Hit | None:
    if m["u2"]:
        unit = unit_of(m["u2"])
        n = 1.5
        mod = None
    else:
        unit = unit_of(m["u"])
        base = number(m["n"]) if m["n"] else 0.0
        if m["n"] and base is None:
            return None
        n = (base or 0.0) + 0.5
        mod = approx_of(m["approx"])
    return Hit("DURATION", duration_value(n, unit), mod)


def vague(m: re.Match[str], ctx: Context) -> Hit | None:
    unit = unit_of(m["u"])
    rel = rx(r"\s+").sub(" ", m["rel"].lower())
    start = m.start()
    if rel in ("for", "over", "within", "in", "after"):
        start = m.start("q") if m["q"] else m.start("u")
        if unit in ("second", "minute", "night", "quarter") and not m["q"]:
            return None
        if rel == "in" and not m["q"] and unit in ("day", "hour"):
            return None
    elif rel in ("over the", "in the"):
        start = m.start("rel") + len(m["rel"].split()[0]) + 1
        if not m["q"] and not (rel == "over the" and unit in ("year", "decade", "century")):
            return None
    if rx(r"\s+(?:of|ago|earlier|later|before|after|old|to\s+come)\b", re.I).match(ctx.text[m.end():m.end() + 10]):
        return None
    if rel in ("recent", "the recent"):
        return Hit("DATE", "PAST_REF", start=start)  # "in recent years": an unspecified past, not a length
    return Hit("DURATION", duration_value(None, unit), start=start)


_SET_UNIT = {"day": "P1D", "week": "P1W", "weekend": "XXXX-WXX-WE", "month": "P1M", "quarter": "P1Q",
             "year": "P1Y", "decade": "P10Y", "century": "P100Y", "season": "P3M", "fortnight": "P2W",
             "hour": "PT1H", "minute": "PT1M", "second": "PT1S"}


def set_every(m: re.Match[str], ctx: Context) -> Hit | None:
    other = (m["other"] or "").lower() == "other"
    if m["u"]:
        value = _SET_UNIT[unit_of(m["u"])]
        if other and value.startswith("P"):
            value = value.replace("P1", "P2").replace("PT1", "PT2")
    elif m["wd"]:
        if not m["wd"][0].isupper():
            return None
        value = f"XXXX-WXX-{WEEKDAYS[m['wd'].lower().rstrip('.')]}"
    elif m["month"]:
        if not m["month"][0].isupper():
            return None
        value = f"XXXX-{MONTHS[m['month'].lower()]:02d}"
    elif m["s"]:
        value = f"XXXX-{SEASONS[m['s'].lower()]}"
    else:
        value = f"XXXX-XX-XXT{PARTS_OF_DAY[m['pod'].lower()]}"
    return Hit("SET", value)


def set_every_n(m: re.Match[str], ctx: Context) -> Hit | None:
    """ "every four years": a recurrence with a period of n units."""
    n = number(m["n"])
    if n is None or n < 1:
        return None
    return Hit("SET", duration_value(n, unit_of(m["u"])))


_SET_WORDS = {"annually": "P1Y", "yearly": "P1Y", "daily": "P1D", "weekly": "P1W", "monthly": "P1M",
              "quarterly": "P1Q", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "bi-weekly": "P2W",
              "bimonthly": "P2M", "bi-monthly": "P2M", "semiannually": "P6M", "semi-annually": "P6M"}


def set_word(m: re.Match[str], ctx: Context) -> Hit | None:
    before = ctx.text[max(0, m.start() - 12):m.start()]
    after = ctx.text[m.end():m.end() + 3]
    if m["w"][0].isupper() and not rx(r"(?:^|[.!?\n]\s*)$").search(before):
        return None  # "the Daily Mail"
    if rx(r"\s+[A-Z]").match(after):
        return None
    if m["w"].lower() == "quarterly" and rx(r"\s+[a-z]").match(ctx.text[m.end():m.end() + 2]):
        return None  # "its quarterly dividend": a reporting adjective, not a recurrence
    return Hit("SET", _SET_WORDS[m["w"].lower()])


def count_set(m: re.Match[str], ctx: Context) -> Hit | None:
    return Hit("SET", _SET_UNIT[unit_of(m["u"])], start=m.start("a"))


_REFS = {
    "right now": "PRESENT_REF", "just now": "PRESENT_REF", "by now": "PRESENT_REF", "now": "PRESENT_REF",
    "currently": "PRESENT_REF", "current": "PRESENT_REF", "presently": "PRESENT_REF",
    "at present": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF",
    "the time being": "PRESENT_REF", "in the past": "PAST_REF", "the past": "PAST_REF",
    "the distant past": "PAST_REF", "the recent past": "PAST_REF", "recently": "PAST_REF",
    "recent": "PAST_REF", "lately": "PAST_REF", "formerly": "PAST_REF", "previously": "PAST_REF",
    "once": "PAST_REF", "the near future": "FUTURE_REF", "the distant future": "FUTURE_REF",
    "the future": "FUTURE_REF", "future": "FUTURE_REF", "soon": "FUTURE_REF", "the long term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the near term": "FUTURE_REF", "the long run": "FUTURE_REF",
    "the short run": "FUTURE_REF", "as soon as possible": "FUTURE_REF", "a later date": "FUTURE_REF",
    "a later time": "FUTURE_REF",
}


def ref(m: re.Match[str], ctx: Context) -> Hit | None:
    word = rx(r"\s+").sub(" ", m["w"].lower())
    value = _REFS.get(word)
    if value is None:
        return None
    text, s, e = ctx.text, m.start(), m.end()
    after = text[e:e + 12]
    before = text[max(0, s - 12):s]
    if word == "current":
        if not rx(r"\s+[a-z]").match(after) or rx(r"\s+(?:of|is|was|and|flows?|through)\b").match(after):
            return None
        if rx(r"\b(?:electric|alternating|direct|strong|ocean)\s+$", re.IGNORECASE).search(before):
            return None
    if word == "soon":
        if rx(r"\bas\s+$", re.IGNORECASE).search(before) or rx(r"\s+(?:after|before|as)\b").match(after):
            return None
    if word in ("once", "previously", "recent", "the long run", "the short run", "the time being"):
        return None  # too often not a time reference at all ("a previously announced plan")
    if word == "future" and not rx(r"\bin\s+$", re.IGNORECASE).search(before):
        return None  # adjective: "future earnings"
    if word == "now" and rx(r"[-‑]").match(after):
        return None
    if word in ("future", "recent") and rx(r"\s+(?:days|weeks|months|years|decades)\b").match(after):
        return None
    start = s + 3 if word == "in the past" else s
    if word == "by now":
        start = s + 3
    return Hit("DATE", value, start=start)


def vague_relative(m: re.Match[str], ctx: Context) -> Hit | None:
    """"hours after his arrest", "minutes later": an unspecified number of units (the span is the units)."""
    unit = unit_of(m["u"])
    q = (m["q"] or "").lower()
    start = m.start("q") if q in ("a few", "several", "some") else m.start("u")
    return Hit("DURATION", duration_value(None, unit), start=start, end=m.end("u"))

