"""Numbers in news copy: digits, number words, scales, ranges, qualifiers and units."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reconcile.rules import CuesFile, LexiconFile, phrase_regex

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "a hundred": 100,
    "a thousand": 1000, "a million": 1_000_000,
}
# Vague plurals: "dozens" is at least two dozen and fewer than a hundred.
_VAGUE = {"dozens": (24, 99), "scores": (40, 199), "hundreds": (200, 999), "thousands": (2000, 9999),
          "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
          "millions": (2_000_000, 999_999_999)}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6, "billion": 1e9,
           "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7}
_CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "rs": "INR",
                     # An ISO code before the figure, as wire and trade copy writes it: "EUR12m", "USD 12 million".
                     **{code.lower(): code for code in ("USD", "EUR", "GBP", "CHF", "JPY", "CNY", "INR", "AUD", "CAD")}}

_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# "forty-two" before "forty": compound tens first, then single words, longest first.
_WORD = (rf"(?:{'|'.join(_TENS)})[-\s](?:{'|'.join(_UNITS)})\b|"
         + "|".join(sorted((re.escape(word) for word in _WORD_NUMBERS), key=len, reverse=True)))
_VAGUE_WORDS = "|".join(sorted((re.escape(word) for word in _VAGUE), key=len, reverse=True))
_COMPOUND_GUARD = rf"(?!(?:{'|'.join(_TENS)})[-\s](?:{'|'.join(_UNITS)})\b)"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|lakhs?|crores?|mn|mln|bn|tn|k|m|b)\b"
_CURRENCY = r"(?:US\$|\$|€|£|¥|₹|Rs\.?|(?-i:USD|EUR|GBP|CHF|JPY|CNY|INR|AUD|CAD)(?=\s?\d))"
_FIRST_LETTERS = "".join(sorted({word[0] for word in [*_WORD_NUMBERS, *_VAGUE, *_TENS, "us", "rs"]}))
QUANTITY = re.compile(
    # Most positions cannot start a quantity; this look-ahead rejects them before the full pattern
    # runs, and a word must start there ("years 2" holds no rupees).
    rf"(?=\s?(?:[\d$€£¥₹]|\b(?=[{_FIRST_LETTERS}])(?:US\$|Rs|{_WORD}|{_VAGUE_WORDS})|(?-i:[A-Z]{{3}})\s?\d))"
    rf"(?P<currency>{_CURRENCY})?\s?"
    rf"(?:(?P<low>{_NUMBER}|{_COMPOUND_GUARD}(?:{_WORD}))\s*(?:-|–|to|and)\s*(?={_CURRENCY}?\s?(?:{_NUMBER}|{_WORD})))?"
    rf"(?P<currency2>{_CURRENCY})?\s?(?P<number>{_NUMBER}|\b(?:{_WORD})\b|\b(?:{_VAGUE_WORDS})\b)"
    rf"(?:[\s-]?(?P<scale>{_SCALE}))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    low: float | None
    high: float | None
    unit: str
    qualifier: str | None
    start: int
    end: int


def _scaled(number: float, scale: float) -> float:
    """number x scale without binary noise: 4.1 million is 4,100,000, not 4,099,999.9999999995."""
    return round(number * scale, 6)


def _value(text: str) -> float:
    return number_value(text)


def number_value(text: str) -> float:
    """The value of a number as written: "1,200", "3.5", "twelve", "forty-two", "a dozen"."""
    lower = " ".join(text.lower().replace("-", " ").split())
    if lower in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[lower])
    parts = lower.split()
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
        return float(_WORD_NUMBERS[parts[0]] + _WORD_NUMBERS[parts[1]])
    return float(lower.replace(",", ""))


def find_quantities(text: str, start: int, end: int, qualifiers: CuesFile, units: LexiconFile) -> list[Quantity]:
    """Quantities in text[start:end], each with bounds, unit and qualifier."""
    qualifier_patterns = _qualifier_patterns(qualifiers)
    unit_pattern = _unit_pattern(units)
    found: list[Quantity] = []
    for match in QUANTITY.finditer(text, start, end):
        number = match.group("number")
        begin = next(match.start(group) for group in ("currency", "low", "currency2", "number") if match.group(group))
        before = text[max(start, begin - 1):begin]
        if before and (before.isalnum() or before in ".,"):
            continue  # part of a longer token
        if before == "-" and text[max(start, begin - 2):begin - 1].isalpha():
            continue  # a model or code: "AV-320", "F-16"
        after_char = text[match.end():match.end() + 1]
        if after_char.isalnum() and not match.group("scale"):
            continue
        scale = _SCALES.get((match.group("scale") or "").lower(), 1.0)
        currency = match.group("currency") or match.group("currency2")
        if match.group("scale") and match.group("scale").lower() in ("m", "b", "k") and not currency:
            # "5 m" is more likely metres than millions without a currency.
            continue
        if number.lower() in _VAGUE:
            low, high = (float(bound) for bound in _VAGUE[number.lower()])
            qualifier = "vague"
        else:
            value = _scaled(_value(number), scale)
            low = _scaled(_value(match.group("low")), scale) if match.group("low") else value
            high = value
            qualifier = "range" if match.group("low") else None
        if _looks_like_year(number, match, text):
            continue
        finish = match.end()
        unit = ""
        if currency:
            unit = _CURRENCY_SYMBOLS.get(currency.lower().rstrip("."), currency)
        else:
            unit_match = unit_pattern.match(text, finish) if unit_pattern else None
            if unit_match:
                unit = str(units.terms[_canonical_unit(unit_match.group(1), units)]) \
                    if isinstance(units.terms, dict) else unit_match.group(1).lower()
                finish = unit_match.end()
        preceding = text[max(start, begin - 40):begin].lower()
        if currency:  # "over $2.6 million": the qualifier sits before the symbol
            preceding = text[max(start, match.start() - 40):match.start("currency") if match.group("currency")
                             else match.start("currency2")].lower()
        # The longest cue wins: "just under 32" is nearly 32, not under it.
        cues = [(found_cue.start(), label) for label, pattern in qualifier_patterns
                if (found_cue := pattern.search(preceding))]
        if cues:
            qualifier = min(cues)[1]
            low, high = _bounds(qualifier, low, high, discrete=unit in ("", "people"))
        found.append(Quantity(low, high, unit, qualifier, begin, finish))
    return found


def _looks_like_year(number: str, match: re.Match, text: str) -> bool:
    return (bool(re.fullmatch(r"1[5-9]\d\d|20\d\d", number))
            and not (match.group("currency") or match.group("currency2"))
            and not match.group("scale") and not match.group("low"))


def _bounds(label: str, low: float | None, high: float | None, discrete: bool) -> tuple[float | None, float | None]:
    """Bounds of a qualified figure. A `discrete` one counts things: "more than 50" people is 51 or
    more, but "more than 50%" is any share above 50 and "more than $2.6 million" a rounded sum."""
    if label == "at_least":
        return low, None
    if label == "more_than":
        return (low or 0) + (1 if discrete and low is not None and _small_whole(low) else 0), None
    if label == "up_to":
        return None, high
    if label == "fewer_than":
        return None, (high or 0) - (1 if discrete and high is not None and _small_whole(high) else 0)
    if label == "nearly":
        return (high or 0) * 0.85, high
    return low, high  # about: compared with the approximate tolerance


def _small_whole(figure: float) -> bool:
    return float(figure).is_integer() and figure < 1000


def stated_figure(low: float | None, high: float | None, qualifier: str | None, discrete: bool = True) -> float | None:
    """The one number a source wrote, undoing `_bounds`: "more than 50" states 50, "nearly 40"
    states 40. None for ranges and vague words ("10 to 15", "dozens"), which state no one figure."""
    if qualifier in ("vague", "range", "plural"):
        return None
    if qualifier == "more_than" and low is not None:
        return low - 1 if discrete and _small_whole(low) and low >= 1 else low
    if qualifier == "fewer_than" and high is not None:
        return high + 1 if discrete and _small_whole(high) and high < 999 else high
    if qualifier in ("at_least", "more_than"):
        return low
    if qualifier in ("up_to", "fewer_than", "nearly"):
        return high
    return low if low == high else None


# Compiled patterns per rule object. Keyed by id() but holding the object itself, so an id
# reused after garbage collection can never return another file's patterns.
_CACHE: dict[tuple[str, int], tuple[object, object]] = {}


def _cached(kind: str, rule: object, build):
    key = (kind, id(rule))
    hit = _CACHE.get(key)
    if hit is None or hit[0] is not rule:
        if len(_CACHE) > 64:
            _CACHE.clear()
        hit = _CACHE[key] = (rule, build())
    return hit[1]


def _qualifier_patterns(qualifiers: CuesFile) -> list[tuple[str, re.Pattern]]:
    return _cached("qualifiers", qualifiers, lambda: [
        (label, re.compile("(?:" + "|".join(phrase_regex(p) for p in cue.phrases) + r")\s*$", re.IGNORECASE))
        for label, cue in qualifiers.labels.items()])


def _unit_pattern(units: LexiconFile) -> re.Pattern | None:
    def build() -> re.Pattern | None:
        words = sorted(units.terms, key=len, reverse=True)
        return re.compile(r"\s*(?:-\s*)?(" + "|".join(re.escape(word) for word in words) + r")(?![\w])",
                          re.IGNORECASE) if words else None

    return _cached("units", units, build)  # sorted once per rule set, not once per sentence


def _canonical_unit(found: str, units: LexiconFile) -> str:
    for term in units.terms:
        if term.lower() == found.lower():
            return term
    return found
