"""Word lists for English news time language: months, weekdays, numbers, units, seasons, parts of day.

Everything here is plain data plus two tiny parsers (`number`, `ordinal`); the regexes that use
these lists live in `patterns.py`.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}

WEEKDAYS: dict[str, int] = {  # ISO weekday numbers, Monday = 1
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
    "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4, "fri": 5, "sat": 6, "sun": 7,
}

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "tonight": "NI", "dawn": "MO", "daybreak": "MO", "dusk": "EV",
}

# ISO-8601 / TIMEX3 duration unit letter, and whether it sits after the "T" separator.
UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True),
    "day": ("D", False), "night": ("D", False), "week": ("W", False), "fortnight": ("W", False),
    "month": ("M", False), "quarter": ("Q", False), "year": ("Y", False),
    "decade": ("Y", False), "century": ("Y", False), "weekend": ("WE", False), "season": ("M", False),
}
# multiplier applied when the unit is expressed in a smaller standard unit
UNIT_SCALE: dict[str, int] = {"decade": 10, "century": 100, "fortnight": 2, "season": 3}

UNIT_ALIASES: dict[str, str] = {
    "seconds": "second", "secs": "second", "sec": "second", "minutes": "minute", "mins": "minute",
    "min": "minute", "hours": "hour", "hrs": "hour", "hr": "hour", "days": "day", "nights": "night",
    "weeks": "week", "fortnights": "fortnight", "months": "month", "quarters": "quarter",
    "years": "year", "yrs": "year", "yr": "year", "decades": "decade", "centuries": "century",
    "weekends": "weekend", "seasons": "season",
}

ONES: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
VAGUE_QUANTITY = {"a few", "few", "several", "many", "some", "numerous", "a number of", "countless"}

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "final": 4, "last": 4,
}

DECADE_WORDS: dict[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}

# Fixed-date holidays common in English news (month, day).
HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas": (12, 25),
    "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
    "valentine's day": (2, 14), "halloween": (10, 31), "independence day": (7, 4),
    "veterans day": (11, 11), "remembrance day": (11, 11), "armistice day": (11, 11),
    "bastille day": (7, 14), "may day": (5, 1), "st. patrick's day": (3, 17),
}


def number(word: str) -> float | None:
    """The value of a cardinal written in digits or English words; None for vague quantities."""
    w = word.lower().strip().replace(",", "")
    if not w:
        return None
    if w[0].isdigit():
        if " " in w and "/" in w:  # "5 1/2"
            whole, frac = w.split(None, 1)
            num, den = frac.split("/")
            return float(whole) + float(num) / float(den)
        try:
            return float(w)
        except ValueError:
            return None
    if w in ("a", "an", "one", "a single", "single"):
        return 1
    if w in ("a couple of", "couple of", "a couple", "a pair of"):
        return 2
    if w in ("a dozen", "dozen"):
        return 12
    if w in ("half a", "half an", "a half"):
        return 0.5
    if w in VAGUE_QUANTITY:
        return None
    total = 0
    for part in w.replace("-", " ").split():
        if part in ONES:
            total += ONES[part]
        elif part in TENS:
            total += TENS[part]
        elif part == "hundred":
            total = max(total, 1) * 100
        elif part == "and":
            continue
        else:
            return None
    return total


def ordinal(word: str) -> int | None:
    """The value of an ordinal like "third", "3rd" or "twenty-first"."""
    w = word.lower().strip()
    if w[:1].isdigit():
        digits = "".join(ch for ch in w if ch.isdigit())
        return int(digits) if digits else None
    return ORDINALS.get(w.replace(" ", "-"))


def unit_of(token: str) -> str:
    """The singular unit name for a unit word: "years" -> "year", "hrs" -> "hour"."""
    t = token.lower()
    return UNIT_ALIASES.get(t, t)

